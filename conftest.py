"""Shared fixtures: two Cités and a user per role, for "own Cité or the other?" tests."""

import os
from dataclasses import dataclass

import pytest

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.accounts.tests.factories import MembershipFactory, UserFactory
from citeduc.territory.models import CiteEducative
from citeduc.territory.tests.factories import CiteFactory, EstablishmentFactory

REQUIRE_ALL = os.environ.get("CITEDUC_REQUIRE_ALL") == "1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@dataclass
class World:
    cite: CiteEducative
    other_cite: CiteEducative
    users: dict[str, User]  # by role name, plus "national" and "outsider"


@pytest.fixture
def world(db: None) -> World:
    cite = CiteFactory.create(slug="cite-a", name="Cité éducative A")
    other = CiteFactory.create(slug="cite-b", name="Cité éducative B")
    EstablishmentFactory.create(cite=cite)
    EstablishmentFactory.create(cite=other)
    users = {}
    for role in Role:
        users[role.value] = MembershipFactory.create(cite=cite, role=role).user
    users["national"] = UserFactory.create(national=True)
    users["outsider"] = UserFactory.create()
    return World(cite=cite, other_cite=other, users=users)
