from decimal import Decimal

from django import template

from citeduc.indicators.figures import format_value
from citeduc.indicators.models import Indicator

register = template.Library()


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A value of an indicator written in its unit, as everywhere else: « 730 000 € »,
    « 12,5 % », « 1 250 »; none reads « — »."""
    return format_value(indicator, value)
