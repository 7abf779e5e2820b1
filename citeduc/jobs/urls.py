from django.urls import path

from citeduc.jobs import output_views, views

app_name = "jobs"

C = "cites/<slug:slug>/imports/"
J = "travaux/<int:pk>/"
N = "national/imports/"
REVIEW = "cites/<slug:slug>/revues/<int:year>/"

urlpatterns = [
    path(C, views.import_home, name="import_home"),
    path(C + "historique/", views.history, name="history"),
    path(C + "<slug:kind>/", views.upload, name="upload"),
    path(C + "<slug:kind>/modele.xlsx", views.template, name="template"),
    path(N, views.national_home, name="national_home"),
    path(N + "<slug:kind>/", views.national_upload, name="national_upload"),
    path(N + "<slug:kind>/modele.xlsx", views.national_template, name="national_template"),
    path(REVIEW + "revue.pdf", output_views.review_pdf, name="review_pdf"),
    path(REVIEW + "revue.docx", output_views.review_docx, name="review_docx"),
    path(
        "cites/<slug:slug>/controle/<int:year>/pieces.zip",
        output_views.control_zip,
        name="control_zip",
    ),
    path(J, views.job_page, name="job"),
    path(J + "etat.json", views.job_state, name="state"),
    path(J + "confirmer/", views.confirm, name="confirm"),
    path(J + "fichier/", views.job_file, name="file"),
    path(J + "annuler/", views.undo_job, name="undo"),
]
