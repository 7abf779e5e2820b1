from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template

from citeduc.common.fields import IdentifierField, MoneyField
from citeduc.directory.validators import validate_siret


class Amount(forms.Form):
    amount = MoneyField(label="Montant")
    siret = IdentifierField(label="SIRET", length=14, validators=[validate_siret], required=False)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("3000", "3000"),
        ("3 000,50", "3000.50"),
        ("3\u202f000,50 €", "3000.50"),
        ("3.000,5", "3000.5"),
        ("1250.75", "1250.75"),
    ],
)
def test_amounts_as_people_type_them(typed: str, amount: str) -> None:
    form = Amount({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(amount)


@pytest.mark.parametrize("typed", ["mille", "1e400", "NaN", "-5", "12,345"])
def test_a_refused_amount_says_why_and_keeps_what_was_typed(typed: str) -> None:
    form = Amount({"amount": typed})
    assert not form.is_valid()
    (message,) = form.errors["amount"]
    assert "montant" in str(message).lower()
    html = str(form["amount"])
    assert f'value="{typed}"' in html and 'type="text"' in html and 'inputmode="decimal"' in html


def test_a_siret_with_its_spaces() -> None:
    form = Amount({"amount": "1", "siret": "732 829 320 00074"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == "73282932000074"
    assert 'maxlength="28"' in str(form["siret"])
    wrong = Amount({"amount": "1", "siret": "732 829 320"})
    assert not wrong.is_valid()
    assert wrong.errors["siret"] == ["SIRET mal formé : « 732829320 » (14 chiffres)"]


def test_the_dsfr_filter_draws_inputs_in_error() -> None:
    form = Amount({"amount": "mille"})
    form.is_valid()
    html = Template("{% load citeduc_tags %}{{ form.amount|dsfr }}{{ form.siret|dsfr }}").render(
        Context({"form": form})
    )
    assert 'class="fr-input fr-input--error"' in html
    assert 'aria-describedby="id_amount-error-1"' in html
    assert html.count('class="fr-input') == 2
