"""citeduc settings: one file, every value read from the environment (see .env.example)."""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir 0 ou 1, pas {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("CITEDUC_DEBUG")
SECRET_KEY = os.environ.get("CITEDUC_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("CITEDUC_ALLOW_DEV_SECRET"):
        raise ImproperlyConfigured("CITEDUC_SECRET_KEY est obligatoire quand CITEDUC_DEBUG=0.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("CITEDUC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CITEDUC_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "simple_history",
    "citeduc.common",
    "citeduc.territory",
    "citeduc.accounts",
    "citeduc.directory",
    "citeduc.action_plan",
    "citeduc.funding",
    "citeduc.governance",
    "citeduc.deliberations",
    "citeduc.indicators",
    "citeduc.reviews",
    "citeduc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "citeduc.common.replica.NationalReadsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "citeduc.common.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite by default (zero configuration); PostgreSQL when DATABASE_URL is set.
SQLITE_PATH = Path(os.environ.get("CITEDUC_SQLITE_PATH", BASE_DIR / "var" / "citeduc.sqlite3"))
DATABASES = {
    # An empty DATABASE_URL (as in .env.example) means "not set".
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CITEDUC_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica for the national coordination's reads (docs/deployment.md).
if os.environ.get("CITEDUC_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["CITEDUC_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CITEDUC_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["citeduc.common.replica.NationalReadRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CITEDUC_STATIC_ROOT", BASE_DIR / "var" / "static"))
# Leaflet comes from django-leaflet's static files; the app itself is not installed because it
# pulls in GeoDjango (GDAL), which citeduc does not need for a few neighbourhood contours.
_LEAFLET_SPEC = find_spec("leaflet")
if _LEAFLET_SPEC is None or _LEAFLET_SPEC.origin is None:
    raise ImproperlyConfigured("django-leaflet n'est pas installé (pip install -e .).")
STATICFILES_DIRS = [BASE_DIR / "static", Path(_LEAFLET_SPEC.origin).parent / "static"]
MEDIA_ROOT = Path(os.environ.get("CITEDUC_MEDIA_ROOT", BASE_DIR / "var" / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("CITEDUC_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# django-dsfr: mark optional fields ("facultatif") rather than required ones, as the DSFR asks.
DSFR_MARK_OPTIONAL_FIELDS = True

# Where the official schemas and reference data live (a byte-identical copy of ../shared/standards
# and the seed is kept in reference/ so that a clean checkout is self-sufficient).
CITEDUC_REFERENCE_DIR = Path(os.environ.get("CITEDUC_REFERENCE_DIR", BASE_DIR / "reference"))
# Only "dsfr" exists today; the value is reserved for a non-State theme of a city-run instance.
CITEDUC_THEME = os.environ.get("CITEDUC_THEME", "dsfr")
if CITEDUC_THEME not in {"dsfr"}:
    raise ImproperlyConfigured(
        f"CITEDUC_THEME inconnu : {CITEDUC_THEME!r} (valeur possible : dsfr)."
    )
# Demo accounts are only created when this is on (make run sets it).
CITEDUC_DEMO = env_bool("CITEDUC_DEMO")
# Background map tiles; empty means no background layer (the map still draws QPV and schools).
CITEDUC_MAP_TILES_URL = os.environ.get(
    "CITEDUC_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
CITEDUC_MAP_ATTRIBUTION = os.environ.get("CITEDUC_MAP_ATTRIBUTION", "© contributeurs OpenStreetMap")
CITEDUC_SITE_NAME = os.environ.get("CITEDUC_SITE_NAME", "citeduc")
CITEDUC_OPERATOR = os.environ.get("CITEDUC_OPERATOR", "Opérateur de l'instance (à renseigner)")
CITEDUC_CONTACT_EMAIL = os.environ.get("CITEDUC_CONTACT_EMAIL", "contact@citeduc.invalid")
# Absolute address of the site, for the links in e-mails.
CITEDUC_SITE_URL = os.environ.get("CITEDUC_SITE_URL", "http://localhost:8000")
# Largest document a user may upload, in megabytes.
CITEDUC_UPLOAD_MAX_MB = float(os.environ.get("CITEDUC_UPLOAD_MAX_MB", "10"))
# Statistical secrecy (R-EVAL-3): counts under this threshold are masked in public and national
# outputs.
CITEDUC_MASKING_THRESHOLD = int(os.environ.get("CITEDUC_MASKING_THRESHOLD", "11"))

# E-mail: printed on the console in development, sent by SMTP otherwise.
_EMAIL_BACKEND = os.environ.get("CITEDUC_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
_SMTP_OPTIONS = {
    "host": os.environ.get("CITEDUC_EMAIL_HOST", "localhost"),
    "port": int(os.environ.get("CITEDUC_EMAIL_PORT", "25")),
    "username": os.environ.get("CITEDUC_EMAIL_HOST_USER", ""),
    "password": os.environ.get("CITEDUC_EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("CITEDUC_EMAIL_USE_TLS"),
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "CITEDUC_FROM_EMAIL", "citeduc <ne-pas-repondre@citeduc.invalid>"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CITEDUC_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
