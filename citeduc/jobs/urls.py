from django.urls import path

from citeduc.jobs import views

app_name = "jobs"

C = "cites/<slug:slug>/imports/"
J = "travaux/<int:pk>/"

urlpatterns = [
    path(C, views.import_home, name="import_home"),
    path(C + "historique/", views.history, name="history"),
    path(C + "<slug:kind>/", views.upload, name="upload"),
    path(C + "<slug:kind>/modele.xlsx", views.template, name="template"),
    path(J, views.job_page, name="job"),
    path(J + "etat.json", views.job_state, name="state"),
    path(J + "confirmer/", views.confirm, name="confirm"),
    path(J + "fichier/", views.job_file, name="file"),
]
