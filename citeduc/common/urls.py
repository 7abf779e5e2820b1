from django.urls import path

from citeduc.common import views

urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("gestion-des-cookies/", views.cookies, name="cookies"),
    path("sante/", views.health, name="health"),
]
