"""The public families of the statistical secret prepared ahead: once the children's figures have
changed, a task builds again, for the new version, the masked families that every public output
reads (an outsider's view: the public indicator pages, the national consolidation, the annual
review). At national size a cold build costs ≈ 0.3 s per code and year — ≈ 15 s for the 34 codes
of a review —; prepared by the worker, the person who opens the page reads them ready.

Off in the tests (``CITEDUC_WARM_FAMILIES``): the immediate task backend would build every family
after each write of every test."""

import logging

from django.conf import settings
from django.tasks import task

from citeduc.common import signals, versions
from citeduc.indicators.models import Measurement
from citeduc.indicators.secrecy import build_families

log = logging.getLogger(__name__)
TOPIC = versions.CHILDREN
BATCH = 8


def public_pairs() -> set[tuple[str, int]]:
    """The (code, year) of every published indicator with a figure: the public families."""
    return set(
        Measurement.objects.filter(indicator__is_public=True)
        .values_list("indicator__code", "year")
        .distinct()
    )


@task()
def warm_public_families(version: str) -> int:
    """Build and keep the public families for ``version``; nothing when a newer write has come
    since (the task it queued will do it). Returns the number of families built."""
    if versions.topic_version(TOPIC) != version:
        return 0
    pairs = sorted(public_pairs())
    for start in range(0, len(pairs), BATCH):  # a national family reads ≈ 8 500 rows
        if versions.topic_version(TOPIC) != version:
            return start  # a newer write came meanwhile: its own task takes over
        build_families(pairs[start : start + BATCH], known=frozenset())
    log.info("familles publiques préparées : %d", len(pairs))
    return len(pairs)


def _changed(sender: object, topic: str, **kwargs: object) -> None:
    if topic != TOPIC or not settings.CITEDUC_WARM_FAMILIES:
        return
    version = versions.topic_version(TOPIC)
    if version is not None:
        warm_public_families.enqueue(version)


def connect() -> None:
    signals.topic_changed.connect(_changed, dispatch_uid="warm-public-families")
