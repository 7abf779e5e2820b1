import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from citeduc.accounts import members, second_factor
from citeduc.accounts import signup as accounts_signup
from citeduc.accounts.forms import (
    LoginForm,
    MemberForm,
    NewPasswordForm,
    ResetForm,
    SecondFactorForm,
    SignupForm,
)
from citeduc.accounts.journal import Kind, client_address, record
from citeduc.accounts.models import ApiToken, LoginEvent, Membership, User
from citeduc.accounts.proconnect import proconnect_enabled
from citeduc.common.forms_page import render_form_page, saved
from citeduc.territory.access import cite_manager
from citeduc.territory.models import CiteEducative


class LoginView(auth_views.LoginView):
    """The login form. Beside axes' lock of one account from one address, an address that
    failed too often across accounts (password spraying) is refused any login for a while."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = LoginEvent.objects.filter(
            kind=Kind.FAILED, at__gte=since, ip_address=client_address(request)
        ).count()
        if failures >= settings.CITEDUC_ADDRESS_FAILURE_LIMIT:
            return render(request, "accounts/locked.html", {"per_address": True}, status=429)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["proconnect"] = proconnect_enabled()
        return context


class LogoutView(auth_views.LogoutView):
    """After a ProConnect login, logging out here also ends the ProConnect session, as its
    partners must: the browser is sent to its end-of-session address, then back home."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response: HttpResponse = super().post(request, *args, **kwargs)
        if id_token and proconnect_enabled() and settings.OIDC_OP_LOGOUT_ENDPOINT:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "state": secrets.token_urlsafe(16),
                    "post_logout_redirect_uri": request.build_absolute_uri(reverse("home")),
                }
            )
            return redirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")
        return response


class PasswordReset(auth_views.PasswordResetView):
    """At most 3 links an hour for one address and 10 from one client: past that, the same
    answer is given and nothing is sent, so that the form can flood no mailbox."""

    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: ResetForm) -> HttpResponse:  # type: ignore[override]
        email = form.cleaned_data["email"].strip().lower()
        recent = LoginEvent.objects.filter(
            kind=Kind.PASSWORD_LINK, at__gte=timezone.now() - timedelta(hours=1)
        )
        flooded = (
            recent.filter(email=email).count() >= 3
            or recent.filter(ip_address=client_address(self.request)).count() >= 10
        )
        record(self.request, Kind.PASSWORD_LINK, email=email)
        if flooded:
            return redirect(self.success_url)
        response: HttpResponse = super().form_valid(form)
        return response


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _help(form: SecondFactorForm, text: str) -> None:
    """The code field's help for this page (the bound field keeps its own copy of it)."""
    form.fields["code"].help_text = text
    form["code"].help_text = text


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The account's security page: second factor, recovery codes, recent logins."""
    user = _user(request)
    return render(
        request,
        "accounts/security.html",
        {
            "has_app": second_factor.has_app(user),
            "required": second_factor.is_required(user),
            "recovery_left": second_factor.remaining_recovery_codes(user),
            "events": user.login_events.all()[:20],
            "calendar": _calendar_tokens(user).first(),
        },
    )


def _calendar_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, kind=ApiToken.Kind.CALENDAR, revoked=False)


@login_required
@require_POST
def calendar_link(request: HttpRequest) -> HttpResponse:
    """A new personal calendar link (the previous one stops working), shown once with the feed
    address of each of the person's Cités."""
    user = _user(request)
    _calendar_tokens(user).update(revoked=True)
    _token, raw = ApiToken.issue(user, "Agenda", kind=ApiToken.Kind.CALENDAR)
    feeds = [
        (
            membership.cite.name,
            request.build_absolute_uri(
                reverse("governance:feed", args=[membership.cite.slug]) + f"?jeton={raw}"
            ),
        )
        for membership in user.memberships.select_related("cite").order_by("cite__name")
    ]
    return render(request, "accounts/calendar_link.html", {"feeds": feeds})


@login_required
@require_POST
def calendar_link_revoke(request: HttpRequest) -> HttpResponse:
    revoked = _calendar_tokens(_user(request)).update(revoked=True)
    if revoked:
        messages.success(request, "Le lien d'agenda est révoqué : il n'ouvre plus rien.")
    return redirect("accounts:security")


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Shows the QR code and the key of a new app device, and confirms it with a first code."""
    user = _user(request)
    if second_factor.has_app(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing the phone needs the old one first: else a stolen password would be enough
        # to put the thief's phone in its place.
        return redirect_to_login(
            request.get_full_path(), reverse("accounts:second_factor_verify"), "next"
        )
    device = second_factor.pending_app(user)
    form = SecondFactorForm(request.POST or None)
    _help(form, "Les 6 chiffres affichés par votre application.")
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            record(request, Kind.SECOND_FACTOR_ON, user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": second_factor.safe_next(request)},
            )
        form.add_error("code", "Ce code ne correspond pas : vérifiez l'heure de votre téléphone.")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": second_factor.qr_svg(device),
            "secret": second_factor.secret_of(device),
            "required": second_factor.is_required(user),
            "next": second_factor.safe_next(request, ""),
        },
    )


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Asks the code of an account that has a second factor, once per session."""
    user = _user(request)
    if not second_factor.has_app(user):
        return redirect("accounts:second_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["code"]) is not None:
            record(request, Kind.SECOND_FACTOR, user)
            return redirect(second_factor.safe_next(request))
        record(request, Kind.SECOND_FACTOR_FAILED, user)
        form.add_error("code", "Code incorrect ou déjà utilisé. Attendez le suivant et réessayez.")
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": second_factor.safe_next(request, "")},
    )


def _confirmed_by_app(
    request: HttpRequest, *, title: str, intro: str, submit_label: str
) -> tuple[User, bool, HttpResponse | None]:
    """The page that guards a change to the second factor: the session must have passed its
    second factor (the middleware sees to it) and a fresh code from the app is asked again, so
    a stolen password or an unattended session cannot turn the protection off.

    Returns the user, whether the code was good, and the page to show otherwise."""
    user = _user(request)
    if not second_factor.has_app(user):
        return user, False, redirect("accounts:second_factor_setup")
    form = SecondFactorForm(request.POST or None)
    _help(form, "Les 6 chiffres affichés maintenant par votre application.")
    if request.method == "POST" and form.is_valid():
        if second_factor.fresh_app_code(user, form.cleaned_data["code"]):
            return user, True, None
        record(request, Kind.SECOND_FACTOR_FAILED, user)
        form.add_error("code", "Code incorrect ou déjà utilisé. Attendez le suivant et réessayez.")
    page = render_form_page(
        request,
        form,
        title=title,
        intro=intro,
        cancel_url=reverse("accounts:security"),
        submit_label=submit_label,
    )
    return user, False, page


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, once a fresh code from the app confirms the request."""
    user, confirmed, page = _confirmed_by_app(
        request,
        title="Générer de nouveaux codes de secours",
        intro="Les anciens codes cesseront de fonctionner. Tapez le code de votre application.",
        submit_label="Générer les codes",
    )
    if not confirmed:
        assert page is not None
        return page
    codes = second_factor.new_recovery_codes(user)
    record(request, Kind.RECOVERY_CODES, user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@login_required
def second_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turns the second factor off, for a role that does not require it, after a fresh code."""
    if second_factor.is_required(_user(request)):
        messages.error(request, "Votre rôle impose le second facteur : il ne peut être retiré.")
        return redirect("accounts:security")
    user, confirmed, page = _confirmed_by_app(
        request,
        title="Retirer le second facteur",
        intro="Seul votre mot de passe sera alors demandé. Tapez le code de votre application.",
        submit_label="Retirer le second facteur",
    )
    if not confirmed:
        assert page is not None
        return page
    second_factor.remove(user)
    record(request, Kind.SECOND_FACTOR_OFF, user)
    messages.success(request, "Le second facteur est retiré de votre compte.")
    return redirect("accounts:security")


@login_required
@cite_manager
def member_add(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    space = reverse("territory:cite_space", args=[cite.slug])
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership, invited = members.add_member(cite, **form.cleaned_data)
        text = f"{membership.user} : {membership.get_role_display()}."
        if invited:
            invite(request, membership.user.email, cite.name)
            text += " Un e-mail l'invite à choisir son mot de passe."
        return saved(request, text, space)
    return render_form_page(
        request,
        form,
        title=f"Donner un rôle dans la Cité — {cite.name}",
        intro="Un agent public qui se connecte par ProConnect est reconnu à son adresse e-mail.",
        cancel_url=space,
        submit_label="Donner ce rôle",
    )


@login_required
@require_POST
@cite_manager
def member_remove(request: HttpRequest, cite: CiteEducative, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, cite=cite)
    members.remove_member(membership)
    space = reverse("territory:cite_space", args=[cite.slug])
    return saved(
        request, f"{membership.user} n'a plus le rôle {membership.get_role_display()}.", space
    )


def invite(request: HttpRequest, email: str, cite_name: str) -> None:
    """A new account gets the link to choose its password, as a password reset would."""
    form = ResetForm({"email": email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="accounts/invitation_subject.txt",
            email_template_name="accounts/invitation_email.txt",
            extra_email_context={"cite_name": cite_name},
        )


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account; it opens when its owner follows the link sent by e-mail."""
    if request.user.is_authenticated:
        return redirect("directory:my_structures")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accounts_signup.sign_up(
            request, email=data["email"], full_name=data["full_name"], password=data["password1"]
        )
        request.session["signup_email"] = data["email"]
        return redirect("accounts:signup_sent")
    return render(
        request,
        "accounts/signup.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = accounts_signup.user_of_token(token)
    if user is None:
        return render(request, "accounts/signup_invalid.html", status=400)
    opened = accounts_signup.confirm(user)
    if not opened:
        messages.info(request, "Votre adresse était déjà confirmée : connectez-vous.")
        return redirect("accounts:login")
    record(request, Kind.SIGNUP_CONFIRMED, user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return saved(
        request,
        "Votre adresse est confirmée et votre compte ouvert. Rattachez maintenant votre "
        "structure, ou déclarez-la.",
        reverse("directory:my_structures"),
    )
