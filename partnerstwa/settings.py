"""Partnerstwa settings: one file, driven by environment variables.

A checkout runs with no infrastructure at all (SQLite, console e-mail, database task queue);
PostgreSQL, SMTP and the rest are switched on by the variables described in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

# A checkout's own settings file (make run writes one with a generated SECRET_KEY; git ignores
# it), so every manage.py command works as the README shows it. Variables set in the real
# environment win; ENV_FILE names another file, or none when empty.
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    load_dotenv(ENV_FILE, override=False)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEV_SECRET_KEY
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    # Refuse to run in production with a guessable key rather than sign sessions with it.
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off"
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    # lib: template filters every app's templates load, data versions (lib.freshness), e-mail
    # sent once per task, and the db_worker command that replaces django-tasks-db's (so it
    # comes before it).
    "partnerstwa.lib",
    "django_tasks_db",
    "django_ratelimit",
    "partnerstwa.portal",
    "partnerstwa.registry",
    "partnerstwa.programme",
    "partnerstwa.privacy",
    "partnerstwa.partnerships",
    "partnerstwa.activities",
    "partnerstwa.contests",
    "partnerstwa.indicators",
    "partnerstwa.advocacy",
    "partnerstwa.newsletter",
    # The association's voice: Wagtail pages (content) and the document library (library).
    "partnerstwa.library",
    "partnerstwa.content",
    # Data-subject rights (/rodo/), the open data API (/api/v1/), operations (backups, audit
    # trail, health): each reads every app below it.
    "partnerstwa.rights",
    "partnerstwa.api",
    "partnerstwa.operations",
    "corsheaders",
    "auditlog",
    "health_check",
    "django_htmx",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # One log line per request (partnerstwa.operations.logs), pages served from the cache too.
    "partnerstwa.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "partnerstwa.lib.middleware.RejectNulMiddleware",
    # Cross-origin GETs of the open data API only (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept public pages are served from here, before the rest of the stack runs; the policy
    # headers below (CSP, frame options) are kept with each page.
    "partnerstwa.portal.cache.PageCacheMiddleware",
    # The open data API's kept anonymous answers (API_KEEP), served the same way.
    "partnerstwa.api.http.KeptAnswerMiddleware",
    # Wagtail's site, root paths and page routes from kept reads (READ_CACHE).
    "partnerstwa.content.middleware.KeptRoutingMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partnerstwa.lib.middleware.CookieLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor (the signed-in user) and the page a change came from.
    "partnerstwa.operations.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Old addresses of the association's site, edited by editors in the CMS.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "partnerstwa.urls"
WSGI_APPLICATION = "partnerstwa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partnerstwa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "partnerstwa.portal.context_processors.site",
            ],
        },
    },
]

# Database: SQLite next to the checkout unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE makes concurrent writers
        # queue on the busy timeout instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_TIMEOUT", "20"),
    }
    # Tests that run real parallel requests need a test database in a file: threads cannot
    # share an in-memory one safely.
    if os.environ.get("SQLITE_TEST_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_NAME"]}
# Each process keeps its connection between requests: opening one (and, on SQLite, setting its
# pragmas) cost about 1 ms of every page. Checked before reuse. A restore writes into the live
# SQLite file page by page (operations.backups), so kept connections see it.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", "60")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Opt in now to the Django 6 default: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Finds the account by the normal form of the typed name, however the account was made.
AUTHENTICATION_BACKENDS = ["partnerstwa.portal.auth.NormalUsernameBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partnerships:mine"
LOGOUT_REDIRECT_URL = "portal:home"

# Languages: Polish first, English complete.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "partnerstwa" / "locale"]
# Content fields in both languages (django-modeltranslation): Polish is the source, and where an
# English text is missing the Polish one is shown, marked lang="pl" by lib's `tr` tag.
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_LANGUAGES = ("pl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# A record created while English is active (an English page, a command) gets its Polish text too,
# so the Polish site never shows an empty title; the English one stays a real translation.
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files never served by the web server (attendance lists awaiting confirmation).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private"))
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", "20") * 2**20
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
FILE_UPLOAD_PERMISSIONS = 0o640
# In production `collectstatic` writes hashed, compressed files that WhiteNoise serves for ever.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "false" if DEBUG else "true")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Cache: shared by every process through the database unless REDIS_URL names a Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "partnerstwa_cache",
        }
    }
    # django-ratelimit warns that database increments are not atomic: under a race a counter may
    # lose a hit, so a limit of 10 may let 11 through. For slowing down abuse that is acceptable.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Seconds a process may serve what it kept after the data changed (lib.freshness): the bound
# within which a change to a record is visible on every page.
FRESHNESS_SECONDS = float(os.environ.get("FRESHNESS_SECONDS", "2"))

# Whole public pages kept for anonymous visitors (portal.cache). Each process keeps its own in
# memory, which needs no service and serves a page fastest; with REDIS_URL every web process
# and machine shares one copy. Either way a change is seen through the database versions
# (FRESHNESS_SECONDS). Tests keep nothing unless a test asks: their writes are rolled back, so
# the versions never move between tests and one test's page would be served in the next. In
# development (DEBUG) a template edited shows at once: nothing is kept either.
PAGE_CACHE = envbool("PAGE_CACHE", "false" if DEBUG or "PYTEST_VERSION" in os.environ else "true")
PAGE_CACHE_ALIAS = "pages"
# Small reads every page makes (the programme, the site's identity, the home page's blocks) kept
# in each process until the apps they come from change (lib.freshness.kept): what a page costs
# when it is not in the page cache. Off where PAGE_CACHE is off by default, for the same reasons.
READ_CACHE = envbool("READ_CACHE", "false" if DEBUG or "PYTEST_VERSION" in os.environ else "true")
# The most a page is kept: what changes with the clock alone (an event starting, registration
# closing) shows within this many seconds.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "60")
if REDIS_URL:
    CACHES[PAGE_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pages",
    }
else:
    CACHES[PAGE_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "partnerstwa-pages",
        # Pages of 10-100 KB: a few hundred keep every public page of the site and its first
        # filter pages within tens of megabytes per process.
        "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", "500")},
    }

# Rate limits on public POST forms (per client address); "10/m" = ten a minute.
LOGIN_RATE = os.environ.get("LOGIN_RATE", "10/m")
REGISTRATION_RATE = os.environ.get("REGISTRATION_RATE", "30/h")
RATELIMIT_VIEW = "partnerstwa.portal.views.rate_limited"
if os.environ.get("RATELIMIT_IP_META_KEY"):
    # Behind a proxy: the header that carries the client address (e.g. HTTP_X_FORWARDED_FOR).
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

# E-mail: printed to the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
# A mail server that stops answering fails the send well within the task lease.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Partnerstwa <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work goes through the Django Tasks API; the database backend needs no broker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task a worker took this many seconds ago and never finished (the worker was killed) is handed
# out again by db_worker (partnerstwa/lib/management/commands/db_worker.py). Longer than any
# task runs; e-mail tasks are safe to run twice (lib.mail.send_once).
TASK_LEASE_SECONDS = envint("TASK_LEASE_SECONDS", "900")

# Newsletter (partnerstwa/newsletter/sending.py): messages a second over all workers (0: no
# limit), the batch tasks a campaign starts, deliveries a batch claims, how long a claimed
# delivery is another worker's before it counts as unknown and is sent again (same Message-ID),
# and temporary SMTP failures: tries in all and the first wait, doubled at each try.
NEWSLETTER_RATE = float(os.environ.get("NEWSLETTER_RATE", "50"))
NEWSLETTER_WORKERS = envint("NEWSLETTER_WORKERS", "2")
NEWSLETTER_BATCH_SIZE = envint("NEWSLETTER_BATCH_SIZE", "500")
NEWSLETTER_LEASE_SECONDS = envint("NEWSLETTER_LEASE_SECONDS", "300")
NEWSLETTER_MAX_ATTEMPTS = envint("NEWSLETTER_MAX_ATTEMPTS", "5")
NEWSLETTER_RETRY_SECONDS = envint("NEWSLETTER_RETRY_SECONDS", "60")
# Bounces and complaints: the shared secret of the webhook (/newsletter/zwroty/; as
# django-anymail's WEBHOOK_SECRET, "user:password" for HTTP Basic or a Bearer token; empty: off)
# and the soft bounces in a row after which an address is suppressed.
NEWSLETTER_WEBHOOK_SECRET = os.environ.get("NEWSLETTER_WEBHOOK_SECRET", "")
NEWSLETTER_SOFT_BOUNCE_LIMIT = envint("NEWSLETTER_SOFT_BOUNCE_LIMIT", "3")
# The mailbox of List-Unsubscribe's mailto (its reader unsubscribes the token in the subject).
NEWSLETTER_UNSUBSCRIBE_MAILBOX = os.environ.get(
    "NEWSLETTER_UNSUBSCRIBE_MAILBOX",
    "unsubscribe@" + (DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"),
)

# The mailbox of bounces (DSNs), complaints (ARF) and unsubscribe replies, read over IMAP with TLS
# by `read_newsletter_mailbox` (cron); off while the host is empty. Messages acted on are deleted.
NEWSLETTER_MAILBOX_HOST = os.environ.get("NEWSLETTER_MAILBOX_HOST", "")
NEWSLETTER_MAILBOX_PORT = envint("NEWSLETTER_MAILBOX_PORT", "993")
NEWSLETTER_MAILBOX_USER = os.environ.get("NEWSLETTER_MAILBOX_USER", "")
NEWSLETTER_MAILBOX_PASSWORD = os.environ.get("NEWSLETTER_MAILBOX_PASSWORD", "")
NEWSLETTER_MAILBOX_FOLDER = os.environ.get("NEWSLETTER_MAILBOX_FOLDER", "INBOX")

# Wagtail: the editors' back office at /cms/, pages in Polish and English, the document library.
WAGTAIL_SITE_NAME = "Partnerstwa"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_DOCUMENT_MODEL = "library.LibraryDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
# Documents go through our own view (counted, private ones refused), never by their file address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": os.environ.get("SEARCH_BACKEND", "wagtail.search.backends.database")}
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# The association that runs the programme: membership indicators are computed against it.
PROGRAMME_ASSOCIATION = os.environ.get("PROGRAMME_ASSOCIATION", "ZMP")

# Security headers. Production defaults are strict; DEBUG relaxes only what breaks plain HTTP.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "false" if DEBUG else "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if envbool("SECURE_PROXY_SSL_HEADER", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    # Wagtail's admin still writes inline scripts (the scheduled-publishing date pickers): the
    # editors' back office is the one prefix without the policy; every public page keeps it.
    "EXCLUDE_URL_PREFIXES": ["/cms/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Open data API (issue 17): partnerstwa/api. Only the API's settings below this line. ---
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Requests a minute one client may make: anonymous clients counted by address, token clients
# by token. Without Redis each web process counts its own (the limit slows abuse; it is no quota).
API_RATE = os.environ.get("API_RATE", "120/m")
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/m")
API_RATE_CACHE = "default" if REDIS_URL else "api-rate"
if not REDIS_URL:
    CACHES["api-rate"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "partnerstwa-api-rate",
    }
# Anonymous answers kept until the data they come from changes (lib.freshness), in each process
# or, with Redis, shared: off where the page cache is off by default, for the same reasons.
API_KEEP = envbool("API_KEEP", "false" if DEBUG or "PYTEST_VERSION" in os.environ else "true")
API_KEEP_SECONDS = envint("API_KEEP_SECONDS", "300")
API_KEEP_CACHE = "default" if REDIS_URL else "api-answers"
if not REDIS_URL:
    CACHES["api-answers"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "partnerstwa-api-answers",
        "OPTIONS": {"MAX_ENTRIES": envint("API_KEEP_ENTRIES", "2000")},
    }
API_KEEP_ENTRIES = envint("API_KEEP_ENTRIES", "2000")
# Items in one page of a list at most (and when the client names no limit).
API_PAGE_MAX = envint("API_PAGE_MAX", "200")
API_PAGE_DEFAULT = envint("API_PAGE_DEFAULT", "50")
# The datasets' licence (DCAT-AP dct:license) unless the programme states another.
OPEN_DATA_LICENCE = os.environ.get(
    "OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/"
)

# --- Data-subject rights and retention (issue 16): partnerstwa/rights, partnerstwa/privacy. ---


# The controller as the privacy notice (/prywatnosc/) and the register of processing name it.
# Unset, they are the demo's: the reference programme's controller as its page's clause names it
# (partnerstwa/data/programme/reference.yaml, "privacy").
def _reference_privacy() -> dict:
    import yaml

    path = BASE_DIR / "partnerstwa" / "data" / "programme" / "reference.yaml"
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file).get("privacy", {})


_privacy = _reference_privacy()
PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", _privacy.get("controller", ""))
PRIVACY_CONTROLLER_ADDRESS = os.environ.get(
    "PRIVACY_CONTROLLER_ADDRESS", _privacy.get("address", "")
)
PRIVACY_CONTROLLER_EMAIL = os.environ.get("PRIVACY_CONTROLLER_EMAIL", _privacy.get("dpo_email", ""))
PRIVACY_DPO_EMAIL = os.environ.get("PRIVACY_DPO_EMAIL", _privacy.get("dpo_email", ""))
PRIVACY_DPO_ADDRESS = os.environ.get("PRIVACY_DPO_ADDRESS", _privacy.get("dpo_post", ""))
del _privacy

# Retention, in days, per category (python manage.py apply_retention; the privacy notice states
# the same figures). Registrations: contact details of registrations for events that ended that
# long ago are anonymised (the rows stay counted). Funded events' documentation is kept five
# years after the programme's end by the funding agreement: set the figure to match yours.
PRIVACY_RETENTION_DAYS = {
    "newsletter_unconfirmed": envint("RETENTION_NEWSLETTER_UNCONFIRMED_DAYS", "7"),
    "registrations": envint("RETENTION_REGISTRATIONS_DAYS", str(5 * 365)),
    "contest_applications": envint("RETENTION_CONTEST_APPLICATIONS_DAYS", str(5 * 365)),
    "barrier_reports": envint("RETENTION_BARRIER_REPORTS_DAYS", str(3 * 365)),
    "rights_unconfirmed": envint("RETENTION_RIGHTS_UNCONFIRMED_DAYS", "7"),
    "rights_requests": envint("RETENTION_RIGHTS_REQUESTS_DAYS", str(3 * 365)),
    "task_results": envint("RETENTION_TASK_RESULTS_DAYS", "30"),
}
# What a legal duty keeps after an erasure: said on the access page and in the erasure report.
PRIVACY_KEPT_UNTIL = os.environ.get("PRIVACY_KEPT_UNTIL", "2028-12-31")
# Requests to /rodo/ one address may send per hour; more get the same answer and no message.
RIGHTS_REQUESTS_PER_HOUR = envint("RIGHTS_REQUESTS_PER_HOUR", "3")

# --- Operations (issue 18): partnerstwa/operations: backups, audit trail, health, logs. ---
# The audit trail (django-auditlog) keeps no client address: personal data it does not need.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Backups (python manage.py backup / restore / prune_backups): the folder archives go to when no
# path is given, how many prune_backups keeps, and the folder of pg_dump, pg_restore and psql
# (empty: found on PATH) when the database is PostgreSQL.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
BACKUP_KEEP = envint("BACKUP_KEEP", "14")
BACKUP_PG_BIN = os.environ.get("BACKUP_PG_BIN", "")
# /health/ answers 503 when the oldest task waiting for a worker has waited longer (seconds).
HEALTH_TASK_QUEUE_MAX_AGE = envint("HEALTH_TASK_QUEUE_MAX_AGE", "600")
# Logs: one structured line per request and per background task (partnerstwa/operations/logs.py);
# JSON in production, readable lines with DEBUG (LOG_FORMAT=json|console overrides). No client
# address or user agent: the request line carries method, path, status, duration, account number.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "console" if DEBUG else "json")
if LOG_FORMAT not in ("json", "console"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or console, not {LOG_FORMAT!r}")
LOGGING["formatters"] = {
    "structured": {
        "()": "partnerstwa.operations.logs.formatter",
        "json": LOG_FORMAT == "json",
    }
}
LOGGING["handlers"]["console"]["formatter"] = "structured"
LOGGING["loggers"] = {
    "partnerstwa.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
    "partnerstwa.tasks": {"level": "INFO"},
}
from partnerstwa.operations import logs as _logs  # noqa: E402

_logs.configure()

# Error reports to a Sentry-compatible service (the optional extra "sentry"), only when its
# address is set; nothing is initialised or sent otherwise. No personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
