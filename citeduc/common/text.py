import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: what a search compares.

    ``fold("Parentalité")`` and ``fold("parentalite")`` are equal.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("’", "'").split())


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0-9: ``str.isdigit`` also accepts "²" or "١٢", which ``int`` then
    refuses, and a page that trusted it ended in a server error."""
    return text.isascii() and text.isdigit()


def count_of(count: int, one: str, many: str) -> str:
    """ "0 mesure enregistrée", "1 demande décidée", "3 demandes décidées": in French, 0 and 1
    take the singular."""
    return f"{count} {one if count <= 1 else many}"
