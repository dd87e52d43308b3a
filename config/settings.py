"""Maek settings: one module, configured from the environment.

Every deployment-specific value comes from an environment variable so that the
same code runs a newcomer's SQLite first run, CI on PostgreSQL and production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# The test suite sets MAEK_TESTING (config/settings_test.py); production never does.
TESTING = env_bool("MAEK_TESTING")

# A development key is acceptable only when DEBUG is on (first run, tests).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("MAEK_TESTING"):
        SECRET_KEY = "maek-insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not env_bool("MAEK_TESTING"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    # Django's admin with Maek's site: view on site and changelist filters guarded.
    "config.apps.MaekAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "core",
    "accounts",
    "dialogues",
    "proposals",
    "reports",
    "pagecache",
    "devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Strict CSP on the public site, relaxed for /admin/ only (config/middleware.py).
    "config.middleware.MaekCSPMiddleware",
    # A NUL in the path or query answers 400, one in a cookie is dropped, before
    # anything builds a query from them (PostgreSQL refuses NUL in text).
    "config.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin speaks the signed-in user's preferred language.
    "accounts.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns axes' lockout signal into the lockout page; must come last.
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# The embedded SQLite database needs nothing installed; production and CI use
# PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes' backend only counts and refuses attempts; ModelBackend then signs in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes). Axes' own default locks forever after 3
# failures; we lock the pair (username, IP) after 5 and release it after a
# cool-off, so one attacker cannot lock a colleague out from elsewhere.
# Axes needs the request in authenticate(), which the test client's login()
# does not pass; the suite turns axes on only in the tests that are about it.
AXES_ENABLED = env_bool("AXES_ENABLED", default=not TESTING)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_COOLOFF_MESSAGE = _("Too many failed sign-in attempts. Please try again later.")
# The client address is REMOTE_ADDR unless MAEK_TRUSTED_PROXIES says how many
# reverse proxies in front of Maek append to X-Forwarded-For (accounts/security.py).
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
MAEK_TRUSTED_PROXIES = int(os.environ.get("MAEK_TRUSTED_PROXIES", "0"))

# Languages: Kyrgyz first (the default), then Russian and English.
LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

# Content translation. Reading falls back ky -> ru -> en, ru -> ky -> en,
# en -> ru -> ky, as DOMAIN.md prescribes.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ky"
MODELTRANSLATION_LANGUAGES = ("ky", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ky", "ru", "en"),
    "ky": ("ru", "en"),
    "ru": ("ky", "en"),
    "en": ("ru", "ky"),
}
# The admin's tabs need jQuery UI; we serve a vendored copy, never a CDN.
# django-modeltranslation 0.20 reads the unprefixed name (modeltranslation/settings.py);
# a MODELTRANSLATION_ prefix is ignored and the page would load it from googleapis.com.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("MAEK_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Upload limits: reports and presentations are documents, not archives.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The event page posts about 11 fields per proposal row and 10 per speaker row; Django's
# default of 1,000 refused (400) the save of any event with more than about 45 proposals.
# 10,000 fits an event with 500 proposals and 200 speakers; the request stays under the
# 10 MB above, and Python's randomised hashing leaves many fields no denial of service.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAEK_MAX_UPLOAD_BYTES = int(os.environ.get("MAEK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "maek",
    }
}
# Public pages are cached whole, keyed by the version of the content, so a change
# shows at once (pagecache/). 0 turns the page cache off.
MAEK_PAGE_CACHE_SECONDS = int(os.environ.get("MAEK_PAGE_CACHE_SECONDS", "600"))
# Data many pages share (totals, filter choices), cached under the same version,
# so a page that misses (a new search) does not work it out again. 0 turns it off.
MAEK_DATA_CACHE_SECONDS = int(os.environ.get("MAEK_DATA_CACHE_SECONDS", "600"))
# Public downloads (?format=xlsx|csv, an event's workbook) are kept as files per content
# version (pagecache/downloads.py): in this folder (empty: <temp dir>/maek-downloads),
# at most this many MB, oldest first out. A file not yet kept is built a few at a time:
# at most MAEK_DOWNLOADS_PER_CLIENT per client address and MAEK_DOWNLOADS_AT_ONCE for
# the site (0: no limit), else a 429 page. Counted in CACHES when it is shared (for the
# whole site), else as locked files in that folder (for each machine).
MAEK_DOWNLOAD_CACHE_DIR = os.environ.get("MAEK_DOWNLOAD_CACHE_DIR", "")
MAEK_DOWNLOAD_CACHE_MAX_MB = int(os.environ.get("MAEK_DOWNLOAD_CACHE_MAX_MB", "200"))
MAEK_DOWNLOADS_PER_CLIENT = int(os.environ.get("MAEK_DOWNLOADS_PER_CLIENT", "1"))
MAEK_DOWNLOADS_AT_ONCE = int(os.environ.get("MAEK_DOWNLOADS_AT_ONCE", "2"))

# Import and export
# Off: Maek's resources escape formulae themselves with a leading apostrophe that
# import removes again; the stock setting would strip a leading "=" and lose text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Security: sensible everywhere, strict in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No page of Maek reads the CSRF cookie from JavaScript; forms carry the token.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4). Public pages run no script at all and
# load one stylesheet from /static/: everything is 'self', nothing inline.
# The admin (modeltranslation tabs, import-export templates) needs inline
# scripts and styles; config.middleware.MaekCSPMiddleware relaxes the policy
# for ADMIN_CSP_PREFIXES only.
_CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": ["'none'"],
    },
}
MAEK_ADMIN_CSP_PREFIXES = ("/admin/",)
if not DEBUG and not env_bool("MAEK_TESTING"):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP inside the network; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Demo admin login printed by `make run`; used by load_demo only.
MAEK_DEMO_ADMIN_USERNAME = os.environ.get("MAEK_DEMO_ADMIN_USERNAME", "admin")
MAEK_DEMO_ADMIN_PASSWORD = os.environ.get("MAEK_DEMO_ADMIN_PASSWORD", "maek-demo-2021")
