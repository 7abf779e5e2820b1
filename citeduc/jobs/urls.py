from django.urls import path

from citeduc.jobs import views

app_name = "jobs"

C = "cites/<slug:slug>/imports/"
J = "travaux/<int:pk>/"
N = "national/imports/"

urlpatterns = [
    path(C, views.import_home, name="import_home"),
    path(C + "historique/", views.history, name="history"),
    path(C + "<slug:kind>/", views.upload, name="upload"),
    path(C + "<slug:kind>/modele.xlsx", views.template, name="template"),
    path(N, views.national_home, name="national_home"),
    path(N + "<slug:kind>/", views.national_upload, name="national_upload"),
    path(N + "<slug:kind>/modele.xlsx", views.national_template, name="national_template"),
    path(J, views.job_page, name="job"),
    path(J + "etat.json", views.job_state, name="state"),
    path(J + "confirmer/", views.confirm, name="confirm"),
    path(J + "fichier/", views.job_file, name="file"),
    path(J + "annuler/", views.undo_job, name="undo"),
]
