"""What the funding pages share: the logged-in user, the addresses of a request, the instructor
check."""

from typing import cast

from django.http import HttpRequest
from django.urls import reverse

from citeduc.accounts.models import User
from citeduc.funding.enums import RequestStatus
from citeduc.funding.models import GrantRequest
from citeduc.territory.access import require_manager
from citeduc.territory.models import CiteEducative

S = RequestStatus


def user_of(request: HttpRequest) -> User:
    """The logged-in user of a view behind `login_required`."""
    return cast(User, request.user)


def detail_url(grant: GrantRequest) -> str:
    return reverse("funding:request_detail", args=[grant.cite.slug, grant.pk])


def step_url(grant: GrantRequest, step: str) -> str:
    return reverse("funding:request_step", args=[grant.cite.slug, grant.pk, step])


def require_instructor(request: HttpRequest, cite: CiteEducative) -> None:
    require_manager(request.user, cite)  # instructors are the Cité's managers (can_instruct)
