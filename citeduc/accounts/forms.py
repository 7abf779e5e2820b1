from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()


class SecondFactorForm(DsfrBaseForm):
    """A six-digit code from the app, or a recovery code; the code is checked by the view."""

    code = forms.CharField(
        label="Code à usage unique",
        help_text="Les 6 chiffres affichés par votre application, ou un code de secours.",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class MemberForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Celle de son compte citeduc, ou de son compte ProConnect pour un agent public.",
    )
    full_name = forms.CharField(
        label="Nom complet",
        required=False,
        max_length=150,
        help_text="Pour un nouveau compte seulement.",
    )
    role = forms.ChoiceField(label="Rôle dans la Cité", choices=Role.choices)

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class ResetForm(DsfrBaseForm, PasswordResetForm):
    """Also reaches an account created without password (by the coordination, or by
    ProConnect), so that its owner can choose one; a retired account is never reached."""

    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Iterator[User]:
        yield from User.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The site's name in subjects and bodies, not the host the request came through.
        kwargs["extra_email_context"] = {
            "site_name": settings.CITEDUC_SITE_NAME,
            **(kwargs.get("extra_email_context") or {}),
        }
        super().save(*args, **kwargs)


class NewPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class SignupForm(DsfrBaseForm):
    """A new account: a name, an address that will be confirmed by a link, a password."""

    full_name = forms.CharField(
        label="Prénom et nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        help_text="Un lien de confirmation y est envoyé : le compte s'ouvre quand vous le suivez.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="Au moins 12 caractères ; évitez un mot de passe déjà utilisé ailleurs.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Mot de passe, une seconde fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
