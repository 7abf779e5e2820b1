import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from citeduc.accounts.enums import Role
from citeduc.territory.models import CiteEducative


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField("adresse e-mail", unique=True)
    full_name = models.CharField("nom complet", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_national = models.BooleanField(
        "coordination nationale",
        default=False,
        help_text="ANCT / DGESCO : lecture de toutes les Cités, sans droit d'écriture.",
    )
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Membership(models.Model):
    """A user's role in one Cité; a user may hold several roles, in several Cités."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="utilisateur"
    )
    cite = models.ForeignKey(
        CiteEducative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="Cité éducative",
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "role", "user__email"]
        verbose_name = "rôle dans une Cité"
        verbose_name_plural = "rôles dans les Cités"
        constraints = [
            models.UniqueConstraint(fields=["user", "cite", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.cite}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token; only its hash is stored, the raw value is shown once.

    Two kinds that never stand for each other: an API token (`cit_…`), read-only, for one Cité
    or for every Cité of its owner; a calendar token (`cal_…`), which opens the owner's meeting
    feeds and nothing else, so that the address a calendar client keeps (and a proxy logs) cannot
    read money or SIRETs."""

    class Kind(models.TextChoices):
        API = "api", "API"
        CALENDAR = "calendar", "Agenda"

    class Scope(models.TextChoices):
        READ = "read", "Lecture seule"

    PREFIXES = {Kind.API: "cit_", Kind.CALENDAR: "cal_"}

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="utilisateur"
    )
    name = models.CharField("libellé", max_length=100)
    kind = models.CharField("nature", max_length=10, choices=Kind.choices, default=Kind.API)
    scope = models.CharField("droits", max_length=10, choices=Scope.choices, default=Scope.READ)
    cite = models.ForeignKey(
        "territory.CiteEducative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="limité à la Cité",
        help_text="Vide : toutes les Cités de l'utilisateur.",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked = models.BooleanField("révoqué", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(
        cls, user: User, name: str, *, kind: str = Kind.API, cite: Any = None
    ) -> tuple["ApiToken", str]:
        raw = cls.PREFIXES[cls.Kind(kind)] + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, kind=kind, cite=cite, key_hash=hash_token(raw)
        )
        return token, raw


class Notification(models.Model):
    """A message for one user, shown in the app's inbox and sent by e-mail."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("message")
    url = models.CharField("lien", max_length=300, blank=True)
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at", "-pk"]
        verbose_name = "notification"

    def __str__(self) -> str:
        return self.subject


class LoginEvent(models.Model):
    """One event of the login journal: who (or which address typed), from where, when, what.

    Kept for the security of the accounts (ASVS V7); purged with the account or after the
    retention period of `docs/rgpd.md`. A password or a code is never written here."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Connexion"
        FAILED = "failed", "Échec de connexion"
        LOCKED = "locked", "Compte bloqué après des échecs répétés"
        LOGOUT = "logout", "Déconnexion"
        SECOND_FACTOR = "second_factor", "Second facteur vérifié"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Code de second facteur refusé"
        SECOND_FACTOR_ON = "second_factor_on", "Second facteur activé"
        SECOND_FACTOR_OFF = "second_factor_off", "Second facteur retiré"
        RECOVERY_CODES = "recovery_codes", "Nouveaux codes de secours"
        PROCONNECT = "proconnect", "Connexion par ProConnect"
        PASSWORD_LINK = "password_link", "Lien de mot de passe demandé"
        SIGNUP = "signup", "Création de compte demandée"
        SIGNUP_CONFIRMED = "signup_confirmed", "Adresse confirmée, compte ouvert"

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name="compte",
    )
    email = models.CharField("adresse saisie", max_length=254, blank=True)
    kind = models.CharField("événement", max_length=30, choices=Kind.choices)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=200, blank=True)
    at = models.DateTimeField("le", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "événement de connexion"
        verbose_name_plural = "journal des connexions"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.email or self.user}"
