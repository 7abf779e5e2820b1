from django.urls import path

from citeduc.accounts import proconnect, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("connexion/mot-de-passe/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "connexion/mot-de-passe/envoye/",
        views.PasswordResetDone.as_view(),
        name="password_reset_done",
    ),
    path(
        "connexion/mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "connexion/mot-de-passe/termine/",
        views.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("inscription/confirmer/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("compte/securite/", views.security, name="security"),
    path("compte/second-facteur/", views.second_factor_setup, name="second_factor_setup"),
    path("compte/second-facteur/code/", views.second_factor_verify, name="second_factor_verify"),
    path("compte/second-facteur/secours/", views.recovery_codes, name="recovery_codes"),
    path("compte/second-facteur/retirer/", views.second_factor_remove, name="second_factor_remove"),
    path("compte/agenda/", views.calendar_link, name="calendar_link"),
    path("compte/agenda/revoquer/", views.calendar_link_revoke, name="calendar_link_revoke"),
    path("cites/<slug:slug>/membres/ajouter/", views.member_add, name="member_add"),
    path("cites/<slug:slug>/membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path("proconnect/connexion/", proconnect.ProConnectStart.as_view(), name="proconnect_start"),
    path("proconnect/retour/", proconnect.ProConnectCallback.as_view(), name="proconnect_callback"),
]
