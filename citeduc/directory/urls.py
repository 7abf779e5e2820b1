from django.urls import path

from citeduc.directory import views

app_name = "directory"

urlpatterns = [
    path("annuaire/", views.directory_search, name="search"),
    path("annuaire/guides/<str:code>.pdf", views.qpv_guide, name="qpv_guide"),
    path("annuaire/services/<int:pk>/", views.service_detail, name="service_detail"),
    path("annuaire/services/<int:pk>/modifier/", views.service_edit, name="service_edit"),
    path("annuaire/services/<int:pk>/statut/", views.service_set_status, name="service_set_status"),
    path(
        "annuaire/structures/<int:pk>/modifier/", views.organisation_edit, name="organisation_edit"
    ),
    path(
        "annuaire/structures/<int:pk>/fusionner/",
        views.organisation_merge,
        name="organisation_merge",
    ),
    path("cites/<slug:slug>/annuaire/gestion/", views.manage, name="manage"),
    path("cites/<slug:slug>/annuaire/matrice/", views.coverage, name="coverage"),
    path("cites/<slug:slug>/dispositifs/", views.scheme_list, name="scheme_list"),
]
