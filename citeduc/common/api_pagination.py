"""The API's pagination with bounds: a page or an offset past any real list is refused by the
schema (422) instead of reaching the database as a number it cannot hold."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PageNumberPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_PAGE = 100_000


class BoundedLimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Nombre de lignes (500 au plus).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Lignes à sauter.")


class BoundedPages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Numéro de page.")
        page_size: int | None = Field(
            None, ge=1, le=100, description="Lignes par page (100 au plus)."
        )


# A year of the label's era, for the API's filters.
YEAR_FILTER = Field(None, ge=2000, le=2100, description="Année civile.")
