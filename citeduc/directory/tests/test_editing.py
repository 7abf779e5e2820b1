from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from citeduc.accounts.enums import Role
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Scheme, Service, Theme
from citeduc.directory.tests.factories import OrganisationFactory, ServiceFactory
from tests.support.world import World


def test_service_page_says_what_for_whom_where_when_how(client: Client, world: World) -> None:
    service = world.own.service
    service.age_min, service.age_max, service.schedule = 6, 10, "Mo,Tu 16:30-18:00"
    service.save()
    html = client.get(service.get_absolute_url()).content.decode()
    for text in [
        "Quoi",
        "Pour qui",
        "Comment en bénéficier",
        "Où et quand",
        "Contact",
        "De 6 à 10 ans",
        # The hours are kept in OpenStreetMap's syntax and said in words on the card.
        "Du lundi au mardi : 16:30 – 18:00.",
        world.own.qpv.name,
        "position approximative",
        "Mis à jour le",
    ]:
        assert text in html


def test_stale_service_shows_a_verify_badge_and_is_listed(
    client: Client, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    service = world.own.service
    service.updated_on = timezone.localdate() - timedelta(days=400)
    service.save()
    assert service.is_stale and service.shown_status == "À vérifier"
    assert "À vérifier" in client.get(service.get_absolute_url()).content.decode()
    call_command("list_stale_services", "--cite", world.cite.slug)
    out = capsys.readouterr().out
    assert f"{service.organisation.name}\n  - {service.name}" in out
    assert out.rstrip().endswith("1 service(s) à vérifier.")


def test_draft_service_is_hidden_from_the_public_but_not_from_members(
    client: Client, world: World
) -> None:
    draft = ServiceFactory.create(organisation=world.own.service.organisation, draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(world.users[Role.MEMBRE_INSTANCE])
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(world.users["outsider"])
    assert client.get(draft.get_absolute_url()).status_code == 404


def post_service(client: Client, service: Service, **changes: object) -> object:
    data: dict[str, object] = {
        "name": service.name,
        "description": service.description,
        "themes": [Theme.objects.get(code="educ--sport").pk],
        "qpvs": [q.pk for q in service.qpvs.all()],
    }
    data.update(changes)
    return client.post(reverse("directory:service_edit", args=[service.pk]), data)


def test_porteur_editor_edits_its_service(client: Client, world: World) -> None:
    service = world.own.service
    service.updated_on = timezone.localdate() - timedelta(days=400)
    service.save()
    client.force_login(world.users[Role.PORTEUR])
    response = post_service(
        client, service, name="Atelier sport du mercredi", age_min="6", age_max="11"
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    service.refresh_from_db()
    assert service.name == "Atelier sport du mercredi" and (service.age_min, service.age_max) == (
        6,
        11,
    )
    assert service.updated_on == timezone.localdate() and not service.is_stale
    assert list(service.themes.values_list("code", flat=True)) == ["educ--sport"]
    assert (
        "atelier sport du mercredi" in service.search_text
        and "pratique sportive" in service.search_text
    )
    assert service.history.count() >= 2


def test_form_error_keeps_what_was_typed(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    response = post_service(
        client, world.own.service, name="Nom gardé", age_min="12", age_max="8", email="pas-un-mail"
    )
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'value="Nom gardé"' in html and 'value="pas-un-mail"' in html
    assert escape("L'âge maximum doit être supérieur à l'âge minimum.") in html
    world.own.service.refresh_from_db()
    assert world.own.service.name != "Nom gardé"


def test_porteur_not_editor_cannot_edit(client: Client, world: World) -> None:
    world.own.service.organisation.editors.clear()
    client.force_login(world.users[Role.PORTEUR])
    assert post_service(client, world.own.service, name="Piraté").status_code == 404  # type: ignore[attr-defined]


def test_organisation_edit_refuses_a_bad_siret_and_keeps_input(
    client: Client, world: World
) -> None:
    organisation = world.own.service.organisation
    client.force_login(world.users[Role.PORTEUR])
    url = reverse("directory:organisation_edit", args=[organisation.pk])
    data = {"name": "Nouveau nom", "kind": "association", "siret": "73282932000075"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "clé de contrôle incorrecte" in response.content.decode()
    data["siret"] = "73282932000074"
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.siret) == ("Nouveau nom", "73282932000074")


def test_coordination_changes_status_porteur_cannot(client: Client, world: World) -> None:
    service = world.own.service
    url = reverse("directory:service_set_status", args=[service.pk])
    client.force_login(world.users[Role.PORTEUR])
    assert client.post(url, {"status": "closed"}).status_code == 404
    client.force_login(world.users[Role.COORDINATION])
    assert client.post(url, {"status": "n'importe quoi"}).status_code == 302
    service.refresh_from_db()
    assert service.status == ServiceStatus.PUBLISHED
    client.post(url, {"status": "closed"})
    service.refresh_from_db()
    assert service.status == ServiceStatus.CLOSED
    assert client.get(service.get_absolute_url()).status_code == 200  # a manager still sees it
    client.logout()
    assert client.get(service.get_absolute_url()).status_code == 404


def test_merge_moves_services_and_keeps_the_duplicate_traceable(
    client: Client, world: World
) -> None:
    duplicate = world.own.service.organisation
    kept = OrganisationFactory.create(cite=world.cite, name="Structure conservée")
    client.force_login(world.users[Role.PILOTE_VILLE])
    url = reverse("directory:organisation_merge", args=[duplicate.pk])
    other_cite_org = world.other.service.organisation
    assert client.post(url, {"kept": other_cite_org.pk}).status_code == 400  # not of this Cité
    response = client.post(url, {"kept": kept.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert list(kept.services.all()) == [world.own.service]
    assert world.users[Role.PORTEUR] in kept.editors.all()
    assert Organisation.objects.active().filter(pk=duplicate.pk).count() == 0


def test_manage_page_lists_services_with_flat_queries(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("directory:manage", args=[world.cite.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    one = count()
    for _ in range(49):
        ServiceFactory.create(organisation=world.own.service.organisation)
    assert count() == one


def test_scheme_page_lists_porteurs_qpv_and_published_services(
    client: Client, world: World
) -> None:
    scheme = Scheme.objects.create(
        cite=world.cite, name="Programme de réussite éducative", acronym="PRE"
    )
    scheme.porteurs.add(world.own.service.organisation)
    scheme.qpvs.add(world.own.qpv)
    scheme.services.add(
        world.own.service, ServiceFactory.create(name="Brouillon caché", draft=True)
    )
    url = reverse("directory:scheme_list", args=[world.cite.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            html = client.get(url).content.decode()
        assert "Programme de réussite éducative (PRE)" in html and world.own.qpv.name in html
        assert world.own.service.name in html and "Brouillon caché" not in html
        return len(context.captured_queries)

    one = count()
    for n in range(19):
        Scheme.objects.create(cite=world.cite, name=f"Dispositif {n}").porteurs.add(
            world.own.service.organisation
        )
    assert count() == one


def test_a_service_is_placed_only_in_its_own_cites_qpv(client: Client, world: World) -> None:
    """The attack: the form offered every QPV of the instance, and a porteur of one Cité put its
    service into another Cité's search and family guide."""
    service = world.own.service
    client.force_login(world.users[Role.PORTEUR])
    page = client.get(reverse("directory:service_edit", args=[service.pk])).content.decode()
    assert world.own.qpv.name in page and world.other.qpv.name not in page
    response = post_service(client, service, qpvs=[world.own.qpv.pk, world.other.qpv.pk])
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert list(service.qpvs.all()) == [world.own.qpv]
    guide = client.get(reverse("directory:search"), {"qpv": world.other.qpv.code})
    assert service.name not in guide.content.decode()


def test_siret_and_rna_as_printed_with_their_spaces(client: Client, world: World) -> None:
    organisation = world.own.service.organisation
    client.force_login(world.users[Role.PORTEUR])
    url = reverse("directory:organisation_edit", args=[organisation.pk])
    data = {
        "name": "Asso",
        "kind": "association",
        "siret": "732 829 320 00074",
        "rna": "w25-1000123",
    }
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.siret, organisation.rna) == ("73282932000074", "W251000123")
    data["siret"] = "732 829 320"
    page = client.post(url, data).content.decode()
    assert "SIRET mal formé : « 732829320 » (14 chiffres)" in page
