"""Validators of the national codes the territory speaks (R-PER-3 for the UAI)."""

import re

from django.core.exceptions import ValidationError

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")
QPV_CODE_PATTERN = re.compile(r"^QN(?:[0-9]{3}|02[AB])[0-9]{2}[A-Z]$")
INSEE_PATTERN = re.compile(r"^(?:[0-9]{5}|2[AB][0-9]{3})$")


def uai_check_letter(first_seven: str) -> str:
    """The check letter of an UAI: int(first 7 digits) mod 23, read in the 23-letter alphabet."""
    return UAI_LETTERS[int(first_seven) % 23]


def uai_error(value: str) -> str | None:
    """Why a string is not a valid UAI, or None when it is."""
    if not UAI_PATTERN.match(value):
        return f"UAI mal formé : {value!r} (7 chiffres puis une lettre, ex. 0940176F)"
    expected = uai_check_letter(value[:7])
    if value[7] != expected:
        return (
            f"UAI {value} : lettre de contrôle {value[7]} incorrecte "
            f"(attendue : {expected}) [R-PER-3]"
        )
    return None


def validate_uai(value: str) -> None:
    error = uai_error(value)
    if error:
        raise ValidationError(error, code="invalid_uai")


def validate_qpv_code(value: str) -> None:
    if not QPV_CODE_PATTERN.match(value):
        raise ValidationError(
            f"Code QPV mal formé : {value!r} (attendu QN suivi du département, ex. QN02503M)",
            code="invalid_qpv_code",
        )


def validate_insee_code(value: str) -> None:
    if not INSEE_PATTERN.match(value):
        raise ValidationError(
            f"Code commune INSEE mal formé : {value!r} (5 caractères, ex. 25056)",
            code="invalid_insee_code",
        )
