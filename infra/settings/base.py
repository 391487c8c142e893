"""Settings shared by every deployment, read from the environment.

The embedded default (no variables set) is: SQLite under var/, local media, Celery tasks run
eagerly in-process. Production sets DATABASE_URL, CELERY_BROKER_URL and the S3 variables.
"""

import os
from pathlib import Path

import dj_database_url
import django.conf.locale
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The shopper-facing site, for links printed in handbooks (QR codes) and e-mails.
STOREFRONT_URL = os.environ.get("STOREFRONT_URL", "http://127.0.0.1:8000")
STOREFRONT_CHANNEL = os.environ.get("STOREFRONT_CHANNEL", "default-channel")  # shopper pages
# Seconds a showroom kiosk waits untouched before it empties its cart and shows its start screen.
KIOSK_IDLE_RESET_SECONDS = int(os.environ.get("KIOSK_IDLE_RESET_SECONDS", "90"))
# Hosts of the storefronts that links in e-mails may point to (Saleor's ALLOWED_CLIENT_HOSTS);
# Django's host patterns: "shop.example.com", ".example.com" for subdomains.
ALLOWED_CLIENT_HOSTS = env_list("ALLOWED_CLIENT_HOSTS", "127.0.0.1,localhost")
# E-mail: SMTP when EMAIL_HOST is set; otherwise printed on the console (the embedded default).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Minutes before another password reset e-mail may be requested for the same account.
RESET_PASSWORD_LOCK_MINUTES = int(os.environ.get("RESET_PASSWORD_LOCK_MINUTES", "15"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "infra.accounts",
    "infra.health",
    "infra.webhooks",
    "catalog",
    "storefront",
    "storefront.border",
    "storefront.partners",
    "showroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "infra.urls"
WSGI_APPLICATION = "infra.wsgi.application"
ASGI_APPLICATION = "infra.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "infra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storefront.context_processors.shop",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("bo", _("Tibetan")),
    ("en", _("English")),
]
# Django ships no locale info for Tibetan; register it so templates and language menus work.
django.conf.locale.LANG_INFO.setdefault(
    "bo", {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"}
)
LOCALE_PATHS = [BASE_DIR / "infra" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

DEFAULT_CURRENCY = "CNY"
DEFAULT_COUNTRY = "CN"
SHOP_NAME = os.environ.get("SHOP_NAME", "西藏好物 Tibet Goods")
SHOP_DESCRIPTION = os.environ.get(
    "SHOP_DESCRIPTION", "西藏自治区县域特色产品网上商城 · Products of the counties of Tibet"
)

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "us-east-1")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")
AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "path")
AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
AWS_DEFAULT_ACL = None

if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "querystring_auth": AWS_QUERYSTRING_AUTH,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Slow bulk work gets its own queue so it never holds up e-mails and webhooks.
CELERY_TASK_ROUTES = {
    "catalog.tasks.update_products_search_index_task": {"queue": "search"},
    "catalog.tasks.update_dirty_products_search_index_task": {"queue": "search"},
    # Printing a handbook takes seconds: it must not hold up mail and webhooks.
    "catalog.tasks.generate_handbook_pdf_task": {"queue": "search"},
    "catalog.tasks.generate_handbook_package_task": {"queue": "search"},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {"task": "infra.health.record_worker_heartbeat_task", "schedule": 60.0},
    # Safety net: re-queue webhook deliveries whose task was lost or whose worker died.
    "webhook-deliveries-sweep": {
        "task": "infra.webhooks.deliveries_sweep_task",
        "schedule": 60.0,
    },
    # Safety net: re-index products a lost task left marked dirty.
    "search-index-sweep": {
        "task": "catalog.tasks.update_dirty_products_search_index_task",
        "schedule": 300.0,
    },
    # --- Brand licences: expire those past their end date, daily just after midnight. ---
    "expire-brand-licences": {
        "task": "catalog.tasks.expire_brand_licences_task",
        "schedule": crontab(hour=0, minute=5),
    },
    # --- Partners: issue last month's settlement statements, 02:00 on the 1st (local). ---
    "partner-statements": {
        "task": "storefront.tasks.issue_partner_statements_task",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
}

# --- GraphQL -------------------------------------------------------------------------------
# Each module exposes `type_defs`, `bindables` and `cost_map`; infra merges them into one
# schema. Listed by import path so that infra never imports a higher layer statically.
GRAPHQL_SCHEMA_MODULES = [
    "infra.graphql.api",
    "catalog.graphql.api",
    "storefront.graphql.api",
    "infra.webhooks.graphql.api",
]
GRAPHQL_PAGINATION_LIMIT = 100
GRAPHQL_QUERY_MAX_COMPLEXITY = int(os.environ.get("GRAPHQL_QUERY_MAX_COMPLEXITY", "50000"))
GRAPHQL_QUERY_MAX_DEPTH = int(os.environ.get("GRAPHQL_QUERY_MAX_DEPTH", "15"))
GRAPHQL_PLAYGROUND_ENABLED = env_bool("GRAPHQL_PLAYGROUND_ENABLED", DEBUG)
# Anonymous catalog reads are answered from a short-lived cache (infra/graphql/public_cache.py).
GRAPHQL_PUBLIC_CACHE_SECONDS = int(os.environ.get("GRAPHQL_PUBLIC_CACHE_SECONDS", "5"))
GRAPHQL_PUBLIC_CACHE_ROOT_FIELDS = [
    "shop", "channel", "products", "product", "productVariant", "productVariants",
    "categories", "category", "collections", "collection", "productTypes", "productType",
    "attributes", "attribute", "divisions", "division",
]  # fmt: skip
# Per app and minute: operations, and query cost spent (infra/graphql/ratelimit.py; 0: off).
# An app's private metadata may override them (rateLimit.requestsPerMinute,
# rateLimit.queryCostPerMinute), up to ten times these.
APP_RATE_LIMIT_PER_MINUTE = int(os.environ.get("APP_RATE_LIMIT_PER_MINUTE", "600"))
APP_QUERY_COST_PER_MINUTE = int(os.environ.get("APP_QUERY_COST_PER_MINUTE", "1000000"))
# Per-process memory by default; CACHE_URL (e.g. redis://127.0.0.1:6379/1) shares it.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "graphql": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "graphql",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
if CACHE_URL:
    for alias in CACHES:
        CACHES[alias] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": alias,
        }
# Most units of one variant a checkout line may hold; caps quantityAvailable (Saleor: 50).
LIMIT_QUANTITY_PER_CHECKOUT = int(os.environ.get("LIMIT_QUANTITY_PER_CHECKOUT", "50"))
# Place the order of a checkout that the payment provider reports fully paid even when the
# shopper never returns to complete it (Saleor's automaticallyCompleteFullyPaidCheckouts).
AUTOMATICALLY_COMPLETE_FULLY_PAID_CHECKOUTS = env_bool(
    "AUTOMATICALLY_COMPLETE_FULLY_PAID_CHECKOUTS", True
)
# Minutes an open checkout holds its lines' stock (Saleor's reserveStockDuration*); 0 turns
# reservations off, so stock is taken only at checkoutComplete.
RESERVE_STOCK_DURATION_ANONYMOUS_USER = int(
    os.environ.get("RESERVE_STOCK_DURATION_ANONYMOUS_USER", "0")
)
RESERVE_STOCK_DURATION_AUTHENTICATED_USER = int(
    os.environ.get("RESERVE_STOCK_DURATION_AUTHENTICATED_USER", "0")
)
# Minutes the seats of a checkout's dated (tour, homestay, festival) lines stay held for it
# after its lines last changed; a booking is made when the checkout is completed.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "15"))
# Longest a process prices deliveries from a snapshot of the shipping setup it did not see
# change (changes are seen at once where processes share CACHE_URL).
SHIPPING_SETUP_CACHE_SECONDS = int(os.environ.get("SHIPPING_SETUP_CACHE_SECONDS", "60"))
# How the catalog (which knows no checkouts) reads the units reservations hold per stock row.
STOCK_RESERVATIONS_READER = "storefront.selectors.stock.reserved_quantities_by_stock"

# --- Payments (storefront/payments) --------------------------------------------------------
# Stripe is offered when its secret key is set; keys come only from the environment.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Other gateways offered: "cash" (at pickup) and "dummy" (always succeeds; demo and DEBUG only).
PAYMENT_GATEWAYS = env_list(
    "PAYMENT_GATEWAYS", "dummy,cash,pay-later" if DEBUG else "cash,pay-later"
)
# --- End of payments -----------------------------------------------------------------------

# --- Border trade (storefront/border) ------------------------------------------------------
# Border residents' mutual-trade duty-free allowance, CNY per person per local day.
BORDER_RESIDENT_DAILY_ALLOWANCE = os.environ.get("BORDER_RESIDENT_DAILY_ALLOWANCE", "8000")
# Secret pepper of the residents' ID hashes (HMAC-SHA256). Set it in production and never
# change it: without it a key derived from SECRET_KEY is used (a system check warns).
BORDER_ID_PEPPER = os.environ.get("BORDER_ID_PEPPER", "")
# Seconds a declaration download link handed out by the API stays valid.
BORDER_DECLARATION_LINK_SECONDS = int(os.environ.get("BORDER_DECLARATION_LINK_SECONDS", "600"))

# Steps of `manage.py demo`, in order; each package appends its own.
DEMO_STEPS = [
    "infra.accounts.demo.load_demo_admin",
    "catalog.demo.load_demo_catalog",
    "catalog.demo.brands.load_demo_brands",  # brands, producers, licences (after the catalog)
    "catalog.demo.handbooks.load_demo_handbooks",  # a county's handbook (after the brands)
    "catalog.demo.partners.load_demo_partners",  # Jiangsu's channel, prices and app
    "storefront.demo.load_demo_shipping",
    "showroom.demo.load_demo_places",  # showroom, station, kiosk, tours (after shipping)
    "storefront.border.demo.load_demo_border",  # border channels (after places)
]

# Search: PostgreSQL/SQLite full-text by default; an Elasticsearch cluster when this is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# --- Webhooks (infra/webhooks) -------------------------------------------------------------
# The public URL of /graphql/ (Saleor-Api-Url; its host is Saleor-Domain and the host of
# absolute URLs in payloads).
PUBLIC_API_URL = os.environ.get("PUBLIC_API_URL") or f"{STOREFRONT_URL.rstrip('/')}/graphql/"
# PEM of the RSA key that signs payloads (JWS RS256, Saleor-Signature). Without it a key is
# generated once under var/ (development and tests only; production settings require it).
# An environment variable may carry the PEM on one line with literal "\\n".
WEBHOOK_PRIVATE_KEY = os.environ.get("WEBHOOK_PRIVATE_KEY", "").replace("\\n", "\n")
WEBHOOK_GENERATED_KEY_ALLOWED = True
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
# Seconds before the first retry; doubled after each failed attempt (plus up to 20% jitter).
WEBHOOK_RETRY_BACKOFF = float(os.environ.get("WEBHOOK_RETRY_BACKOFF", "10"))
# Which channels an app may hear about: a callable(app) -> set of channel ids, or None for all.
WEBHOOK_APP_CHANNELS_READER = "catalog.selectors.app_channels.app_channel_ids"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
