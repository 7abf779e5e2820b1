from django.urls import path

from citeduc.funding import application_views as applying
from citeduc.funding import instruction_views as instruction
from citeduc.funding import open_data_views as open_data
from citeduc.funding import views
from citeduc.funding import workflow_views as wf

app_name = "funding"

P = "cites/<slug:slug>/financements/"
C = "cites/<slug:slug>/appels/"
R = P + "demandes/<int:pk>/"

urlpatterns = [
    path(P + "<int:year>/", views.dashboard, name="dashboard"),
    path(P + "<int:year>/programmation/", views.programmation_table, name="programmation"),
    path(P + "<int:year>/programmation.xlsx", views.programmation_xlsx, name="programmation_xlsx"),
    path(P + "<int:year>/decisions/", instruction.decisions, name="decisions"),
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
    path(P + "<int:year>/donnees-ouvertes/", open_data.open_data, name="open_data"),
    path(
        P + "<int:year>/donnees-ouvertes/subventions-<str:code>.csv",
        open_data.subsidies_csv,
        name="subsidies_csv",
    ),
    path(
        P + "<int:year>/donnees-ouvertes/<str:code>/siret/",
        open_data.funder_siret,
        name="funder_siret",
    ),
    # Calls for projects (public) and applying to one.
    path(C, applying.call_list, name="call_list"),
    path(C + "nouveau/", applying.call_edit, name="call_create"),
    path(C + "<int:pk>/", applying.call_detail, name="call_detail"),
    path(C + "<int:pk>/modifier/", applying.call_edit, name="call_edit"),
    path(C + "<int:pk>/candidater/", applying.apply, name="apply"),
    # Requests: the list, one request, its steps and its instruction.
    path(P + "demandes/", instruction.request_list, name="request_list"),
    path(R, instruction.request_detail, name="request_detail"),
    path(R + "etapes/<slug:step>/", applying.request_step, name="request_step"),
    path(R + "deposer/", applying.submit, name="submit"),
    path(R + "pieces/<int:attachment_pk>/", applying.attachment_download, name="attachment"),
    path(
        R + "pieces/<int:attachment_pk>/retirer/",
        applying.attachment_delete,
        name="attachment_delete",
    ),
    path(R + "instruire/", instruction.take, name="take"),
    path(R + "correction/", instruction.ask_correction, name="ask_correction"),
    path(R + "avis/", instruction.give_opinion, name="opinion"),
    path(R + "convention/", instruction.sign, name="sign"),
    path(R + "versement/", instruction.payment, name="payment"),
    path(R + "compte-rendu/", wf.report, name="report"),
    path(R + "solder/", instruction.close, name="close"),
    path(
        P + "decisions/<int:decision_pk>/notification.pdf",
        instruction.decision_letter,
        name="letter",
    ),
    path("notifications/", wf.inbox, name="inbox"),
    path("notifications/lues/", wf.mark_read, name="mark_read"),
]
