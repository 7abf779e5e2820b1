"""Retention of the personal data of partners' staff (docs/rgpd.md).

An account unused for `CITEDUC_ACCOUNT_RETENTION_MONTHS` is removed. If it never acted — no
decision, upload, opinion or change in the history — it is deleted with everything about it.
If it acted, the State's control of public money (art. 17 of the convention) needs to know who
did what: its name and address stay as the author of those acts, and everything else goes — it
can no longer log in, its roles, tokens, notifications, second factor and login journal are
deleted. Login journal entries and django-axes' records older than
`CITEDUC_LOGIN_JOURNAL_MONTHS` are deleted for every account.

Superusers are never touched: the operator reviews them by hand.
"""

from dataclasses import dataclass, field
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import ForeignObjectRel, Model, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from citeduc.accounts.models import ApiToken, LoginEvent, Membership, Notification, User

# What an account owns only for itself: removed with it, and no trace of an act.
OWN: tuple[type[Model], ...] = (
    Membership,
    ApiToken,
    Notification,
    LoginEvent,
    TOTPDevice,
    StaticDevice,
)


@dataclass
class PurgePlan:
    cutoff: datetime
    journal_cutoff: datetime
    deleted: list[str] = field(default_factory=list)  # e-mails of accounts deleted
    retired: list[str] = field(default_factory=list)  # kept as authors, everything else gone
    journal: int = 0
    lockouts: int = 0


def inactive(cutoff: datetime) -> QuerySet[User]:
    never = Q(last_login__isnull=True, date_joined__lt=cutoff)
    return User.objects.filter(Q(last_login__lt=cutoff) | never, is_superuser=False)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` months earlier (the last day of that month if it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def _already_retired(user: User) -> bool:
    return not user.is_active and not user.has_usable_password()


def _trace_relations() -> list[tuple[type[Model], str]]:
    """Every (model, field) pointing at an account, but the account's own belongings: history
    records (`history_user`) included."""
    owned = {m._meta.label for m in OWN} | {
        f"{m._meta.app_label}.Historical{m.__name__}" for m in OWN
    }
    relations = []
    for relation in User._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue
        model = relation.related_model
        if isinstance(model, type) and model._meta.label not in owned:
            relations.append((model, relation.field.name))
    return relations


def has_acted(user: User, relations: list[tuple[type[Model], str]]) -> bool:
    return any(model._default_manager.filter(**{name: user}).exists() for model, name in relations)


def plan(now: datetime | None = None, months: int | None = None) -> PurgePlan:
    now = now or timezone.now()
    months = settings.CITEDUC_ACCOUNT_RETENTION_MONTHS if months is None else months
    journal_months = settings.CITEDUC_LOGIN_JOURNAL_MONTHS
    result = PurgePlan(months_before(now, months), months_before(now, journal_months))
    relations = _trace_relations()
    for user in inactive(result.cutoff).order_by("email"):
        if not has_acted(user, relations):
            result.deleted.append(user.email)
        elif not _already_retired(user):
            result.retired.append(user.email)
    result.journal = LoginEvent.objects.filter(at__lt=result.journal_cutoff).count()
    result.lockouts = AccessAttempt.objects.filter(attempt_time__lt=result.journal_cutoff).count()
    return result


def _strip(user: User) -> None:
    for model in OWN:
        model._default_manager.filter(user=user).delete()
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_national = False
    user.save()


def apply(result: PurgePlan) -> None:
    with transaction.atomic():
        users = User.objects.filter(email__in=result.deleted + result.retired)
        for user in users:
            _strip(user)
            if user.email in result.deleted:
                user.delete()
        LoginEvent.objects.filter(at__lt=result.journal_cutoff).delete()
        AccessAttempt.objects.filter(attempt_time__lt=result.journal_cutoff).delete()
        AccessLog.objects.filter(attempt_time__lt=result.journal_cutoff).delete()
        AccessFailureLog.objects.filter(attempt_time__lt=result.journal_cutoff).delete()
