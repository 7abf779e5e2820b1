from datetime import date

import factory

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.territory.tests.factories import CiteFactory


class AxisFactory(factory.django.DjangoModelFactory[Axis]):
    class Meta:
        model = Axis

    cite = factory.SubFactory(CiteFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    axis = factory.SubFactory(AxisFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objectif {n}")


class PriorityFactory(factory.django.DjangoModelFactory[Priority]):
    class Meta:
        model = Priority

    axis = factory.SubFactory(AxisFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Priorité {n}")


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    cite = factory.SubFactory(CiteFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = date(2025, 1, 1)
    end_date = date(2025, 12, 31)
    year = 2025
    status = ActionStatus.PROGRAMMEE
    priority = factory.LazyAttribute(lambda a: PriorityFactory.create(axis__cite=a.cite))

    @factory.post_generation
    def objectives(self, create: bool, extracted: list[Objective] | None, **kwargs: object) -> None:
        if create:
            priority: Priority | None = self.priority  # type: ignore[assignment]
            axis = priority.axis if priority else AxisFactory.create(cite=self.cite)
            self.objectives.set(
                extracted if extracted is not None else [ObjectiveFactory.create(axis=axis)]
            )
