"""National reads on a PostgreSQL read replica, when one is configured (CITEDUC_REPLICA_URL).

The national coordination's pages and API read across every Cité and write nothing: those reads
can go to a streaming replica, which keeps the primary for the Cités' own work. Only the requests
under NATIONAL_PREFIXES are routed, and only reads of the domain's data: sessions, accounts and
tokens stay on the primary, so a fresh login or token is never missed because of replica lag.
Everything else (every write, every Cité page) uses the primary.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
NATIONAL_PREFIXES = ("/national/", "/api/national/", "/api/indicators/")
PRIMARY_ONLY_APPS = frozenset({"accounts", "auth", "sessions", "contenttypes", "admin"})

national_reads: ContextVar[bool] = ContextVar("national_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class NationalReadRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (
            national_reads.get()
            and replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


class NationalReadsMiddleware:
    """Marks a national GET request so that the router sends its reads to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        national = request.method == "GET" and request.path.startswith(NATIONAL_PREFIXES)
        token = national_reads.set(national)
        try:
            return self.get_response(request)
        finally:
            national_reads.reset(token)
