"""Settings for the 济阳区政务公开平台.

One file, driven by environment variables with embedded defaults: with nothing set, the
portal runs on a SQLite file with Celery tasks executed eagerly in-process, so a bare
checkout works (``make run``). ``DATABASE_URL`` switches to PostgreSQL and ``REDIS_URL``
switches on the Redis cache and the Celery broker. With ``DEBUG=0`` the secret key and the
allowed hosts are required and the HTTPS hardening is on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab

from portal.env import env_bool, env_int, env_list, env_required, env_str
from portal.security import csp as _security_csp

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-local-development-only"
    ALLOWED_HOSTS = env_list(
        "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "policies",
    "disclosure",
    # Annual reports: models in the disclosure app, own admin/tasks/urls package.
    "disclosure.reports.apps.ReportsConfig",
    "requests_app",
    "interaction",
    "supervision",
    # Staff login lock-out per account and per address (issue 8 §3).
    "axes",
    # Content security, staff two-factor login and the security log (issue 14).
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a per-request script nonce (django-csp), and
    # Permissions-Policy (issue 14 §4).
    "csp.middleware.CSPMiddleware",
    "portal.security.middleware.PermissionsPolicyMiddleware",
    # Before anything that queries: a NUL byte in a query string or Basic-auth
    # credentials would reach PostgreSQL and answer 500.
    "portal.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the staff second factor and the log of 403s.
    "django_otp.middleware.OTPMiddleware",
    "portal.security.middleware.StaffSecurityMiddleware",
    "portal.sessions.IdleSessionMiddleware",
    "portal.db_router.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Serves registered public pages to anonymous visitors from the cache; runs in
    # process_view, so only after the URL resolved (see portal/caching.py).
    "portal.caching.PublicPageCacheMiddleware",
    # Last, as axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "portal.context_processors.site_frame",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Optional PostgreSQL read replica for public pages (portal/db_router.py): anonymous
# GET/HEAD outside transactions read from it; writes, staff and tasks use the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL") or ""
PORTAL_READ_REPLICA = "replica" if DATABASE_REPLICA_URL else ""
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# After a visitor's own POST, their reads stay on the primary this long (replica lag).
PORTAL_REPLICA_PIN_SECONDS = env_int("PORTAL_REPLICA_PIN_SECONDS", 10)
DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# --- Cache and Celery -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL") or ""

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's backend with one Redis client per pool (portal/cache_backend.py).
            "BACKEND": "portal.cache_backend.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jiyang",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached whole and retired exactly by content versions
# (portal/caching.py); PUBLIC_PAGE_CACHE=0 switches it off. The versions live in the
# cache, so every process must share it: without REDIS_URL (per-process memory) it is
# right only for a single process such as `make run`.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Separate queues, one worker service per queue (docker-compose.yml), so an hour-long
# import or annual report never sits in front of the morning deadline reminders.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {
    "requests_app.send_deadline_reminders": {"queue": "reminders"},
    "requests_app.close_lapsed_applications": {"queue": "reminders"},
    "policies.run_import": {"queue": "imports"},
    "*report*": {"queue": "reports"},
}
# Periodic work. Every task selects by state, so a missed run catches up on the next one.
# One beat process only (docker-compose runs exactly one).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Daily at 03:20 Asia/Shanghai: drop security-log rows past their retention.
    "security-purge-log": {
        "task": "security.purge_log",
        "schedule": crontab(hour=3, minute=20),
    },
    # Every 5 minutes: publish scheduled content whose time has come.
    "portal-publish-due": {
        "task": "portal.publish_due",
        "schedule": crontab(minute="*/5"),
    },
    # Daily at 00:10 Asia/Shanghai: validity-status changes that fell due (施行日期
    # reached, 有效期至 passed). Selected by state, so a missed day catches up.
    "policies-apply-due-status-changes": {
        "task": "policies.apply_due_status_changes",
        "schedule": crontab(hour=0, minute=10),
    },
    # 06:30 every day: 依申请公开 deadline reminders (5/3/1 working days, overdue).
    "requests-deadline-reminders": {
        "task": "requests_app.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # 06:45 every day: close applications whose 补正 or payment period has passed.
    "requests-close-lapsed": {
        "task": "requests_app.close_lapsed_applications",
        "schedule": crontab(hour=6, minute=45),
    },
    # 07:00 every day: supervision reminders (tasks at risk/overdue, stale new-media
    # accounts, and from October the meeting/training reminder).
    "supervision-reminders": {
        "task": "supervision.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Sundays at 03:00: crawl the portal's own published pages for broken links.
    "supervision-link-check": {
        "task": "supervision.check_links",
        "schedule": crontab(hour=3, minute=0, day_of_week="sun"),
    },
    # 00:20 every day: close consultations whose last day has passed (catches up).
    "interaction-close-consultations": {
        "task": "interaction.close_due_consultations",
        "schedule": crontab(hour=0, minute=20),
    },
    # 07:00 every day: 区长信箱 reply reminders (1 working day left, overdue).
    "interaction-letter-reminders": {
        "task": "interaction.send_letter_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # 01:30 every day in January: draft last year's annual reports (条例第四十九条,
    # due 31 January). Drafts only units without a version, so a missed 1 January
    # catches up and later runs do nothing.
    "reports-draft-last-year": {
        "task": "disclosure.reports.draft_last_year",
        "schedule": crontab(hour=1, minute=30, day_of_month="1-31", month_of_year=1),
    },
    # 08:00 every day from 20 January to 31 March: remind units whose report for last
    # year is unpublished; once per report (sent-marker), so daily runs are harmless.
    "reports-remind-unpublished": {
        "task": "disclosure.reports.remind_unpublished",
        "schedule": crontab(hour=8, minute=0, month_of_year="1-3"),
    },
    # 07:00 every day: e-mail digests of newly published content to subscribers
    # (one per subscription and day, claimed by a marker; a missed day catches up).
    "disclosure-subscription-digests": {
        "task": "disclosure.send_subscription_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}
# A public filing sent again with the same key (API Idempotency-Key, form token)
# within this many minutes returns the first application.
REQUESTS_IDEMPOTENCY_WINDOW_MINUTES = env_int("REQUESTS_IDEMPOTENCY_WINDOW_MINUTES", 60)
# Absolute address of the public site, for links in e-mails sent without a request.
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
# The switch for every automatic reminder e-mail (e.g. off during an emergency).
REMINDERS_ENABLED = env_bool("REMINDERS_ENABLED", True)
# The weekly website check (supervision) crawls this address; external links are only
# fetched when switched on (the crawler otherwise stays on the site itself).
SUPERVISION_SITE_BASE_URL = (env_str("SUPERVISION_SITE_BASE_URL") or "").rstrip(
    "/"
) or "http://127.0.0.1:8000"
SUPERVISION_CHECK_EXTERNAL_LINKS = env_bool("SUPERVISION_CHECK_EXTERNAL_LINKS", False)

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# The axes backend comes first: it refuses a locked-out account or address before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out: after AXES_FAILURE_LIMIT wrong passwords for one account, or from one
# address, logins from it are refused for the cool-off period (counted separately).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.clients.axes_client_address"
AXES_LOCKOUT_TEMPLATE = "portal/login_locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Staff sessions end after this much inactivity; activity renews the expiry at most
# every SESSION_RENEW_SECONDS (portal/sessions.py), not with a write per request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8) * 3600
SESSION_RENEW_SECONDS = 300

# --- I18N -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the few admin strings Django's own zh_Hans catalogs lack (see locale/zh_Hans).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Optional S3-compatible media (django-storages), shared by every web and worker
# replica. Private bucket with signed URLs by default: 依申请公开 uploads hold personal
# data. Not covered by ``manage.py backup`` (use the bucket's versioning/replication).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET") or ""
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_KEY") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": env_bool("MEDIA_S3_SIGNED_URLS", True),
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------
# In development mail is not sent: the backend logs that a message would have gone,
# with its recipient count and masked subject, never the body (applicants' addresses,
# query codes). Django's console backend would print it all.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "portal.mail.LogOnlyEmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "济阳区政务公开平台 <noreply@jiyang.gov.cn>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Said out loud although it is Django's default: a window the portal opens, or
# that opens the portal, from another origin gets no handle on it.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Staff two-factor login (TOTP + recovery codes): required in production, off in
# `make run`'s demo and in tests unless a test turns it on.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "济阳区政务公开平台"
# Security log rows older than this are deleted by a daily task.
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 180)
# Scripts only from the portal's origin or with the request's nonce (portal/security/csp.py).
CONTENT_SECURITY_POLICY = _security_csp.CONTENT_SECURITY_POLICY
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP inside the container network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Client address behind proxies ---------------------------------------------------
# How many reverse proxies stand in front of the app: 0 when it is reached directly
# (REMOTE_ADDR is the client), 1 behind the compose proxy. X-Forwarded-For entries
# beyond that are the client's own claim and never trusted (portal/clients.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Session auth only: the site logs staff in through admin; Basic auth would let a
    # script guess passwords past the login lock-out.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Harvester tokens staff issue in admin: reads at the client's own rate.
        "portal.api_tokens.ApiTokenAuthentication",
    ],
    # DRF's own throttles (anon/user) identify clients the same way as portal.clients.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    # JSON nested past the decoder's stack is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Empty query parameters are refused; an unknown related record is a 404.
    "DEFAULT_FILTER_BACKENDS": ["portal.rest.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.rest.StandardPagination",
    # JSON with <, > and & escaped: a quoted input never becomes markup.
    "DEFAULT_RENDERER_CLASSES": [
        "portal.rest.SafeJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api_tokens.AnonWithoutTokenThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "portal.api_tokens.ApiClientRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        # Public filing endpoints (requests, letters, comments): few per visitor.
        "filing": env_str("API_THROTTLE_FILING", "10/hour"),
        # Tracking look-ups: slow enough that query codes cannot be guessed.
        "tracking": env_str("API_THROTTLE_TRACKING", "20/hour"),
    },
    "EXCEPTION_HANDLER": "portal.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "济阳区政务公开平台 API",
    "DESCRIPTION": "公开读取接口与公众在线提交接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The API's contract is JSON; the form parsers serve DRF's browsable pages.
    "PARSER_WHITELIST": ["portal.parsers.BoundedJSONParser"],
    # Every error answer, integer and length bound documented (portal/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.schema.document_error_responses",
        "requests_app.api_schema.filing_rules",
    ],
    # Choice sets that share a field name across apps get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "PolicyValidityEnum": "policies.validity.Validity",
        "PolicyTopicEnum": "policies.models.Topic",
        "InterpretationFormEnum": "policies.models.InterpretationForm",
        "ApplicationTopicEnum": "requests_app.choices.Topic",
        "LetterCategoryEnum": "interaction.models.mailbox.LetterCategory",
    },
}

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "portal.logging.RedactPersonalDataFilter"}
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data"],
        },
        # runserver's access log: Django's default handler has no filter, so request
        # lines (``/search/?q=<an ID number>``) would be written as they came.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        # WeasyPrint (reply letters) reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Portal -------------------------------------------------------------------------------
PORTAL_SITE_NAME = "济阳区政务公开平台"

# --- 依申请公开 -------------------------------------------------------------------------
# Key for field-level encryption of identity numbers (requests_app/crypto.py). Required
# when DEBUG=0 and independent of SECRET_KEY; keep it out of database backups. To
# rotate: new key here, previous keys (newest first, comma-separated) in
# FIELD_ENCRYPTION_OLD_KEYS, then `manage.py rotate_field_encryption`.
if DEBUG:
    # Development only: the dev SECRET_KEY, so databases made by earlier `make run`
    # versions keep opening. A wrong key now raises instead of reading as empty.
    FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY") or SECRET_KEY
else:
    FIELD_ENCRYPTION_KEY = env_required("FIELD_ENCRYPTION_KEY")
FIELD_ENCRYPTION_OLD_KEYS = env_list("FIELD_ENCRYPTION_OLD_KEYS")
# [U] 《信息处理费管理办法》: the notice-to-payment period is believed not to count
# toward the reply period; configurable until the original text is checked.
REQUESTS_FEE_PAUSES_CLOCK = env_bool("REQUESTS_FEE_PAUSES_CLOCK", True)
