from django.urls import path

from citeduc.territory import views

app_name = "territory"

urlpatterns = [
    path("cites/<slug:slug>/", views.cite_detail, name="cite_detail"),
    path("cites/<slug:slug>/espace/", views.cite_space, name="cite_space"),
    path(
        "cites/<slug:slug>/etablissements/rapprochement/",
        views.match_establishments,
        name="match_establishments",
    ),
]
