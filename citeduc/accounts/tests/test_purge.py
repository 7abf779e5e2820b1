"""purge_personal_data: retention of partners' staff data (docs/rgpd.md)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.models import LoginEvent, Membership, User
from citeduc.accounts.purge import months_before
from citeduc.accounts.tests.factories import MembershipFactory, UserFactory
from citeduc.funding.models import Attachment
from tests.support.world import World

LONG_AGO = timezone.now() - timedelta(days=800)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    call_command("purge_personal_data", "--json", *args)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def people(world: World) -> dict[str, User]:
    idle = MembershipFactory.create(cite=world.cite, role=Role.PORTEUR).user
    author = MembershipFactory.create(cite=world.cite, role=Role.PORTEUR).user
    Attachment.objects.create(
        request=world.own.request,
        kind="statuts",
        file=ContentFile(b"%PDF-1.4 x", name="s.pdf"),
        original_name="s.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=author,
    )
    recent = UserFactory.create()
    admin = User.objects.create_superuser("admin@example.org", "x")
    User.objects.filter(pk__in=[idle.pk, author.pk, admin.pk]).update(last_login=LONG_AGO)
    User.objects.filter(pk=recent.pk).update(last_login=timezone.now())
    LoginEvent.objects.create(user=recent, kind="login", at=LONG_AGO)
    LoginEvent.objects.create(user=recent, kind="login")
    return {"idle": idle, "author": author, "recent": recent, "admin": admin}


def test_the_dry_run_writes_nothing(
    people: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys)
    assert result["applied"] is False
    assert people["idle"].email in result["deleted"]  # type: ignore[operator]
    assert result["retired"] == [people["author"].email]
    assert result["login_events"] == 1
    assert User.objects.filter(pk=people["idle"].pk).exists()
    assert LoginEvent.objects.count() == 2


def test_applied_it_deletes_the_idle_and_keeps_only_the_name_of_authors(
    people: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--appliquer")
    assert not User.objects.filter(pk=people["idle"].pk).exists()
    author = User.objects.get(pk=people["author"].pk)
    assert not author.is_active and not author.has_usable_password()
    assert not Membership.objects.filter(user=author).exists()
    assert Attachment.objects.filter(uploaded_by=author).count() == 1  # the control knows who
    assert User.objects.filter(pk=people["recent"].pk, is_active=True).exists()
    assert User.objects.filter(pk=people["admin"].pk, is_active=True).exists()
    assert LoginEvent.objects.count() == 1
    # Idempotent: a second run has nothing left to do.
    again = run(capsys, "--appliquer")
    assert again["deleted"] == [] and again["retired"] == [] and again["login_events"] == 0


def test_the_period_can_be_given(
    people: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    assert people["idle"].email not in run(capsys, "--mois", "36")["deleted"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 24, datetime(2024, 1, 15, tzinfo=UTC)),
        (datetime(2024, 2, 29, tzinfo=UTC), 12, datetime(2023, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_before(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_the_privacy_page_states_the_retention_periods(client: Client, db: None) -> None:
    html = client.get(reverse("personal_data")).content.decode()
    assert "Jusqu'à 24 mois après votre dernière connexion" in html
    assert "12 mois" in html
