"""Structures that join by themselves: claim or declare, the coordination's decision, members."""

from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, Notification, User
from citeduc.directory.models import Claim, ClaimStatus, Organisation
from citeduc.directory.structures import ClaimRefused, claim_existing, remove
from citeduc.directory.validators import luhn_ok
from tests.support.world import World

pytestmark = pytest.mark.django_db

SIRET = next(f"8012345670001{d}" for d in "0123456789" if luhn_ok(f"8012345670001{d}"))


@pytest.fixture
def newcomer() -> User:
    return User.objects.create_user(
        "nouvelle@asso.example.org", "un mot de passe long", full_name="Nora Nouvelle"
    )


def test_claim_an_existing_structure_then_accepted(
    client: Client, world: World, newcomer: User
) -> None:
    organisation = world.own.service.organisation
    organisation.siret = SIRET
    organisation.save()
    client.force_login(newcomer)
    found = client.get(reverse("directory:claim_search"), {"q": SIRET[:9] + " " + SIRET[9:]})
    assert organisation.name in found.content.decode()
    response = client.post(
        reverse("directory:claim_search"),
        {"organisation": organisation.pk, "message": "Trésorière de l'association"},
    )
    assert response["Location"] == reverse("directory:my_structures")
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.PENDING and claim.cite == world.cite
    coordination = world.users[Role.COORDINATION]
    assert Notification.objects.filter(
        user=coordination, subject__contains=organisation.name
    ).exists()
    assert (
        "En attente de la coordination"
        in client.get(reverse("directory:my_structures")).content.decode()
    )

    # A second claim by the same person, from a second tab: a sentence, no second row.
    again = client.post(
        reverse("directory:claim_search"), {"organisation": organisation.pk}, follow=True
    )
    assert "Vous avez déjà demandé à gérer" in unescape(again.content.decode())
    assert Claim.objects.count() == 1

    # The coordination sees it on its home and accepts it.
    client.force_login(coordination)
    home = client.get(reverse("portal:home")).content.decode()
    assert "1 demande de rattachement" in home
    decide = reverse("directory:claim_decide", args=[world.cite.slug, claim.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACCEPTED and claim.decided_by == coordination
    assert organisation.editors.filter(pk=newcomer.pk).exists()
    assert organisation.administrators.filter(pk=newcomer.pk).exists()
    assert Membership.objects.filter(user=newcomer, cite=world.cite, role=Role.PORTEUR).exists()
    assert Notification.objects.filter(user=newcomer, subject__contains="acceptée").exists()
    # Deciding again (a second tab): nothing changes, and it is said.
    twice = client.post(decide, {"decision": "refuse", "reason": "trop tard"}, follow=True)
    assert "déjà été traitée" in unescape(twice.content.decode())
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACCEPTED

    # Now an administrator: the structure cannot be claimed by someone else.
    with pytest.raises(ClaimRefused, match="déjà un administrateur"):
        claim_existing(world.users["outsider"], organisation)


def test_declare_a_new_structure_then_refused_with_a_reason(
    client: Client, world: World, newcomer: User
) -> None:
    client.force_login(newcomer)
    url = reverse("directory:declare")
    form = {
        "cite": world.cite.pk,
        "name": "Les Jardiniers du quartier",
        "kind": "association",
        "siret": SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10),  # a wrong key
        "commune": world.cite.communes.get().pk,
    }
    bad = client.post(url, form)
    assert bad.status_code == 400 and "Luhn" in unescape(bad.content.decode())
    assert 'value="Les Jardiniers du quartier"' in unescape(bad.content.decode())
    assert client.post(url, {**form, "siret": ""}).status_code == 400  # neither SIRET nor RNA
    assert client.post(url, {**form, "siret": SIRET})["Location"] == reverse(
        "directory:my_structures"
    )
    claim = Claim.objects.get()
    assert claim.is_new and claim.siret == SIRET
    # The same SIRET again, by the same person or another: refused, nothing written.
    again = client.post(url, {**form, "siret": SIRET})
    assert "Vous avez déjà déclaré" in unescape(again.content.decode())
    client.force_login(world.users["outsider"])
    other = client.post(url, {**form, "siret": SIRET})
    assert "Une autre personne a déjà déclaré" in unescape(other.content.decode())
    assert Claim.objects.count() == 1

    client.force_login(world.users[Role.COORDINATION])
    decide = reverse("directory:claim_decide", args=[world.cite.slug, claim.pk])
    no_reason = client.post(decide, {"decision": "refuse", "reason": ""})
    assert no_reason.status_code == 400
    client.post(decide, {"decision": "refuse", "reason": "Structure hors du quartier."})
    claim.refresh_from_db()
    assert (
        claim.status == ClaimStatus.REFUSED
        and not Organisation.objects.filter(siret=SIRET).exists()
    )
    assert any(
        "Structure hors du quartier." in m.body for m in mail.outbox if newcomer.email in m.to
    )


def test_accepting_a_new_structure_creates_it_and_its_first_member_administers_it(
    world: World, newcomer: User
) -> None:
    from citeduc.directory.structures import accept, declare_new

    claim = declare_new(
        newcomer, world.cite, name="Ludo", kind="association", commune=None, rna="W251000123"
    )
    organisation = accept(claim, world.users[Role.COORDINATION])
    assert organisation.rna == "W251000123" and organisation.cite == world.cite
    assert list(organisation.administrators.all()) == [newcomer]
    with pytest.raises(ClaimRefused, match="déjà dans l'annuaire"):
        declare_new(
            world.users["outsider"],
            world.cite,
            name="Ludo bis",
            kind="association",
            commune=None,
            rna="W251000123",
        )


def test_an_administrator_invites_removes_and_hands_over(
    client: Client, world: World, newcomer: User
) -> None:
    organisation = world.own.service.organisation
    from citeduc.directory.structures import attach_editor

    attach_editor(organisation, newcomer)
    client.force_login(newcomer)
    members = reverse("directory:members", args=[organisation.pk])
    response = client.post(
        members, {"email": "Collegue@Asso.example.org", "full_name": "Colin Collègue"}
    )
    assert response.status_code == 302
    colleague = User.objects.get(email="collegue@asso.example.org")
    assert organisation.editors.filter(pk=colleague.pk).exists()
    assert any("collegue@asso.example.org" in m.to for m in mail.outbox)  # the password link
    # The only administrator cannot leave before handing over.
    with pytest.raises(ClaimRefused, match="seul administrateur"):
        remove(organisation, newcomer)
    client.post(
        reverse("directory:member_admin", args=[organisation.pk, colleague.pk]), {"ceder": "1"}
    )
    assert list(organisation.administrators.all()) == [colleague]
    # No longer an administrator: the members page is closed to Nora.
    assert client.get(members).status_code == 404
    client.force_login(colleague)
    client.post(reverse("directory:member_remove", args=[organisation.pk, newcomer.pk]))
    assert not organisation.editors.filter(pk=newcomer.pk).exists()


def test_the_coordination_attaches_an_editor_directly(client: Client, world: World) -> None:
    organisation = world.own.service.organisation
    client.force_login(world.users[Role.COORDINATION])
    client.post(
        reverse("directory:members", args=[organisation.pk]), {"email": "direct@example.org"}
    )
    person = User.objects.get(email="direct@example.org")
    assert organisation.editors.filter(pk=person.pk).exists()
    assert Membership.objects.filter(user=person, cite=world.cite, role=Role.PORTEUR).exists()


def test_applying_without_a_structure_shows_the_way_not_a_404(client: Client, world: World) -> None:
    world.own.service.organisation.editors.clear()
    client.force_login(world.users[Role.PORTEUR])
    response = client.get(reverse("funding:apply", args=[world.cite.slug, world.own.call.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Rattacher ma structure" in html
