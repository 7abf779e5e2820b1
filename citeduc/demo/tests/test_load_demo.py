"""The Besançon demo against its source: the convention's article 2 and 5, the official QPV list."""

import re
from collections import Counter

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from citeduc.accounts.models import Membership, User
from citeduc.accounts.tests.login import log_in
from citeduc.common.upsert import upsert
from citeduc.demo import besancon
from citeduc.demo.loading import load_demo
from citeduc.directory.models import Service
from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation
from citeduc.territory.models import CiteEducative, Establishment, Qpv
from tests.support.seed import article

# The apps whose rows the demo writes (the others hold sessions, journals, Django's own tables).
CITEDUC_APPS = {
    "territory",
    "accounts",
    "directory",
    "action_plan",
    "funding",
    "governance",
    "deliberations",
    "indicators",
    "reviews",
}


@pytest.mark.django_db
def test_load_demo_builds_the_besancon_perimeter(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    assert "Cité éducative de Besançon : 6 QPV, 41 établissements." in capsys.readouterr().out
    cite = CiteEducative.objects.get(slug="besancon")
    assert (cite.label_start.isoformat(), cite.label_end.isoformat()) == (
        "2024-01-01",
        "2026-12-31",
    )
    assert cite.lead_college is not None and cite.lead_college.name == "Diderot"
    assert cite.lead_college.cite_role == CiteRole.CHEF_DE_FILE
    names = dict(cite.qpvs.values_list("code", "name"))
    assert names == {
        "QN02502M": "Orchamps-Palente",
        "QN02503M": "Planoise",
        "QN02504M": "Montrapon",
        "QN02505M": "Clairs Soleil",
        "QN02515N": "Hauts de Saint-Claude",
        "QN02517N": "Battant",
    }
    assert all(q.contour and q.population for q in cite.qpvs.all())
    establishments = Establishment.objects.filter(cite=cite)
    kinds = Counter(establishments.values_list("kind", flat=True))
    assert kinds[EstablishmentKind.COLLEGE] == 7
    assert (
        kinds[EstablishmentKind.ECOLE_MATERNELLE] + kinds[EstablishmentKind.ECOLE_ELEMENTAIRE] == 31
    )
    assert establishments.filter(priority_education=PriorityEducation.REP_PLUS).count() == 16
    assert establishments.filter(kind__startswith="lycee").count() == 3
    assert establishments.filter(cite_role=CiteRole.ASSOCIE).count() == 3


def test_every_demo_qpv_and_establishment_is_named_in_article_2() -> None:
    text = article(2)
    for code in besancon.QPV_CODES:
        assert code in text
    for _kind, _priority, _role, names in besancon.ESTABLISHMENTS:
        for name in names:
            assert re.search(re.escape(name), text), name
    assert "Collège Diderot" in text
    assert "31 décembre 2026" in article(5)


@pytest.mark.django_db
def test_load_demo_is_idempotent() -> None:
    load_demo(with_accounts=True)
    counts = (
        Qpv.objects.count(),
        Establishment.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    load_demo(with_accounts=True)
    assert (
        Qpv.objects.count(),
        Establishment.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert counts == (6, 41, 8, 6)


@pytest.mark.django_db
def test_every_row_the_demo_writes_passes_full_clean() -> None:
    """load_demo writes its seed rows without a full_clean() each (it is citeduc's own data):
    here every row of every model it filled is validated as a form would."""
    load_demo(with_accounts=True)
    checked: Counter[str] = Counter()
    failures = []
    for model in apps.get_models():
        # History rows (django-simple-history) are written by the library, not by upsert.
        if model._meta.app_label not in CITEDUC_APPS or model.__name__.startswith("Historical"):
            continue
        for row in model._default_manager.all():
            try:
                row.full_clean()
            except ValidationError as error:
                failures.append((model._meta.label, row.pk, error.message_dict))
            checked[model._meta.label] += 1
    assert failures == []
    # The models the demo fills through upsert are all among those checked.
    for label in (
        "territory.Qpv",
        "territory.Establishment",
        "directory.Service",
        "action_plan.Action",
        "funding.Decision",
        "governance.Meeting",
        "indicators.Indicator",
        "deliberations.Deliberation",
    ):
        assert checked[label] > 0, label


@pytest.mark.django_db
def test_a_row_that_breaks_a_rule_is_refused_outside_the_seed() -> None:
    """The same upsert still validates what does not come from the seed: a service whose
    minimum age is above its maximum is refused (Service.clean), and nothing is written."""
    load_demo(with_accounts=False)
    service = Service.objects.order_by("pk").first()
    assert service is not None
    with pytest.raises(ValidationError, match="âge maximum"):
        upsert(Service, {"pk": service.pk}, {"age_min": 12, "age_max": 3})
    service.refresh_from_db()
    assert service.age_min is None or service.age_min <= (service.age_max or 99)


@pytest.mark.django_db
def test_demo_accounts_only_with_citeduc_demo(
    settings: pytest.FixtureRequest, client: Client
) -> None:
    settings.CITEDUC_DEMO = False  # type: ignore[attr-defined]
    call_command("load_demo")
    assert User.objects.count() == 0
    settings.CITEDUC_DEMO = True  # type: ignore[attr-defined]
    call_command("load_demo")
    assert User.objects.filter(is_national=True).count() == 1
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {
        "porteur",
        "membre_instance",
        "coordination",
        "pilote_ville",
        "pilote_etat",
        "pilote_education",
    }
    log_in(client, "coordination@demo.citeduc.example.org", "citeduc-demo-2024")


@pytest.mark.django_db
def test_demo_cite_page_shows_6_qpv_and_41_establishments(client: Client) -> None:
    load_demo(with_accounts=False)
    html = client.get("/cites/besancon/").content.decode()
    assert "6 quartiers prioritaires" in html
    assert "41 établissements" in html
    for name in ["Planoise", "Battant", "Hauts de Saint-Claude"]:
        assert name in html
    assert html.count('<th scope="row">') == 6 + 41
