"""Art. 17: the control view and its ZIP list every document and every change of the year."""

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citeduc.funding.models import Decision
from citeduc.governance.models import Body, DecisionRecord, Document
from citeduc.governance.tests.conftest import meeting_of
from tests.support.access import finish
from tests.support.world import World

PDF = b"%PDF-1.4 releve de decisions"
Capture = Callable[..., Any]


def archive_of(client: Client, world: World, capture: Capture) -> Any:
    """The year's archive as a controller gets it: built by a job at the first request (sent to
    the job's page), then served from the same address."""
    url = reverse("jobs:control_zip", args=[world.cite.slug, 2025])
    with capture(execute=True):
        assert client.get(url).status_code == 302
    return client.get(url)


def test_control_lists_documents_and_changes_and_zips_them(
    client: Client, world: World, copil: Body, django_capture_on_commit_callbacks: Capture
) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    client.force_login(world.users["coordination"])
    client.post(
        reverse("governance:document_add", args=[world.cite.slug, "reunion", meeting.pk]),
        {
            "kind": "releve",
            "title": "Relevé de décisions",
            "file": SimpleUploadedFile("releve.pdf", PDF),
        },
    )
    assert Document.objects.count() == 1
    decision = Decision.objects.create(
        request=world.own.request,
        funder=world.own.call.funders.get(),
        amount=Decimal("1000"),
        date=date(2025, 3, 14),
    )
    decision.amount = Decimal("1200")
    decision.save()
    record = DecisionRecord.objects.create(
        meeting=meeting, number=1, text="Attribution.", votes_for=3
    )
    record.votes_for = 2
    record.votes_against = 1
    record.save()
    # Another Cité's money is not in this control.
    Decision.objects.create(
        request=world.other.request,
        funder=world.other.call.funders.get(),
        amount=Decimal("4321.09"),
        date=date(2025, 3, 14),
    )
    client.force_login(world.users["national"])
    response = client.get(reverse("governance:control", args=[world.cite.slug, 2025]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Relevé de décisions" in page and "statuts.pdf" in page  # governance + request files
    assert "montant accordé : 1000.00 → 1200.00" in page
    assert "voix pour : 3 → 2" in page and "voix contre : ∅ → 1" in page
    # Searched with its decimal part: bare digits can occur in a stored file's random name.
    assert "4321.09" not in page and "321,09" not in page
    response = archive_of(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert "index.csv" in names and "historique.csv" in names
    index = list(
        csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert len(index) == 2
    releve = next(row for row in index if row["intitule"] == "Relevé de décisions")
    assert archive.read(releve["fichier"]) == PDF
    assert releve["depose_par"].endswith(f"<{world.users['coordination'].email}>")
    assert len(releve["sha256"]) == 64
    history = archive.read("historique.csv").decode("utf-8-sig")
    assert "1000.00 → 1200.00" in history and "Décision d'instance" in history


def test_another_year_has_its_own_documents(client: Client, world: World, copil: Body) -> None:
    client.force_login(world.users["pilote_ville"])
    page = client.get(reverse("governance:control", args=[world.cite.slug, 2024])).content
    assert b"statuts.pdf" not in page  # the world's request is of 2025


def test_roles_documents_and_council_votes_are_in_the_history(
    client: Client, world: World, copil: Body
) -> None:
    """Who gave or removed a role, and when; a document added then removed; a vote changed."""
    from django.utils import timezone

    from citeduc.accounts.models import Membership
    from tests.support.access import council_of

    this_year = timezone.now().year
    coordination = world.users["coordination"]
    client.force_login(coordination)
    client.post(
        reverse("accounts:member_add", args=[world.cite.slug]),
        {"email": "tresoriere@asso.example.org", "role": "porteur"},
    )
    added = Membership.objects.get(user__email="tresoriere@asso.example.org")
    client.post(reverse("accounts:member_remove", args=[world.cite.slug, added.pk]))
    deliberation = council_of(world.own)
    deliberation.cite = world.cite
    deliberation.save()
    deliberation.votes_against = 1
    deliberation.save()

    client.force_login(world.users["pilote_etat"])
    page = client.get(reverse("governance:control", args=[world.cite.slug, this_year]))
    html = page.content.decode()
    assert html.count("tresoriere@asso.example.org — Porteur de projet") == 2
    assert "Création" in html and "Suppression" in html
    assert f"&lt;{coordination.email}&gt;" in html
    votes = client.get(reverse("governance:control", args=[world.cite.slug, 2025]))
    assert "contre : 0 → 1" in votes.content.decode()
    assert "Délibération du conseil (votes)" in votes.content.decode()


def test_file_names_and_a_polyglot_leave_the_zip_inert(
    client: Client, world: World, copil: Body, django_capture_on_commit_callbacks: Capture
) -> None:
    """Names an attacker chose reach the State's auditors as text, not formulas; a PDF named
    `x.html` is stored, listed and served as a PDF, never as a page."""
    meeting = meeting_of(copil, date(2025, 3, 14))
    client.force_login(world.users["coordination"])
    add = reverse("governance:document_add", args=[world.cite.slug, "reunion", meeting.pk])
    polyglot = b"%PDF-1.4<html><script>alert(1)</script></html>"
    for name, title, content in (
        ("=1+41.pdf", "=1+41", PDF),
        ("@SUM(1+1).pdf", "@SUM(1+1)", PDF),
        ("x.html", "Page piégée", polyglot),
    ):
        response = client.post(
            add, {"kind": "releve", "title": title, "file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, response.content.decode()[:400]
    trap = Document.objects.get(title="Page piégée")
    assert trap.content_type == "application/pdf" and str(trap.file.name).endswith(".pdf")
    served = client.get(reverse("governance:document", args=[world.cite.slug, trap.pk]))
    finish(served)  # read to the end: no file left open, no end-of-request signal
    assert served["Content-Type"] == "application/pdf"
    assert 'filename="x.pdf"' in served["Content-Disposition"]

    client.force_login(world.users["national"])
    response = archive_of(client, world, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert not [n for n in archive.namelist() if n.endswith((".html", ".htm"))]
    index = list(
        csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig")), delimiter=";")
    )
    titles = {row["intitule"] for row in index}
    assert {"'=1+41", "'@SUM(1+1)"} <= titles
    assert not [v for row in index for v in row.values() if v and v[0] in "=+-@\t\r"]
    history = csv.reader(
        io.StringIO(archive.read("historique.csv").decode("utf-8-sig")), delimiter=";"
    )
    assert not [v for row in history for v in row if v and v[0] in "=+-@\t\r"]
