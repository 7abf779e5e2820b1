from django.urls import path

from citeduc.funding import views

app_name = "funding"

P = "cites/<slug:slug>/financements/"

urlpatterns = [
    path(P + "<int:year>/", views.dashboard, name="dashboard"),
    path(P + "<int:year>/programmation/", views.programmation_table, name="programmation"),
    path(P + "<int:year>/programmation.xlsx", views.programmation_xlsx, name="programmation_xlsx"),
    path(P + "demandes/<int:pk>/", views.request_detail, name="request_detail"),
    path(P + "<int:year>/fonds/", views.fund_ledger, name="fund_ledger"),
    path(
        P + "<int:year>/fonds.pdf",
        views.fund_statement_file,
        {"fmt": "pdf"},
        name="fund_statement_pdf",
    ),
    path(
        P + "<int:year>/fonds.xlsx",
        views.fund_statement_file,
        {"fmt": "xlsx"},
        name="fund_statement_xlsx",
    ),
]
