"""How a family reaches a service: its phone number, stored in one format (E.164) and shown as
the French write it, and its opening hours, kept in OpenStreetMap's syntax (data·inclusion's
``horaires_accueil``) and said in words."""

from functools import lru_cache

import osm_opening_hours_humanized as hoh
import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import get_language

HOURS_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:30; We 14:00-18:00"


def normalize_phone(value: str) -> str:
    """The number in E.164 (``+33381000000``); a French number may be typed as written in
    France (``03 81 00 00 00``), a foreign one with its ``+`` prefix."""
    text = value.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            f"Numéro de téléphone illisible : « {text} » (ex. 03 81 00 00 00).",
            code="invalid_phone",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            f"Ce numéro de téléphone n'existe pas : « {text} » (10 chiffres en France, "
            "ex. 03 81 00 00 00 ; +… pour un numéro étranger).",
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str) -> str:
    """``03 81 00 00 00`` for a French number, the international form for another; what was
    stored as is when it cannot be read (an imported number)."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_link(value: str) -> str:
    """The ``tel:`` address of a stored number."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return "tel:" + "".join(c for c in value if c.isdigit() or c == "+")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_hours(value: str) -> None:
    if not value.strip():
        return
    try:
        hoh.OHParser(value.strip(), locale="fr")
    except Exception as exc:  # the parser raises its own error types, and lark's
        raise ValidationError(
            f"Horaires illisibles : « {value} ». Écrivez-les au format OpenStreetMap : jours en "
            f"anglais abrégés (Mo, Tu, We, Th, Fr, Sa, Su), plages séparées par des virgules, "
            f"règles par des points-virgules, ex. « {HOURS_EXAMPLE} ».",
            code="invalid_hours",
        ) from exc


def hours_in_words(value: str) -> tuple[str, ...]:
    """« Du lundi au vendredi : 09:00 – 12:00. », one sentence per rule, in English on an English
    page and in French elsewhere (the library has no Arabic sentences); the text as typed when it
    cannot be read (an imported string)."""
    return _hours_in_words(value, "en" if get_language() == "en" else "fr")


@lru_cache(maxsize=2048)
def _hours_in_words(value: str, locale: str) -> tuple[str, ...]:
    if not value.strip():
        return ()
    try:
        sentences = hoh.OHParser(value.strip(), locale=locale).description()
    except Exception:  # an imported string outside the syntax is shown as it came
        return (value,)
    return tuple(" ".join(s.replace("\u2009", " ").split()) for s in sentences)
