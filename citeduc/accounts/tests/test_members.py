"""The coordination gives and removes roles in its Cité, from the partners' space."""

from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from tests.support.world import World


def test_a_manager_links_an_agent_account_by_its_email(client: Client, world: World) -> None:
    agent = User.objects.create_user("agent@ac-besancon.fr", password=None)  # came by ProConnect
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("accounts:member_add", args=[world.cite.slug])
    response = client.post(url, {"email": "Agent@AC-Besancon.fr", "role": Role.MEMBRE_INSTANCE})
    assert response.status_code == 302
    assert Membership.objects.filter(user=agent, cite=world.cite, role="membre_instance").exists()
    assert User.objects.filter(email__iexact="agent@ac-besancon.fr").count() == 1
    history = Membership.history.filter(user=agent).get()
    assert history.history_user == world.users[Role.COORDINATION]


def test_a_new_address_gets_an_account_without_password(client: Client, world: World) -> None:
    client.force_login(world.users[Role.PILOTE_VILLE])
    url = reverse("accounts:member_add", args=[world.cite.slug])
    client.post(url, {"email": "new@example.org", "full_name": "Léa Roux", "role": Role.PORTEUR})
    user = User.objects.get(email="new@example.org")
    assert user.full_name == "Léa Roux" and not user.has_usable_password()
    space = client.get(reverse("territory:cite_space", args=[world.cite.slug])).content.decode()
    assert "new@example.org" in space


def test_a_bad_form_keeps_what_was_typed(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("accounts:member_add", args=[world.cite.slug])
    response = client.post(url, {"email": "pas-une-adresse", "full_name": "Léa", "role": "roi"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="pas-une-adresse"' in html and 'value="Léa"' in html


def test_a_manager_removes_a_role(client: Client, world: World) -> None:
    porteur = world.users[Role.PORTEUR]
    membership = porteur.memberships.get(cite=world.cite)
    client.force_login(world.users[Role.COORDINATION])
    client.post(reverse("accounts:member_remove", args=[world.cite.slug, membership.pk]))
    assert not porteur.memberships.exists()
    assert Membership.history.filter(id=membership.pk, history_type="-").exists()


def test_a_porteur_gives_no_role(client: Client, world: World) -> None:
    client.force_login(world.users[Role.PORTEUR])
    url = reverse("accounts:member_add", args=[world.cite.slug])
    response = client.post(url, {"email": "x@example.org", "role": Role.COORDINATION})
    assert response.status_code == 404
    assert not User.objects.filter(email="x@example.org").exists()
