from django.urls import path

from citeduc.directory import structure_views, views

app_name = "directory"

urlpatterns = [
    path("annuaire/", views.directory_search, name="search"),
    path("annuaire/carte.json", views.directory_map_points, name="map_points"),
    path("annuaire/guides/<str:code>.pdf", views.qpv_guide, name="qpv_guide"),
    path("annuaire/services/<int:pk>/", views.service_detail, name="service_detail"),
    path("annuaire/services/<int:pk>/modifier/", views.service_edit, name="service_edit"),
    path("annuaire/services/<int:pk>/statut/", views.service_set_status, name="service_set_status"),
    path("annuaire/services/<int:pk>/publier/", views.service_publish, name="service_publish"),
    path("annuaire/services/<int:pk>/a-jour/", views.service_confirm, name="service_confirm"),
    path(
        "annuaire/structures/<int:pk>/nouveau-service/",
        views.service_create,
        name="service_create",
    ),
    path("annuaire/structures/<int:pk>/membres/", structure_views.members, name="members"),
    path(
        "annuaire/structures/<int:pk>/membres/<int:user_pk>/retirer/",
        structure_views.member_remove,
        name="member_remove",
    ),
    path(
        "annuaire/structures/<int:pk>/membres/<int:user_pk>/administrateur/",
        structure_views.member_admin,
        name="member_admin",
    ),
    path("mes-structures/", structure_views.my_structures, name="my_structures"),
    path("mes-structures/rattacher/", structure_views.claim_search, name="claim_search"),
    path("mes-structures/declarer/", structure_views.declare, name="declare"),
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
    path("cites/<slug:slug>/annuaire/demandes/", structure_views.claim_list, name="claim_list"),
    path(
        "cites/<slug:slug>/annuaire/demandes/<int:pk>/",
        structure_views.claim_decide,
        name="claim_decide",
    ),
    path("cites/<slug:slug>/dispositifs/", views.scheme_list, name="scheme_list"),
]
