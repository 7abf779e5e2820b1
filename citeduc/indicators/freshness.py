"""Derived indicators follow the data they are computed from: a decision, a contribution to the
fund, a financial report's reach, an action or a meeting saved or deleted, and the year's derived
measurements of its Cité are computed again once the transaction commits — once per Cité and
year, however many rows a programmation import writes."""

from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from citeduc.action_plan.models import Action
from citeduc.common.signals import bulk_written
from citeduc.funding.models import Decision, FundEntry, ReportReach
from citeduc.governance.models import Meeting
from citeduc.indicators.derive import derive_measurements
from citeduc.territory.models import CiteEducative


def _derive(cite_id: int, year: int) -> None:
    cite = CiteEducative.objects.filter(pk=cite_id).first()
    if cite is not None and year in cite.label_years():
        derive_measurements(cite, year)


def schedule(cite_id: int | None, year: int | None) -> None:
    """Compute the Cité's derived measurements of the year after the commit (at once outside a
    transaction), unless the same computation is already waiting for this commit."""
    if cite_id is None or year is None:
        return
    connection = transaction.get_connection()
    waiting = {getattr(func, "args", None) for _sids, func, _robust in connection.run_on_commit}
    if (cite_id, year) in waiting:
        return
    # Robust: a failed computation is logged; it never turns a saved decision into an error.
    transaction.on_commit(partial(_derive, cite_id, year), robust=True)


def _source(instance: Any) -> tuple[int | None, int | None]:
    """The Cité and year a saved row counts for."""
    if isinstance(instance, Decision):
        request = instance.request
        return request.cite_id, request.year
    if isinstance(instance, FundEntry):
        return instance.ledger.cite_id, instance.year
    if isinstance(instance, ReportReach):
        request = instance.report.request
        return request.cite_id, request.year
    if isinstance(instance, Action):
        return instance.cite_id, instance.year
    if isinstance(instance, Meeting):
        starts: datetime = instance.starts_at
        return instance.body.cite_id, timezone.localtime(starts).year
    return None, None


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded
    try:
        source = _source(instance)
    except ObjectDoesNotExist:  # a parent already deleted in a cascade: nothing to follow
        return
    schedule(*source)


SOURCES = (Decision, FundEntry, ReportReach, Action, Meeting)


def _bulk_written(sender: type, cite_id: int, year: int, **kwargs: Any) -> None:
    schedule(cite_id, year)


def connect() -> None:
    bulk_written.connect(_bulk_written, dispatch_uid="derive-bulk")
    for model in SOURCES:
        post_save.connect(_changed, sender=model, dispatch_uid=f"derive-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"derive-del-{model.__name__}")
