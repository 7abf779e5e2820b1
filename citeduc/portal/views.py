from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from citeduc.common.text import is_digits
from citeduc.directory.models import Claim, ClaimStatus
from citeduc.portal import home as spaces
from citeduc.portal.navigation import cites_of
from citeduc.territory.access import can_manage, is_national, roles_in
from citeduc.territory.enums import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's home: one block per Cité they belong to (or the one chosen), then the
    national coordination's block."""
    user = request.user
    mine = cites_of(user)
    chosen = request.GET.get("cite", "")
    shown = [c for c in mine if c.slug == chosen] or mine[:1]
    today = timezone.localdate()
    blocks = []
    for cite in shown:
        roles = roles_in(user, cite)
        block: dict[str, object] = {"cite": cite, "roles": sorted(Role(r).label for r in roles)}
        if can_manage(user, cite):
            asked = request.GET.get("annee", "")
            year = int(asked) if is_digits(asked) and len(asked) == 4 else None
            block["year"], block["cards"], block["findings"] = spaces.cockpit(cite, year)
            block["years"] = cite.label_years()
            block["trend"] = spaces.money_trend(cite)
            block["pending_claims"] = Claim.objects.filter(
                cite=cite, status=ClaimStatus.PENDING
            ).count()
        if Role.PORTEUR in roles:
            block["porteur"] = True
            block["organisations"], block["requests"], block["calls"] = spaces.porteur_space(
                user, cite, today
            )
        block["meetings"] = spaces.next_meetings(cite)
        blocks.append(block)
    national = is_national(user)
    pending_mine = Claim.objects.filter(user=user.pk, status=ClaimStatus.PENDING).count()
    return render(
        request,
        "portal/home.html",
        {
            "blocks": blocks,
            "cites": mine,
            "national": national,
            "pending_mine": pending_mine,
            "national_year": today.year - 1,
            "national_rows": spaces.national_space(today.year - 1) if national else [],
        },
    )
