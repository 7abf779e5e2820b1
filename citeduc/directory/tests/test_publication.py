"""A service is published only when a family can use it; phone and hours are checked; its place
comes from a pin or from the address through the geocoder (a stand-in on loopback)."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Notification
from citeduc.directory import freshness
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Service, Theme
from tests.support.geocoder import down, geocoder
from tests.support.world import World

pytestmark = pytest.mark.django_db

PLACE = (47.2211, 5.9689, "12 Rue de l'Exemple 25000 Besançon")


def complete(service: Service, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": service.name,
        "description": service.description,
        "themes": [Theme.objects.get(code="educ--sport").pk],
        "qpvs": [q.pk for q in service.qpvs.all()],
        "age_min": "6",
        "age_max": "11",
        "phone": "03 81 87 80 00",
        "email": "accueil@asso.example.org",
        "reception_modes": ["en-presentiel"],
        "address": "12 rue de l'Exemple",
        "postal_code": "25000",
        "schedule": "Mo-Fr 16:30-18:30; We 14:00-17:00",
        "cost": "gratuit",
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(world: World) -> Service:
    service = world.own.service
    service.status = ServiceStatus.DRAFT
    service.save()
    return service


def test_publishing_waits_until_the_service_is_complete(
    client: Client, world: World, draft: Service
) -> None:
    client.force_login(world.users[Role.PORTEUR])
    publish = reverse("directory:service_publish", args=[draft.pk])
    refused = client.post(publish, follow=True)
    text = unescape(refused.content.decode())
    assert "ne peut pas être publié" in text and "téléphone ou adresse e-mail" in text
    draft.refresh_from_db()
    assert draft.status == ServiceStatus.DRAFT
    with override_settings(CITEDUC_GEOCODER_URL=""):
        saved = client.post(
            reverse("directory:service_edit", args=[draft.pk]),
            complete(draft, latitude="47.2211", longitude="5.9689"),
        )
    assert saved.status_code == 302, saved.content.decode()
    draft.refresh_from_db()
    assert draft.phone == "+33381878000" and draft.publication_gaps() == []
    client.post(publish)
    draft.refresh_from_db()
    assert draft.status == ServiceStatus.PUBLISHED
    card = client.get(draft.get_absolute_url()).content.decode()
    assert "03 81 87 80 00" in card and 'href="tel:+33381878000"' in card
    assert "Du lundi au vendredi : 16:30 – 18:30." in card
    # Published: an edit may not take its contact away.
    removed = client.post(
        reverse("directory:service_edit", args=[draft.pk]),
        complete(draft, phone="", email="", latitude="47.2211", longitude="5.9689"),
    )
    assert removed.status_code == 400 and "doit garder un moyen de le joindre" in unescape(
        removed.content.decode()
    )


def test_a_malformed_phone_or_hours_is_refused_and_kept(
    client: Client, world: World, draft: Service
) -> None:
    client.force_login(world.users[Role.COORDINATION])
    response = client.post(
        reverse("directory:service_edit", args=[draft.pk]),
        complete(draft, phone="03 81 87", schedule="lundi de 9h à 12h"),
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Ce numéro de téléphone n'existe pas" in html and "Horaires illisibles" in html
    assert 'value="03 81 87"' in html and 'value="lundi de 9h à 12h"' in html
    draft.refresh_from_db()
    assert draft.phone == "" and draft.schedule == ""


def test_the_address_is_placed_by_the_geocoder(
    client: Client, world: World, draft: Service
) -> None:
    client.force_login(world.users[Role.COORDINATION])
    with (
        geocoder({"12 rue de l'Exemple": PLACE}) as (url, asked),
        override_settings(CITEDUC_GEOCODER_URL=url),
    ):
        response = client.post(reverse("directory:service_edit", args=[draft.pk]), complete(draft))
        assert response.status_code == 302
        assert asked and asked[0].startswith("12 rue de l'exemple 25000")
        draft.refresh_from_db()
        assert (draft.latitude, draft.longitude, draft.position_approximate) == (
            47.2211,
            5.9689,
            False,
        )
        # An address it does not know: the editor is asked for a pin, nothing is written.
        unknown = client.post(
            reverse("directory:service_edit", args=[draft.pk]),
            complete(
                draft, address="99 chemin Introuvable", latitude="47.2211", longitude="5.9689"
            ),
        )
        assert unknown.status_code == 400 and "placez le service sur la carte" in unescape(
            unknown.content.decode()
        )
        draft.refresh_from_db()
        assert draft.address == "12 rue de l'Exemple"
        # …and the pin it then places wins.
        pinned = client.post(
            reverse("directory:service_edit", args=[draft.pk]),
            complete(draft, address="99 chemin Introuvable", latitude="47.25", longitude="6.05"),
        )
        assert pinned.status_code == 302
        draft.refresh_from_db()
        assert (draft.address, draft.latitude, draft.longitude) == (
            "99 chemin Introuvable",
            47.25,
            6.05,
        )


def test_a_geocoder_that_does_not_answer_costs_nothing(
    client: Client, world: World, draft: Service
) -> None:
    client.force_login(world.users[Role.COORDINATION])
    with override_settings(CITEDUC_GEOCODER_URL=down(), CITEDUC_GEOCODER_TIMEOUT=1):
        response = client.post(
            reverse("directory:service_edit", args=[draft.pk]), complete(draft), follow=True
        )
    assert response.status_code == 200
    assert "n'a pas répondu" in unescape(response.content.decode())
    draft.refresh_from_db()
    assert draft.address == "12 rue de l'Exemple" and draft.latitude is None


def test_editors_create_a_service_as_a_draft(client: Client, world: World) -> None:
    organisation = world.own.service.organisation
    client.force_login(world.users[Role.PORTEUR])
    url = reverse("directory:service_create", args=[organisation.pk])
    assert client.get(url).status_code == 200
    with override_settings(CITEDUC_GEOCODER_URL=""):
        response = client.post(
            url, complete(world.own.service, name="Atelier théâtre", qpvs=[]), follow=True
        )
    # No geocoder and no pin: saved, and the editor is told to place it.
    assert response.redirect_chain and "pas encore de position" in unescape(
        response.content.decode()
    )
    created = Service.objects.get(name="Atelier théâtre")
    assert created.status == ServiceStatus.DRAFT and created.organisation == organisation


def test_editors_are_asked_after_six_months_and_the_coordination_after_a_year(world: World) -> None:
    service = world.own.service
    service.organisation.editors.add(world.users[Role.PORTEUR])
    today = timezone.localdate()
    Service.objects.filter(pk=service.pk).update(updated_on=today - timedelta(days=200))
    first = freshness.run(today)
    assert (first.reminded_services, first.reminded_people, first.flagged_services) == (1, 1, 0)
    assert freshness.run(today).reminded_services == 0  # asked once
    assert Notification.objects.filter(
        user=world.users[Role.PORTEUR], subject__contains="à jour"
    ).exists()
    Service.objects.filter(pk=service.pk).update(updated_on=today - timedelta(days=400))
    late = freshness.run(today)
    service.refresh_from_db()
    assert late.flagged_services == 1 and service.status == ServiceStatus.TO_CHECK
    assert Notification.objects.filter(
        user=world.users[Role.COORDINATION], subject__contains="à vérifier"
    ).exists()
    freshness.confirm(service)
    service.refresh_from_db()
    assert service.status == ServiceStatus.PUBLISHED and service.updated_on == today
    assert len(mail.outbox) >= 2
