import re

from django.core.exceptions import ValidationError

RNA_PATTERN = re.compile(r"^W[0-9][0-9AB][0-9]{7}$")
# La Poste's establishments share one SIREN whose SIRET do not follow the Luhn key.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationError(f"SIRET mal formé : « {value} » (14 chiffres)", code="invalid_siret")
    if value.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in value) % 5 != 0:
            raise ValidationError(
                f"SIRET {value} : clé de contrôle incorrecte", code="invalid_siret"
            )
        return
    if not luhn_ok(value):
        raise ValidationError(
            f"SIRET {value} : clé de contrôle incorrecte (algorithme de Luhn)", code="invalid_siret"
        )


def validate_rna(value: str) -> None:
    """Numéro RNA: W, then 9 characters (the department may be 2A, 2B or 9x7)."""
    if not RNA_PATTERN.fullmatch(value):
        raise ValidationError(
            f"Numéro RNA mal formé : « {value} » (W suivi de 9 caractères, ex. W251000123)",
            code="invalid_rna",
        )
