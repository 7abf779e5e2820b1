"""Money figures kept, not recomputed: per Cité × funder × year, what was asked, decided and paid
(`MoneyFigure`). A national page that summed 90 000 requests, 270 000 decisions and 270 000
payments on every call reads a few hundred kept rows instead.

The rows of a Cité are rewritten in the same transaction as any write to its requests, amounts
asked, decisions or payments (signals below), so a rolled-back write takes its figures with it.
A bulk writer (an import) wraps itself in ``batch()``: each Cité it touched is refreshed once, at
the end. ``rebuild()`` recomputes everything from the source rows (`rebuild_kept_figures`), and
``recompute()`` is what the tests compare the kept rows with."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from citeduc.funding.loaders import money_sum
from citeduc.funding.models import Decision, GrantRequest, MoneyFigure, Payment, RequestedAmount
from citeduc.territory.models import CiteEducative

ZERO = Decimal("0.00")
type Figures = dict[tuple[int, int], tuple[Decimal, Decimal, Decimal]]  # (funder, year) -> a/d/p

_state = threading.local()


def recompute(cite_id: int) -> Figures:
    """The Cité's figures summed from the source rows: three grouped queries."""
    sums: dict[tuple[int, int], list[Decimal]] = {}
    sources = (
        (RequestedAmount.objects.filter(request__cite_id=cite_id), "request__year"),
        (Decision.objects.filter(request__cite_id=cite_id), "request__year"),
        (
            Payment.objects.filter(decision__request__cite_id=cite_id).annotate(
                payer=F("decision__funder_id")
            ),
            "decision__request__year",
        ),
    )
    for column, (queryset, year) in enumerate(sources):
        funder = "payer" if column == 2 else "funder_id"
        for row in queryset.values(funder, year).annotate(total=money_sum()).order_by():
            key = (row[funder], row[year])
            sums.setdefault(key, [ZERO, ZERO, ZERO])[column] += row["total"]
    return {key: (a, d, p) for key, (a, d, p) in sums.items() if a or d or p}


def kept(cite_id: int) -> Figures:
    return {
        (f.funder_id, f.year): (f.asked, f.decided, f.paid)
        for f in MoneyFigure.objects.filter(cite_id=cite_id)
    }


def refresh(cite_id: int) -> None:
    """Rewrite the Cité's kept rows that differ from its source rows."""
    wanted = recompute(cite_id)
    stored = {(f.funder_id, f.year): f for f in MoneyFigure.objects.filter(cite_id=cite_id)}
    gone = [f.pk for key, f in stored.items() if key not in wanted]
    changed, added = [], []
    for (funder_id, year), (asked, decided, paid) in wanted.items():
        row = stored.get((funder_id, year))
        if row is None:
            added.append(MoneyFigure(cite_id=cite_id, funder_id=funder_id, year=year))
            row = added[-1]
        elif (row.asked, row.decided, row.paid) == (asked, decided, paid):
            continue
        else:
            changed.append(row)
        row.asked, row.decided, row.paid = asked, decided, paid
    if gone:
        MoneyFigure.objects.filter(pk__in=gone).delete()
    MoneyFigure.objects.bulk_create(added)
    MoneyFigure.objects.bulk_update(changed, ["asked", "decided", "paid"])


def rebuild(cite_ids: list[int] | None = None) -> int:
    """Recompute the kept money of these Cités (all when None); how many Cités were done."""

    ids = (
        cite_ids
        if cite_ids is not None
        else list(CiteEducative.objects.values_list("pk", flat=True))
    )
    with transaction.atomic():
        for cite_id in ids:
            refresh(cite_id)
    return len(ids)


@contextmanager
def batch() -> Iterator[None]:
    """Writes inside refresh each Cité they touched once, when the block ends (nested blocks
    leave it to the outermost)."""
    outer = getattr(_state, "waiting", None) is None
    if outer:
        _state.waiting = set()
    try:
        yield
        if outer:
            for cite_id in sorted(_state.waiting):
                refresh(cite_id)
    finally:
        if outer:
            _state.waiting = None


def touched(cite_id: int | None) -> None:
    """A write changed this Cité's money: refresh now, or at the end of the current batch."""
    if cite_id is None:
        return
    waiting = getattr(_state, "waiting", None)
    if waiting is not None:
        waiting.add(cite_id)
    else:
        refresh(cite_id)


def _cite_of(instance: Any) -> int | None:
    if isinstance(instance, Payment):
        instance = Decision.objects.filter(pk=instance.decision_id).only("request_id").first()
        if instance is None:
            return None
    values = GrantRequest.objects.filter(pk=instance.request_id).values_list("cite_id", flat=True)
    return next(iter(values), None)


def _request_moving(sender: type, instance: GrantRequest, **kwargs: Any) -> None:
    """Before a request is saved: remember where its money counted if its Cité or year change."""
    if kwargs.get("raw") or instance.pk is None:
        return
    before = GrantRequest.objects.filter(pk=instance.pk).values_list("cite_id", "year").first()
    instance._kept_from = before if before != (instance.cite_id, instance.year) else None  # type: ignore[attr-defined]


def _request_changed(sender: type, instance: GrantRequest, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    moved_from = getattr(instance, "_kept_from", None)
    if kwargs.get("signal") is post_delete or moved_from:
        touched(instance.cite_id)
    if moved_from and moved_from[0] != instance.cite_id:
        touched(moved_from[0])


def _amount_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded: `rebuild_kept_figures` follows
    try:
        touched(_cite_of(instance))
    except ObjectDoesNotExist:
        return


def connect() -> None:
    pre_save.connect(_request_moving, sender=GrantRequest, dispatch_uid="kept-money-moving")
    for signal in (post_save, post_delete):
        uid = f"kept-money-{id(signal)}"
        signal.connect(_request_changed, sender=GrantRequest, dispatch_uid=uid)
        for model in (RequestedAmount, Decision, Payment):
            signal.connect(_amount_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
