from decimal import Decimal


def format_euros(amount: Decimal, thousands: str = " ") -> str:
    """French money: 550 000,00 €. Pages pass a narrow no-break space as the thousands mark."""
    text = f"{amount:,.2f}".replace(",", thousands).replace(".", ",")
    return f"{text} €"
