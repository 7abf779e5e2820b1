from django.urls import path

from citeduc.governance import views

app_name = "governance"

C = "cites/<slug:slug>/"
B = C + "instances/<int:pk>/"
M = C + "reunions/<int:pk>/"
A = C + "avenants/"

urlpatterns = [
    path(C + "reunions/", views.calendar, name="calendar"),
    path(C + "reunions.ics", views.feed, name="feed"),
    path(C + "reunions/nouvelle/", views.meeting_edit, name="meeting_create"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "modifier/", views.meeting_edit, name="meeting_edit"),
    path(M + "reunion.ics", views.meeting_ics, name="meeting_ics"),
    path(M + "convoquer/", views.meeting_convoke, name="meeting_convoke"),
    path(M + "annuler/", views.meeting_cancel, name="meeting_cancel"),
    path(M + "presences/", views.meeting_attendance, name="meeting_attendance"),
    path(M + "compte-rendu/", views.meeting_minutes, name="meeting_minutes"),
    path(M + "decisions/nouvelle/", views.decision_edit, name="decision_create"),
    path(M + "decisions/<int:decision_pk>/", views.decision_edit, name="decision_edit"),
    path(C + "instances/nouvelle/", views.body_edit, name="body_create"),
    path(B, views.body_detail, name="body_detail"),
    path(B + "modifier/", views.body_edit, name="body_edit"),
    path(B + "membres/nouveau/", views.member_edit, name="member_create"),
    path(B + "membres/<int:member_pk>/", views.member_edit, name="member_edit"),
    path(B + "membres/<int:member_pk>/retirer/", views.member_remove, name="member_remove"),
    path(C + "decisions/", views.register, name="register"),
    path(
        C + "documents/<slug:parent>/<int:parent_pk>/ajouter/",
        views.document_add,
        name="document_add",
    ),
    path(C + "documents/<int:pk>/", views.document_download, name="document"),
    path(C + "documents/<int:pk>/retirer/", views.document_delete, name="document_delete"),
    path(A, views.amendment_list, name="amendment_list"),
    path(A + "nouveau/", views.amendment_edit, name="amendment_create"),
    path(A + "<int:pk>/", views.amendment_detail, name="amendment_detail"),
    path(A + "<int:pk>/modifier/", views.amendment_edit, name="amendment_edit"),
    path(A + "<int:pk>/etat/", views.amendment_move, name="amendment_move"),
    path(C + "controle/<int:year>/", views.control_view, name="control"),
]
