"""The pages every public service site owes its users: legal notices, accessibility, personal
data, cookies; the error pages and the health check. (The site map, which lists the Cités, is
in territory.)"""

import json
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


@cache
def rgaa_themes(path: Path) -> list[dict[str, object]]:
    """RGAA 4.1.2 themes with their criteria count, from the official criteria file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    topics = data.get("topics", data) if isinstance(data, dict) else data
    return [
        {"number": topic["number"], "title": topic["topic"], "count": len(topic["criteria"])}
        for topic in topics
    ]


def accessibility(request: HttpRequest) -> HttpResponse:
    themes = rgaa_themes(settings.CITEDUC_REFERENCE_DIR / "standards" / "rgaa" / "criteres.json")
    return render(
        request,
        "pages/accessibilite.html",
        {"themes": themes, "criteria_total": sum(int(str(t["count"])) for t in themes)},
    )


def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/mentions_legales.html")


def personal_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/donnees_personnelles.html",
        {
            "retention_months": settings.CITEDUC_ACCOUNT_RETENTION_MONTHS,
            "journal_months": settings.CITEDUC_LOGIN_JOURNAL_MONTHS,
        },
    )


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our own refusals say why; a SuspiciousOperation's text (a forged host…) is not echoed.
    reason = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# The database away (restarting, failing over): the request is refused as "come back soon", and
# a load balancer or a browser may retry, rather than reading a server error.
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this while handling the uncaught exception: ``sys.exc_info()`` names it. Both
    pages are plain HTML rendered without the request, whose session or user may be what failed
    (they need the database)."""
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def health(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer, and the floor of `make bench`: no template, no query."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
