"""The public pages a visitor without an account reads — the home page, a Cité's page, the
directory, a service, the calls, the indicators — kept once rendered, per address, language and
version of the data (`common/versions.py`): any write anywhere makes a new version, so a kept
page is never older than the data it shows; ``TTL`` bounds what depends on the clock alone (a
meeting "to come" that has passed).

Never kept: a signed-in person's pages, a visitor who carries a session or pending messages (a
page may have something to tell them), a response that sets a cookie (a CSRF token, a session),
anything but a 200 HTML page or JSON answer (the directory map's places). The CSP nonce of the
rendered page is put back fresh on each serving, so the inline scripts it allows are the new
request's."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from citeduc.common import versions

TTL = 300  # seconds
NONCE_MARK = "@@citeduc-nonce@@"
HEADER = "X-Citeduc-Page"  # "gardée" when served from the cache: what the tests and ops read


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, version: str) -> str:
    address = f"{get_language()}|{version}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def _keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.get("Content-Type", "").startswith(("text/html", "application/json"))
    ):
        return
    content = response.content.decode(response.charset)
    nonce = get_nonce(request)
    if nonce:  # generated: the page uses it
        content = content.replace(str(nonce), NONCE_MARK)
    caches[versions.ALIAS].set(key, (content, response["Content-Type"]), timeout=TTL)


def kept_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache to visitors without an account (see above)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = versions.everything_version() if _cacheable_request(request) else None
        if version is None:
            return view(request, *args, **kwargs)
        key = _key(request, version)
        found = caches[versions.ALIAS].get(key)
        if found is not None:
            content, content_type = found
            if NONCE_MARK in content:
                content = content.replace(NONCE_MARK, str(get_nonce(request)))
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "gardée"
            return response
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.add_post_render_callback(lambda r: _keep(request, key, r))
        else:
            _keep(request, key, response)
        return response

    return wrapper
