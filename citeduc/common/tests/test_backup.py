"""backup → damage → restore gives back every row, on SQLite and (in CI) on PostgreSQL."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citeduc.common.backup import fingerprint
from citeduc.territory.models import Commune, Qpv


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_identically(tmp_path: Path) -> None:
    paris = Commune.objects.create(insee_code="75056", name="Paris")
    Qpv.objects.create(code="QN07501A", name="Quartier d'essai", commune=paris)
    before = fingerprint()
    assert before["territory_commune"][0] == 1 and before["territory_qpv"][0] == 1
    archive = tmp_path / "citeduc.backup"
    call_command("backup", str(archive))
    assert archive.stat().st_size > 0
    Qpv.objects.all().delete()
    Commune.objects.create(insee_code="13055", name="Marseille")
    assert fingerprint() != before
    call_command("restore", str(archive))
    assert fingerprint() == before
    assert Qpv.objects.get().name == "Quartier d'essai"


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_damaged_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore", str(tmp_path / "absent.backup"))
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(b"ceci n'est pas une sauvegarde")
    Commune.objects.create(insee_code="75056", name="Paris")
    with pytest.raises(CommandError):
        call_command("restore", str(damaged))
    assert Commune.objects.filter(name="Paris").exists()
