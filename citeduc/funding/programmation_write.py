"""Writing a checked programmation in bulk: what the import used to do line by line (an upsert of
the porteur, the action and its links, the request, the amount asked and the decision, some twenty
queries a line), done with a fixed number of queries whatever the number of lines — every row it
may touch read at once, then created, changed and linked by batches, with their history.

The outcome of each line, its line number in the report, the undo journal and the rows written
are those of the line-by-line writing; the Cité's money figures, its data version and its derived
indicators follow once, at the end (a batch write sends no per-row signal)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action
from citeduc.common import undo, versions
from citeduc.common.importing import PROGRESS_EVERY, ImportReport
from citeduc.common.signals import bulk_written
from citeduc.common.upsert import Outcome
from citeduc.directory.enums import OrganisationKind
from citeduc.directory.models import Organisation
from citeduc.funding import kept
from citeduc.funding.enums import RequestStatus
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from citeduc.funding.rules import euros
from citeduc.territory.models import CiteEducative

BATCH = 500
REFERENCE = "Programmation importée"
LINKS = ("objectives", "porteurs", "qpvs")


def _first_by[M: models.Model](rows: Iterable[M], key: str) -> dict[Any, M]:
    """Rows by a field, the first in order kept (as ``filter(...).first()`` would find it)."""
    found: dict[Any, M] = {}
    for row in rows:
        found.setdefault(getattr(row, key), row)
    return found


class Changes:
    """Rows to create and rows to update (with the fields that change and their old values)."""

    def __init__(self, *, checked: bool = True) -> None:
        self.checked = checked  # each row's fields checked before writing, as upsert did
        self.created: list[models.Model] = []
        self.before: dict[int, tuple[models.Model, dict[str, str | None]]] = {}
        self.fields: set[str] = set()

    def create(self, row: models.Model) -> None:
        self.created.append(row)

    def set(self, row: models.Model, values: dict[str, Any]) -> bool:
        """Set the values on a row; True when something changed."""
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            return False
        if row.pk is not None:
            entry = self.before.setdefault(id(row), (row, {}))
            for name in changed:
                entry[1].update(undo.snapshot(row, [name]) if name not in entry[1] else {})
        for name in changed:
            setattr(row, name, values[name])
        if row.pk is not None:
            self.fields.update(changed)
        return True

    def save(self, model: type[models.Model], names: list[str]) -> None:
        """Check each row's fields as the line-by-line writing did (but not the rows it points
        to, read or written just before), then write them by batches, with their history."""
        links = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for row in [*self.created, *(r for r, _b in self.before.values())] if self.checked else []:
            row.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
        if self.created:
            bulk_create_with_history(self.created, model, batch_size=BATCH)
            for row in self.created:
                undo.created(row, names)
        updated = [row for row, _before in self.before.values()]
        if updated:
            bulk_update_with_history(updated, model, sorted(self.fields), batch_size=BATCH)
            for row, before in self.before.values():
                undo.updated(row, before, list(before))


class ProgrammationWriter:
    def __init__(self, cite: CiteEducative, year: int, rows: list[Any]) -> None:
        self.cite, self.year, self.rows = cite, year, rows
        self.start = max(date(year, 1, 1), cite.label_start)
        self.end = min(date(year, 12, 31), cite.label_end)
        organisations = Organisation.objects.filter(cite=cite)
        self.by_siret = _first_by(
            organisations.filter(siret__in={r.siret for r in rows if r.siret}), "siret"
        )
        self.by_name = _first_by(organisations.filter(name__in={r.porteur for r in rows}), "name")
        actions = Action.objects.filter(cite=cite, year=year, title__in={r.action for r in rows})
        self.actions = _first_by(actions.order_by("pk"), "title")
        self.requests = {
            (g.action_id, g.applicant_id): g
            for g in GrantRequest.objects.filter(cite=cite, year=year).order_by("-pk")
        }
        ids = [g.pk for g in self.requests.values()]
        self.asked = {
            (a.request_id, a.funder_id): a for a in RequestedAmount.objects.filter(request__in=ids)
        }
        self.decided = {
            (d.request_id, d.funder_id): d for d in Decision.objects.filter(request__in=ids)
        }
        self.changes: dict[type[models.Model], Changes] = {
            m: Changes() for m in (Action, GrantRequest)
        }
        self.changes[Organisation] = Changes(checked=False)  # as Organisation.objects.create
        self.money: dict[type[models.Model], Changes] = {
            m: Changes() for m in (RequestedAmount, Decision)
        }

    def organisation(self, row: Any) -> Organisation:
        found = (self.by_siret.get(row.siret) if row.siret else None) or self.by_name.get(
            row.porteur
        )
        if found is None:
            found = Organisation(
                cite=self.cite,
                source=f"citeduc-{self.cite.slug}",
                external_id=f"citeduc-{self.cite.slug}--{slugify(row.porteur)}",
                name=row.porteur,
                siret=row.siret,
                kind=OrganisationKind.ASSOCIATION,
            )
            self.changes[Organisation].create(found)
            self.by_name[row.porteur] = found
            if row.siret:
                self.by_siret[row.siret] = found
        return found

    def action(self, row: Any) -> Action:
        values = {"start_date": self.start, "end_date": self.end, "is_engineering": row.engineering}
        action = self.actions.get(row.action)
        if action is None:
            action = Action(cite=self.cite, year=self.year, title=row.action, **values)
            action.status = ActionStatus.PROGRAMMEE
            self.changes[Action].create(action)
            self.actions[row.action] = action
            return action
        self.changes[Action].set(action, values)
        if action.status == ActionStatus.PISTE:
            self.changes[Action].set(action, {"status": ActionStatus.PROGRAMMEE})
        return action

    def amounts(self, grant: GrantRequest, row: Any) -> Outcome:
        key = (id(grant) if grant.pk is None else grant.pk, row.funder.pk)
        outcome = self._upsert(RequestedAmount, self.asked, key, grant, row, {"amount": row.asked})
        if row.decided:
            values = {
                "amount": row.decided,
                "date": self.start,
                "reference": "Programmation importée",
            }
            decided = self._upsert(Decision, self.decided, key, grant, row, values)
            outcome = outcome if decided == Outcome.UNCHANGED else decided
        return outcome

    def _upsert(self, model: Any, known: dict, key: tuple, grant: GrantRequest, row: Any,
                values: dict[str, Any]) -> Outcome:  # fmt: skip
        found = known.get(key)
        if found is None:
            known[key] = model(request=grant, funder=row.funder, **values)
            self.money[model].create(known[key])
            return Outcome.CREATED
        return Outcome.UPDATED if self.money[model].set(found, values) else Outcome.UNCHANGED

    def grant(self, row: Any) -> GrantRequest:
        organisation, action = self.organisation(row), self.action(row)
        self._links[id(action)] = (action, self._links.get(id(action), (action, {}))[1])
        wanted = self._links[id(action)][1]
        for relation, rows in (("objectives", row.objectives), ("porteurs", [organisation]),
                               ("qpvs", row.qpvs)):  # fmt: skip
            wanted.setdefault(relation, [])
            wanted[relation] += [r for r in rows if r not in wanted[relation]]
        key = (action.pk or id(action), organisation.pk or id(organisation))
        grant = self.requests.get(key)
        if grant is None:
            grant = GrantRequest(cite=self.cite, action=action, applicant=organisation,
                                 year=self.year)  # fmt: skip
            self.changes[GrantRequest].create(grant)
            self.requests[key] = grant
        return grant

    def write(self, report: ImportReport) -> None:
        self._links: dict[int, tuple[Action, dict[str, list[models.Model]]]] = {}
        for done, r in enumerate(self.rows, start=1):
            grant = self.grant(r)
            outcome = self.amounts(grant, r)
            if r.decided and grant.status in {RequestStatus.DRAFT, RequestStatus.SUBMITTED}:
                self.changes[GrantRequest].set(grant, {"status": RequestStatus.GRANTED})
            amounts = euros(r.asked) + (f" → {euros(r.decided)}" if r.decided else "")
            report.count(
                outcome, r.where, f"{r.action} — {r.porteur} — {r.funder.code} : {amounts}"
            )
            if done % PROGRESS_EVERY == 0 or done == len(self.rows):
                report.progress("Écriture", done, len(self.rows))
        self._save()

    def _save(self) -> None:
        self.changes[Organisation].save(
            Organisation, ["cite", "source", "external_id", "name", "siret", "kind"]
        )
        self.changes[Action].save(
            Action, ["cite", "year", "title", "start_date", "end_date", "is_engineering"]
        )
        self.changes[GrantRequest].save(GrantRequest, ["action", "applicant", "year", "cite"])
        self._save_links()
        self.money[RequestedAmount].save(RequestedAmount, ["request", "funder", "amount"])
        self.money[Decision].save(Decision, ["request", "funder", "amount", "date", "reference"])
        kept.touched(self.cite.pk)
        versions.changed(self.cite.pk, "funding")
        bulk_written.send(sender=GrantRequest, cite_id=self.cite.pk, year=self.year)

    def _save_links(self) -> None:
        """The links each action lacks, added by batches; each noted for the undo."""
        for relation in LINKS:
            field = getattr(Action, relation).field
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            ids = [action.pk for action, _w in self._links.values()]
            present = set(
                through.objects.filter(**{f"{source}__in": ids}).values_list(source, target)
            )
            new_rows = []
            for action, wanted in self._links.values():
                new = [r.pk for r in wanted.get(relation, []) if (action.pk, r.pk) not in present]
                new_rows += [through(**{source: action.pk, target: pk}) for pk in new]
                undo.linked(action, relation, new)
            through.objects.bulk_create(new_rows, batch_size=BATCH)
