"""citeduc settings: one file, every value read from the environment (see .env.example)."""

import hashlib
import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # django-ninja serves Swagger UI from its own static files (no CDN, which the CSP refuses).
    "ninja",
    "django_tasks_db",
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
    "citeduc.national",
    "citeduc.jobs",
    "citeduc.portal",
    "citeduc.demo",
]

MIDDLEWARE = [
    "citeduc.common.proxies.TrustedProxies",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "citeduc.common.languages.PublicLanguages",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "citeduc.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "citeduc.common.middleware.RefuseNulCharacters",
    "simple_history.middleware.HistoryRequestMiddleware",
    "citeduc.common.replica.NationalReadsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
                # After Django's: its `csp_nonce` is replaced by the evaluated nonce.
                "citeduc.common.context_processors.site",
                "citeduc.portal.context_processors.navigation",
                "citeduc.common.languages.page_languages",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task worker writes an import in one transaction while the web server reads: in WAL
    # mode readers never wait for a writer, and a second writer waits its turn (up to 20 s)
    # instead of failing at once ("database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
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
_db = DATABASES["default"]
DATABASE_IDENTITY = hashlib.sha256(
    f"{_db['ENGINE']}|{_db.get('HOST', '')}|{_db.get('PORT', '')}|{_db['NAME']}".encode()
).hexdigest()[:12]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the account and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
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
# The public side (home, a Cité's page, the directory, the calls for projects, the family guide)
# speaks these; the partners' pages stay in French (citeduc/common/languages.py). FALC (« facile
# à lire et à comprendre ») is French written plainly: a language of its own in the switcher,
# French for the browser (lang="fr").
LANGUAGES = [
    ("fr", "Français"),
    ("fr-falc", "Français facile à lire"),
    ("en", "English"),
    ("ar", "العربية"),
]
EXTRA_LANG_INFO = {
    "fr-falc": {
        "bidi": False,
        "code": "fr-falc",
        "name": "Easy-to-read French",
        "name_local": "Français facile à lire",
    }
}
LANG_INFO.update(EXTRA_LANG_INFO)
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "citeduc_langue"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
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
# Uploads and built documents go through Django's storage API: the disk under MEDIA_ROOT, or an
# S3-compatible object store when CITEDUC_S3_BUCKET is set, so that web servers keep no state
# (docs/deployment.md). Files are never public: they are read through the views that check rights.
CITEDUC_S3_BUCKET = os.environ.get("CITEDUC_S3_BUCKET", "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if CITEDUC_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CITEDUC_S3_BUCKET,
            "endpoint_url": os.environ.get("CITEDUC_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("CITEDUC_S3_REGION") or None,
            "access_key": os.environ.get("CITEDUC_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("CITEDUC_S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "location": os.environ.get("CITEDUC_S3_PREFIX", ""),
        },
    }

# ---- transport and browser protections (docs/deployment.md) -------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("CITEDUC_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A session ends after 8 hours (a working day), and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("CITEDUC_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Plain HTTP is sent to HTTPS, and browsers are told to remember it, whenever DEBUG is off.
SECURE_SSL_REDIRECT = not DEBUG and env_bool("CITEDUC_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("CITEDUC_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CITEDUC_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("CITEDUC_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating proxy, the header it sets to say the request came in over HTTPS.
if os.environ.get("CITEDUC_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["CITEDUC_PROXY_SSL_HEADER"], "https")

# django-dsfr: mark optional fields ("facultatif") rather than required ones, as the DSFR asks.
DSFR_MARK_OPTIONAL_FIELDS = True

# Where the official schemas and reference data live (a byte-identical copy of ../shared/standards
# and the seed is kept in reference/ so that a clean checkout is self-sufficient).
CITEDUC_REFERENCE_DIR = Path(os.environ.get("CITEDUC_REFERENCE_DIR", BASE_DIR / "reference"))
# The TrueType font the charts of Word documents are drawn with (it must hold French).
CITEDUC_CHART_FONT = os.environ.get(
    "CITEDUC_CHART_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
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
# A geocoder speaking the Base Adresse Nationale's API (https://api-adresse.data.gouv.fr/search/);
# empty: off (editors place their services with a pin, families search by neighbourhood).
CITEDUC_GEOCODER_URL = os.environ.get("CITEDUC_GEOCODER_URL", "")
CITEDUC_GEOCODER_TIMEOUT = float(os.environ.get("CITEDUC_GEOCODER_TIMEOUT", "4"))
# Editors are asked to confirm their services after this many days (6 months); a year without
# confirmation flags the service "à vérifier" for the coordination.
CITEDUC_SERVICE_REMINDER_DAYS = int(os.environ.get("CITEDUC_SERVICE_REMINDER_DAYS", "182"))

# Content Security Policy: scripts only from the site and with the page's nonce (no inline
# script anywhere), no plugin, no framing; images from the site and the map's tile server.
_TILES = urlsplit(CITEDUC_MAP_TILES_URL.replace("{s}", "*"))
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [
        CSP.SELF,
        "data:",
        *([f"{_TILES.scheme}://{_TILES.netloc}"] if _TILES.netloc else []),
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# ---- accounts: lockout, second factor, ProConnect ---------------------------------------------
# django-axes: after 5 failed logins, the pair (account, address) is locked for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("CITEDUC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CITEDUC_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "citeduc.accounts.journal.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Behind a proxy, how many trusted proxies stand in front (common.proxies reads the client's
# address from X-Forwarded-For, N-th from the right); 0 reads the socket's address.
CITEDUC_PROXY_COUNT = int(os.environ.get("CITEDUC_PROXY_COUNT", "0"))
# Password spraying: past this many failed logins from one address in the cool-off time, across
# all accounts, that address may not try any account until the failures age out.
CITEDUC_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CITEDUC_ADDRESS_FAILURE_LIMIT", "30"))
# The second factor (TOTP) is required of pilots, coordination, national users and staff;
# 0 turns the requirement off (the local demo of `make run` only — never in production).
CITEDUC_REQUIRE_2FA = env_bool("CITEDUC_REQUIRE_2FA", True)

# ProConnect (OpenID Connect), on when its client id is set. CITEDUC_PROCONNECT_URL is the
# provider's base address (e.g. https://auth.agentconnect.gouv.fr/api/v2).
_PROCONNECT = os.environ.get("CITEDUC_PROCONNECT_URL", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("CITEDUC_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("CITEDUC_PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{_PROCONNECT}/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{_PROCONNECT}/token"
OIDC_OP_USER_ENDPOINT = f"{_PROCONNECT}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{_PROCONNECT}/jwks"
OIDC_OP_LOGOUT_ENDPOINT = f"{_PROCONNECT}/session/end" if _PROCONNECT else ""
OIDC_RP_SCOPES = "openid email given_name usual_name"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
LOGIN_REDIRECT_URL_FAILURE = "/connexion/?proconnect=echec"
CITEDUC_PROCONNECT_ISSUER = os.environ.get("CITEDUC_PROCONNECT_ISSUER", _PROCONNECT)
# The `acr` values by which ProConnect says the agent passed a second factor.
CITEDUC_PROCONNECT_MFA_ACR = frozenset(
    os.environ.get(
        "CITEDUC_PROCONNECT_MFA_ACR",
        "eidas2,eidas3,https://proconnect.gouv.fr/assurance/self-asserted-2fa,"
        "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
    ).split(",")
)
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("citeduc.accounts.proconnect.ProConnectBackend")

# Uploaded files are scanned by ClamAV's daemon when this names it ("unix:///run/clamav/clamd.ctl"
# or "tcp://127.0.0.1:3310"); empty, files are checked by type and size only.
CITEDUC_CLAMD = os.environ.get("CITEDUC_CLAMD", "")

# Personal data of partners' staff (docs/rgpd.md): accounts unused for this long are removed by
# `purge_personal_data`; login journal entries are kept this long.
CITEDUC_ACCOUNT_RETENTION_MONTHS = int(os.environ.get("CITEDUC_ACCOUNT_RETENTION_MONTHS", "24"))
CITEDUC_LOGIN_JOURNAL_MONTHS = int(os.environ.get("CITEDUC_LOGIN_JOURNAL_MONTHS", "12"))
CITEDUC_SITE_NAME = os.environ.get("CITEDUC_SITE_NAME", "citeduc")
# The name an authenticator app shows next to the six-digit codes.
OTP_TOTP_ISSUER = CITEDUC_SITE_NAME
CITEDUC_OPERATOR = os.environ.get("CITEDUC_OPERATOR", "Opérateur de l'instance (à renseigner)")
CITEDUC_CONTACT_EMAIL = os.environ.get("CITEDUC_CONTACT_EMAIL", "contact@citeduc.invalid")
# Absolute address of the site, for the links in e-mails.
CITEDUC_SITE_URL = os.environ.get("CITEDUC_SITE_URL", "http://localhost:8000")
# Largest document a user may upload, in megabytes.
CITEDUC_UPLOAD_MAX_MB = float(os.environ.get("CITEDUC_UPLOAD_MAX_MB", "10"))
# An import file may be larger than a document (the national Annuaire: 70 000 lines).
CITEDUC_IMPORT_MAX_MB = float(os.environ.get("CITEDUC_IMPORT_MAX_MB", "200"))

# ---- long work: imports and big outputs run as tasks (docs/deployment.md) ----------------------
# "database" (default: the task queue is a table, `manage.py db_worker` runs it, nothing else to
# install) or "rq" (Redis, for several servers: `manage.py rqworker --job-class
# django_tasks_rq.Job`). A job's progress goes through the "jobs" cache: Redis when
# CITEDUC_REDIS_URL is set, else files under var/ (one machine).
CITEDUC_TASKS = os.environ.get("CITEDUC_TASKS", "database")
# Once the children's figures change, the worker prepares the public families of the statistical
# secret (citeduc/indicators/warm.py), so that no page pays their cold build.
CITEDUC_WARM_FAMILIES = env_bool("CITEDUC_WARM_FAMILIES", True)
# Once a review's figures are frozen, the worker builds its report's PDF for the reader who froze
# them (citeduc/jobs/output_views.py), so that the download finds it ready.
CITEDUC_PREPARE_REVIEW_PDF = env_bool("CITEDUC_PREPARE_REVIEW_PDF", True)
CITEDUC_REDIS_URL = os.environ.get("CITEDUC_REDIS_URL", "")
if CITEDUC_TASKS == "rq":
    if not CITEDUC_REDIS_URL:
        raise ImproperlyConfigured("CITEDUC_TASKS=rq demande CITEDUC_REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": CITEDUC_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
elif CITEDUC_TASKS == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"CITEDUC_TASKS : « database » ou « rq », pas {CITEDUC_TASKS!r}.")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CITEDUC_REDIS_URL}
        if CITEDUC_REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            # A relative folder is read from the project's root, as the other var/ paths.
            "LOCATION": str(
                BASE_DIR / os.environ.get("CITEDUC_JOBS_PROGRESS_DIR", "var/jobs-progress")
            ),
        }
    ),
    # Versions of the data and the anonymous pages kept per version (citeduc/common/versions.py):
    # shared by every process of the instance, Redis when there is one.
    # The prefix names the database: two databases served from one checkout (the demo and the
    # bench's) never read each other's versions, figures or pages.
    "figures": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CITEDUC_REDIS_URL,
            "KEY_PREFIX": f"figures-{DATABASE_IDENTITY}",
        }
        if CITEDUC_REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(
                BASE_DIR / os.environ.get("CITEDUC_FIGURES_CACHE_DIR", "var/figures-cache")
            ),
            "KEY_PREFIX": f"figures-{DATABASE_IDENTITY}",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}
# A running job beats this often; silent for longer than the second figure, it is dead.
CITEDUC_JOB_BEAT_SECONDS = float(os.environ.get("CITEDUC_JOB_BEAT_SECONDS", "2"))
CITEDUC_JOB_STALE_SECONDS = float(os.environ.get("CITEDUC_JOB_STALE_SECONDS", "30"))
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
