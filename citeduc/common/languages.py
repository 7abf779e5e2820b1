"""The languages of the public side.

Every page answers at its French address (``/annuaire/``) and, through Django's
``i18n_patterns``, at the same address behind a language (``/en/annuaire/``, ``/ar/…``,
``/fr-falc/…``). Only the pages written for families and inhabitants are translated: the views
marked ``@translated`` (home, a Cité's page, the directory, the calls for projects, the family
guide). A partner's page asked in another language is sent to its French address, so that a page
is never announced in a language it is not written in.

The choice is kept: the switcher (``choose_language``) sets a cookie, and a translated page asked
at its French address by someone who chose another language is sent to that language."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

MARK = "citeduc_translated"
FALC = "fr-falc"


def translated[V: Callable[..., Any]](view: V) -> V:
    """This view's page is written in every language of ``settings.LANGUAGES``."""
    setattr(view, MARK, True)
    return view


def is_translated(view: Any) -> bool:
    return bool(getattr(view, MARK, False))


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def html_lang(code: str) -> str:
    """The ``lang`` attribute of a page in this language: FALC is French."""
    return settings.LANGUAGE_CODE if code == FALC else code


def _redirect(request: HttpRequest, code: str) -> HttpResponse | None:
    target = translate_url(request.get_full_path(), code)
    return HttpResponseRedirect(target) if target != request.get_full_path() else None


class PublicLanguages:
    """Sends a page to the address of the language it is written in (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None
        asked = translation.get_language_from_path(request.path_info)
        if asked and asked != settings.LANGUAGE_CODE and not is_translated(view):
            return _redirect(request, settings.LANGUAGE_CODE)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if (
            not asked
            and is_translated(view)
            and chosen in codes()
            and chosen != settings.LANGUAGE_CODE
        ):
            return _redirect(request, chosen)
        return None


def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The switcher's links: the same page in the chosen language, and the choice kept."""
    if code not in codes():
        code = settings.LANGUAGE_CODE
    back = request.GET.get("suivant", "/")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    # The address is read in its own language (``/en/…`` resolves only while English is on).
    with translation.override(translation.get_language_from_path(back) or settings.LANGUAGE_CODE):
        target = translate_url(back, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
        httponly=True,
    )
    return response


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    url: str
    current: bool

    @property
    def short(self) -> str:
        return "FALC" if self.code == FALC else self.code.upper()

    @property
    def lang(self) -> str:
        return html_lang(self.code)


def page_languages(request: HttpRequest) -> dict[str, Any]:
    """For every page: its ``lang`` and ``dir``; for a translated page, the switcher's choices
    (the same page in each language)."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    lang = html_lang(current)
    context: dict[str, Any] = {
        "html_lang": lang,
        "html_dir": "rtl" if translation.get_language_bidi() else "ltr",
        # The content written in French (a service, its address, its hours) on a page in another
        # language says so, and keeps its own direction inside a right-to-left page.
        "french_content": mark_safe(' lang="fr" dir="ltr"')
        if lang != settings.LANGUAGE_CODE
        else "",
    }
    match = getattr(request, "resolver_match", None)
    if match is not None and is_translated(match.func):
        here = request.get_full_path()
        context["language_choices"] = [
            Choice(
                code,
                name,
                f"{reverse('choose_language', args=[code])}?suivant={quote(here, safe='/')}",
                code == current,
            )
            for code, name in settings.LANGUAGES
        ]
    return context
