import factory

from citeduc.directory.enums import OrganisationKind, ServiceStatus
from citeduc.directory.models import Organisation, Service
from citeduc.territory.tests.factories import CiteFactory


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    cite = factory.SubFactory(CiteFactory)
    source = "tests"
    external_id = factory.Sequence(lambda n: f"tests--org-{n}")
    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = OrganisationKind.ASSOCIATION


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    source = "tests"
    external_id = factory.Sequence(lambda n: f"tests--svc-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Un service de test pour les familles du quartier."
    status = ServiceStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=ServiceStatus.DRAFT)
