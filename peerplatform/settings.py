"""Settings for Peerplatform, read from the environment (django-environ).

With no environment at all the project runs on a laptop: DEBUG on, a SQLite file, e-mail printed
to the console and Celery tasks executed eagerly in-process. Production strictness switches on when
DJANGO_DEBUG is off: SECRET_KEY, ALLOWED_HOSTS and SITE_URL are then required and the
secure-cookie, HSTS and SSL settings that `manage.py check --deploy` asks for are on.
docs/operators.md lists every variable.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from peerplatform.observability import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"  # noqa: S105


def _required(name: str, hint: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off. {hint} "
            "See 'Running in production' in README.md."
        )
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = _required(
        "SECRET_KEY",
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
    )
    ALLOWED_HOSTS = [
        h.strip()
        for h in _required(
            "ALLOWED_HOSTS", "Give the host names the site is served on, comma-separated."
        ).split(",")
        if h.strip()
    ]

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.admin_site.PeerAdminConfig",  # django.contrib.admin with its front-page sections
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "django_ratelimit",
    # Login protection and headers (docs/operators.md, "Security").
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Audit trail of personal data (docs/operators.md, "Privacy").
    "auditlog",
    # Phone numbers parsed and stored in E.164 (core.fields.PhoneField, PhoneFormField).
    "phonenumber_field",
    # Project apps, in dependency order (DESIGN.md): nothing imports "upwards".
    "core",
    "notifications",
    "participants",
    "volunteers",
    "plans",  # the participant's own plan: above participants, below matching and courses
    "matching",
    "courses",
    "activities",
    "privacy",
    "reports",
    "dashboard",
    "demo",  # seed_demo and its builders: the top, nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A link from an e-mail or a text opens in its language (?lang=, core/language.py).
    "core.language.LinkLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Cache-Control: no-store for signed-in people and signed links (pages with personal data).
    "core.security.PrivateResponseMiddleware",
    # Puts the logged-in user (and address) on audit-trail entries written by this request.
    "auditlog.middleware.AuditlogMiddleware",
    "core.security.SessionIdleTimeoutMiddleware",
    "core.twofactor.StaffOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerplatform.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "peerplatform.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite run in memory; the laptop database is a file.
    DATABASES["default"]["TEST"]["NAME"] = ":memory:"
    # Simultaneous posts on the laptop default: a write transaction takes the write lock when it
    # begins (a deferred one that read first cannot wait for it and fails "database is locked"),
    # and waits up to SQLITE_TIMEOUT seconds for another writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env.int("SQLITE_TIMEOUT", default=20)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: some 50 ms
    # for a report's counts that run in 20 ms without it (issue 15). The platform's queries are
    # short; JIT stays off unless the database URL sets its own `options`.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "core.security.AxesBackend",  # first: refuses locked-out logins before checking the password
    "core.security.ModelBackend",  # Django's, with the permissions in one query
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:after_login"
LOGOUT_REDIRECT_URL = "core:home"

# Language and time: Danish first, English second; store UTC, show Europe/Copenhagen.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "peerplatform_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Copenhagen"
# Where Django formats a date itself (the admin), it follows core/dates.py's style.
FORMAT_MODULE_PATH = ["peerplatform.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail through Django's mail API; EMAIL_URL picks the backend (console by default).
_email = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(_email)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Peerplatform <noreply@peerplatform.local>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Peerplatform] "
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Cache: Redis when REDIS_URL is set, otherwise in-process memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that is down or hangs answers within a second, never stalls a request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Room for the report figures kept per organisation and week (reports/cache.py): Django's
    # default of 300 entries would throw them out while a report page is being built.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Celery: Redis in production; eager, in-process execution when no broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
# Tasks are fire-and-forget: no result is stored (nothing reads one), unless a backend is set.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Always on: no sniffing, no framing, a strict referrer policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# Content-Security-Policy (django-csp): everything from this site only, no inline scripts. The
# admin may use inline styles and the static 500 page its own one (core.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login protection (django-axes): lock out one e-mail address from one IP after repeated failures.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # AuthenticationForm's field name; it holds the e-mail
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Header a trusted proxy sets with the client's address (e.g. HTTP_X_FORWARDED_FOR); unset: the
# one RATELIMIT_IP_META_KEY names, else the address the request came from.
CLIENT_IP_META_KEY = env.str("CLIENT_IP_META_KEY", default="") or None

# Two-factor authentication (django-otp) for every staff user, core/twofactor.py.
OTP_TOTP_ISSUER = env.str("SITE_NAME", default="Peerplatform")
OTP_BACKUP_CODE_COUNT = 10

# Sessions end after inactivity: staff sooner than peer guides (core.security).
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=8 * 60) * 60
SESSION_IDLE_REFRESH = 60  # renew the expiry at most once a minute
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT  # sessions without a login, too

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]  # health checks speak plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Public forms: per-IP rate limit (django-ratelimit) on POSTs, e.g. "10/h".
PUBLIC_FORM_RATE = env.str("PUBLIC_FORM_RATE", default="10/h")
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default=None) or None
# django-ratelimit does not list Django's own RedisCache as "officially supported" (W001),
# though its atomic incr is what the limiter needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL and DEBUG:
    # The in-memory cache is per process: fine on a laptop; production needs REDIS_URL.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# The outbox (notifications): SMS backend and how often a message is tried.
SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.sms.ConsoleSMSBackend")
# The HTTP gateway backend (notifications.sms.HttpSMSBackend, GatewayAPI's REST API): its address,
# API token, the sender name shown on the phone (at most 11 letters), seconds to wait, and how
# often a 5xx answer is tried again at once (after that the outbox retries with back-off).
SMS_URL = env.str("SMS_URL", default="https://gatewayapi.com/rest/mtsms")
SMS_TOKEN = env.str("SMS_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="Peerstotte")
SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10.0)
SMS_RETRIES = env.int("SMS_RETRIES", default=2)
SMS_BACKOFF = env.float("SMS_BACKOFF", default=1.0)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
# Outages degrade, never stall (docs/operators.md, "The outbox under faults"): a request gives the
# broker this many seconds to take a task, without retries; /readyz/ fails when beat's heartbeat
# is older.
NOTIFICATIONS_PUBLISH_TIMEOUT = env.float("BROKER_PUBLISH_TIMEOUT", default=1.0)
READYZ_HEARTBEAT_MAX_AGE = env.int("READYZ_HEARTBEAT_MAX_AGE", default=180)

# Reports: the key of the pseudonyms in the researchers' evaluation export (a keyed hash).
# Separate from SECRET_KEY so that rotating that key does not change the pseudonyms.
EVALUATION_PSEUDONYM_KEY = env.str("EVALUATION_PSEUDONYM_KEY", default="") or SECRET_KEY
# Keyed hashes of old e-mail addresses and phone numbers (core/contacts.py): the history of a
# person's addresses is kept only as these, so erasure can find messages sent to an old address.
# Separate from SECRET_KEY for the same reason as the pseudonym key.
CONTACT_DIGEST_KEY = env.str("CONTACT_DIGEST_KEY", default="") or SECRET_KEY

# Phone numbers without a country code are Danish (core.fields.PhoneField).
PHONENUMBER_DEFAULT_REGION = "DK"
PHONENUMBER_DB_FORMAT = "E164"

# The participant's own plan (plans/crypto.py) is encrypted at rest with Fernet keys kept apart
# from SECRET_KEY and from the database: a dump or a backup alone reveals none of it.
# Comma-separated; the first key encrypts, every key decrypts (rotation: put a new key first, run
# `manage.py rotate_plan_key`, then drop the old one). Generate one with
# python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'.
if DEBUG:
    # Development only: a key derived from SECRET_KEY, so a laptop runs with no set-up. It is
    # never used with DJANGO_DEBUG off, where the variable is required.
    import base64 as _base64
    import hashlib as _hashlib

    _DEV_PLAN_KEY = _base64.urlsafe_b64encode(
        _hashlib.sha256(f"plans.dev-only:{SECRET_KEY}".encode()).digest()
    ).decode()
    PLAN_ENCRYPTION_KEYS = env.list("PLAN_ENCRYPTION_KEY", default=[]) or [_DEV_PLAN_KEY]
else:
    PLAN_ENCRYPTION_KEYS = [
        k.strip()
        for k in _required(
            "PLAN_ENCRYPTION_KEY",
            "Give one or more Fernet keys, comma-separated (docs/operators.md, 'Plan encryption').",
        ).split(",")
        if k.strip()
    ]

# Public site facts shown in pages and e-mails.
SITE_NAME = env.str("SITE_NAME", default="Peerplatform")
if DEBUG:
    # Unset, it follows PORT (what `make run` serves on), so links in e-mails reach this server.
    SITE_URL = (
        env.str("SITE_URL", default="") or f"http://127.0.0.1:{env.int('PORT', default=8000)}"
    )
else:
    SITE_URL = _required(
        "SITE_URL", "Give the public address of the site, e.g. https://peerstotte.example.dk."
    ).rstrip("/")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="kontakt@peerplatform.local")

# Logs go to the console: plain text, or one JSON object per line with LOG_FORMAT=json.
LOG_FORMAT = env.str("LOG_FORMAT", default="text").lower()
LOGGING = logging_config(level=env.str("LOG_LEVEL", default="INFO"), log_format=LOG_FORMAT)

# Error reporting (optional): Sentry when SENTRY_DSN is set, for the web app and Celery alike;
# no personal data, no request bodies, private tokens redacted (peerplatform/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
