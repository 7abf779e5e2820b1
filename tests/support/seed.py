"""The source document: the Besançon convention and deliberation, as the demo reads it."""

from django.conf import settings

SEED = next((settings.CITEDUC_REFERENCE_DIR / "seed").glob("*.txt")).read_text(encoding="utf-8")


def article(number: int) -> str:
    """The text of the convention's article `number`, up to the next one."""
    return SEED.split(f"Article {number} :")[1].split(f"Article {number + 1} :")[0]
