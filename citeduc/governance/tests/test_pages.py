"""Meetings, minutes, decisions and documents through the pages: bad input, access, queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.models import Notification
from citeduc.funding.models import Decision
from citeduc.governance.enums import BodyKind, Presence
from citeduc.governance.models import Attendance, Body, BodyMember, DecisionRecord, Document
from citeduc.governance.tests.conftest import at, meeting_of
from tests.support.world import World

PDF = b"%PDF-1.4 compte rendu"


def test_a_meeting_that_ends_before_it_starts_is_refused_and_keeps_the_input(
    client: Client, world: World, copil: Body
) -> None:
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_create", args=[world.cite.slug])
    response = client.post(
        url,
        {
            "body": copil.pk,
            "title": "COPIL de rentrée",
            "starts_at": "2026-09-18T14:00",
            "ends_at": "2026-09-18T12:00",
            "agenda": "Rentrée\nProgrammation",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La fin de la réunion doit suivre son début." in page
    assert 'value="COPIL de rentrée"' in page and "Rentrée\nProgrammation" in page
    assert not copil.meetings.exists()
    response = client.post(
        url,
        {
            "body": copil.pk,
            "title": "COPIL de rentrée",
            "starts_at": "2026-09-18T14:00",
            "ends_at": "2026-09-18T16:00",
            "agenda": "Rentrée\nProgrammation",
        },
    )
    meeting = copil.meetings.get()
    assert response.status_code == 302 and meeting.agenda_items == ["Rentrée", "Programmation"]
    assert meeting.starts_at == at(date(2026, 9, 18))


def test_a_body_of_another_cite_cannot_be_chosen(client: Client, world: World) -> None:
    foreign = Body.objects.create(
        cite=world.other_cite, kind=BodyKind.COPIL_RESTREINT, name="COPIL B"
    )
    client.force_login(world.users["coordination"])
    response = client.post(
        reverse("governance:meeting_create", args=[world.cite.slug]),
        {"body": foreign.pk, "starts_at": "2026-09-18T14:00", "ends_at": "2026-09-18T16:00"},
    )
    assert response.status_code == 400 and not foreign.meetings.exists()


def test_a_member_account_must_belong_to_the_cite(
    client: Client, world: World, copil: Body
) -> None:
    client.force_login(world.users["coordination"])
    url = reverse("governance:member_create", args=[world.cite.slug, copil.pk])
    data = {"office": "IEN", "institution": "Éducation nationale", "email": ""}
    response = client.post(url, {**data, "user": world.users["outsider"].pk})
    assert response.status_code == 400
    assert 'value="IEN"' in response.content.decode()
    assert not copil.members.filter(office="IEN").exists()
    response = client.post(url, {**data, "user": world.users["porteur"].pk})
    assert response.status_code == 302
    assert copil.members.get(office="IEN").user == world.users["porteur"]


def test_a_collectif_needs_a_qpv_of_the_cite(client: Client, world: World) -> None:
    client.force_login(world.users["pilote_etat"])
    url = reverse("governance:body_create", args=[world.cite.slug])
    data = {"kind": "collectif_educatif", "name": "Collectif", "frequency": "au_besoin"}
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "qpv": world.other.qpv.pk}).status_code == 400
    assert client.post(url, {**data, "qpv": world.own.qpv.pk}).status_code == 302
    assert Body.objects.get(cite=world.cite, name="Collectif").qpv == world.own.qpv
    # The convention's frequency is filled in for a COPIL restreint left "as needed".
    client.post(url, {"kind": "copil_restreint", "name": "COPIL", "frequency": "au_besoin"})
    assert Body.objects.get(cite=world.cite, name="COPIL").frequency == "trimestrielle"


def test_a_document_of_a_forbidden_type_is_refused(
    client: Client, world: World, copil: Body
) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    client.force_login(world.users["coordination"])
    url = reverse("governance:document_add", args=[world.cite.slug, "reunion", meeting.pk])
    disguised = SimpleUploadedFile(
        "compte-rendu.pdf", b"MZ\x90\x00 an executable", "application/pdf"
    )
    response = client.post(url, {"kind": "compte_rendu", "title": "CR", "file": disguised})
    assert response.status_code == 400
    assert "pas d&#x27;un type accepté" in response.content.decode()
    assert not Document.objects.exists()
    good = SimpleUploadedFile("cr.pdf", PDF, "application/octet-stream")
    response = client.post(url, {"kind": "compte_rendu", "title": "CR du 14 mars", "file": good})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.meeting, document.year, document.content_type) == (
        meeting,
        2025,
        "application/pdf",
    )
    assert document.uploaded_by == world.users["coordination"]
    assert "cr" not in str(document.file.name).rsplit("/", 1)[1]  # stored under a random name


def test_a_document_for_an_object_of_another_cite_is_not_found(
    client: Client, world: World
) -> None:
    client.force_login(world.users["coordination"])
    url = reverse(
        "governance:document_add", args=[world.cite.slug, "demande", world.other.request.pk]
    )
    assert client.get(url).status_code == 404
    url = reverse("governance:document_add", args=[world.cite.slug, "inconnu", 1])
    assert client.get(url).status_code == 404


def test_porteur_reads_minutes_only_of_its_bodies_or_once_published(
    client: Client, world: World, copil: Body
) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14), minutes="Les pilotes ont arbitré.")
    DecisionRecord.objects.create(meeting=meeting, number=1, text="Programmation validée.")
    document = Document.objects.create(
        cite=world.cite,
        year=2025,
        kind="compte_rendu",
        meeting=meeting,
        file=SimpleUploadedFile("cr.pdf", PDF),
        original_name="cr.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=world.users["coordination"],
    )
    porteur = world.users["porteur"]
    client.force_login(porteur)
    detail = reverse("governance:meeting_detail", args=[world.cite.slug, meeting.pk])
    download = reverse("governance:document", args=[world.cite.slug, document.pk])
    register = reverse("governance:register", args=[world.cite.slug])
    page = client.get(detail).content.decode()
    assert "Les pilotes ont arbitré." not in page and "réservés aux partenaires" in page
    assert client.get(download).status_code == 404
    assert "Programmation validée." not in client.get(register).content.decode()
    # A member of the body reads them…
    seat = BodyMember.objects.create(body=copil, office="Invité", institution="Asso", user=porteur)
    assert "Les pilotes ont arbitré." in client.get(detail).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "Programmation validée." in client.get(register).content.decode()
    # … and everybody in the Cité once the minutes are published.
    seat.delete()
    meeting.minutes_published = True
    meeting.save()
    assert "Les pilotes ont arbitré." in client.get(detail).content.decode()
    assert "Programmation validée." in client.get(register).content.decode()
    # A partner always reads them; another Cité never does.
    client.force_login(world.users["membre_instance"])
    meeting.minutes_published = False
    meeting.save()
    assert "Les pilotes ont arbitré." in client.get(detail).content.decode()
    other = reverse("governance:meeting_detail", args=[world.other_cite.slug, meeting.pk])
    assert client.get(other).status_code == 404


def test_convocation_sends_the_agenda_and_an_ics_file(
    client: Client, world: World, copil: Body
) -> None:
    copil.members.filter(office="Préfet").update(user=world.users["pilote_etat"])
    meeting = meeting_of(
        copil, date(2099, 3, 13), place="Mairie", agenda="Bilan 2098\nProgrammation 2099"
    )
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_convoke", args=[world.cite.slug, meeting.pk])
    response = client.post(url, follow=True)
    assert "Convocation envoyée par e-mail à 3 membres" in response.content.decode()
    # Two members have an address of their own, the Préfet's seat has the account's address.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["maire@example.org", "ia@example.org", world.users["pilote_etat"].email]
    )
    message = mail.outbox[0]
    assert "Convocation" in message.subject and "13/03/2099" in message.subject
    assert "1. Bilan 2098\n2. Programmation 2099" in message.body
    [invitation] = message.attachments
    assert invitation.get_filename().endswith(".ics")
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT\r\n" in invitation.get_content()
    html = message.alternatives[0]  # type: ignore[attr-defined]
    assert "Programmation 2099" in html.content and html.mimetype == "text/html"
    assert Attendance.objects.filter(meeting=meeting, presence=Presence.INVITED).count() == 3
    assert Notification.objects.filter(user=world.users["pilote_etat"]).count() == 1
    meeting.refresh_from_db()
    assert meeting.convoked_at is not None


def test_a_line_break_in_a_meeting_title_adds_no_mail_header(
    client: Client, world: World, copil: Body
) -> None:
    """The finding: a CR/LF in a meeting title, sent as convocation, ended in a server error
    (and could have added a header). A title stored before the form cleaned it goes out on one
    line; the form now stores it on one line."""
    meeting = meeting_of(copil, date(2099, 3, 13), place="Mairie")
    meeting.title = "COPIL\r\nBcc: fuite@evil.example"
    meeting.save()
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_convoke", args=[world.cite.slug, meeting.pk])
    assert client.post(url).status_code == 302
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "COPIL Bcc: fuite@evil.example" in message.subject
        assert "fuite@evil.example" not in message.bcc and not message.extra_headers.get("Bcc")
    edit = reverse("governance:meeting_edit", args=[world.cite.slug, meeting.pk])
    page = client.get(edit).content.decode()
    assert "COPIL" in page


def test_a_past_meeting_is_not_convoked(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_convoke", args=[world.cite.slug, meeting.pk])
    response = client.post(url, follow=True)
    assert "La réunion est passée" in response.content.decode() and mail.outbox == []


def test_attendance_with_represented_members(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    maire, ia, prefet = copil.members.order_by("pk")
    client.force_login(world.users["pilote_ville"])
    url = reverse("governance:meeting_attendance", args=[world.cite.slug, meeting.pk])
    data = {
        f"presence_{maire.pk}": "present",
        f"presence_{ia.pk}": "represente",
        f"represented_by_{ia.pk}": "",
        f"presence_{prefet.pk}": "excuse",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Indiquez qui représente" in response.content.decode()
    assert not Attendance.objects.exists()
    data[f"represented_by_{ia.pk}"] = "IEN adjoint"
    assert client.post(url, data).status_code == 302
    presences = dict(Attendance.objects.values_list("member__office", "presence"))
    assert presences == {
        "Maire": "present",
        "Inspecteur d'Académie": "represente",
        "Préfet": "excuse",
    }


def test_minutes_and_a_decision_linked_to_money(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    funding = Decision.objects.create(
        request=world.own.request,
        funder=world.own.call.funders.get(),
        amount=Decimal("4000"),
        date=date(2025, 3, 14),
    )
    client.force_login(world.users["pilote_education"])
    minutes = reverse("governance:meeting_minutes", args=[world.cite.slug, meeting.pk])
    response = client.post(minutes, {"status": "tenue", "minutes": "", "minutes_published": "on"})
    assert response.status_code == 400  # nothing to publish
    client.post(minutes, {"status": "tenue", "minutes": "Séance ouverte à 14 h."})
    url = reverse("governance:decision_create", args=[world.cite.slug, meeting.pk])
    form = client.get(url).content.decode()
    assert world.other.action.title not in form  # only this Cité's actions are offered
    response = client.post(
        url,
        {
            "number": 1,
            "kind": "financement",
            "text": "Attribution de 4 000 € à l'action.",
            "actions": [world.own.action.pk],
            "requests": [world.own.request.pk],
            "funding_decisions": [funding.pk],
            "amount": "4000",
            "votes_for": 3,
            "votes_against": 0,
            "abstentions": 0,
        },
    )
    assert response.status_code == 302
    record = DecisionRecord.objects.get()
    assert list(record.funding_decisions.all()) == [funding]
    assert record.amount == Decimal("4000")
    # The same number twice in a meeting is refused; an action of another Cité too.
    response = client.post(url, {"number": 1, "kind": "avis", "text": "Doublon."})
    assert response.status_code == 400 and "déjà une décision n° 1" in response.content.decode()
    response = client.post(
        url, {"number": 2, "kind": "avis", "text": "Autre.", "actions": [world.other.action.pk]}
    )
    assert response.status_code == 400 and DecisionRecord.objects.count() == 1
    detail = client.get(reverse("governance:meeting_detail", args=[world.cite.slug, meeting.pk]))
    page = detail.content.decode()
    assert "Séance ouverte à 14 h." in page and "Attribution de 4 000 €" in page
    assert "pour 3, contre 0, abstentions 0" in page


def test_register_filters(client: Client, world: World, copil: Body) -> None:
    technique = Body.objects.create(cite=world.cite, kind=BodyKind.COMITE_TECHNIQUE, name="CT")
    first = DecisionRecord.objects.create(
        meeting=meeting_of(copil, date(2025, 3, 14)), number=1, text="Programmation 2025 validée."
    )
    first.actions.add(world.own.action)
    second = DecisionRecord.objects.create(
        meeting=meeting_of(technique, date(2026, 2, 1)), number=1, text="Avis sur le bilan."
    )
    second.requests.add(world.own.request)
    client.force_login(world.users["pilote_ville"])
    url = reverse("governance:register", args=[world.cite.slug])

    def texts(**query: str | int) -> list[str]:
        page = client.get(url, query).context["page"]
        return [record.text for record in page.object_list]

    assert texts() == ["Avis sur le bilan.", "Programmation 2025 validée."]
    assert texts(q="programmation") == ["Programmation 2025 validée."]
    assert texts(instance=technique.pk) == ["Avis sur le bilan."]
    assert texts(annee=2025) == ["Programmation 2025 validée."]
    assert texts(action=world.own.action.pk) == [
        "Avis sur le bilan.",
        "Programmation 2025 validée.",
    ]  # the action directly, or through its request
    organisation = world.own.request.applicant.name
    assert texts(structure=organisation[:6]) == ["Avis sur le bilan."]
    response = client.get(url, {"annee": "deux-mille"})  # typed by hand: no error page
    assert response.status_code == 200


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["governance:calendar", "governance:register"])
def test_calendar_and_register_queries_do_not_grow(
    client: Client, world: World, copil: Body, name: str
) -> None:
    client.force_login(world.users["coordination"])
    url = reverse(name, args=[world.cite.slug])

    def add(n: int) -> None:
        for i in range(n):
            meeting = meeting_of(copil, date(2024, 1, 1 + i % 28), place=f"Salle {i}")
            record = DecisionRecord.objects.create(meeting=meeting, number=1, text=f"Décision {i}")
            record.actions.add(world.own.action)
            record.requests.add(world.own.request)
            meeting_of(copil, date(2099, 1, 1 + i % 28))

    add(1)
    one = _count_queries(client, url)
    add(19)
    assert _count_queries(client, url) == one


def test_a_control_document_of_a_request_follows_the_request(
    client: Client, world: World, copil: Body
) -> None:
    client.force_login(world.users["pilote_etat"])
    grant = world.own.request
    url = reverse("governance:document_add", args=[world.cite.slug, "demande", grant.pk])
    voucher = SimpleUploadedFile("facture.pdf", PDF)
    response = client.post(url, {"kind": "justificatif", "title": "Facture", "file": voucher})
    assert response["Location"] == reverse(
        "funding:request_detail", args=[world.cite.slug, grant.pk]
    )
    document = Document.objects.get(request=grant)
    assert document.year == grant.year
    record = DecisionRecord.objects.create(
        meeting=meeting_of(copil, date(2025, 3, 14)), number=1, text="Subvention accordée."
    )
    record.requests.add(grant)
    page = client.get(response["Location"]).content.decode()
    assert "Facture" in page and "Subvention accordée." in page
    download = reverse("governance:document", args=[world.cite.slug, document.pk])
    # The request's porteur (an editor of its structure) sees it; a porteur of no structure not.
    client.force_login(world.users["porteur"])
    response_file = client.get(download)
    assert response_file.status_code == 200
    # Read to the end rather than closed: closing a response by hand ends the "request" and
    # would close the test's database connection on PostgreSQL.
    assert b"".join(response_file.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "Subvention accordée." not in client.get(response["Location"]).content.decode()
    world.own.request.applicant.editors.clear()
    assert client.get(download).status_code == 404
