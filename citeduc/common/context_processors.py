from django.conf import settings
from django.http import HttpRequest
from django.middleware.csp import get_nonce


def site(request: HttpRequest) -> dict[str, object]:
    nonce = get_nonce(request)
    return {
        # Read here, so that it exists for the header: Django's lazy nonce stays empty (and
        # django-dsfr leaves its scripts without it) until something reads it.
        "csp_nonce": str(nonce) if nonce is not None else "",
        "citeduc_name": settings.CITEDUC_SITE_NAME,
        "citeduc_theme": settings.CITEDUC_THEME,
        "citeduc_operator": settings.CITEDUC_OPERATOR,
        "citeduc_contact_email": settings.CITEDUC_CONTACT_EMAIL,
        "citeduc_lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
