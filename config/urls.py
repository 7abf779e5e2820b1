from django.contrib import admin
from django.urls import include, path

from citeduc.common import views as common_views
from citeduc.territory import views as territory_views
from config.api import api

urlpatterns = [
    path("", territory_views.home, name="home"),
    path("plan-du-site/", territory_views.site_map, name="site_map"),
    path("", include("citeduc.territory.urls")),
    path("", include("citeduc.accounts.urls")),
    path("", include("citeduc.directory.urls")),
    path("", include("citeduc.action_plan.urls")),
    path("", include("citeduc.funding.urls")),
    path("", include("citeduc.governance.urls")),
    path("", include("citeduc.deliberations.urls")),
    path("", include("citeduc.indicators.urls")),
    path("", include("citeduc.reviews.urls")),
    path("", include("citeduc.national.urls")),
    path("", include("citeduc.jobs.urls")),
    path("", include("citeduc.portal.urls")),
    path("", include("citeduc.common.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler400 = common_views.bad_request
handler404 = common_views.page_not_found
handler500 = common_views.server_error
