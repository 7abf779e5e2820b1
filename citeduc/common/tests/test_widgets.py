"""The select drawn in Python gives the HTML Django's own select gives, option for option."""

import re

import pytest
from django import forms

from citeduc.common import widgets

CHOICES = [
    ("", "Toutes"),
    ("besancon", "Besançon <Planoise> & « Clairs-Soleils »"),
    ('x"y', 'Guillemet "double"'),
    ("Groupe d'options", [("a", "Un"), ("b", "Deux")]),
    (3, "Un nombre"),
]


def compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "besancon", "b", "3", 'x"y', "absent"])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "fr-select fr-select--error", "aria-describedby": "a b"},
              {"required": True, "disabled": False, "data-n": 4}],
)  # fmt: skip
def test_the_same_html_as_django(value: str | None, attrs: dict[str, object] | None) -> None:
    django_select = forms.Select(choices=CHOICES, attrs={"id": "id_cite"})
    ours = widgets.Select(choices=CHOICES, attrs={"id": "id_cite"})
    expected = compact(django_select.render("cite", value, attrs=attrs))
    assert compact(ours.render("cite", value, attrs=attrs)) == expected
    assert "&lt;Planoise&gt; &amp;" in expected


def test_a_field_keeps_its_widget_type() -> None:
    class SearchForm(forms.Form):
        cite = forms.ChoiceField(choices=CHOICES, required=False, widget=widgets.Select)

    assert SearchForm()["cite"].widget_type == "select"
