"""Settings, read from environment variables through the strict helpers of ``hengdian.env``.

With no environment at all this is the embedded demo: SQLite in the project folder, Celery
running tasks in-process, DEBUG on. Production sets DATABASE_URL (PostgreSQL, where DEBUG
defaults off), DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, the personal-data keys and
CELERY_BROKER_URL (Redis).
"""

import os
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from hengdian.env import EnvError, env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The embedded demo is SQLite: there DEBUG defaults on. Pointed at PostgreSQL (a deployment),
# DEBUG defaults off, so a forgotten DJANGO_DEBUG never serves tracebacks, and then the secrets
# below are required. A test run is never a deployment (hengdian.settings.test, whose package
# this is, keeps the demo's secrets on PostgreSQL too; Django's test runner turns DEBUG off).
_DATABASE = env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
EMBEDDED = _DATABASE["ENGINE"] == "django.db.backends.sqlite3"
_TESTS = os.environ.get("DJANGO_SETTINGS_MODULE") == "hengdian.settings.test"
DEBUG = env_bool("DJANGO_DEBUG", EMBEDDED or _TESTS)
_DEMO_SECRET = "embedded-demo-secret-key-not-for-production-use-0123456789"
if not DEBUG and "DJANGO_SECRET_KEY" not in os.environ:
    raise EnvError(
        "DJANGO_SECRET_KEY must be set: DEBUG is off (the default with a PostgreSQL "
        "DATABASE_URL; DJANGO_DEBUG=1 turns it on for a trial, never in production)"
    )
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEMO_SECRET)
if not DEBUG and SECRET_KEY == _DEMO_SECRET:
    raise EnvError("DJANGO_SECRET_KEY must be set to a real secret when DJANGO_DEBUG is off")
# Without DJANGO_ALLOWED_HOSTS production answers no host at all (fail closed), and
# `check --deploy` says why (hengdian.checks, hengdian.E001).
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto and
# X-Forwarded-For (SECURE_PROXY_SSL_HEADER and the throttles' NUM_PROXIES below).
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's scripts and styles served by the base itself: the docs work on an intranet
    # without the internet (SPECTACULAR_SETTINGS' SIDECAR below).
    "drf_spectacular_sidecar",
    "core",
    "scheduling",
    "crews",
    "actors",
    # The roster's import and export and its admin buttons.
    "import_export",
    # The audit trail: who created, changed or cancelled bookings, calls and plan runs.
    "simple_history",
]

MIDDLEWARE = [
    "core.request_id.RequestIdMiddleware",
    "core.health.HealthMiddleware",
    "core.errors.ProductionErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hengdian.middleware.SignInThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The audit trail's "who": the request's user (DRF sets it once it authenticates).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "hengdian.urls"
WSGI_APPLICATION = "hengdian.wsgi.application"

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
            ],
        },
    },
]

if EMBEDDED:
    # One writer at a time: IMMEDIATE transactions take the write lock at BEGIN, so racing
    # bookings queue behind each other instead of failing with "database is locked".
    _DATABASE.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    _DATABASE["CONN_HEALTH_CHECKS"] = True
    _DATABASE.setdefault("CONN_MAX_AGE", env_int("DATABASE_CONN_MAX_AGE", 60))
DATABASES = {"default": _DATABASE}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Served as collected (``collectstatic``, which ``make run`` does) under content-hashed names, so
# browsers may cache them for ever and a release never mixes with an old cache; DEBUG (the demo)
# changes none of that. DJANGO_STATIC_FROM_SOURCE=1 (``make dev``, the tests) serves the source
# files as they are edited instead.
STATIC_FROM_SOURCE = env_bool("DJANGO_STATIC_FROM_SOURCE", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_SOURCE
        else "core.static.HashedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
WHITENOISE_AUTOREFRESH = STATIC_FROM_SOURCE


def _env_clock(name: str, default: str) -> str:
    """A time "HH:MM" counted from a date's midnight, HH up to 47 (past midnight)."""
    import re

    raw = env_str(name, default)
    if not re.fullmatch(r"([0-3]\d|4[0-7]):[0-5]\d", raw):
        raise EnvError(f"{name}={raw!r} must be a time HH:MM from 00:00 to 47:59")
    return raw


# The base's planning grid: every scene and booking starts and ends on it.
PLANNING_SLOT_MINUTES = 30
# The shooting day: scenes start and end inside it. Its end may pass midnight ("28:00" is 04:00
# the next morning: a night shoot 22:00-02:00 belongs to the first date's day), at most 24 h
# after its start (core.shooting_day). Short-drama crews wrap around 03:00: 06:00-28:00.
PLANNING_DAY_START = _env_clock("PLANNING_DAY_START", "06:00")
PLANNING_DAY_END = _env_clock("PLANNING_DAY_END", "28:00")
PLANNING_NIGHT_FROM = _env_clock("PLANNING_NIGHT_FROM", "18:00")
_day_minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (PLANNING_DAY_START, PLANNING_DAY_END)]
if not 0 < _day_minutes[1] - _day_minutes[0] <= 24 * 60:
    raise EnvError(
        f"PLANNING_DAY_END={PLANNING_DAY_END!r} must be after PLANNING_DAY_START="
        f"{PLANNING_DAY_START!r} and at most 24 hours after it"
    )
if not PLANNING_DAY_START <= PLANNING_NIGHT_FROM <= PLANNING_DAY_END:
    raise EnvError(f"PLANNING_NIGHT_FROM={PLANNING_NIGHT_FROM!r} must lie inside the shooting day")
# Move times between two scenes of a crew at different locations (contract hard rule 6):
# within one zone, and between zones with no scheduling.TravelTime row.
PLANNING_SAME_ZONE_MOVE_MINUTES = 15
PLANNING_DEFAULT_TRAVEL_MINUTES = 45

# Largest request body Django will read (an instance import of a busy week fits well within).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_BODY_BYTES", 20 * 1024 * 1024, minimum=1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.policy.PolicyAccess"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.filters.RoleOrderingFilter",
        "core.filters.RoleSearchFilter",
        "core.filters.KnownQueryParamsFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.api.StrictPageNumberPagination",
    "EXCEPTION_HANDLER": "core.api.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The API speaks JSON, depth-limited (core.parsers): HTML forms' encodings turn an empty
    # field into null and repeat keys, so a form could mean something else than the same JSON
    # (the fuzzer found one). The upload views (a breakdown, the roster) name their own parsers.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.DepthLimitedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Throttles tell clients apart by address: behind the one TLS proxy, by the address it adds
    # to X-Forwarded-For; otherwise by the connection's own, never by a header a client writes.
    "NUM_PROXIES": 1 if BEHIND_TLS_PROXY else 0,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Hengdian production scheduling API",
    "DESCRIPTION": "Crews, scenes, locations, the actors' guild and the plan of a film base.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The access policy (core.policy) decides who reads the schema and docs, as everywhere.
    "SERVE_PERMISSIONS": ["core.policy.PolicyAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two "gender" fields with different choices: name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "PerformerGenderEnum": "actors.models.Performer.Gender",
        "ExtrasGenderEnum": "crews.models.ExtrasLine.Gender",
        "PlanRunStatusEnum": "scheduling.models.PlanRun.Status",
        # Notification.kind and a crew's change request's kind would share an enum name.
        "NotificationKindEnum": "actors.models.Notification.Kind",
        "ChangeRequestKindEnum": "crews.models.ChangeRequest.Kind",
    },
    # The schema documents the error answers every operation shares (400/401/403/404/413).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema_hooks.document_error_responses",
    ],
}

# Planning runs (scheduling.services.plan_runs): the longest solver time limit a run may ask for,
# the extras the optimiser gets, and the freeze window: bookings confirmed or starting within
# the next PLANNING_FREEZE_HOURS go to the optimiser as locked and are never moved.
PLANNING_RUN_MAX_SECONDS = env_int("PLANNING_RUN_MAX_SECONDS", 1800, minimum=1)
PLANNING_SOLVER_WORKERS = env_int("PLANNING_SOLVER_WORKERS", 2, minimum=1)
PLANNING_FREEZE_HOURS = env_int("PLANNING_FREEZE_HOURS", 12, minimum=0)
# A running run whose worker has shown no sign of life for this long is marked failed by the
# sweep (the worker writes a heartbeat every few seconds while the solver runs).
PLANNING_RUN_STALE_SECONDS = env_int("PLANNING_RUN_STALE_SECONDS", 120, minimum=10)
# What a run read and found (its instance, plan, the bookings it read: megabytes at size L)
# is cleared this many days after it ended; the run, its figures and its audit stay.
PLAN_RUN_PAYLOAD_RETENTION_DAYS = env_int("PLAN_RUN_PAYLOAD_RETENTION_DAYS", 30, minimum=1)
# Attempts of one run: a worker lost mid-run gets its run redelivered once, then it fails.
PLANNING_RUN_MAX_ATTEMPTS = env_int("PLANNING_RUN_MAX_ATTEMPTS", 2, minimum=1)
# The nightly run (Celery beat at 02:00): the coming PLANNING_NIGHTLY_DAYS days.
PLANNING_NIGHTLY_DAYS = env_int("PLANNING_NIGHTLY_DAYS", 3, minimum=1)
PLANNING_NIGHTLY_SECONDS = env_int("PLANNING_NIGHTLY_SECONDS", 600, minimum=1)
# A demand spike: since the last run of a horizon, new scenes were registered whose hours exceed
# PLANNING_SPIKE_SHARE_PERCENT of the location-hours still free in it, or at least
# PLANNING_SPIKE_CREWS_PER_HOUR new crews arrived within the last hour (0 turns that rule off).
PLANNING_SPIKE_SHARE_PERCENT = env_int("PLANNING_SPIKE_SHARE_PERCENT", 10, minimum=0)
PLANNING_SPIKE_CREWS_PER_HOUR = env_int("PLANNING_SPIKE_CREWS_PER_HOUR", 10, minimum=0)
PLANNING_SPIKE_SECONDS = env_int("PLANNING_SPIKE_SECONDS", 120, minimum=1)
# A spike re-plan moves at most this share of the bookings in force (the rest are pinned).
PLANNING_SPIKE_MAX_MOVED_PERCENT = env_int("PLANNING_SPIKE_MAX_MOVED_PERCENT", 5, minimum=0)
# Disruptions (scheduling.services.disruptions): the repair run's solver time (half for a first
# try, half for a second with the crews' other scenes of the day free), and how many days before
# the first and after the last shooting day hit its horizon spans, so scenes can go round it.
DISRUPTION_REPAIR_SECONDS = env_int("DISRUPTION_REPAIR_SECONDS", 16, minimum=1)
DISRUPTION_SPREAD_DAYS = env_int("DISRUPTION_SPREAD_DAYS", 2, minimum=0)
# The weather feed (docs/weather.md): the forecast file Celery beat reads every
# WEATHER_FEED_MINUTES (none: the feed is off), and what closes a zone's outdoor sets. Heavy
# rain is 25 mm in 24 h by GB/T 28592-2012 (counted over a shooting day); 20 mm in one hour is a
# short-duration downpour; 17 m/s is a gale (Beaufort 8 starts at 17.2 m/s).
WEATHER_FORECAST_FILE = env_str("WEATHER_FORECAST_FILE", "")
WEATHER_FEED_MINUTES = env_int("WEATHER_FEED_MINUTES", 30, minimum=1)
WEATHER_HEAVY_RAIN_MM = env_int("WEATHER_HEAVY_RAIN_MM", 25, minimum=1)
WEATHER_DOWNPOUR_MM = env_int("WEATHER_DOWNPOUR_MM", 20, minimum=1)
WEATHER_GALE_MPS = env_int("WEATHER_GALE_MPS", 17, minimum=1)

# Reception (scheduling.services.holds): how long a crew's hold keeps its place, and the
# location families (tags) where a crew confirms its own holds with no one at the centre.
RECEPTION_HOLD_MINUTES = env_int("RECEPTION_HOLD_MINUTES", 30, minimum=1)
RECEPTION_SELF_CONFIRM_TAGS = env_list("RECEPTION_SELF_CONFIRM_TAGS", [])

# Celery: without a broker, tasks run in-process so the embedded default needs no server.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A planning run takes minutes: acknowledge it only when done, hand it back to the queue when
# the worker process dies (SIGKILL, OOM), and let each worker process hold one message at a time
# so a long run never sits prefetched behind another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Above the longest solver run plus reading the database and storing the plan: the soft limit
# lets the task record why it stopped, the hard one kills a stuck process.
CELERY_TASK_SOFT_TIME_LIMIT = PLANNING_RUN_MAX_SECONDS + 240
CELERY_TASK_TIME_LIMIT = PLANNING_RUN_MAX_SECONDS + 300
# A broker that is down must not hold a request: fail fast (2 s), the run stays queued in the
# database (the outbox) and the sweep sends it when the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# Redis redelivers an unacknowledged message after the visibility timeout: it must exceed the
# hard time limit, or a second worker would start a run that is still going.
_VISIBILITY = env_int("CELERY_VISIBILITY_TIMEOUT", max(3600, CELERY_TASK_TIME_LIMIT + 600))
if _VISIBILITY <= CELERY_TASK_TIME_LIMIT:
    raise EnvError(
        f"CELERY_VISIBILITY_TIMEOUT={_VISIBILITY} must exceed the task hard time limit "
        f"({CELERY_TASK_TIME_LIMIT} s, from PLANNING_RUN_MAX_SECONDS)"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    # Look for messages of dead workers every 10 s instead of kombu's slower default sweep.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY}

# Every line says when, how bad, who wrote it and for which request (``core.request_id``:
# the id each response carries in ``X-Request-ID``; a plan run's lines carry the id of the
# request that asked for it).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "mask_secrets": {"()": "core.log_masking.MaskSecretsFilter"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "mask_secrets"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
# How long /readyz waits for the broker before it calls it down.
READINESS_TIMEOUT_SECONDS = env_int("READINESS_TIMEOUT_SECONDS", 2, minimum=1)

# --- The actors' guild: calls, check-in, notifications, pay ---


def _env_yuan(name: str, default: str):
    """A non-negative decimal amount (money, a percentage), never a float."""
    from decimal import Decimal, InvalidOperation

    raw = env_str(name, default)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise EnvError(f"{name}={raw!r} is not a decimal number") from None
    if not value.is_finite() or value < 0:
        raise EnvError(f"{name}={raw!r} must be a finite number of at least 0")
    return value


# Dotted path of the class that delivers notifications (``send(notification)``; raise to retry).
GUILD_NOTIFICATION_SENDER = env_str("GUILD_NOTIFICATION_SENDER", "actors.notify.LogSender")
# After this many failed attempts a notification is marked failed and left for a person.
GUILD_NOTIFICATION_MAX_ATTEMPTS = env_int("GUILD_NOTIFICATION_MAX_ATTEMPTS", 20, minimum=1)
# A no-show multiplies the performer's reliability by this percentage (r := 0.8 r).
GUILD_NO_SHOW_RELIABILITY_PERCENT = env_int("GUILD_NO_SHOW_RELIABILITY_PERCENT", 80, minimum=0)
# A check-in code works from this many hours before the scene starts to this many after it
# ends (shoots overrun; real days run 12-18 h).
GUILD_CHECK_IN_OPENS_HOURS = env_int("GUILD_CHECK_IN_OPENS_HOURS", 12, minimum=0)
GUILD_CHECK_IN_CLOSES_HOURS = env_int("GUILD_CHECK_IN_CLOSES_HOURS", 6, minimum=0)
# Pay (NOTES.md, from 2024-11): the day rate covers GUILD_DAY_HOURS; each started unit of
# GUILD_OVERTIME_UNIT_MINUTES beyond it pays its share of the hourly overtime rate; the guild
# keeps GUILD_SHARE_PERCENT of the total.
GUILD_DAY_RATE_YUAN = _env_yuan("GUILD_DAY_RATE_YUAN", "135")
GUILD_DAY_HOURS = env_int("GUILD_DAY_HOURS", 10, minimum=1)
GUILD_OVERTIME_YUAN_PER_HOUR = _env_yuan("GUILD_OVERTIME_YUAN_PER_HOUR", "13.5")
GUILD_OVERTIME_UNIT_MINUTES = env_int("GUILD_OVERTIME_UNIT_MINUTES", 60, minimum=1)
GUILD_SHARE_PERCENT = _env_yuan("GUILD_SHARE_PERCENT", "10")
# Billing (BILLING.md): a booking cancelled less than this many hours before its start is
# charged this share of its set hire. These and the GUILD_ pay figures are the defaults of the
# tariff; rows of scheduling.Tariff (the admin) override them from their valid_from day.
BILLING_CANCELLATION_NOTICE_HOURS = env_int("BILLING_CANCELLATION_NOTICE_HOURS", 24, minimum=0)
BILLING_CANCELLATION_SHARE_PERCENT = _env_yuan("BILLING_CANCELLATION_SHARE_PERCENT", "50")
# The base's name on statements and bills.
BILLING_BASE_NAME = env_str("BILLING_BASE_NAME", "横店影视城 Hengdian World Studios")
# How often bills are compared with what their periods hold now (changes no signal announced:
# a re-plan's bulk writes, a tariff edit), issuing the credit or debit notes that follow.
BILLING_SWEEP_SECONDS = env_int("BILLING_SWEEP_SECONDS", 600, minimum=10)
# What the beat scheduler runs (make beat).
CELERY_BEAT_SCHEDULE = {
    "plan-nightly": {
        "task": "scheduling.plan_run_nightly",
        "schedule": crontab(hour=2, minute=0),
    },
    # Sends runs the broker missed (the outbox) and fails runs whose worker died.
    "plan-runs-sweep": {"task": "scheduling.plan_runs_sweep", "schedule": 60.0},
    # Clears the payloads of runs older than PLAN_RUN_PAYLOAD_RETENTION_DAYS (the rows stay).
    "plan-runs-prune": {
        "task": "scheduling.plan_runs_prune",
        "schedule": crontab(hour=4, minute=30),
    },
    # Sends the guild's notifications still pending (a sender that was down, a broker that was).
    "guild-outbox-send": {"task": "actors.tasks.outbox_send", "schedule": 60.0},
    # Compares bills with what their periods hold now, issuing credit or debit notes.
    "billing-invoices-sweep": {
        "task": "scheduling.billing.invoices_sweep",
        "schedule": float(BILLING_SWEEP_SECONDS),
    },
    # Closes and reopens outdoor sets by the forecast file (a no-op without one).
    "weather-feed": {
        "task": "scheduling.weather_feed_read",
        "schedule": 60.0 * WEATHER_FEED_MINUTES,
    },
}

# --- Performers' personal data at rest ---
# Fernet keys sealing phone and ID numbers (comma-separated: the first encrypts, all decrypt, so
# a key can be rotated) and the separate key of the keyed hash that finds them. Both are
# required when DEBUG is off; the embedded demo uses fixed, public ones.
_DEMO_PERSONAL_DATA_KEY = "aGVuZ2RpYW4tZGVtby1wZXJzb25hbC1kYXRhLWtleSE="
_DEMO_PERSONAL_DATA_HASH_KEY = "embedded-demo-personal-data-hash-key-not-for-production"


def _personal_data_keys() -> list[str]:
    import base64
    import binascii

    raw = env_str("PERSONAL_DATA_KEY", _DEMO_PERSONAL_DATA_KEY if DEBUG else None)
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    for key in keys:
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                raise ValueError
        except (ValueError, binascii.Error):
            message = "PERSONAL_DATA_KEY must hold Fernet keys (32 bytes, url-safe base64)"
            raise EnvError(message) from None
    if not keys or (not DEBUG and _DEMO_PERSONAL_DATA_KEY in keys):
        raise EnvError("PERSONAL_DATA_KEY must be set to a real key when DJANGO_DEBUG is off")
    return keys


PERSONAL_DATA_KEYS = _personal_data_keys()
PERSONAL_DATA_HASH_KEY = env_str(
    "PERSONAL_DATA_HASH_KEY", _DEMO_PERSONAL_DATA_HASH_KEY if DEBUG else None
)
if len(PERSONAL_DATA_HASH_KEY) < 32 or (
    not DEBUG and PERSONAL_DATA_HASH_KEY == _DEMO_PERSONAL_DATA_HASH_KEY
):
    raise EnvError("PERSONAL_DATA_HASH_KEY must be a real secret of at least 32 characters")
# A reveal of a performer's phone and ID number must say why, in at least this many characters.
PERSONAL_DATA_REVEAL_REASON_MIN = 10

# --- Hardening: production settings and the schema ---

# Production (DEBUG off: the default on PostgreSQL): the secrets and hosts below are required
# and HTTPS is enforced (docs/hardening.md).
import hengdian.checks  # noqa: E402, F401  (registers the deploy checks)

# An empty or short key is refused outright; `check --deploy` asks for 50 random characters.
if not DEBUG and (len(SECRET_KEY) < 32 or len(set(SECRET_KEY)) < 5):
    raise EnvError("DJANGO_SECRET_KEY must be a random secret of at least 32 characters")
# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _env_rate(name: str, default: str) -> str:
    """A DRF throttle rate: a whole number of requests per second, minute, hour or day."""
    import re

    raw = env_str(name, default)
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise EnvError(f"{name}={raw!r} is not a rate like 10/min (per s, min, hour or day)")
    return raw


# Guessing limits. Check-in codes by user (core.throttles). Passwords (core.sign_in):
# failed sign-ins by client address and by username, in fixed windows; over either limit every
# attempt is a 429 until the window ends. Successful sign-ins are not counted.
API_THROTTLE_RATES = {"check_in": _env_rate("API_CHECK_IN_RATE", "60/min")}
SIGN_IN_FAILURE_WINDOW_SECONDS = env_int("SIGN_IN_FAILURE_WINDOW_SECONDS", 900, minimum=60)
SIGN_IN_FAILURES_PER_ADDRESS = env_int("SIGN_IN_FAILURES_PER_ADDRESS", 50, minimum=1)
SIGN_IN_FAILURES_PER_USERNAME = env_int("SIGN_IN_FAILURES_PER_USERNAME", 10, minimum=1)
# An API token's life from its sign-in (core.tokens): 30 days; revoked at once on request.
API_TOKEN_LIFETIME_HOURS = env_int("API_TOKEN_LIFETIME_HOURS", 720, minimum=1)
# The cache holds the throttles' counts: in-process by default (each worker counts on its own),
# Redis in production so every worker and machine shares them; 2 s timeouts, like the broker's.
_CACHE_URL = env_str("DJANGO_CACHE_URL", "")
if _CACHE_URL and not _CACHE_URL.startswith(("redis://", "rediss://")):
    raise EnvError(f"DJANGO_CACHE_URL={_CACHE_URL!r} must be a redis:// URL (or empty)")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_URL,
        "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
    }
    if _CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# HSTS: a year, subdomains and preload in production; 0 turns it off (a first rollout).
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Bodies: DATA_UPLOAD_MAX_MEMORY_SIZE above; forms and query strings with thousands of fields
# are refused too (an instance import is one JSON body, not fields).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
