"""Refuse, with a clear 400 page, a query string that holds a NUL character.

No one types one, PostgreSQL refuses it in any text it is given, and a page that filters on a
query parameter (`?qpv=`, `?periode=`…) would otherwise end in a server error. Forms already
refuse it field by field (Django's CharField), so only the address is checked here."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("L'adresse contient un caractère nul, que citeduc refuse.")
        return self.get_response(request)
