import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: what a search compares.

    ``fold("Parentalité")`` and ``fold("parentalite")`` are equal.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("’", "'").split())


# Words a search ignores, as PostgreSQL's French configuration does (folded: no accents).
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du elle en et eux il je l la le les leur lui m ma mais "
    "me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur "
    "t ta te tes toi ton tu un une vos votre vous y".split()
)


def search_words(text: str) -> list[str]:
    """The words a search looks for: folded, letters and digits only, stop words left out.

    ``search_words("L'aide aux devoirs !")`` is ``["aide", "devoirs"]``."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:12]


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0-9: ``str.isdigit`` also accepts "²" or "١٢", which ``int`` then
    refuses, and a page that trusted it ended in a server error."""
    return text.isascii() and text.isdigit()


def count_of(count: int, one: str, many: str) -> str:
    """ "0 mesure enregistrée", "1 demande décidée", "3 demandes décidées": in French, 0 and 1
    take the singular."""
    return f"{count} {one if count <= 1 else many}"
