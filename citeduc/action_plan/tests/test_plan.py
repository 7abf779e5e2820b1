import csv
import io
import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from citeduc.accounts.enums import Role
from citeduc.accounts.models import ApiToken
from citeduc.accounts.tests.factories import MembershipFactory
from citeduc.action_plan.carry_over import carry_over
from citeduc.action_plan.coverage import plan_coverage
from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.action_plan.tests.factories import ActionFactory, AxisFactory, ObjectiveFactory
from citeduc.demo.loading import DemoResult
from citeduc.demo.seed_plan import clean
from citeduc.territory.models import CiteEducative, Qpv
from citeduc.territory.tests.factories import CiteFactory, QpvFactory
from tests.support.world import World

# ---- coverage on a fixture built for it --------------------------------------------------------


@pytest.mark.django_db
def test_coverage_counts_cell_by_cell() -> None:
    cite = CiteFactory.create()
    north, south = QpvFactory.create(name="Nord"), QpvFactory.create(name="Sud")
    cite.qpvs.set([north, south])
    axis = AxisFactory.create(cite=cite)
    reading, sport, orphan = (ObjectiveFactory.create(axis=axis, number=n) for n in (1, 2, 3))

    def action(
        objectives: list[Objective],
        qpvs: list[Qpv],
        ages: tuple[int | None, int | None],
        text: str,
        year: int = 2025,
    ) -> Action:
        a = ActionFactory.create(
            cite=cite,
            title=text,
            age_min=ages[0],
            age_max=ages[1],
            year=year,
            start_date=date(year, 1, 1),
            end_date=date(year, 12, 31),
            objectives=objectives,
        )
        a.qpvs.set(qpvs)
        return a

    action([reading], [north, south], (3, 5), "Lecture en maternelle")
    action([reading, sport], [north], (6, 10), "Sport et lecture")
    action([sport], [north], (None, None), "Tournoi de quartier")
    action([sport], [south], (11, 14), "Sport au collège", year=2024)
    abandoned = action([reading], [south], (15, 17), "Abandonnée")
    abandoned.status = ActionStatus.ABANDONNEE
    abandoned.save()

    coverage = plan_coverage(cite)
    n, s = north.code, south.code
    assert coverage.by_objective[reading.pk] == {n: 2, s: 1}
    assert coverage.by_objective[sport.pk] == {n: 2, s: 1}
    assert coverage.by_objective[orphan.pk] == {n: 0, s: 0}
    assert coverage.by_age["0 à 2 ans"] == {n: 0, s: 0}
    assert coverage.by_age["3 à 5 ans"] == {n: 1, s: 1}
    assert coverage.by_age["6 à 10 ans"] == {n: 1, s: 0}
    assert coverage.by_age["11 à 14 ans"] == {n: 0, s: 1}
    assert coverage.by_age["15 à 17 ans"] == {n: 0, s: 0}  # the only one was abandoned
    assert coverage.per_qpv == {n: 3, s: 2}
    assert coverage.objectives_without_action == [orphan]
    assert coverage.qpvs_without_action == []
    assert coverage.age_bands_without_action == ["0 à 2 ans", "15 à 17 ans", "18 à 25 ans"]
    assert coverage.neglected["Sport"] == 2 and coverage.neglected["Culture"] == 2
    assert set(coverage.themes_without_action) == {"Égalité filles-garçons", "Santé", "Mobilité"}
    only_2024 = plan_coverage(cite, 2024)
    assert only_2024.per_qpv == {n: 0, s: 1}
    assert only_2024.qpvs_without_action == [north]


# ---- forms -----------------------------------------------------------------------------------


def action_data(world: World, **changes: object) -> dict[str, object]:
    objective = world.own.action.objectives.get()
    data: dict[str, object] = {
        "title": "Ateliers lecture parents-enfants",
        "objectives": [objective.pk],
        "qpvs": [world.own.qpv.pk],
        "start_date": "2025-02-01",
        "end_date": "2025-06-30",
        "year": "2025",
        "status": "programmee",
        "age_min": "3",
        "age_max": "5",
        "periscolaire": "on",
    }
    data.update(changes)
    return data


def test_coordination_creates_an_action(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    response = client.post(
        reverse("action_plan:action_create", args=[world.cite.slug]), action_data(world)
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Ateliers lecture parents-enfants")
    assert action.cite == world.cite and action.periscolaire and not action.scolaire
    assert [b.value for b in action.age_bands] == ["3-5"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"start_date": "2023-09-01"},
            "Le 01/09/2023 est hors de la période du label "
            "(du 01/01/2024 au 31/12/2026) [R-PER-1].",
        ),
        ({"end_date": "2027-01-15"}, "Le 15/01/2027 est hors de la période du label"),
        ({"year": "2027"}, "L'année 2027 est hors de la période du label"),
        ({"end_date": "2025-01-01"}, "La fin doit venir après le début."),
        ({"age_min": "12", "age_max": "6"}, "L'âge maximum doit être supérieur à l'âge minimum."),
        ({"start_date": "32/13/2025"}, "Saisissez une date valide."),
    ],
)
def test_bad_action_input_is_refused_with_a_clear_message_and_kept(
    client: Client, world: World, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.users[Role.PILOTE_ETAT])
    before = Action.objects.count()
    response = client.post(
        reverse("action_plan:action_create", args=[world.cite.slug]), action_data(world, **changes)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(message) in html
    assert 'value="Ateliers lecture parents-enfants"' in html
    for value in changes.values():
        assert f'value="{value}"' in html
    assert Action.objects.count() == before


def test_unknown_qpv_or_objective_of_another_cite_is_refused(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    other_objective = world.other.action.objectives.get()
    response = client.post(
        reverse("action_plan:action_create", args=[world.cite.slug]),
        action_data(world, qpvs=[world.other.qpv.pk, 999999], objectives=[other_objective.pk]),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in html
    # Django names the first value that is not among the Cité's choices.
    assert re.search(rf"Sélectionnez un choix valide\. ({world.other.qpv.pk}|999999) ", html)
    assert re.search(rf"Sélectionnez un choix valide\. {other_objective.pk} ", html)
    assert 'value="Ateliers lecture parents-enfants"' in html


def test_objective_and_axis_forms(client: Client, world: World) -> None:
    client.force_login(world.users[Role.PILOTE_VILLE])
    axis = world.own.action.objectives.get().axis
    url = reverse("action_plan:objective_create", args=[world.cite.slug])
    response = client.post(url, {"axis": axis.pk, "number": "", "title": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()
    response = client.post(url, {"axis": axis.pk, "number": "9", "title": "Favoriser la mobilité"})
    assert response.status_code == 302
    assert Objective.objects.filter(axis=axis, title="Favoriser la mobilité").exists()
    response = client.post(
        reverse("action_plan:axis_edit", args=[world.cite.slug, axis.pk]),
        {"number": axis.number, "title": "Ouvrir le champ des possibles", "text": ""},
    )
    assert response.status_code == 302
    axis.refresh_from_db()
    assert axis.title == "Ouvrir le champ des possibles"


# ---- carry-over -------------------------------------------------------------------------------


def test_carry_over_copies_as_pistes_with_links_once(client: Client, world: World) -> None:
    action = world.own.action
    action.year, action.start_date, action.end_date = 2024, date(2024, 9, 1), date(2025, 6, 30)
    action.save()
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("action_plan:carry_over", args=[world.cite.slug]) + "?annee=2024"
    assert client.post(url, {"actions": [action.pk], "target_year": "2027"}).status_code == 400
    assert client.post(url, {"actions": [action.pk], "target_year": "2025"}).status_code == 302
    copy = Action.objects.get(carried_from=action)
    assert (copy.year, copy.status) == (2025, ActionStatus.PISTE)
    assert (copy.start_date, copy.end_date) == (date(2025, 9, 1), date(2026, 6, 30))
    assert list(copy.qpvs.all()) == list(action.qpvs.all())
    assert list(copy.objectives.all()) == list(action.objectives.all())
    assert carry_over([action], 2025) == []  # already carried into 2025


# ---- list pages, exports, API -----------------------------------------------------------------


def test_action_list_filters_and_query_count(client: Client, world: World) -> None:
    client.force_login(world.users[Role.MEMBRE_INSTANCE])
    url = reverse("action_plan:action_list", args=[world.cite.slug])

    def count(params: dict[str, str]) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            html = client.get(url, params).content.decode()
        found = re.search(r'<h2 class="fr-h5">(\d+) actions?</h2>', html)
        assert found is not None
        return len(context.captured_queries), int(found.group(1))

    queries_one, total = count({})
    assert total == 1
    for _ in range(24):
        extra = ActionFactory.create(cite=world.cite, age_min=15, age_max=17, extrascolaire=True)
        extra.qpvs.add(world.own.qpv)
    assert count({})[0] == queries_one
    assert count({"public": "15-17"})[1] == 24
    assert count({"time": "extrascolaire", "qpv": world.own.qpv.code})[1] == 24
    assert count({"year": "abc"})[1] == 25  # a wrong filter is ignored and reported


def test_plan_api_needs_a_token_of_a_member(client: Client, world: World) -> None:
    url = reverse("api:get_plan", args=[world.cite.slug])
    assert client.get(url).status_code == 401
    _token, outsider = ApiToken.issue(world.users["outsider"], "x")
    assert client.get(url, headers={"Authorization": f"Bearer {outsider}"}).status_code == 404
    _token, raw = ApiToken.issue(world.users["national"], "ANCT")
    body = client.get(url, headers={"Authorization": f"Bearer {raw}"}).json()
    assert body["cite"] == world.cite.slug
    assert body["actions"][0]["title"] == world.own.action.title
    assert body["axes"][0]["objectives"][0]["number"] == world.own.action.objectives.get().number


def test_grid_and_qpv_pages_keep_flat_query_counts(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    axis = world.own.action.objectives.get().axis
    grid = reverse("action_plan:grid", args=[world.cite.slug])
    qpv_page = reverse("action_plan:qpv_plan", args=[world.cite.slug, world.own.qpv.code])

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    before = (queries(grid), queries(qpv_page))
    # After the axis's last number (the factory's sequence depends on the tests run before).
    first = (axis.objectives.aggregate(last=Max("number"))["last"] or 0) + 1
    for n in range(19):
        objective = ObjectiveFactory.create(axis=axis, number=first + n)
        action = ActionFactory.create(cite=world.cite, objectives=[objective])
        action.qpvs.add(world.own.qpv)
        action.porteurs.add(world.own.service.organisation)
    assert (queries(grid), queries(qpv_page)) == before


class TestOnTheDemo:
    """The Besançon demo, loaded once for these tests."""

    def test_demo_plan_is_the_seed(self, demo: DemoResult) -> None:
        seed = next((settings.CITEDUC_REFERENCE_DIR / "seed").glob("*.txt")).read_text(
            encoding="utf-8"
        )
        assert Axis.objects.count() == 3
        assert Objective.objects.count() == 23
        assert Priority.objects.count() == 12
        assert Action.objects.filter(year=2024).count() == 23
        assert Action.objects.filter(year=2025, status=ActionStatus.PISTE).count() == 20
        first = Objective.objects.get(number=1)
        assert first.title == "Encourager l'innovation pédagogique"
        assert first.concordance_contrat_ville == (
            "Favoriser la réussite éducative de tous les enfants et jeunes du quartier"
        )
        assert (
            first.concordance_peb_axis
            == "2. Mieux inclure et accompagner les enfants à besoins spécifiques :"
        )
        assert (
            first.concordance_peb == "2.1 Organiser le réseau des professionnels autour de l'enfant"
        )
        assert (
            Objective.objects.get(number=16).concordance_education_nationale == ""
        )  # empty in the seed
        assert Objective.objects.get(number=23).title == 'Offrir à tous un "droit à la ville"'
        folded_seed = clean(seed)
        for objective in Objective.objects.all():
            for text in (
                objective.title,
                objective.examples,
                objective.concordance_peb,
                objective.concordance_education_nationale,
            ):
                assert text in folded_seed
        for priority in Priority.objects.all():
            assert priority.text in folded_seed
        for action in Action.objects.all():
            assert action.description in folded_seed
        assert {a.axis.number for a in Priority.objects.select_related("axis")} == {1, 2, 3}
        assert [p.axis.number for p in Priority.objects.select_related("axis")].count(3) == 5

    def test_demo_actions_link_to_directory_actors_and_qpv(self, demo: DemoResult) -> None:
        adna = Action.objects.get(year=2024, description__startswith="Actions de prévention ARS")
        assert {o.acronym or o.name for o in adna.porteurs.all()} >= {"ARS", "SSP"}
        assert [q.code for q in adna.qpvs.all()] == ["QN02505M"]
        tutorat = Action.objects.get(
            year=2025, description__startswith="S'appuyer sur l'expérience de l'AFEV"
        )
        assert [o.acronym for o in tutorat.porteurs.all()] == ["AFEV"]
        assert Action.objects.filter(porteurs__isnull=False).distinct().count() >= 20

    def test_grid_page_shows_every_objective_and_its_concordance(
        self, client: Client, demo: DemoResult
    ) -> None:
        html = client.get(reverse("action_plan:grid", args=["besancon"])).content.decode()
        for objective in Objective.objects.all():
            assert escape(objective.title) in html
        assert "2.1 Organiser le réseau des professionnels autour de l&#x27;enfant" in html
        assert "Faciliter la première scolarisation : classe passerelle" in html

    def test_exports_xlsx_sheet_per_axis_and_csv(self, client: Client, demo: DemoResult) -> None:
        cite = CiteEducative.objects.get(slug="besancon")
        client.force_login(MembershipFactory.create(cite=cite, role=Role.MEMBRE_INSTANCE).user)
        xlsx = client.get(reverse("action_plan:export_xlsx", args=["besancon"]))
        workbook = load_workbook(io.BytesIO(xlsx.content))
        assert workbook.sheetnames == ["Axe 1", "Axe 2", "Axe 3"]
        # A title row, the header, then one row per action and objective.
        assert sum(workbook[name].max_row - 2 for name in workbook.sheetnames) == 43
        first = workbook["Axe 1"]
        assert first["A1"].value.startswith("Cité éducative de Besançon — plan d'actions, axe 1")
        assert first["C3"].value == "Encourager l'innovation pédagogique"
        assert first.freeze_panes == "A3" and first.auto_filter.ref.startswith("A2:R")
        start = first["H3"]  # « Début »: a date, shown as a French date
        assert first["H2"].value == "Début" and isinstance(start.value, datetime)
        assert start.number_format == "DD/MM/YYYY" and first["F2"].value == "Année"
        assert first["F3"].data_type == "n" and first["F3"].value >= 2024
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get(
                        reverse("action_plan:export_csv", args=["besancon"])
                    ).content.decode()
                ),
                delimiter=";",
            )
        )
        assert rows[0][:3] == ["Axe", "N° objectif", "Objectif général"] and len(rows) == 44
