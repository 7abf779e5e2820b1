from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from citeduc.common import views as common_views
from citeduc.common.languages import choose_language, translated
from citeduc.territory import views as territory_views
from config.api import api

# Every page at its French address, and behind a language for the translated ones
# (citeduc/common/languages.py sends the others back to French).
urlpatterns = [
    *i18n_patterns(
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
        path("jsi18n/", translated(JavaScriptCatalog.as_view()), name="javascript_catalog"),
        prefix_default_language=False,
    ),
    path("langue/<str:code>/", choose_language, name="choose_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler400 = common_views.bad_request
handler404 = common_views.page_not_found
handler500 = common_views.server_error
