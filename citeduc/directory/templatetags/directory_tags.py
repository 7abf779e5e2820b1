"""How a service's contact and hours read on a page or in a guide."""

from django import template

from citeduc.directory.contact import hours_in_words, phone_display, phone_link

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored phone number as the French write it (``03 81 00 00 00``)."""
    return phone_display(value) if value else ""


@register.filter
def tel_link(value: str) -> str:
    return phone_link(value) if value else ""


@register.filter
def hours_words(value: str) -> tuple[str, ...]:
    """Opening hours in OpenStreetMap's syntax, one sentence per rule, in the page's language
    (French where the library has none)."""
    return hours_in_words(value or "")
