import pytest

from citeduc.territory.models import Commune
from citeduc.territory.tests.factories import CommuneFactory


@pytest.mark.django_db
def test_commune_factory_keeps_insee_codes_at_five_characters_after_ten_thousand_communes() -> None:
    # PostgreSQL enforces the five characters that SQLite ignores; the whole suite creates
    # well over ten thousand communes, so the sequence must wrap instead of growing.
    CommuneFactory.reset_sequence(10_003)
    commune = CommuneFactory.create()
    commune.full_clean()
    assert commune.insee_code == "90003"
    assert Commune.objects.filter(insee_code="90003").count() == 1
