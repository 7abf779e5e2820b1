"""The access matrix's vocabulary: who may open each named URL, and how to build its address
on the two-Cité world. Read by the matrix test, the hostile-input test and the browser checks."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from citeduc.accounts.enums import MANAGER_ROLES, Role
from citeduc.accounts.models import Membership, User
from citeduc.deliberations.models import (
    Attendance,
    Council,
    Councillor,
    Deliberation,
    Proxy,
    Sitting,
)
from citeduc.directory.models import Claim
from citeduc.funding.models import Decision, GrantRequest
from citeduc.governance.enums import BodyKind
from citeduc.governance.models import Amendment, Body, BodyMember, DecisionRecord, Document, Meeting
from citeduc.indicators.models import Indicator
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.reviews.models import ChecklistPiece
from citeduc.reviews.operations import freeze, latest, open_review
from tests.support.world import Side, World

PUBLIC = "public"  # everybody, any Cité (HTML page)
PUBLIC_FILE = "public_file"  # everybody, a file rather than a page (PDF)
MEMBERS = "members"  # members of that Cité, national coordination, superusers
MEMBERS_FILE = "members_file"  # the same, for a download rather than a page
PARTNERS = "partners"  # members but porteurs (who see only their own requests), national level
PARTNERS_FILE = "partners_file"  # the same, for a download
# The same, a document built by a job: the first request is sent to the job's page (302).
PARTNERS_BUILT = "partners_built"
CONTROLLERS_BUILT = "controllers_built"  # the controllers' archive, built by a job the same way
CONTROLLERS = "controllers"  # coordination and pilots of the Cité, national coordination (art. 17)
CONTROLLERS_FILE = "controllers_file"  # the same, for a download
CURATORS_FILE = "curators_file"  # coordination and pilots of the Cité only, a download
AUTHENTICATED = "authenticated"  # anyone logged in (their own inbox)
# Taking the second factor off: a form for the roles that may, the security page for the others.
OPTIONAL_FACTOR = "optional_factor"
EDITORS = "editors"  # coordination and pilots of the Cité, porteurs named editors of the structure
CURATORS = "curators"  # coordination and pilots of the Cité only
POST_ONLY = "post_only"  # an action: anonymous is sent to log in, GET is refused to others
LOGIN = "login"  # anonymous sees the form, a logged-in user is sent on
LOGOUT = "logout"  # POST only
API_TOKEN = "api_token"  # bearer token required: a browser session is not enough
API_PUBLIC = "api_public"  # open data, no token
API_DOCS = "api_docs"  # the OpenAPI description is public
API_NATIONAL = "api_national"  # the national API: a national session or token; 401 without login
NATIONAL = "national"  # the national coordination (and superusers) only
NATIONAL_FILE = "national_file"  # the same, for a download
NOT_A_PAGE = "not_a_page"  # django-ninja's root, only there to build the API's URLs: 404 for all
# ProConnect's entry and return: 404 while the instance has no ProConnect client (as here); the
# login through it is tested end to end in accounts/tests/test_proconnect.py.
PROCONNECT = "proconnect"
BAD_LINK = "bad_link"  # a link that is not valid: 400 and a page that says so, for everyone
SWITCH = "switch"  # the language switcher: back to the page, in the language chosen, for everyone

# What a URL is about, to build its arguments from the world of the test.
NONE, CITE, SERVICE, ORGANISATION, QPV = "none", "cite", "service", "organisation", "qpv"
LANGUAGE = "language"
ACTION, AXIS, OBJECTIVE, PRIORITY, CITE_QPV = "action", "axis", "objective", "priority", "cite_qpv"
CITE_YEAR, REQUEST = "cite_year", "request"
CALL, REQUEST_STEP, ATTACHMENT, DECISION = "call", "request_step", "attachment", "decision"
BODY, MEMBER, MEETING, RECORD = "body", "member", "meeting", "decision_record"
DOC_PARENT, DOCUMENT, AMENDMENT = "doc_parent", "document", "amendment"
COUNCIL, SITTING, PROXY, DELIBERATION = "council", "sitting", "proxy", "deliberation"
INDICATOR, CODE = "indicator", "indicator_code"
REVIEW, REVIEW_PART, PIECE = "review", "review_part", "checklist_piece"
MEMBERSHIP, RESET_LINK = "membership", "reset_link"
IMPORT_KIND, JOB, NATIONAL_KIND = "import_kind", "job", "national_kind"
CLAIM, ORG_MEMBER, SIGNUP_TOKEN = "claim", "org_member", "signup_token"
FUNDER_YEAR = "funder_year"
# A password link that is not valid (the page then says so and offers a new one).
EXPIRED_LINK = {"uidb64": "MQ", "token": "cr1m3-0bs0l3t3"}

CLASSIFICATION: dict[str, tuple[str, str]] = {
    "home": (PUBLIC, NONE),
    "portal:home": (AUTHENTICATED, NONE),
    "territory:cite_detail": (PUBLIC, CITE),
    "territory:cite_space": (MEMBERS, CITE),
    "accounts:login": (LOGIN, NONE),
    "accounts:logout": (LOGOUT, NONE),
    "accounts:password_reset": (PUBLIC, NONE),
    "accounts:password_reset_done": (PUBLIC, NONE),
    "accounts:password_reset_confirm": (PUBLIC, RESET_LINK),
    "accounts:password_reset_complete": (PUBLIC, NONE),
    "accounts:security": (AUTHENTICATED, NONE),
    "accounts:second_factor_setup": (AUTHENTICATED, NONE),
    "accounts:second_factor_verify": (AUTHENTICATED, NONE),
    "accounts:recovery_codes": (AUTHENTICATED, NONE),
    "accounts:second_factor_remove": (OPTIONAL_FACTOR, NONE),
    "accounts:calendar_link": (POST_ONLY, NONE),
    "accounts:calendar_link_revoke": (POST_ONLY, NONE),
    "accounts:member_add": (CURATORS, CITE),
    "accounts:member_remove": (POST_ONLY, MEMBERSHIP),
    "accounts:signup": (LOGIN, NONE),
    "accounts:signup_sent": (PUBLIC, NONE),
    "accounts:signup_confirm": (BAD_LINK, SIGNUP_TOKEN),
    "directory:my_structures": (AUTHENTICATED, NONE),
    "directory:claim_search": (AUTHENTICATED, NONE),
    "directory:declare": (AUTHENTICATED, NONE),
    "directory:service_create": (EDITORS, ORGANISATION),
    "directory:service_publish": (POST_ONLY, SERVICE),
    "directory:service_confirm": (POST_ONLY, SERVICE),
    "directory:members": (CURATORS, ORGANISATION),
    "directory:member_remove": (POST_ONLY, ORG_MEMBER),
    "directory:member_admin": (POST_ONLY, ORG_MEMBER),
    "directory:claim_list": (CURATORS, CITE),
    "directory:claim_decide": (CURATORS, CLAIM),
    "accounts:proconnect_start": (PROCONNECT, NONE),
    "accounts:proconnect_callback": (PROCONNECT, NONE),
    "accessibility": (PUBLIC, NONE),
    "legal_notice": (PUBLIC, NONE),
    "personal_data": (PUBLIC, NONE),
    "cookies": (PUBLIC, NONE),
    "site_map": (PUBLIC, NONE),
    "directory:search": (PUBLIC, NONE),
    "directory:service_detail": (PUBLIC, SERVICE),
    "directory:qpv_guide": (PUBLIC_FILE, QPV),
    "directory:map_points": (PUBLIC_FILE, NONE),  # the map's places, JSON
    "directory:service_edit": (EDITORS, SERVICE),
    "directory:service_set_status": (POST_ONLY, SERVICE),
    "directory:organisation_edit": (EDITORS, ORGANISATION),
    "directory:organisation_merge": (CURATORS, ORGANISATION),
    "directory:manage": (MEMBERS, CITE),
    "directory:coverage": (MEMBERS, CITE),
    "directory:scheme_list": (PUBLIC, CITE),
    "action_plan:grid": (PUBLIC, CITE),
    "action_plan:action_list": (MEMBERS, CITE),
    "action_plan:action_detail": (MEMBERS, ACTION),
    "action_plan:qpv_plan": (MEMBERS, CITE_QPV),
    "action_plan:coverage": (MEMBERS, CITE),
    "action_plan:export_xlsx": (MEMBERS_FILE, CITE),
    "action_plan:export_csv": (MEMBERS_FILE, CITE),
    "action_plan:action_create": (CURATORS, CITE),
    "action_plan:action_edit": (CURATORS, ACTION),
    "action_plan:carry_over": (CURATORS, CITE),
    "action_plan:axis_create": (CURATORS, CITE),
    "action_plan:axis_edit": (CURATORS, AXIS),
    "action_plan:objective_create": (CURATORS, CITE),
    "action_plan:objective_edit": (CURATORS, OBJECTIVE),
    "action_plan:priority_create": (CURATORS, CITE),
    "action_plan:priority_edit": (CURATORS, PRIORITY),
    "api:api-root": (NOT_A_PAGE, NONE),
    "api:openapi-json": (API_DOCS, NONE),
    "api:openapi-view": (API_DOCS, NONE),
    "api:list_cites": (API_TOKEN, NONE),
    "api:get_cite": (API_TOKEN, CITE),
    "api:list_services": (API_PUBLIC, CITE),
    "api:get_service": (API_PUBLIC, SERVICE),
    "api:get_plan": (API_TOKEN, CITE),
    "api:list_requests": (API_TOKEN, CITE),
    "funding:dashboard": (PARTNERS, CITE_YEAR),
    "funding:programmation": (PARTNERS, CITE_YEAR),
    "funding:programmation_xlsx": (PARTNERS_FILE, CITE_YEAR),
    "funding:decisions": (CURATORS, CITE_YEAR),
    "funding:fund_ledger": (PARTNERS, CITE_YEAR),
    "funding:fund_statement_pdf": (PARTNERS_FILE, CITE_YEAR),
    "funding:fund_statement_xlsx": (PARTNERS_FILE, CITE_YEAR),
    "funding:open_data": (CURATORS, CITE_YEAR),
    "funding:subsidies_csv": (CURATORS_FILE, FUNDER_YEAR),
    "funding:funder_siret": (POST_ONLY, FUNDER_YEAR),
    "funding:call_list": (PUBLIC, CITE),
    "funding:call_detail": (PUBLIC, CALL),
    "funding:call_create": (CURATORS, CITE),
    "funding:call_edit": (CURATORS, CALL),
    "funding:apply": (EDITORS, CALL),
    "funding:request_list": (MEMBERS, CITE),
    "funding:request_detail": (MEMBERS, REQUEST),
    "funding:request_step": (EDITORS, REQUEST_STEP),
    "funding:submit": (POST_ONLY, REQUEST),
    "funding:attachment": (MEMBERS_FILE, ATTACHMENT),
    "funding:attachment_delete": (POST_ONLY, ATTACHMENT),
    "funding:take": (POST_ONLY, REQUEST),
    "funding:ask_correction": (CURATORS, REQUEST),
    "funding:opinion": (CURATORS, REQUEST),
    "funding:sign": (CURATORS, REQUEST),
    "funding:payment": (CURATORS, REQUEST),
    "funding:report": (EDITORS, REQUEST),
    "funding:close": (POST_ONLY, REQUEST),
    "funding:letter": (MEMBERS_FILE, DECISION),
    "funding:inbox": (AUTHENTICATED, NONE),
    "funding:mark_read": (POST_ONLY, NONE),
    "governance:calendar": (MEMBERS, CITE),
    "governance:feed": (MEMBERS_FILE, CITE),
    "governance:meeting_create": (CURATORS, CITE),
    "governance:meeting_detail": (MEMBERS, MEETING),
    "governance:meeting_edit": (CURATORS, MEETING),
    "governance:meeting_ics": (MEMBERS_FILE, MEETING),
    "governance:meeting_convoke": (POST_ONLY, MEETING),
    "governance:meeting_cancel": (POST_ONLY, MEETING),
    "governance:meeting_attendance": (CURATORS, MEETING),
    "governance:meeting_minutes": (CURATORS, MEETING),
    "governance:decision_create": (CURATORS, MEETING),
    "governance:decision_edit": (CURATORS, RECORD),
    "governance:body_create": (CURATORS, CITE),
    "governance:body_detail": (MEMBERS, BODY),
    "governance:body_edit": (CURATORS, BODY),
    "governance:member_create": (CURATORS, BODY),
    "governance:member_edit": (CURATORS, MEMBER),
    "governance:member_remove": (POST_ONLY, MEMBER),
    "governance:register": (MEMBERS, CITE),
    "governance:document_add": (CURATORS, DOC_PARENT),
    # A meeting's document follows its minutes: partners and the body's members, not others.
    "governance:document": (PARTNERS_FILE, DOCUMENT),
    "governance:document_delete": (POST_ONLY, DOCUMENT),
    "governance:amendment_list": (PARTNERS, CITE),
    "governance:amendment_create": (CURATORS, CITE),
    "governance:amendment_detail": (PARTNERS, AMENDMENT),
    "governance:amendment_edit": (CURATORS, AMENDMENT),
    "governance:amendment_move": (CURATORS, AMENDMENT),
    "governance:control": (CONTROLLERS, CITE_YEAR),
    "jobs:control_zip": (CONTROLLERS_BUILT, CITE_YEAR),
    # A council's acts are public; they are typed by the managers of a Cité of its commune.
    "deliberations:council_create": (CURATORS, CITE),
    "deliberations:council_detail": (PUBLIC, COUNCIL),
    "deliberations:council_edit": (CURATORS, COUNCIL),
    "deliberations:sitting_create": (CURATORS, COUNCIL),
    "deliberations:sitting_detail": (PUBLIC, SITTING),
    "deliberations:sitting_edit": (CURATORS, SITTING),
    "deliberations:sitting_attendance": (CURATORS, SITTING),
    "deliberations:proxy_create": (CURATORS, SITTING),
    "deliberations:proxy_delete": (POST_ONLY, PROXY),
    "deliberations:proxy_document": (CURATORS_FILE, PROXY),
    "deliberations:deliberation_create": (CURATORS, SITTING),
    "deliberations:deliberation_detail": (PUBLIC, DELIBERATION),
    "deliberations:deliberation_edit": (CURATORS, DELIBERATION),
    "api:list_meetings": (API_TOKEN, CITE),
    "api:list_indicators": (API_PUBLIC, CITE),
    "api:indicator_rollup": (API_PUBLIC, CODE),
    "indicators:indicator_list": (PUBLIC, CITE),
    "indicators:indicator_create": (CURATORS, CITE),
    "indicators:catalogue_install": (POST_ONLY, CITE),
    "indicators:indicator_detail": (PUBLIC, INDICATOR),
    "indicators:indicator_edit": (CURATORS, INDICATOR),
    "indicators:measurement_entry": (CURATORS, INDICATOR),
    "indicators:protocol": (MEMBERS, CITE),
    "indicators:protocol_pdf": (MEMBERS_FILE, CITE),
    "indicators:protocol_docx": (MEMBERS_FILE, CITE),
    "indicators:protocol_edit": (CURATORS, CITE),
    "indicators:protocol_prefill": (POST_ONLY, CITE),
    "indicators:objective_evaluation": (CURATORS, OBJECTIVE),
    "indicators:dashboard": (MEMBERS, CITE_YEAR),
    "indicators:derive": (POST_ONLY, CITE_YEAR),
    "national:indicator_list": (NATIONAL, NONE),
    "national:indicator": (NATIONAL, CODE),
    "national:indicator_csv": (NATIONAL_FILE, CODE),
    "national:indicator_xlsx": (NATIONAL_FILE, CODE),
    "reviews:review_list": (MEMBERS, CITE),
    "reviews:review": (PARTNERS, CITE_YEAR),
    "reviews:review_open": (POST_ONLY, CITE_YEAR),
    "reviews:review_freeze": (POST_ONLY, CITE_YEAR),
    "reviews:review_validate": (POST_ONLY, CITE_YEAR),
    "reviews:review_transmit": (POST_ONLY, CITE_YEAR),
    "reviews:review_meeting": (CURATORS, REVIEW),
    "reviews:review_answer": (CURATORS, REVIEW_PART),
    "jobs:review_pdf": (PARTNERS_BUILT, REVIEW),
    "jobs:review_docx": (PARTNERS_BUILT, REVIEW),
    "reviews:html": (PARTNERS_FILE, REVIEW),
    "reviews:delegation": (MEMBERS, CITE_YEAR),
    "reviews:piece_add": (CURATORS, CITE_YEAR),
    "reviews:piece": (MEMBERS_FILE, PIECE),
    "national:review_list": (NATIONAL, NONE),
    "national:review_csv": (NATIONAL_FILE, NONE),
    "national:review_json": (NATIONAL_FILE, NONE),
    "api:list_decisions": (API_TOKEN, CITE),
    "api:national_indicators": (API_NATIONAL, NONE),
    "api:national_money": (API_NATIONAL, NONE),
    "api:national_money_regions": (API_NATIONAL, NONE),
    "api:national_reviews": (API_NATIONAL, NONE),
    "health": (PUBLIC_FILE, NONE),
    "choose_language": (SWITCH, LANGUAGE),
    "javascript_catalog": (PUBLIC_FILE, NONE),  # the page's words for its scripts
    "jobs:import_home": (CURATORS, CITE),
    "jobs:history": (CURATORS, CITE),
    "jobs:upload": (CURATORS, IMPORT_KIND),
    "jobs:template": (CURATORS_FILE, IMPORT_KIND),
    "jobs:job": (CURATORS, JOB),
    "jobs:state": (CURATORS_FILE, JOB),
    "jobs:file": (CURATORS_FILE, JOB),
    "jobs:confirm": (POST_ONLY, JOB),
    "jobs:undo": (POST_ONLY, JOB),
    "jobs:national_home": (NATIONAL, NONE),
    "jobs:national_upload": (NATIONAL, NATIONAL_KIND),
    "jobs:national_template": (NATIONAL_FILE, NATIONAL_KIND),
    "territory:match_establishments": (CURATORS, CITE),
}

VISITORS = ["anonymous", *[role.value for role in Role], "national", "outsider"]
EDITOR_ROLES = {role.value for role in MANAGER_ROLES}


def named_urls(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace == "admin":
                yield "admin"
                continue
            yield from named_urls(
                entry.url_patterns, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif entry.name:
            yield f"{prefix}{entry.name}"


def expected_status(policy: str, visitor: str, own: bool) -> int:
    logged_in = visitor != "anonymous"
    member = visitor in {role.value for role in Role} and own
    # The world makes the porteur of the own Cité an editor of its structure.
    editor = own and (visitor in EDITOR_ROLES or visitor == Role.PORTEUR)
    curator = own and visitor in EDITOR_ROLES
    partner = (member and visitor != Role.PORTEUR) or visitor == "national"

    def private(allowed: bool) -> int:
        return 302 if not logged_in else (200 if allowed else 404)

    rules: dict[str, Callable[[], int]] = {
        PUBLIC: lambda: 200,
        PUBLIC_FILE: lambda: 200,
        MEMBERS: lambda: private(member or visitor == "national"),
        MEMBERS_FILE: lambda: private(member or visitor == "national"),
        PARTNERS: lambda: private(partner),
        PARTNERS_FILE: lambda: private(partner),
        PARTNERS_BUILT: lambda: 302 if not logged_in or partner else 404,
        CONTROLLERS_BUILT: lambda: (
            302 if not logged_in or curator or visitor == "national" else 404
        ),
        CURATORS_FILE: lambda: private(curator),
        CONTROLLERS: lambda: private(curator or visitor == "national"),
        CONTROLLERS_FILE: lambda: private(curator or visitor == "national"),
        AUTHENTICATED: lambda: 200 if logged_in else 302,
        OPTIONAL_FACTOR: lambda: (
            302 if visitor in EDITOR_ROLES | {"anonymous", "national"} else 200
        ),
        EDITORS: lambda: private(editor),
        CURATORS: lambda: private(curator),
        POST_ONLY: lambda: 302 if not logged_in else 405,
        LOGIN: lambda: 302 if logged_in else 200,
        LOGOUT: lambda: 405,  # GET is refused; logging out is a POST
        API_TOKEN: lambda: 401,
        API_PUBLIC: lambda: 200,
        API_DOCS: lambda: 200,
        API_NATIONAL: lambda: 401 if not logged_in else (200 if visitor == "national" else 404),
        NATIONAL: lambda: private(visitor == "national"),
        NATIONAL_FILE: lambda: private(visitor == "national"),
        NOT_A_PAGE: lambda: 404,
        PROCONNECT: lambda: 404,
        BAD_LINK: lambda: 400,
        SWITCH: lambda: 302,
    }
    return rules[policy]()


def a_decision(request: GrantRequest) -> Decision:
    """A decision of the request's call funder, made for the pages that show one."""
    decision, _ = Decision.objects.get_or_create(
        request=request,
        funder=request.call.funders.get(),  # type: ignore[union-attr]
        defaults={"amount": Decimal("1000"), "date": date(2025, 3, 1)},
    )
    return decision


@dataclass
class Governance:
    body: Body
    member: BodyMember
    meeting: Meeting
    record: DecisionRecord
    document: Document
    amendment: Amendment


def governance_of(side: Side) -> Governance:
    """A body with a member, a past meeting (minutes not published) with a decision and a
    document, and a draft amendment, made for the pages that show them."""
    body, _ = Body.objects.get_or_create(
        cite=side.cite, name="Comité de pilotage restreint", kind=BodyKind.COPIL_RESTREINT
    )
    member, _ = BodyMember.objects.get_or_create(
        body=body, office="Maire", institution="Ville", defaults={"email": "maire@example.org"}
    )
    starts = datetime(2025, 3, 14, 14, tzinfo=timezone.get_current_timezone())
    meeting, _ = Meeting.objects.get_or_create(
        body=body,
        starts_at=starts,
        defaults={"ends_at": starts.replace(hour=16), "minutes": "Compte rendu réservé."},
    )
    record, _ = DecisionRecord.objects.get_or_create(
        meeting=meeting, number=1, defaults={"text": "Programmation validée."}
    )
    document = Document.objects.filter(meeting=meeting).first() or Document.objects.create(
        cite=side.cite,
        year=2025,
        kind="compte_rendu",
        meeting=meeting,
        file=side.attachment.file.name,
        original_name="compte-rendu.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=side.attachment.uploaded_by,
    )
    amendment, _ = Amendment.objects.get_or_create(
        cite=side.cite,
        number=1,
        defaults={
            "title": "Prolongation",
            "description": "Prolonger d'un an.",
            "reason": "Actions en cours.",
            "created_by": side.attachment.uploaded_by,
        },
    )
    return Governance(body, member, meeting, record, document, amendment)


def council_of(side: Side) -> Deliberation:
    """The council of the Cité's commune, a sitting of two councillors with a proxy and one
    deliberation, made for the pages that show them."""
    commune = side.cite.communes.get()
    council, _ = Council.objects.get_or_create(
        commune=commune, name=f"Ville de {commune.name}", defaults={"members_in_office": 2}
    )
    chair, _ = Councillor.objects.get_or_create(
        council=council, key="alice arnaud", defaults={"name": "Alice ARNAUD", "civility": "Mme"}
    )
    other, _ = Councillor.objects.get_or_create(
        council=council, key="bruno bernard", defaults={"name": "Bruno BERNARD", "civility": "M."}
    )
    sitting, created = Sitting.objects.get_or_create(
        council=council,
        date=date(2025, 2, 3),
        defaults={"chair": chair, "members_in_office": 2, "last_item": 3},
    )
    if created:
        Attendance.objects.create(sitting=sitting, councillor=chair)
        Attendance.objects.create(sitting=sitting, councillor=other, present=False)
        Proxy.objects.create(
            sitting=sitting,
            giver=other,
            holder=chair,
            document=ContentFile(b"%PDF-1.4 pouvoir", name="pouvoir.pdf"),
        )
    deliberation, _ = Deliberation.objects.get_or_create(
        sitting=sitting,
        number="2025-001",
        defaults={
            "item": 1,
            "title": "Cité éducative",
            "votes_for": 2,
            "votes_against": 0,
            "abstentions": 0,
        },
    )
    return deliberation


def indicator_of(side: Side) -> Indicator:
    """An indicator of the Cité entered by its coordination, with a measurement."""
    indicator, _ = Indicator.objects.get_or_create(
        cite=side.cite,
        code="PARENTS_IMPLIQUES",
        defaults={"name": "Parents impliqués", "kind": "suivi", "unit": "count"},
    )
    return indicator


def review_of(side: Side) -> dict[str, Any]:
    """The Cité's 2025 review, open with its figures frozen once."""
    review = open_review(side.cite, 2025)
    if latest(review) is None:
        freeze(review, None)
    return {"slug": side.cite.slug, "year": 2025}


def piece_of(side: Side, world: World) -> dict[str, Any]:
    """A document transmitted for the Cité's 2025 credits (art. 9)."""
    piece = ChecklistPiece.objects.filter(cite=side.cite).first() or ChecklistPiece.objects.create(
        cite=side.cite,
        year=2025,
        item="convention",
        sent_on=date(2025, 2, 3),
        file=ContentFile(b"%PDF-1.4 convention signee", name="convention.pdf"),
        original_name="convention.pdf",
        content_type="application/pdf",
        size=26,
        uploaded_by=world.users["outsider"],
    )
    return {"slug": side.cite.slug, "year": 2025, "pk": piece.pk}


def job_of(side: Side) -> Job:
    """A finished preview of a programmation import of the Cité, with its kept file."""
    job = Job.objects.filter(cite=side.cite).first()
    if job is None:
        job = Job.objects.create(
            kind="programmation",
            cite=side.cite,
            year=2025,
            file_name="programmation.csv",
            status=JobStatus.DONE,
            report={"created": 1, "updated": 0, "unchanged": 0, "errors": [], "lines": []},
        )
        job.file.save("programmation.csv", ContentFile(b"action;objectif;porteur\n"), save=True)
    return job


def membership_of(side: Side) -> Membership:
    """A porteur's role in the Cité, made for the page that removes one."""
    user, _ = User.objects.get_or_create(email=f"porteur-{side.cite.slug}@example.org")
    membership, _ = Membership.objects.get_or_create(user=user, cite=side.cite, role=Role.PORTEUR)
    return membership


def claim_of(side: Side, world: World) -> Claim:
    """Someone's pending claim on the Cité's structure, made for the page that decides it."""
    claim, _ = Claim.objects.get_or_create(
        user=world.users["outsider"],
        organisation=side.service.organisation,
        defaults={"cite": side.cite, "name": side.service.organisation.name},
    )
    return claim


def url_kwargs(target: str, world: World, own: bool) -> dict[str, Any]:
    side = world.own if own else world.other
    slug = side.cite.slug
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        NONE: lambda: {},
        LANGUAGE: lambda: {"code": "en"},
        CITE: lambda: {"slug": slug},
        SERVICE: lambda: {"pk": side.service.pk},
        ORGANISATION: lambda: {"pk": side.service.organisation_id},
        QPV: lambda: {"code": side.qpv.code},
        CITE_QPV: lambda: {"slug": slug, "code": side.qpv.code},
        ACTION: lambda: {"slug": slug, "pk": side.action.pk},
        AXIS: lambda: {"slug": slug, "pk": side.action.objectives.get().axis_id},
        OBJECTIVE: lambda: {"slug": slug, "pk": side.action.objectives.get().pk},
        PRIORITY: lambda: {"slug": slug, "pk": side.action.priority_id},
        CITE_YEAR: lambda: {"slug": slug, "year": 2025},
        FUNDER_YEAR: lambda: {"slug": slug, "year": 2025, "code": "VILLE"},
        REQUEST: lambda: {"slug": slug, "pk": side.request.pk},
        CALL: lambda: {"slug": slug, "pk": side.call.pk},
        REQUEST_STEP: lambda: {"slug": slug, "pk": side.request.pk, "step": "identite"},
        ATTACHMENT: lambda: {
            "slug": slug,
            "pk": side.request.pk,
            "attachment_pk": side.attachment.pk,
        },
        DECISION: lambda: {"slug": slug, "decision_pk": a_decision(side.request).pk},
        BODY: lambda: {"slug": slug, "pk": governance_of(side).body.pk},
        MEMBER: lambda: {
            "slug": slug,
            "pk": governance_of(side).body.pk,
            "member_pk": governance_of(side).member.pk,
        },
        MEETING: lambda: {"slug": slug, "pk": governance_of(side).meeting.pk},
        RECORD: lambda: {
            "slug": slug,
            "pk": governance_of(side).meeting.pk,
            "decision_pk": governance_of(side).record.pk,
        },
        DOC_PARENT: lambda: {
            "slug": slug,
            "parent": "reunion",
            "parent_pk": governance_of(side).meeting.pk,
        },
        DOCUMENT: lambda: {"slug": slug, "pk": governance_of(side).document.pk},
        AMENDMENT: lambda: {"slug": slug, "pk": governance_of(side).amendment.pk},
        COUNCIL: lambda: {"pk": council_of(side).sitting.council_id},
        SITTING: lambda: {"pk": council_of(side).sitting_id},
        PROXY: lambda: {"pk": council_of(side).sitting.proxies.get().pk},
        DELIBERATION: lambda: {"pk": council_of(side).pk},
        INDICATOR: lambda: {"slug": slug, "pk": indicator_of(side).pk},
        CODE: lambda: {"code": indicator_of(side).code},
        REVIEW: lambda: review_of(side),
        REVIEW_PART: lambda: {**review_of(side), "part": "gouvernance"},
        PIECE: lambda: piece_of(side, world),
        MEMBERSHIP: lambda: {"slug": slug, "pk": membership_of(side).pk},
        RESET_LINK: lambda: EXPIRED_LINK,
        IMPORT_KIND: lambda: {"slug": slug, "kind": "programmation"},
        JOB: lambda: {"pk": job_of(side).pk},
        NATIONAL_KIND: lambda: {"kind": "annuaire"},
        CLAIM: lambda: {"slug": slug, "pk": claim_of(side, world).pk},
        ORG_MEMBER: lambda: {
            "pk": side.service.organisation_id,
            "user_pk": world.users[Role.PORTEUR].pk,
        },
        SIGNUP_TOKEN: lambda: {"token": "pas-un-lien-valide"},
    }
    return builders[target]()


def url_for(name: str, world: World, own: bool) -> str:
    policy, target = CLASSIFICATION[name]
    kwargs = url_kwargs(target, world, own)
    if name == "api:get_service":
        kwargs = {"service_id": kwargs["pk"]}
    if name == "deliberations:sitting_create":
        kwargs = {"council_pk": kwargs["pk"]}
    if name == "deliberations:deliberation_create":
        kwargs = {"sitting_pk": kwargs["pk"]}
    url = reverse(name, kwargs=kwargs)
    if name == "api:indicator_rollup" or name.startswith("api:national_"):
        url += "?year=2025"
    return url


def login_as(client: Client, world: World, visitor: str) -> User | None:
    if visitor == "anonymous":
        return None
    user = world.users[visitor]
    client.force_login(user)
    return user


def finish(response: HttpResponseBase) -> None:
    """Finish a streamed download by reading it, as a browser would: the test client then closes
    it itself. (`response.close()` would fire the end-of-request signal, which on PostgreSQL
    closes the database connection in the middle of the test's transaction.)"""
    if response.streaming:
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
