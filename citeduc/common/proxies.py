"""The client's address behind the reverse proxies a deployment puts in front of citeduc.

Each trusted proxy appends the address it received the request from to `X-Forwarded-For`; with
`CITEDUC_PROXY_COUNT = N`, the client is the N-th entry from the right. What stands further left
was written by the client itself and is never believed. Without proxies (N = 0) the socket's
address is kept. Everything downstream — lockout, password-link limits, the login journal —
then reads one `REMOTE_ADDR`.

A request with fewer entries than N did not come through every proxy (a direct hit on the
application server): its socket address is kept, which is what an operator would see."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_from(forwarded_for: str, proxies: int) -> str | None:
    entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    if proxies <= 0 or len(entries) < proxies:
        return None
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class TrustedProxies:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = int(settings.CITEDUC_PROXY_COUNT)
        if proxies:
            found = client_from(request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
            if found:
                request.META["REMOTE_ADDR"] = found
        return self.get_response(request)
