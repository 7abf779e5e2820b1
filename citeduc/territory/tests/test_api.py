import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.models import ApiToken
from citeduc.accounts.tests.factories import UserFactory
from citeduc.territory.enums import CiteRole
from citeduc.territory.tests.factories import CiteFactory, EstablishmentFactory, QpvFactory
from tests.support.world import World


@pytest.fixture
def token(db: None) -> str:
    _token, raw = ApiToken.issue(UserFactory.create(national=True), "tests")
    return raw


def auth(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.django_db
def test_api_refuses_missing_wrong_or_revoked_token(client: Client) -> None:
    assert client.get("/api/cites/").status_code == 401
    assert client.get("/api/cites/", headers=auth("cit_faux")).status_code == 401
    api_token, raw = ApiToken.issue(UserFactory.create(), "révoqué")
    api_token.revoked = True
    api_token.save()
    assert client.get("/api/cites/", headers=auth(raw)).status_code == 401


def test_api_lists_cites_and_records_token_use(client: Client, token: str) -> None:
    cite = CiteFactory.create(slug="testville", name="Cité éducative de Testville")
    cite.qpvs.add(QpvFactory.create())
    EstablishmentFactory.create_batch(2, cite=cite)
    response = client.get("/api/cites/", headers=auth(token))
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "testville",
            "name": "Cité éducative de Testville",
            "label_start": "2024-01-01",
            "label_end": "2026-12-31",
            "qpv_count": 1,
            "establishment_count": 2,
        }
    ]
    assert ApiToken.objects.get().last_used_at is not None


def test_api_cite_perimeter(client: Client, token: str) -> None:
    cite = CiteFactory.create(slug="testville")
    qpv = QpvFactory.create(code="QN09901A", name="Les Tilleuls")
    cite.qpvs.add(qpv)
    EstablishmentFactory.create(
        cite=cite, uai="0940176F", name="Pasteur", qpv=qpv, cite_role=CiteRole.CHEF_DE_FILE
    )
    body = client.get("/api/cites/testville/", headers=auth(token)).json()
    assert body["qpvs"] == [
        {
            "code": "QN09901A",
            "name": "Les Tilleuls",
            "commune_insee": qpv.commune.insee_code,
            "population": 1000,
        }
    ]
    assert body["establishments"] == [
        {
            "uai": "0940176F",
            "name": "Pasteur",
            "kind": "ecole_elementaire",
            "kind_label": "École élémentaire",
            "sector": "public",
            "priority_education": "rep_plus",
            "cite_role": "chef_de_file",
            "qpv_code": "QN09901A",
        }
    ]
    assert client.get("/api/cites/inconnue/", headers=auth(token)).status_code == 404


def test_api_cite_perimeter_query_count_is_flat(client: Client, token: str) -> None:
    cite = CiteFactory.create(slug="testville")
    EstablishmentFactory.create(cite=cite)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/cites/testville/", headers=auth(token)).status_code == 200
        return len(context.captured_queries)

    one = queries()
    EstablishmentFactory.create_batch(19, cite=cite)
    assert queries() == one


@pytest.mark.django_db
def test_openapi_describes_the_endpoints_and_the_token(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/cites/", "/api/cites/{slug}/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"]["scheme"] == "bearer"


def test_a_token_limited_to_one_cite_opens_that_cite_only(client: Client, world: World) -> None:
    """API tokens are scoped: read-only, and per Cité when the owner chose one."""
    user = world.users["national"]
    _token, raw = ApiToken.issue(user, "un seul territoire", cite=world.cite)
    assert (
        client.get(reverse("api:get_cite", args=[world.cite.slug]), headers=auth(raw)).status_code
        == 200
    )
    other = reverse("api:get_cite", args=[world.other_cite.slug])
    assert client.get(other, headers=auth(raw)).status_code == 401
    assert client.get(reverse("api:list_cites"), headers=auth(raw)).status_code == 401
    # Read-only: a write is refused by the token itself, whatever the route would allow.
    written = client.post(reverse("api:get_cite", args=[world.cite.slug]), headers=auth(raw))
    assert written.status_code in (401, 405)
