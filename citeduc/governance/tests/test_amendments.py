"""R-GOV-5: an amendment's states, dates, the label extension, and what cannot happen."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from citeduc.governance.amendments import AmendmentError, move
from citeduc.governance.enums import AmendmentStatus
from citeduc.governance.models import Amendment
from tests.support.world import World

A = AmendmentStatus


def draft(world: World, **fields: object) -> Amendment:
    return Amendment.objects.create(
        cite=world.cite,
        number=1,
        title="Prolongation d'un an",
        description="Prolonger la convention jusqu'au 31/12/2027.",
        reason="Actions engagées sur l'année scolaire.",
        created_on=date(2026, 1, 5),
        created_by=world.users["coordination"],
        **fields,
    )


def test_the_whole_path_extends_the_label_once_agreed(world: World) -> None:
    world.cite.label_end = date(2026, 12, 31)
    world.cite.save()
    amendment = draft(world, extends_label_to=date(2027, 12, 31))
    amendment = move(amendment, A.SUBMITTED, date(2026, 2, 1))
    world.cite.refresh_from_db()
    assert world.cite.label_end == date(2026, 12, 31)  # not before the Préfet agrees
    amendment = move(amendment, A.AGREED, date(2026, 3, 1))
    world.cite.refresh_from_db()
    assert world.cite.label_end == date(2027, 12, 31)
    assert amendment.previous_label_end == date(2026, 12, 31)
    amendment = move(amendment, A.TRANSMITTED, date(2026, 3, 5))
    assert (amendment.submitted_on, amendment.answered_on, amendment.transmitted_on) == (
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 3, 5),
    )
    assert [h.status for h in amendment.history.order_by("history_date")] == [
        A.DRAFT,
        A.SUBMITTED,
        A.AGREED,
        A.TRANSMITTED,
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], A.AGREED),  # the Préfet answers a submitted amendment only
        ([], A.TRANSMITTED),
        ([A.SUBMITTED, A.REFUSED], A.TRANSMITTED),  # a refused one goes nowhere
        ([A.SUBMITTED], A.SUBMITTED),
    ],
)
def test_forbidden_moves(world: World, path: list[str], target: str) -> None:
    amendment = draft(world)
    for step in path:
        amendment = move(amendment, step, date(2026, 2, 1))
    with pytest.raises(AmendmentError, match="ne peut pas passer"):
        move(amendment, target, date(2026, 2, 2))


def test_a_date_before_the_previous_step_is_refused(world: World) -> None:
    amendment = move(draft(world), A.SUBMITTED, date(2026, 2, 1))
    with pytest.raises(AmendmentError, match="précède"):
        move(amendment, A.AGREED, date(2026, 1, 31))
    amendment.refresh_from_db()
    assert amendment.status == A.SUBMITTED


def test_an_extension_that_does_not_extend_leaves_everything_as_it_was(world: World) -> None:
    amendment = draft(world, extends_label_to=world.cite.label_end)
    amendment = move(amendment, A.SUBMITTED, date(2026, 2, 1))
    with pytest.raises(AmendmentError, match="ne dépasse pas"):
        move(amendment, A.AGREED, date(2026, 3, 1))
    amendment.refresh_from_db()
    assert amendment.status == A.SUBMITTED and amendment.answered_on is None


def test_pages_create_move_and_freeze_after_submission(client: Client, world: World) -> None:
    client.force_login(world.users["pilote_etat"])
    create = reverse("governance:amendment_create", args=[world.cite.slug])
    data = {"title": "Nouvelle action", "description": "Ajouter une action.", "reason": "Besoin."}
    response = client.post(create, {**data, "extends_label_to": "2000-01-01"})
    assert response.status_code == 400 and 'value="Nouvelle action"' in response.content.decode()
    response = client.post(create, data)
    amendment = Amendment.objects.get(cite=world.cite)
    assert response.status_code == 302 and amendment.number == 1
    assert amendment.created_by == world.users["pilote_etat"]
    move_url = reverse("governance:amendment_move", args=[world.cite.slug, amendment.pk])
    response = client.post(move_url, {"target": "accepte", "on": "2000-01-10"})
    assert response.status_code == 400  # a draft is not answered
    response = client.post(move_url, {"target": "soumis", "on": "2999-01-01"})
    assert response.status_code == 400 and "futur" in response.content.decode()
    response = client.post(move_url, {"target": "soumis", "on": "2000-01-10"})
    assert response.status_code == 400 and "précède" in response.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(move_url, {"target": "soumis", "on": today}).status_code == 302
    edit = reverse("governance:amendment_edit", args=[world.cite.slug, amendment.pk])
    response = client.post(edit, {**data, "title": "Changé après coup"}, follow=True)
    assert "ne se modifie plus" in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.title == "Nouvelle action" and amendment.status == A.SUBMITTED
    # A second amendment takes the next number.
    client.post(create, {**data, "title": "Deuxième"})
    assert Amendment.objects.get(title="Deuxième").number == 2
