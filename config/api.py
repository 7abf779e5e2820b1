from ninja import NinjaAPI

from citeduc.accounts.api_auth import ApiTokenAuth
from citeduc.action_plan.api import router as plan_router
from citeduc.directory.api import router as directory_router
from citeduc.funding.api import router as funding_router
from citeduc.governance.api import router as governance_router
from citeduc.indicators.api import router as indicators_router
from citeduc.national.api import router as national_router
from citeduc.territory.api import router as territory_router

api = NinjaAPI(
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
