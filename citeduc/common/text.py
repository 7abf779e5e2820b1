import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: what a search compares.

    ``fold("Parentalité")`` and ``fold("parentalite")`` are equal.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("’", "'").split())
