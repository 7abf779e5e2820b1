import factory

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.territory.tests.factories import CiteFactory

PASSWORD = "mot-de-passe-de-test-2024"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.django.Password(PASSWORD)

    class Params:
        national = factory.Trait(is_national=True)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cite = factory.SubFactory(CiteFactory)
    role = Role.COORDINATION
