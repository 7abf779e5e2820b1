from django.db import DatabaseError
from django.http import HttpRequest

from citeduc.portal.navigation import cite_of_page, cites_of, menu

EMPTY: dict[str, object] = {"nav_sections": [], "nav_current": "", "nav_cite": None}


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu of the page's reader, for the header and the site map."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return EMPTY
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    try:
        cite = cite_of_page(user, slug, cites_of(user))
        sections = menu(user, cite)
    except DatabaseError:  # the error page of a database failure still renders
        return EMPTY
    current = next((s.label for s in sections if s.holds(request.path)), "")
    return {"nav_sections": sections, "nav_current": current, "nav_cite": cite}
