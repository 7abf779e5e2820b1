from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, rows: Any, size: int) -> tuple[Page[Any], str]:
    """The requested page (a wrong page number gives the nearest one) and the other filters as a
    query string, for the links of `layout/_pagination.html`."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def paginate_keys(
    request: HttpRequest,
    rows: QuerySet[Any],
    size: int,
    load: Callable[[QuerySet[Any]], QuerySet[Any]],
) -> tuple[Page[Any], str]:
    """`paginate` for a list whose order needs no join but whose rows are shown with many: the
    page's keys are found on ``rows`` alone, then only those rows are read through ``load``
    (joins, prefetches), in the same order. A join before a LIMIT is paid for every match —
    1 500 services for a frequent word — not for the 20 shown."""
    page, query = paginate(request, rows.values_list("pk", flat=True), size)
    keys = list(page.object_list)
    found = {row.pk: row for row in load(rows.filter(pk__in=keys)).order_by()}
    page.object_list = [found[key] for key in keys]
    return page, query
