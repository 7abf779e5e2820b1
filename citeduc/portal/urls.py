from django.urls import path

from citeduc.portal import views

app_name = "portal"

urlpatterns = [
    path("mon-espace/", views.home, name="home"),
]
