from django.urls import path

from citeduc.deliberations import views

app_name = "deliberations"

D = "deliberations/"

urlpatterns = [
    path("cites/<slug:slug>/conseils/nouveau/", views.council_create, name="council_create"),
    path(D + "conseils/<int:pk>/", views.council_detail, name="council_detail"),
    path(D + "conseils/<int:pk>/modifier/", views.council_edit, name="council_edit"),
    path(
        D + "conseils/<int:council_pk>/seances/nouvelle/",
        views.sitting_edit,
        name="sitting_create",
    ),
    path(D + "seances/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path(D + "seances/<int:pk>/modifier/", views.sitting_edit, name="sitting_edit"),
    path(D + "seances/<int:pk>/presences/", views.sitting_attendance, name="sitting_attendance"),
    path(D + "seances/<int:pk>/procurations/nouvelle/", views.proxy_create, name="proxy_create"),
    path(D + "procurations/<int:pk>/pouvoir/", views.proxy_document, name="proxy_document"),
    path(D + "procurations/<int:pk>/retirer/", views.proxy_delete, name="proxy_delete"),
    path(
        D + "seances/<int:sitting_pk>/deliberations/nouvelle/",
        views.deliberation_edit,
        name="deliberation_create",
    ),
    path(D + "<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
    path(D + "<int:pk>/modifier/", views.deliberation_edit, name="deliberation_edit"),
]
