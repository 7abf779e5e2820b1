"""Every step of a review's life, each in one transaction: open, freeze the figures, validate
(one pilot after the other), transmit. A validated review no longer changes (models refuse)."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from citeduc.accounts.enums import PILOT_ROLES
from citeduc.accounts.models import User
from citeduc.funding.decide import record_delegation_piece
from citeduc.governance.enums import BodyKind
from citeduc.governance.models import Meeting
from citeduc.reviews import snapshot
from citeduc.reviews.enums import ReviewPart, ReviewStatus
from citeduc.reviews.models import AnnualReview, ReviewAnswer, ReviewLocked, Snapshot, Validation
from citeduc.reviews.reading import Change, diff
from citeduc.territory.access import roles_in
from citeduc.territory.models import CiteEducative


class ReviewError(Exception):
    """An operation that the review's state does not allow, said in words for the user."""


def review_meetings(cite: CiteEducative, year: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body__cite=cite, body__kind=BodyKind.REVUE_PROJET, starts_at__year=year
        ).order_by("starts_at")
    )


@transaction.atomic
def open_review(cite: CiteEducative, year: int) -> AnnualReview:
    if year not in cite.label_years():
        raise ReviewError(f"{year} n'est pas une année du label de la Cité.")
    review, created = AnnualReview.objects.get_or_create(cite=cite, year=year)
    if created:
        meetings = review_meetings(cite, year)
        if meetings:
            review.meeting = meetings[-1]
            review.save(update_fields=["meeting"])
        ReviewAnswer.objects.bulk_create(
            [ReviewAnswer(review=review, part=part) for part in ReviewPart]
        )
    return review


def latest(review: AnnualReview) -> Snapshot | None:
    return review.snapshots.order_by("-number").first()


@transaction.atomic
def freeze(
    review: AnnualReview, user: User | None, today: date | None = None
) -> tuple[Snapshot, list[Change]]:
    """A new snapshot of the year's figures, and what changed since the previous one. The
    pilots' validations were given on the old figures: they are withdrawn."""
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if review.is_locked:
        raise ReviewLocked(review)
    previous = latest(review)
    data = snapshot.take(review.cite, review.year, meeting=review.meeting, today=today)
    review.validations.all().delete()
    number = (review.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
    taken = Snapshot.objects.create(review=review, number=number, taken_by=user, data=data)
    return taken, diff(previous.data, data) if previous else []


def pilot_roles_of(user: User, review: AnnualReview) -> set[str]:
    return roles_in(user, review.cite) & PILOT_ROLES


@transaction.atomic
def withdraw_validations(review: AnnualReview) -> int:
    """The text changed: validations given on the former text no longer hold."""
    deleted, _per_model = review.validations.all().delete()
    return deleted


@transaction.atomic
def validate(review: AnnualReview, user: User) -> list[Validation]:
    """The user validates for each pilot role they hold; the third role validates the review."""
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if review.is_locked:
        raise ReviewLocked(review)
    taken = latest(review)
    if taken is None:
        raise ReviewError("Figez d'abord les chiffres de l'année : la validation porte sur eux.")
    roles = pilot_roles_of(user, review)
    if not roles:
        raise ReviewError("Seuls les trois pilotes (Ville, État, Éducation nationale) valident.")
    done = set(review.validations.values_list("role", flat=True))
    added = [
        Validation.objects.create(review=review, role=role, user=user, snapshot=taken)
        for role in sorted(roles - done)
    ]
    if not added:
        raise ReviewError("Vous avez déjà validé cette revue.")
    if done | roles >= PILOT_ROLES:
        review.status = ReviewStatus.VALIDATED
        review.save(update_fields=["status"])
    return added


@transaction.atomic
def transmit(review: AnnualReview, user: User, day: date | None = None) -> AnnualReview:
    """Sent to the national coordination: its documents count for next year's credits (art. 9)."""
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.VALIDATED:
        raise ReviewError("Seule une revue validée par les trois pilotes peut être transmise.")
    day = day or timezone.localdate()
    review.status = ReviewStatus.TRANSMITTED
    review.transmitted_on = day
    review.transmitted_by = user
    review.save(update_fields=["status", "transmitted_on", "transmitted_by"])
    record_delegation_piece(review.cite, review.year + 1, "review_sent_on", day)
    return review


PILOT_LABELS = [
    (role.value, role.label)
    for role in sorted(
        PILOT_ROLES,
        key=lambda r: ["pilote_ville", "pilote_etat", "pilote_education"].index(r.value),
    )
]
