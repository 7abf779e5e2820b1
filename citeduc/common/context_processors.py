from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.CITEDUC_SITE_NAME,
        "site_theme": settings.CITEDUC_THEME,
        "site_operator": settings.CITEDUC_OPERATOR,
        "site_contact_email": settings.CITEDUC_CONTACT_EMAIL,
    }
