"""Form fields for what French users type: amounts as they write them ("3 000,50 €"), official
numbers with their spaces ("782 401 130 00011")."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

SPACES = re.compile(r"[\s\u00a0\u202f]")


class MoneyField(forms.DecimalField):
    """An amount in euros. Accepts "3000", "3 000,50", "3.000,50 €", "3000.5"; refuses anything
    else with a sentence, and keeps what was typed (a text input with a decimal keypad: a number
    input would show an empty box for "mille")."""

    default_error_messages = {
        "invalid": "Saisissez un montant en euros, en chiffres (par exemple 3 000,50).",
        "max_digits": "Ce montant est trop grand.",
        "max_decimal_places": "Un montant a au plus deux chiffres après la virgule.",
        "min_value": "Un montant ne peut pas être négatif.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = SPACES.sub("", str(value)).removesuffix("€").removesuffix("EUR")
        if "," in text:  # French: the comma is the decimal mark, dots group thousands
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # A text box: no min/max/step attributes, which only a number input reads.
        attrs = super().widget_attrs(widget)
        return {k: v for k, v in attrs.items() if k not in {"min", "max", "step"}}


SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-]")


class IdentifierField(forms.CharField):
    """An official number (SIRET, RNA…) typed with spaces, dots or dashes, as printed on a
    Kbis or a récépissé: they are taken out (and letters put in capitals) before the validators
    read it. ``length`` is the number's own length; the box takes room for the separators."""

    def __init__(self, *, length: int, **kwargs: Any) -> None:
        self.length = length
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(length * 2)

    def to_python(self, value: Any) -> str:
        return SEPARATORS.sub("", super().to_python(value) or "").upper()
