from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from citeduc.common.languages import translated
from citeduc.common.page_cache import kept_for_visitors
from citeduc.common.pagination import paginate
from citeduc.territory import access, matching
from citeduc.territory.access import cite_manager, cite_reader
from citeduc.territory.enums import PriorityEducation, Role
from citeduc.territory.models import CiteEducative, Establishment

HOME_PAGE_SIZE = 24


@translated
@kept_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    """The Cités of the instance, 24 a page: a national instance holds about 250."""
    cites = (
        CiteEducative.objects.with_perimeter_counts().prefetch_related("communes").order_by("name")
    )
    page, query = paginate(request, cites, HOME_PAGE_SIZE)
    return render(request, "territory/home.html", {"cites": page, "page": page, "query": query})


@translated
@kept_for_visitors
def cite_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_cite_for_user(request.user, slug)
    qpvs = list(cite.qpvs.select_related("commune").order_by("code"))
    establishments = list(Establishment.objects.for_cite(cite).order_by("kind", "name"))
    groups = [
        (kind_label, list(rows))
        for kind_label, rows in groupby(establishments, key=lambda e: e.get_kind_display())
    ]
    priority_counts = {
        label: count
        for value, label in PriorityEducation.choices
        if (count := sum(1 for e in establishments if e.priority_education == value))
    }
    map_data = {
        "tiles": settings.CITEDUC_MAP_TILES_URL,
        "attribution": settings.CITEDUC_MAP_ATTRIBUTION,
        "qpvs": [{"code": q.code, "name": q.name, "contour": q.contour} for q in qpvs if q.contour],
        "establishments": [e.as_map_feature() for e in establishments if e.has_position],
    }
    return render(
        request,
        "territory/cite_detail.html",
        {
            "cite": cite,
            "qpvs": qpvs,
            "population": sum(q.population or 0 for q in qpvs),
            "establishment_groups": groups,
            "establishment_count": len(establishments),
            "positioned_count": len(map_data["establishments"]),
            "priority_counts": priority_counts,
            "map_data": map_data,
            "can_read_private": access.can_read_private(request.user, cite),
        },
    )


@login_required
@cite_reader
def cite_space(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    memberships = list(cite.memberships.select_related("user").order_by("role", "user__email"))
    # A porteur reads who is who and how to reach the coordination; the partners' addresses
    # are for the partners (and the coordination) only.
    roles = access.roles_in(request.user, cite)
    porteur_only = bool(roles) and roles <= {Role.PORTEUR} and not request.user.is_superuser
    for membership in memberships:
        membership.shown_email = (  # type: ignore[attr-defined]
            membership.user.email
            if not porteur_only
            or membership.role == Role.COORDINATION
            or membership.user_id == request.user.pk
            else ""
        )
    return render(
        request,
        "territory/cite_space.html",
        {
            "cite": cite,
            "memberships": memberships,
            "can_manage": access.can_manage(request.user, cite),
        },
    )


def site_map(request: HttpRequest) -> HttpResponse:
    cites = CiteEducative.objects.order_by("name").only("slug", "name")
    sections = [
        ("Accueil", reverse("home")),
        ("Connexion", reverse("accounts:login")),
        ("Accessibilité", reverse("accessibility")),
        ("Mentions légales", reverse("legal_notice")),
        ("Données personnelles", reverse("personal_data")),
        ("Gestion des cookies", reverse("cookies")),
        ("Documentation de l'API", reverse("api:openapi-view")),
    ]
    return render(request, "pages/plan_du_site.html", {"sections": sections, "cites": cites})


@login_required
@cite_manager
def match_establishments(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    """The Cité's establishments without UAI, each with the Annuaire rows it may be: the
    coordination confirms the right one (or none), all on one page."""
    found = matching.proposals(cite)
    if request.method == "POST":
        chosen = []
        for proposal in found:
            choice = request.POST.get(f"choix-{proposal.local.pk}", "")
            official = next((r for r, _ in proposal.candidates if str(r.pk) == choice), None)
            if official is not None:
                chosen.append((proposal.local, official))
        twice = {o.name for _, o in chosen if sum(1 for _, x in chosen if x.pk == o.pk) > 1}
        if twice:
            messages.error(
                request,
                f"{', '.join(sorted(twice))} : une ligne de l'Annuaire ne peut être rapprochée que "
                "d'un seul établissement. Rien n'a été rapproché.",
            )
            return render(request, "territory/match.html", {"cite": cite, "proposals": found})
        merged = sum(1 for local, official in chosen if matching.merge(local, official))
        messages.success(
            request,
            f"{merged} établissement(s) rapproché(s) de l'Annuaire de l'éducation."
            if merged
            else "Aucun rapprochement confirmé.",
        )
        return redirect("territory:match_establishments", slug=cite.slug)
    return render(request, "territory/match.html", {"cite": cite, "proposals": found})
