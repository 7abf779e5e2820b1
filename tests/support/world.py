"""Two Cités and a user per role, for "own Cité or the other?" tests, and a row counter."""

import os
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.accounts.tests.factories import MembershipFactory, UserFactory
from citeduc.action_plan.models import Action
from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.directory.models import Service
from citeduc.directory.tests.factories import ServiceFactory
from citeduc.funding.models import Attachment, Call, Funder, GrantRequest
from citeduc.territory.models import CiteEducative, Qpv
from citeduc.territory.tests.factories import CiteFactory, EstablishmentFactory, QpvFactory

# CI sets it: a missing optional part (Chromium, PostgreSQL, ClamAV…) then fails instead of
# skipping.
REQUIRE_ALL = os.environ.get("CITEDUC_REQUIRE_ALL") == "1"


def row_counts() -> dict[str, int]:
    """The number of rows of every table: a refused write must leave them all as they were."""
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@dataclass
class Side:
    """One Cité with a little of everything in it."""

    cite: CiteEducative
    qpv: Qpv
    service: Service
    action: Action
    request: GrantRequest
    call: Call
    attachment: Attachment


@dataclass
class World:
    own: Side  # the Cité whose members the users are
    other: Side
    users: dict[str, User]  # by role name, plus "national" and "outsider"

    @property
    def cite(self) -> CiteEducative:
        return self.own.cite

    @property
    def other_cite(self) -> CiteEducative:
        return self.other.cite


def make_side(slug: str, name: str) -> Side:
    cite = CiteFactory.create(slug=slug, name=name)
    qpv = QpvFactory.create()
    cite.qpvs.add(qpv)
    EstablishmentFactory.create(cite=cite, qpv=qpv)
    service = ServiceFactory.create(organisation__cite=cite)
    service.qpvs.add(qpv)
    action = ActionFactory.create(cite=cite)
    action.qpvs.add(qpv)
    funder = Funder.objects.create(
        cite=cite, code="VILLE", name=f"Ville de {name}", kind="commune", siret="21250056500008"
    )
    call = Call.objects.create(
        cite=cite,
        year=2025,
        title=f"Appel à projets 2025 — {name}",
        text="Un appel de test.",
        opens_on=date(2024, 11, 1),
        closes_on=date(2099, 12, 31),
    )
    call.funders.add(funder)
    request = GrantRequest.objects.create(
        cite=cite, call=call, action=action, applicant=service.organisation, year=2025
    )
    attachment = Attachment.objects.create(
        request=request,
        kind="statuts",
        file=ContentFile(b"%PDF-1.4 statuts", name="statuts.pdf"),
        original_name="statuts.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=UserFactory.create(),
    )
    return Side(
        cite=cite,
        qpv=qpv,
        service=service,
        action=action,
        request=request,
        call=call,
        attachment=attachment,
    )


def make_world() -> World:
    own = make_side("cite-a", "Cité éducative A")
    other = make_side("cite-b", "Cité éducative B")
    users = {}
    for role in Role:
        users[role.value] = MembershipFactory.create(cite=own.cite, role=role).user
    users["national"] = UserFactory.create(national=True)
    users["outsider"] = UserFactory.create()
    own.service.organisation.editors.add(users[Role.PORTEUR])
    return World(own=own, other=other, users=users)
