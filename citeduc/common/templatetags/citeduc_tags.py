from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import template

from citeduc.common.money import format_euros

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    """A dictionary cell by a key held in a variable (absent keys read as empty)."""
    return mapping.get(key, "")


@register.filter
def sorted_join(values: Iterable[str], separator: str = ", ") -> str:
    return separator.join(sorted(values))


class TableNode(template.Node):
    def __init__(self, nodelist: template.NodeList, hide_caption: bool) -> None:
        self.nodelist = nodelist
        self.hide_caption = hide_caption

    def render(self, context: template.Context) -> str:
        modifier = " fr-table--no-caption" if self.hide_caption else ""
        # The container is focusable because a wide table scrolls (RGAA / axe: scrollable region).
        return (
            f'<div class="fr-table{modifier}"><div class="fr-table__wrapper">'
            '<div class="fr-table__container" tabindex="0"><div class="fr-table__content"><table>'
            f"{self.nodelist.render(context)}"
            "</table></div></div></div></div>"
        )


@register.tag("table")
def do_table(parser: template.base.Parser, token: template.base.Token) -> TableNode:
    """``{% table %}<caption>…</caption><thead>…</tbody>{% endtable %}``: the DSFR table frame.

    ``{% table "caption-hidden" %}`` keeps the caption for screen readers only.
    """
    bits = token.split_contents()
    if len(bits) > 2 or (len(bits) == 2 and bits[1] != '"caption-hidden"'):
        raise template.TemplateSyntaxError('usage : {% table %} ou {% table "caption-hidden" %}')
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, hide_caption=len(bits) == 2)


@register.filter
def euros(value: object) -> str:
    """12500 → « 12 500,00 € »; empty stays empty (so that `|default` can say so)."""
    if value is None or value == "":
        return ""
    return format_euros(Decimal(str(value)), thousands="\u202f")
