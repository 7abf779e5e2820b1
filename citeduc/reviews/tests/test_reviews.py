"""The annual review: freezing, the diff of a re-freeze, validation by the three pilots,
immutability, transmission and Article 9's checklist, the national export."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.tests.factories import MembershipFactory
from citeduc.funding.models import CreditDelegation, Envelope, Funder
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.models import Measurement
from citeduc.national import reviews as national
from citeduc.reviews import operations
from citeduc.reviews.checklist import checklist
from citeduc.reviews.enums import ChecklistItem, ReviewStatus
from citeduc.reviews.models import AnnualReview, ReviewAnswer, ReviewLocked, Snapshot, Validation
from citeduc.territory.tests.factories import CiteFactory
from tests.support.world import World

pytestmark = pytest.mark.django_db
PILOTS = [Role.PILOTE_VILLE, Role.PILOTE_ETAT, Role.PILOTE_EDUCATION]


def p147_envelope(world: World, amount: str) -> None:
    funder, _ = Funder.objects.get_or_create(
        cite=world.cite, code="P147", defaults={"name": "Programme 147", "is_state": True}
    )
    Envelope.objects.update_or_create(
        cite=world.cite, funder=funder, year=2025, defaults={"amount": Decimal(amount)}
    )


def validated(world: World) -> AnnualReview:
    review = operations.open_review(world.cite, 2025)
    operations.freeze(review, world.users[Role.COORDINATION])
    for role in PILOTS:
        operations.validate(review, world.users[role])
    review.refresh_from_db()
    return review


def test_opening_a_review_prepares_the_six_parts(world: World) -> None:
    review = operations.open_review(world.cite, 2025)
    assert review.status == ReviewStatus.DRAFT
    assert sorted(review.answers.values_list("part", flat=True)) == sorted(
        [
            "gouvernance",
            "deploiement",
            "relations_cites",
            "communication",
            "gestion_financiere",
            "evaluation",
        ]
    )
    assert operations.open_review(world.cite, 2025) == review  # idempotent
    with pytest.raises(operations.ReviewError, match="label"):
        operations.open_review(world.cite, 2031)


def test_a_refreeze_lists_what_changed(world: World) -> None:
    p147_envelope(world, "100000")
    review = operations.open_review(world.cite, 2025)
    first, changes = operations.freeze(review, None)
    assert first.number == 1 and changes == []
    totals = first.data["totals"]
    assert totals["envelope_p147"] == "100000.00"
    p147_envelope(world, "120000")
    second, changes = operations.freeze(review, None)
    assert second.number == 2
    envelope = [c for c in changes if "Enveloppe P147" in c.where]
    assert [(c.before, c.after) for c in envelope] == [("100\u202f000,00 €", "120\u202f000,00 €")]
    assert Snapshot.objects.filter(review=review).count() == 2  # the first one is kept


def test_the_freeze_message_says_what_changed_or_that_nothing_did(
    world: World, client: Client
) -> None:
    p147_envelope(world, "100000")
    review = operations.open_review(world.cite, 2025)
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("reviews:review_freeze", args=[world.cite.slug, 2025])

    def said() -> str:
        return client.post(url, follow=True).content.decode()

    assert "Chiffres figés (n° 1)." in said()
    again = said()
    assert "Chiffres figés (n° 2). Aucun changement depuis les précédents." in again
    assert "listés ci-dessous" not in again
    p147_envelope(world, "120000")
    changed = said()
    assert "changements depuis les précédents, listés ci-dessous." in changed
    assert "Aucun changement" not in changed
    assert review.snapshots.count() == 3


def test_three_pilots_validate_and_the_review_is_then_immutable(world: World) -> None:
    review = operations.open_review(world.cite, 2025)
    with pytest.raises(operations.ReviewError, match="Figez"):
        operations.validate(review, world.users[Role.PILOTE_VILLE])
    operations.freeze(review, None)
    with pytest.raises(operations.ReviewError, match="pilotes"):
        operations.validate(review, world.users[Role.COORDINATION])
    operations.validate(review, world.users[Role.PILOTE_VILLE])
    with pytest.raises(operations.ReviewError, match="déjà"):
        operations.validate(review, world.users[Role.PILOTE_VILLE])
    operations.validate(review, world.users[Role.PILOTE_ETAT])
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    operations.validate(review, world.users[Role.PILOTE_EDUCATION])
    review.refresh_from_db()
    assert review.status == ReviewStatus.VALIDATED

    with pytest.raises(ReviewLocked):
        operations.freeze(review, None)
    review.cooperation = "Texte réécrit après validation"
    with pytest.raises(ReviewLocked):
        review.save()
    review.refresh_from_db()
    answer = review.answers.get(part="gouvernance")
    answer.successes = "ajout tardif"
    with pytest.raises(ReviewLocked):
        answer.save()
    with pytest.raises(ReviewLocked):
        answer.delete()
    with pytest.raises(ReviewLocked):
        review.snapshots.get().delete()
    with pytest.raises(ReviewLocked):
        review.delete()
    assert ReviewAnswer.objects.get(pk=answer.pk).successes == ""


def test_a_new_freeze_or_a_new_text_withdraws_earlier_validations(
    world: World, client: Client
) -> None:
    review = operations.open_review(world.cite, 2025)
    operations.freeze(review, None)
    operations.validate(review, world.users[Role.PILOTE_VILLE])
    operations.freeze(review, None)
    assert not Validation.objects.filter(review=review).exists()
    operations.validate(review, world.users[Role.PILOTE_ETAT])
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("reviews:review_answer", args=[world.cite.slug, 2025, "evaluation"])
    response = client.post(
        url, {"successes": "Un protocole partagé", "difficulties": "", "adjustments": ""}
    )
    assert response.status_code == 302
    assert review.answers.get(part="evaluation").successes == "Un protocole partagé"
    assert not Validation.objects.filter(review=review).exists()


def test_transmission_records_the_next_years_delegation_piece(world: World) -> None:
    review = operations.open_review(world.cite, 2025)
    with pytest.raises(operations.ReviewError, match="validée"):
        operations.transmit(review, world.users[Role.COORDINATION])
    review = validated(world)
    operations.transmit(review, world.users[Role.COORDINATION], date(2026, 1, 20))
    review.refresh_from_db()
    assert review.status == ReviewStatus.TRANSMITTED
    assert review.transmitted_on == date(2026, 1, 20)
    delegation = CreditDelegation.objects.get(cite=world.cite, year=2026)
    assert delegation.review_sent_on == date(2026, 1, 20)
    review.cooperation = "changement"
    with pytest.raises(ReviewLocked):
        review.save()
    line = next(x for x in checklist(world.cite, 2026).lines if x.item == ChecklistItem.REVIEW)
    assert line.required and line.done
    assert line.documents[0][1] == reverse("jobs:review_pdf", args=[world.cite.slug, 2025])


def test_checklist_follows_article_9(world: World) -> None:
    first = checklist(world.cite, 2024)
    assert first.by_notification and first.missing == []
    second = checklist(world.cite, 2025)
    assert [line.item for line in second.missing] == list(ChecklistItem)
    third = checklist(world.cite, 2026)
    assert [line.item for line in third.missing] == [ChecklistItem.REVIEW]


def test_a_piece_upload_records_its_date_and_serves_the_file(world: World, client: Client) -> None:
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("reviews:piece_add", args=[world.cite.slug, 2025])
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf.name = "convention-signee.pdf"
    response = client.post(url, {"item": "convention", "sent_on": "2025-02-03", "file": pdf})
    assert response.status_code == 302
    delegation = CreditDelegation.objects.get(cite=world.cite, year=2025)
    assert delegation.convention_sent_on == date(2025, 2, 3)
    line = checklist(world.cite, 2025).lines[0]
    assert line.done
    download = client.get(line.documents[0][1])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    fake = io.BytesIO(b"MZ this is not a pdf")
    fake.name = "protocole.pdf"
    refused = client.post(url, {"item": "protocole", "sent_on": "2025-02-03", "file": fake})
    assert refused.status_code == 400
    assert 'value="2025-02-03"' in refused.content.decode()  # what was typed is kept
    assert CreditDelegation.objects.get(cite=world.cite, year=2025).protocol_sent_on is None


def test_children_counts_are_masked_outside_the_cite(world: World, client: Client) -> None:
    reach = {i.code: i for i in install_catalogue(world.cite)}["PUBLIC_TOUCHE"]
    for sex, band, value in [
        ("F", "6-10", 4),
        ("G", "6-10", 30),
        ("F", "11-14", 25),
        ("G", "11-14", 28),
    ]:
        Measurement.objects.create(
            indicator=reach,
            period="2025",
            year=2025,
            qpv=world.own.qpv,
            sex=sex,
            age_band=band,
            value=value,
            origin="saisie",
        )
    review = operations.open_review(world.cite, 2025)
    operations.freeze(review, None)
    url = reverse("reviews:review", args=[world.cite.slug, 2025])
    client.force_login(world.users[Role.PILOTE_ETAT])
    own = client.get(url).content.decode()
    assert '<td class="citeduc-num">4</td>' in own
    client.force_login(world.users["national"])
    outside = client.get(url).content.decode()
    assert '<td class="citeduc-num">4</td>' not in outside
    assert "&lt; 11" in outside and "secret" in outside


def test_national_export_holds_only_transmitted_reviews(world: World, client: Client) -> None:
    review = validated(world)
    operations.transmit(review, world.users[Role.COORDINATION], date(2026, 1, 20))
    draft = operations.open_review(world.other.cite, 2025)
    operations.freeze(draft, None)
    rows = national.statuses(2025)
    assert {row.cite.slug: row.status for row in rows} == {
        world.cite.slug: "Transmise à la coordination nationale",
        world.other.cite.slug: "Brouillon",
    }
    client.force_login(world.users["national"])
    csv_text = client.get(reverse("national:review_csv") + "?annee=2025").content.decode()
    records = list(csv.DictReader(io.StringIO(csv_text), delimiter=";"))
    assert [r["cite"] for r in records] == [world.cite.slug]
    assert records[0]["transmise_le"] == "2026-01-20"
    data = json.loads(client.get(reverse("national:review_json") + "?annee=2025").content)
    assert [r["cite"] for r in data["revues"]] == [world.cite.slug]
    assert set(data["revues"][0]["parties"]) == set(national.ReviewPart.values)


def test_national_list_query_count_is_flat(world: World, client: Client) -> None:
    operations.freeze(operations.open_review(world.cite, 2025), None)
    client.force_login(world.users["national"])
    url = reverse("national:review_list") + "?annee=2025"
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        operations.freeze(operations.open_review(CiteFactory.create(), 2025), None)
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert len(six) == len(one)


def test_pilot_validates_through_the_page(world: World, client: Client) -> None:
    review = operations.open_review(world.cite, 2025)
    client.force_login(world.users[Role.PILOTE_VILLE])
    url = reverse("reviews:review_validate", args=[world.cite.slug, 2025])
    refused = client.post(url, follow=True)
    assert "Figez d" in refused.content.decode()
    operations.freeze(review, None)
    response = client.post(url, follow=True)
    assert "Validation enregistrée (Pilote Ville)" in response.content.decode()
    assert review.validations.get().role == Role.PILOTE_VILLE
    MembershipFactory.create(
        cite=world.cite, role=Role.PILOTE_ETAT, user=world.users[Role.PILOTE_VILLE]
    )
    again = client.post(url, follow=True).content.decode()
    assert "Pilote État" in again
