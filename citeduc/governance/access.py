"""Who may see or change the governance of a Cité: the one place that decides it for this app.

The calendar is for every member of the Cité. Minutes, decisions and documents are for the
partners (every member but a porteur, and the national coordination), for the members of the
body that met, and for everybody in the Cité once the minutes are published. The coordination
and the three pilots write; the control view is theirs and the national coordination's.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from citeduc.funding import access as funding_access
from citeduc.governance.models import Amendment, DecisionRecord, Document, Meeting
from citeduc.territory import access as territory_access
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative

is_partner = funding_access.is_partner
can_manage = territory_access.can_manage
require_manager = territory_access.require_manager


def sits_in(user: AnyUser, meeting: Meeting) -> bool:
    return user.is_authenticated and meeting.body.members.filter(user=user.pk).exists()


def can_read_minutes(user: AnyUser, meeting: Meeting) -> bool:
    cite = meeting.body.cite
    if not territory_access.can_read_private(user, cite):
        return False
    return meeting.minutes_published or is_partner(user, cite) or sits_in(user, meeting)


def can_control(user: AnyUser, cite: CiteEducative, roles: set[str] | None = None) -> bool:
    """Art. 17: the pilots, the coordination and the national coordination."""
    if can_manage(user, cite, roles):
        return True
    return territory_access.can_read_private(user, cite, roles) and bool(
        getattr(user, "is_national", False)
    )


def can_read_document(user: AnyUser, document: Document) -> bool:
    """A document is seen by whoever sees its parent."""
    parent = document.parent
    if isinstance(parent, Meeting):
        return can_read_minutes(user, parent)
    if isinstance(parent, DecisionRecord):
        return can_read_minutes(user, parent.meeting)
    if isinstance(parent, Amendment):
        return is_partner(user, parent.cite)
    return funding_access.can_view(user, parent)


def readable_decisions(user: AnyUser, cite: CiteEducative) -> QuerySet[DecisionRecord]:
    """The decisions of a Cité a member may read: all for the partners; for a porteur, those of
    the bodies it sits in and of the meetings whose minutes are published."""
    records = DecisionRecord.objects.filter(meeting__body__cite=cite)
    if not territory_access.can_read_private(user, cite):
        return records.none()
    if is_partner(user, cite):
        return records
    return records.filter(
        Q(meeting__minutes_published=True) | Q(meeting__body__members__user=user.pk)
    ).distinct()


def get_meeting(user: AnyUser, slug: str, pk: int, *, manage: bool = False) -> Meeting:
    cite = territory_access.get_cite_for_user(user, slug, private=True)
    if manage:
        require_manager(user, cite)
    return get_object_or_404(
        Meeting.objects.select_related("body__cite", "body__qpv"), body__cite=cite, pk=pk
    )
