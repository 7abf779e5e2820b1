"""Bodies and meetings on top of the shared two-Cité world."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from citeduc.governance.enums import BodyKind, Frequency
from citeduc.governance.models import Body, BodyMember, Meeting
from tests.support.world import World


def at(day: date, hour: int = 14, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def meeting_of(body: Body, day: date, hours: int = 2, **fields: object) -> Meeting:
    start = at(day)
    return Meeting.objects.create(
        body=body, starts_at=start, ends_at=start.replace(hour=14 + hours), **fields
    )


@pytest.fixture
def copil(world: World) -> Body:
    body = Body.objects.create(
        cite=world.cite,
        kind=BodyKind.COPIL_RESTREINT,
        name="Comité de pilotage restreint",
        frequency=Frequency.QUARTERLY,
    )
    for office, email in (
        ("Maire", "maire@example.org"),
        ("Inspecteur d'Académie", "ia@example.org"),
        ("Préfet", ""),
    ):
        BodyMember.objects.create(body=body, office=office, institution="—", email=email)
    return body
