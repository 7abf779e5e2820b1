from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField, TextInput
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from citeduc.common.money import page_euros

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    """A dictionary cell by a key held in a variable (absent keys read as empty)."""
    return mapping.get(key, "")


@register.filter
def sorted_join(values: Iterable[str], separator: str = ", ") -> str:
    return separator.join(sorted(values))


class TableNode(template.Node):
    def __init__(self, nodelist: template.NodeList, hide_caption: bool, wide: bool = False) -> None:
        self.nodelist = nodelist
        self.hide_caption = hide_caption
        self.wide = wide

    def render(self, context: template.Context) -> str:
        modifier = " fr-table--no-caption" if self.hide_caption else ""
        modifier += " citeduc-table--wide" if self.wide else ""
        # The container is focusable because a wide table scrolls (RGAA / axe: scrollable region).
        return (
            f'<div class="fr-table{modifier}"><div class="fr-table__wrapper">'
            '<div class="fr-table__container" tabindex="0"><div class="fr-table__content"><table>'
            f"{self.nodelist.render(context)}"
            "</table></div></div></div></div>"
        )


@register.filter
def tds(values: Iterable[object]) -> str:
    """A row's data cells in one go, each value escaped: ``<tr><th>…</th>{{ cells|tds }}</tr>``
    for tables of hundreds of rows, where a loop of ``<td>`` nodes costs more than the page's
    queries."""
    return mark_safe("".join([f"<td>{conditional_escape(str(value))}</td>" for value in values]))


@register.tag("table")
def do_table(parser: template.base.Parser, token: template.base.Token) -> TableNode:
    """``{% table %}<caption>…</caption><thead>…</tbody>{% endtable %}``: the DSFR table frame.

    ``{% table "caption-hidden" %}`` keeps the caption for screen readers only;
    ``{% table "wide" %}`` is a table wider than the screen: it scrolls inside its frame, its
    header row and its first column staying in view.
    """
    options = {bit.strip('"') for bit in token.split_contents()[1:]}
    if not options <= {"caption-hidden", "wide"}:
        raise template.TemplateSyntaxError('usage : {% table ["caption-hidden"] ["wide"] %}')
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, hide_caption="caption-hidden" in options, wide="wide" in options)


@register.filter
def euros(value: object) -> str:
    """12500 → « 12 500,00 € »; empty stays empty (so that `|default` can say so)."""
    if value is None or value == "":
        return ""
    return page_euros(Decimal(str(value)))


# The DSFR class of each kind of widget; checkboxes, radios and hidden inputs keep their markup.
DSFR_CLASSES = {
    "select": "fr-select",
    "selectmultiple": "fr-select",
    "clearablefile": "fr-upload",
    "file": "fr-upload",
}
PLAIN_WIDGETS = {"checkbox", "checkboxselectmultiple", "radioselect", "hidden"}
NUMBER_ONLY = {"min", "max", "step"}


@register.filter
def choices(field: BoundField) -> BoundField:
    """A choice field ready to draw its options one by one: without the ``dsfr`` attribute
    django-dsfr puts on their inputs to mark them (HTML has no such attribute; the W3C's checker
    refuses it)."""
    field.field.widget.attrs.pop("dsfr", None)
    return field


@register.filter
def dsfr(field: BoundField) -> str:
    """A form field's widget drawn with its DSFR class (``fr-input``, ``fr-select``…), marked in
    error when it is, and tied to its error messages for screen readers."""
    kind = field.widget_type
    choices(field)
    if kind in PLAIN_WIDGETS:
        return str(field)
    css = DSFR_CLASSES.get(kind, "fr-input")
    attrs: dict[str, Any] = {}
    existing = field.field.widget.attrs.get("class", "")
    classes = [*existing.split(), css] if css not in existing.split() else existing.split()
    if field.errors:
        classes.append(f"{css}--error")
        # The hint (drawn with the id Django gives it) and then each error message.
        described = [f"{field.auto_id}_helptext"] if field.help_text else []
        described += [f"{field.auto_id}-error-{n}" for n in range(1, len(field.errors) + 1)]
        attrs["aria-describedby"] = " ".join(described)
    attrs["class"] = " ".join(classes)
    if kind == "number" and not _numeric(field.value()):
        # What was typed is not a number: a number input cannot hold it (the browser would show
        # it empty, and the W3C's checker refuses it), a text input keeps it in sight.
        kept = {k: v for k, v in field.field.widget.attrs.items() if k not in NUMBER_ONLY}
        widget = TextInput(attrs={**kept, "inputmode": "decimal"})
        return field.as_widget(widget=widget, attrs=attrs)
    return field.as_widget(attrs=attrs)


def _numeric(value: object) -> bool:
    if value in (None, ""):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return str(value).strip().lower() not in {"nan", "inf", "-inf", "infinity", "+inf"}


@register.filter
def pluriel(count: object, suffix: str = "s") -> str:
    """French plural: ``{{ n }} service{{ n|pluriel }}`` — 0 and 1 take the singular."""
    try:
        return suffix if int(str(count)) > 1 else ""
    except ValueError:
        return ""


@register.filter
def km_as_m(value: float) -> int:
    """A distance under a kilometre in metres, rounded to the ten (« 350 m »)."""
    return int(round(float(value) * 100)) * 10
