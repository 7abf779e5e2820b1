import pytest
from django.core.exceptions import ValidationError

from citeduc.directory.validators import validate_rna, validate_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000001"])
def test_valid_siret(siret: str) -> None:
    validate_siret(siret)  # the second is La Poste's, keyed by a sum of digits


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "clé de contrôle incorrecte"),
        ("7328293200007", "mal formé"),
        ("7328293200007A", "mal formé"),
        ("35600000000002", "clé de contrôle incorrecte"),
    ],
)
def test_invalid_siret(siret: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)


@pytest.mark.parametrize("rna", ["W251000123", "W2A1000123"])
def test_valid_rna(rna: str) -> None:
    validate_rna(rna)


@pytest.mark.parametrize("rna", ["251000123", "W25100012", "X251000123", "w251000123"])
def test_invalid_rna(rna: str) -> None:
    with pytest.raises(ValidationError, match="Numéro RNA mal formé"):
        validate_rna(rna)
