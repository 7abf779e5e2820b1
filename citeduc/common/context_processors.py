from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "citeduc_name": settings.CITEDUC_SITE_NAME,
        "citeduc_theme": settings.CITEDUC_THEME,
        "citeduc_operator": settings.CITEDUC_OPERATOR,
        "citeduc_contact_email": settings.CITEDUC_CONTACT_EMAIL,
        "citeduc_lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
