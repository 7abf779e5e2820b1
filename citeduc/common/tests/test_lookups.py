"""An id beyond what an integer column holds names no row, in `__in` as in `=`."""

import pytest

from citeduc.territory.models import CiteEducative, Commune
from citeduc.territory.tests.factories import CiteFactory

pytestmark = pytest.mark.django_db
HUGE = 10**20  # beyond 64 bits: SQLite cannot even bind it


def test_an_id_out_of_range_names_no_row() -> None:
    cite = CiteFactory.create()
    assert list(CiteEducative.objects.filter(pk__in=[HUGE])) == []
    assert list(CiteEducative.objects.filter(pk__in=[HUGE, cite.pk, -HUGE])) == [cite]
    assert list(CiteEducative.objects.filter(pk=HUGE)) == []
    assert list(CiteEducative.objects.exclude(pk__in=[HUGE])) == [cite]


def test_other_in_lookups_are_untouched() -> None:
    cite = CiteFactory.create()
    commune = cite.communes.get()
    assert list(Commune.objects.filter(insee_code__in=[commune.insee_code, "x" * 40])) == [commune]
    assert list(CiteEducative.objects.filter(pk__in=Commune.objects.none())) == []
    assert list(CiteEducative.objects.filter(pk__in=[str(cite.pk)])) == [cite]
