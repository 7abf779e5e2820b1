from decimal import Decimal


def format_euros(amount: Decimal, thousands: str = " ") -> str:
    """French money: 550 000,00 €. Pages pass a narrow no-break space as the thousands mark."""
    text = f"{amount:,.2f}".replace(",", thousands).replace(".", ",")
    return f"{text} €"


def page_euros(amount: Decimal) -> str:
    """The amount as a page shows it (the `euros` filter): a narrow no-break space between
    thousands, so that « 12 500,00 € » never breaks across two lines."""
    return format_euros(amount, thousands="\u202f")
