import pytest
from django.core.exceptions import ValidationError

from citeduc.territory.validators import (
    uai_check_letter,
    uai_error,
    validate_qpv_code,
    validate_uai,
)


@pytest.mark.parametrize(
    ("first_seven", "letter"),
    [
        ("0940176", "F"),  # example of the Annuaire de l'éducation columns file
        ("0000000", "A"),  # 0 mod 23
        ("0000022", "Z"),  # 22 mod 23, last letter of the 23-letter alphabet
        ("0000023", "A"),  # wraps around
        ("0000008", "J"),  # I is not in the alphabet: index 8 is J
    ],
)
def test_uai_check_letter(first_seven: str, letter: str) -> None:
    assert uai_check_letter(first_seven) == letter


def test_valid_uai_passes() -> None:
    validate_uai("0940176F")
    assert uai_error("0940176F") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0940176A", "lettre de contrôle A incorrecte (attendue : F) [R-PER-3]"),
        ("094017F", "UAI mal formé"),
        ("09401760", "UAI mal formé"),
        ("0940176f", "UAI mal formé"),
    ],
)
def test_invalid_uai_is_refused_with_reason(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_uai(value)
    assert message in excinfo.value.messages[0]


@pytest.mark.parametrize("code", ["QN02503M", "QN02517N", "QN97101M", "QN02A01M"])
def test_qpv_code_accepts_national_forms(code: str) -> None:
    validate_qpv_code(code)


@pytest.mark.parametrize("code", ["QP02503M", "QN0250M", "QN025033", "qn02503m", ""])
def test_qpv_code_refuses_malformed(code: str) -> None:
    with pytest.raises(ValidationError):
        validate_qpv_code(code)
