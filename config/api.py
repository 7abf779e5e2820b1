from typing import Any

from ninja import NinjaAPI

from citeduc.accounts.api_auth import ApiTokenAuth
from citeduc.action_plan.api import router as plan_router
from citeduc.directory.api import router as directory_router
from citeduc.funding.api import router as funding_router
from citeduc.governance.api import router as governance_router
from citeduc.indicators.api import router as indicators_router
from citeduc.national.api import router as national_router
from citeduc.territory.api import router as territory_router

# The error bodies django-ninja sends, as the document shows them to client generators.
ERROR_SCHEMAS: dict[str, Any] = {
    "Error": {
        "title": "Error",
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "title": "ValidationErrors",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"},
                    },
                    "required": ["loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}


def _error(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


class DocumentedAPI(NinjaAPI):
    """django-ninja's document, with the errors each operation can answer: 401 where a token or
    session is required, 404 where the path names something or the caller's rights may hide it,
    422 where a parameter is read."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
        for methods in schema["paths"].values():
            for operation in methods.values():
                _document_errors(operation)
        return schema


def _document_errors(operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    security = operation.get("security") or []
    places = {p["in"] for p in operation.get("parameters", [])}
    required = bool(security) and {} not in list(security)
    if required:
        responses.setdefault(401, _error("Jeton ou session absent ou invalide.", "Error"))
    if "path" in places or required:
        responses.setdefault(
            404, _error("Introuvable, ou hors de ce que l'appelant voit.", "Error")
        )
    if places or "requestBody" in operation:
        responses.setdefault(
            422, _error("Paramètre refusé : chaque erreur dite.", "ValidationErrors")
        )


api = DocumentedAPI(
    title="API citeduc",
    version="1",
    description="API de lecture des Cités éducatives. Authentification : "
    "`Authorization: Bearer <jeton>` (jeton créé par `manage.py create_api_token`).",
    auth=ApiTokenAuth(),
    urls_namespace="api",
)
api.add_router("/", territory_router)
api.add_router("/", directory_router)
api.add_router("/", plan_router)
api.add_router("/", funding_router)
api.add_router("/", governance_router)
api.add_router("/", indicators_router)
api.add_router("/", national_router)
