from collections.abc import Iterable, Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    """A dictionary cell by a key held in a variable (absent keys read as empty)."""
    return mapping.get(key, "")


@register.filter
def sorted_join(values: Iterable[str], separator: str = ", ") -> str:
    return separator.join(sorted(values))
