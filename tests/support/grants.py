"""The grant cycle's test helpers: a Cité ready to receive an application, and the steps a
porteur takes through the pages."""

import re
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.directory.validators import luhn_ok
from citeduc.funding.enums import RequestStatus
from citeduc.funding.models import Envelope, Funder, GrantRequest
from tests.support.world import REQUIRE_ALL, World

S = RequestStatus
PDF = b"%PDF-1.4\n% statuts de l'association\n"


def valid_siret(prefix: str = "4431210090001") -> str:
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        if REQUIRE_ALL:
            pytest.fail("pdftotext (poppler-utils) est requis.")
        pytest.skip("pdftotext absent")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def make_cycle(world: World) -> dict[str, Any]:
    """The own Cité with a P147 envelope of 10 000 € in 2025 and a call open to P147 and VILLE."""
    cite, call = world.cite, world.own.call
    p147 = Funder.objects.create(
        cite=cite, code="P147", name="État — P147", kind="etat", is_state=True
    )
    Envelope.objects.create(cite=cite, funder=p147, year=2025, amount=Decimal("10000"))
    call.funders.add(p147)
    call.required_documents = ["statuts"]
    call.save()
    call.objectives.set(world.own.action.objectives.all())
    organisation = world.own.service.organisation
    organisation.rna = "W251000123"
    organisation.save()
    return {
        "cite": cite,
        "call": call,
        "p147": p147,
        "ville": Funder.objects.get(cite=cite, code="VILLE"),
        "organisation": organisation,
        "porteur": world.users[Role.PORTEUR],
        "coordination": world.users[Role.COORDINATION],
        "etat": world.users[Role.PILOTE_ETAT],
        "ville_pilot": world.users[Role.PILOTE_VILLE],
    }


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def step_url(grant: GrantRequest, step: str) -> str:
    return reverse("funding:request_step", args=[grant.cite.slug, grant.pk, step])


def budget_data(c: dict[str, Any], *, sales: str = "2000") -> dict[str, str]:
    return {
        "amount_60": "5000",
        "label_60": "Fournitures",
        "amount_64": "10000",
        "label_64": "Animateurs",
        "amount_70": sales,
        "label_70": "Participation des familles",
        f"asked_{c['p147'].pk}": "9000",
        f"asked_{c['ville'].pk}": "4000",
    }


def start_application(c: dict[str, Any]) -> tuple[Client, GrantRequest]:
    porteur = as_user(c["porteur"])
    response = porteur.post(
        reverse("funding:apply", args=[c["cite"].slug, c["call"].pk]),
        {"organisation": c["organisation"].pk, "title": "Ateliers lecture parents-enfants"},
    )
    assert response.status_code == 302
    grant = GrantRequest.objects.get(action__title="Ateliers lecture parents-enfants")
    assert response["Location"] == step_url(grant, "identite")
    assert grant.status == S.DRAFT and grant.action.status == "piste"
    return porteur, grant


def fill_all_steps(porteur: Client, grant: GrantRequest, c: dict[str, Any]) -> None:
    objective = c["call"].objectives.get()
    responses = [
        porteur.post(
            step_url(grant, "identite"),
            {
                "siret": valid_siret(),
                "rna": "W251000123",
                "legal_representative": "Claude Martin",
                "legal_representative_role": "Présidente",
                "contact_name": "Sam Durand",
                "contact_email": "sam@example.org",
                "contact_phone": "03 81 00 00 00",
            },
        ),
        porteur.post(
            step_url(grant, "projet"),
            {
                "title": "Ateliers lecture parents-enfants",
                "objectives": [objective.pk],
                "description": "Des ateliers hebdomadaires de lecture partagée.",
                "age_bands": ["3-5", "6-10"],
                "expected_girls": "20",
                "expected_boys": "18",
                "qpvs": [c["cite"].qpvs.get().pk],
                "place": "Médiathèque du quartier",
                "start_date": "2025-02-01",
                "end_date": "2025-12-15",
                "evaluation_indicators": "Nombre de familles, assiduité.",
            },
        ),
        porteur.post(step_url(grant, "budget"), budget_data(c)),
        porteur.post(
            step_url(grant, "declarations"),
            {
                "republican_commitment": "on",
                "sworn_obligations": "on",
                "sworn_accurate": "on",
                "signatory": "Claude Martin, présidente",
            },
        ),
        porteur.post(
            step_url(grant, "pieces"),
            {"kind": "statuts", "file": SimpleUploadedFile("statuts.pdf", PDF)},
        ),
    ]
    assert [r.status_code for r in responses] == [302] * 5, [
        r.content.decode()[:3000] for r in responses if r.status_code != 302
    ]


def form_token(client: Client, url: str) -> str:
    """The one-time token of the form at ``url``, as a browser would send it back."""
    page = client.get(url).content.decode()
    found = re.search(r'name="once" value="([^"]+)"', page)
    assert found is not None, f"no one-time token on {url}"
    return found.group(1)
