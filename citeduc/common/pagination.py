from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, rows: Any, size: int) -> tuple[Page[Any], str]:
    """The requested page (a wrong page number gives the nearest one) and the other filters as a
    query string, for the links of `layout/_pagination.html`."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
