from datetime import date

import factory

from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation
from citeduc.territory.models import CiteEducative, Commune, Establishment, Qpv
from citeduc.territory.validators import uai_check_letter


class CommuneFactory(factory.django.DjangoModelFactory[Commune]):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    # INSEE codes are five characters: the sequence wraps, and get_or_create reuses a
    # commune when the whole suite has made more than ten thousand of them.
    insee_code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")
    name = factory.Sequence(lambda n: f"Commune de test {n}")


class QpvFactory(factory.django.DjangoModelFactory[Qpv]):
    class Meta:
        model = Qpv

    code = factory.Sequence(lambda n: f"QN099{n % 100:02d}{'ABCDEFGHJK'[n // 100 % 10]}")
    name = factory.Sequence(lambda n: f"Quartier de test {n}")
    commune = factory.SubFactory(CommuneFactory)
    population = 1000


def valid_uai(n: int) -> str:
    first_seven = f"{9900000 + n:07d}"
    return first_seven + uai_check_letter(first_seven)


class CiteFactory(factory.django.DjangoModelFactory[CiteEducative]):
    class Meta:
        model = CiteEducative
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"cite-{n}")
    name = factory.Sequence(lambda n: f"Cité éducative de test {n}")
    label_start = date(2024, 1, 1)
    label_end = date(2026, 12, 31)

    @factory.post_generation
    def communes(self, create: bool, extracted: list[Commune] | None, **kwargs: object) -> None:
        if create:
            self.communes.set(extracted or [CommuneFactory.create()])


class EstablishmentFactory(factory.django.DjangoModelFactory[Establishment]):
    class Meta:
        model = Establishment

    uai = factory.Sequence(valid_uai)
    name = factory.Sequence(lambda n: f"Établissement {n}")
    kind = EstablishmentKind.ECOLE_ELEMENTAIRE
    priority_education = PriorityEducation.REP_PLUS
    cite = factory.SubFactory(CiteFactory)
    cite_role = CiteRole.MEMBRE
    qpv = factory.SubFactory(QpvFactory)

    class Params:
        positioned = factory.Trait(latitude=47.22, longitude=5.97)
        outside = factory.Trait(cite=None, cite_role="")
