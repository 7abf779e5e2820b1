from django.urls import path

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
    path(P + "<int:year>/decisions/", wf.decisions, name="decisions"),
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
    # Calls for projects (public) and applying to one.
    path(C, wf.call_list, name="call_list"),
    path(C + "nouveau/", wf.call_edit, name="call_create"),
    path(C + "<int:pk>/", wf.call_detail, name="call_detail"),
    path(C + "<int:pk>/modifier/", wf.call_edit, name="call_edit"),
    path(C + "<int:pk>/candidater/", wf.apply, name="apply"),
    # Requests: the list, one request, its steps and its instruction.
    path(P + "demandes/", wf.request_list, name="request_list"),
    path(R, wf.request_detail, name="request_detail"),
    path(R + "etapes/<slug:step>/", wf.request_step, name="request_step"),
    path(R + "deposer/", wf.submit, name="submit"),
    path(R + "pieces/<int:attachment_pk>/", wf.attachment_download, name="attachment"),
    path(
        R + "pieces/<int:attachment_pk>/retirer/",
        wf.attachment_delete,
        name="attachment_delete",
    ),
    path(R + "instruire/", wf.take, name="take"),
    path(R + "correction/", wf.ask_correction, name="ask_correction"),
    path(R + "avis/", wf.give_opinion, name="opinion"),
    path(R + "convention/", wf.sign, name="sign"),
    path(R + "versement/", wf.payment, name="payment"),
    path(R + "compte-rendu/", wf.report, name="report"),
    path(R + "solder/", wf.close, name="close"),
    path(P + "decisions/<int:decision_pk>/notification.pdf", wf.decision_letter, name="letter"),
    path("notifications/", wf.inbox, name="inbox"),
    path("notifications/lues/", wf.mark_read, name="mark_read"),
]
