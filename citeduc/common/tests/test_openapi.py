"""/api/openapi.json read by openapi-spec-validator, a reader nobody here wrote; the errors it
documents are the ones the API sends, bodies included."""

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from citeduc.territory.tests.factories import CiteFactory

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = [pytest.mark.django_db, pytest.mark.pg_only]


def _document() -> dict:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi() -> None:
    document = _document()
    assert document["openapi"].startswith("3.1")
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_no_parameter_documents_a_default_it_refuses() -> None:
    """Each documented default passes the parameter's own schema (region once said "" under a
    pattern that refused it)."""
    document = _document()
    checked = 0
    for methods in document["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if "default" in schema:
                    validator = Draft202012Validator(
                        {**schema, "components": document["components"]}
                    )
                    assert validator.is_valid(schema["default"]), parameter["name"]
                    checked += 1
    assert checked > 5


def _error_body(response_spec: dict, document: dict) -> dict:
    reference = response_spec["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][reference.rsplit("/", 1)[1]]


def test_each_documented_error_is_sent_with_the_documented_body() -> None:
    document = _document()
    CiteFactory.create(slug="essai")
    operations = {
        (path, method): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    sent = {
        (401, "/api/cites/", "get"): Client().get("/api/cites/"),
        (404, "/api/services/{service_id}", "get"): Client().get("/api/services/999999"),
        (422, "/api/cites/{slug}/services", "get"): Client().get(
            "/api/cites/essai/services", {"age": "douze"}
        ),
    }
    for (status, path, method), response in sent.items():
        assert response.status_code == status, (path, response.content)
        schema = _error_body(operations[(path, method)]["responses"][str(status)], document)
        Draft202012Validator(schema).validate(response.json())
    # Open routes say so: no 401 where the token only adds to what is shown.
    services = operations[("/api/cites/{slug}/services", "get")]["responses"]
    rollup = operations[("/api/indicators/{code}/rollup", "get")]
    assert "401" not in services and "401" not in rollup["responses"]
    assert {} in rollup["security"]
    assert {"401", "404", "422"} <= set(operations[("/api/cites/{slug}/plan", "get")]["responses"])
