"""Mix Studio settings, read from the environment.

Every variable is listed in README.md ("Configuration"). Defaults are for a
single development machine: SQLite under var/, the built-in emulator.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.core.exceptions import ImproperlyConfigured

from studio import env as _env

_P = ParamSpec("_P")
_T = TypeVar("_T")


def _configured(reader: Callable[_P, _T]) -> Callable[_P, _T]:
    """`reader` (studio/env.py), raising ImproperlyConfigured on a value it cannot read."""

    @functools.wraps(reader)
    def read(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return reader(*args, **kwargs)
        except _env.EnvError as error:
            raise ImproperlyConfigured(str(error)) from None

    return read


env_str = _configured(_env.env_str)
env_bool = _configured(_env.env_bool)
env_int = _configured(_env.env_int)
env_float = _configured(_env.env_float)
env_list = _configured(_env.env_list)
env_choice = _configured(_env.env_choice)
env_database_url = _configured(_env.env_database_url)
env_dotted_path = _configured(_env.env_dotted_path)
env_json_object = _configured(_env.env_json_object)
read_key = _configured(_env.read_key)

BASE_DIR = Path(__file__).resolve().parent.parent
# Importing the settings writes nothing: scripts/make_keys.py (run by `make run`
# and `make test`) creates this folder and the development keys in it.
DATA_DIR = _env.data_dir(BASE_DIR)

SECRET_KEY = read_key("DJANGO_SECRET_KEY", DATA_DIR)
# Encrypts the SDK and callback keys of app profiles at rest (studio/crypto.py).
MIX_ENCRYPTION_KEY = read_key("MIX_ENCRYPTION_KEY", DATA_DIR)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "studio.apps.MixAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The job runner of the emulator's program engine: Django's Tasks API (backport)
    # with its database backend; before the emulator, whose admin hides the job rows.
    "django_tasks",
    "django_tasks_db",
    # Before the control room: its admin is re-registered there with an unlock action.
    "axes",
    # After axes: its login-failure receiver must run after axes' own.
    "studio.apps.SiteConfig",
    "layouts",
    "studio.control.apps.ControlConfig",
    "studio.cloud.emulator.apps.EmulatorConfig",
    "studio.cloud.emulator.program.apps.ProgramConfig",
    "studio.onair.apps.OnAirConfig",
    "studio.agents.apps.AgentsConfig",
    "studio.webhooks.apps.WebhooksConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "studio.middleware.BodySizeLimitMiddleware",
    # Before the session and the user: a viewer's program requests beyond their
    # share are refused without touching the database.
    "studio.cloud.emulator.program.admission.ProgramAdmissionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the session and the user: a logged-in user's own language choice.
    "studio.language.UserLanguageMiddleware",
    # In the reader's language: every /api/ error as problem details (RFC 9457).
    "studio.middleware.ApiProblemMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "studio.middleware.LoginRequiredMiddleware",
    # Last, as axes requires: turns a locked-out login into the page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "studio.urls"
WSGI_APPLICATION = "studio.wsgi.application"

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
                "studio.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env_database_url(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'mixstudio.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so that concurrent workers
    # queue up instead of failing with "database is locked" when they upgrade.
    # WAL lets readers go on while one worker writes, and with synchronous=NORMAL
    # a commit appends to the log without waiting for the disk (a power cut may
    # lose the last commits, never the database's consistency).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    # A file, not shared-cache memory, so tests with several threads see real
    # SQLite locking (busy waits) instead of immediate "table is locked" errors.
    # One file per run, so that test runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-mixstudio-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "studio.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "studio.roles.RoleBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each named in its own language, as a language switch shows them.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served from STATIC_ROOT as `collectstatic` (run by `make run`)
# leaves it: hashed, compressed, cached for ever. With DJANGO_DEBUG the pages use
# plain names and WhiteNoise serves static/ itself, so edits show without collectstatic.
# Uploaded images (the asset library, layouts/assets.py) are read and written only
# through the default storage: a folder by default (MEDIA_ROOT), any storage class
# with MIX_STORAGE_BACKEND, e.g. an S3-compatible bucket such as Tencent COS through
# django-storages (README, "Shared media"), so that every machine serves every upload.
STORAGES = {
    "default": {
        "BACKEND": env_dotted_path(
            "MIX_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env_json_object("MIX_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "studio.staticfiles.StaticStorage"},
}
MEDIA_ROOT = Path(env_str("MIX_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "library"
LOGOUT_REDIRECT_URL = "login"

FILE_CACHE = "studio.cache.FileCache"
CACHES = {
    "default": {
        # A file cache is shared by every worker process on one machine; for
        # several, use Redis: MIX_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache
        # and MIX_CACHE_LOCATION=redis://host:6379/0 (README, "Configuration").
        "BACKEND": os.environ.get("MIX_CACHE_BACKEND") or FILE_CACHE,
        "LOCATION": os.environ.get("MIX_CACHE_LOCATION") or str(DATA_DIR / "cache"),
    }
}
if CACHES["default"]["BACKEND"] in (
    FILE_CACHE,
    "django.core.cache.backends.filebased.FileBasedCache",
):
    # Django's 300 entries hold one page of the library; a 320 px thumbnail is
    # 20-80 KB, so 5000 entries are a few hundred MB of disk at most.
    CACHES["default"]["OPTIONS"] = {
        "MAX_ENTRIES": env_int("MIX_CACHE_MAX_ENTRIES", 5000, minimum=1)
    }

# Requests larger than this are refused with 413 before anything parses them.
MIX_MAX_BODY_BYTES = env_int("MIX_MAX_BODY_BYTES", 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MIX_MAX_BODY_BYTES

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous caller then gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["studio.roles.RolePermission"],
    "DEFAULT_PARSER_CLASSES": ["studio.parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("MIX_API_PAGE_SIZE", 50, minimum=1),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "studio.api_errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Mix Studio API",
    "DESCRIPTION": "Design, preview and run Tencent Cloud TRTC cloud mixes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every error as problem details, and bodies typed by the contract (studio/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "studio.openapi.document_errors_and_contract",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secrets of every shape are masked in every line (studio/redaction.py).
    "filters": {"redact": {"()": "studio.redaction.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "MIX_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production: `manage.py check --deploy` is clean once these are set
# (README, "Configuration"). Off by default: a developer machine serves HTTP.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# A load balancer's health check comes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets this header itself and strips the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling (studio/login_throttle.py, django-axes): per account and per address.
AXES_FAILURE_LIMIT = env_int("MIX_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_float("MIX_LOGIN_LOCK_MINUTES", 15.0, minimum=0.1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "studio.login_throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "studio.login_throttle.client_ip"
# Failures beyond the first few are answered later and later, up to a cap.
MIX_LOGIN_FREE_FAILURES = 3
MIX_LOGIN_DELAY_SECONDS = env_float("MIX_LOGIN_DELAY_SECONDS", 0.5, minimum=0.0)
MIX_LOGIN_MAX_DELAY = 3.0
MIX_TRUSTED_PROXY_HOPS = env_int("MIX_TRUSTED_PROXY_HOPS", 0, minimum=0)

# Previews and remote images (layouts/images.py, layouts/preview.py).
MIX_PUBLIC_BASE_URL = os.environ.get("MIX_PUBLIC_BASE_URL", "")
MIX_IMAGE_ALLOWED_HOSTS = env_list("MIX_IMAGE_ALLOWED_HOSTS", "")
MIX_IMAGE_FETCH_TIMEOUT = env_float("MIX_IMAGE_FETCH_TIMEOUT", 10.0, minimum=0.1)
MIX_IMAGE_CACHE_SECONDS = env_int("MIX_IMAGE_CACHE_SECONDS", 300, minimum=0)
MIX_PREVIEW_CACHE_SECONDS = env_int("MIX_PREVIEW_CACHE_SECONDS", 300, minimum=0)
# Uploads may be up to 5 MB (R45) plus the multipart envelope.
MIX_BODY_LIMIT_OVERRIDES = {"/api/assets/": 6 * 1024 * 1024}
# Trust store for HTTPS image fetches; None means requests' bundled certifi.
MIX_IMAGE_CA_BUNDLE = os.environ.get("MIX_IMAGE_CA_BUNDLE") or None

# The cloud: Tencent, or the built-in emulator (studio/cloud/backends.py);
# "sandbox", the emulator's former name, still chooses it.
MIX_BACKEND = env_choice("MIX_BACKEND", "emulator", ("emulator", "sandbox", "tencent"))
TENCENTCLOUD_SECRET_ID = os.environ.get("TENCENTCLOUD_SECRET_ID", "")
TENCENTCLOUD_SECRET_KEY = os.environ.get("TENCENTCLOUD_SECRET_KEY", "")
TRTC_ENDPOINT = os.environ.get("TRTC_ENDPOINT", "https://trtc.tencentcloudapi.com")
TRTC_REGION = os.environ.get("TRTC_REGION", "ap-guangzhou")
# How long a producer's request waits for the cloud's answer, and how long the
# answer is still read after that (in the background, so a late TaskId is kept).
MIX_CLOUD_WAIT_SECONDS = env_float("MIX_CLOUD_WAIT_SECONDS", 10.0, minimum=0.1)
MIX_CLOUD_ANSWER_TIMEOUT = env_float("MIX_CLOUD_ANSWER_TIMEOUT", 60.0, minimum=1.0)
# Relay callbacks: the key used when an app profile holds none.
MIX_CALLBACK_KEY = os.environ.get("MIX_CALLBACK_KEY", "")
# The emulator. These defaults are public development values, not secrets:
# they only open the emulator, which holds no real task.
MIX_SANDBOX_URL = os.environ.get("MIX_SANDBOX_URL", "")
MIX_SANDBOX_SDK_APP_ID = env_int("MIX_SANDBOX_SDK_APP_ID", 1400000001, minimum=1)
MIX_SANDBOX_SECRET_ID = os.environ.get(
    "MIX_SANDBOX_SECRET_ID", "AKIDMixStudioSandbox0000000000000000"
)
MIX_SANDBOX_SECRET_KEY = os.environ.get(
    "MIX_SANDBOX_SECRET_KEY", "MixStudioSandboxSecretKey0000000"
)
MIX_SANDBOX_SDK_SECRET_KEY = os.environ.get(
    "MIX_SANDBOX_SDK_SECRET_KEY", "mixstudio-sandbox-sdk-secret-key-for-development-only"
)
MIX_SANDBOX_CALLBACK_URL = os.environ.get("MIX_SANDBOX_CALLBACK_URL", "")
# The emulator signs its callbacks as Tencent does (G.4, I.1); with this development
# default its room and media callbacks reach the app's room state out of the box.
MIX_SANDBOX_CALLBACK_KEY = os.environ.get(
    "MIX_SANDBOX_CALLBACK_KEY", "MixStudioEmulatorDevCallbackKey"
)
# A.1 [conflict]: the international and Chinese pages list different regions; take either.
MIX_SANDBOX_REGIONS = env_list(
    "MIX_SANDBOX_REGIONS", "ap-beijing,ap-guangzhou,ap-hongkong,ap-shanghai,ap-singapore"
)
# What the emulator refuses a valid Start for, as the cloud does (F.2); none by default.
# Running tasks per SdkAppId (UnsupportedOperation.TaskLimit) and of the whole
# account (FailedOperation.RestrictedConcurrency); 0: no limit.
MIX_EMULATOR_TASK_LIMIT = env_int("MIX_EMULATOR_TASK_LIMIT", 0, minimum=0)
MIX_EMULATOR_CONCURRENCY = env_int("MIX_EMULATOR_CONCURRENCY", 0, minimum=0)
# Rooms where a client mixes with the SDK's own mix: an API mix there conflicts with
# it (FailedOperation.RequestRejection).
MIX_EMULATOR_CLIENT_MIX_ROOMS = env_list("MIX_EMULATOR_CLIENT_MIX_ROOMS", "")
# The emulator's program (studio/cloud/emulator/program): rendered ahead, part by
# part, by the job runner's workers; served as low-latency HLS.
MIX_PROGRAM_SEGMENT_SECONDS = env_float("MIX_PROGRAM_SEGMENT_SECONDS", 1.0, minimum=0.5)
# A segment is cut into this many parts; a Take shows from the start of the next part.
MIX_PROGRAM_PARTS = env_int("MIX_PROGRAM_PARTS", 3, minimum=1)
MIX_PROGRAM_WINDOW = env_int("MIX_PROGRAM_WINDOW", 6, minimum=2)
# How long a drawn part stays served; a stopped program is gone after this.
MIX_PROGRAM_CACHE_SECONDS = env_int("MIX_PROGRAM_CACHE_SECONDS", 60, minimum=5)
MIX_PROGRAM_X264_PRESET = env_choice(
    "MIX_PROGRAM_X264_PRESET",
    "veryfast",
    ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium"),
)
MIX_PROGRAM_THREADS = env_int("MIX_PROGRAM_THREADS", 1, minimum=1)
# Worker processes (`manage.py db_worker`) that `make run` starts beside gunicorn:
# at most this many programs are drawn at once.
MIX_PROGRAM_ENGINES = env_int("MIX_PROGRAM_ENGINES", os.cpu_count() or 1, minimum=1)
# A blocking playlist reload holds one of gunicorn's threads: each user may have this
# many waiting at once (more are answered at once), each for at most this long.
MIX_PROGRAM_WAITERS_PER_USER = env_int("MIX_PROGRAM_WAITERS_PER_USER", 2, minimum=0)
MIX_PROGRAM_WAIT_SECONDS = env_float("MIX_PROGRAM_WAIT_SECONDS", 1.0, minimum=0.0)
# Program requests (playlists, parts, segments) each viewer may have in flight at once,
# for one program (a monitor needs two) and for all together (a wall of several); more
# are answered 429 with Retry-After.
MIX_PROGRAM_REQUESTS_PER_TASK = env_int("MIX_PROGRAM_REQUESTS_PER_TASK", 2, minimum=1)
MIX_PROGRAM_REQUESTS_PER_VIEWER = env_int("MIX_PROGRAM_REQUESTS_PER_VIEWER", 8, minimum=1)
# How long the signed program URLs GET /api/tasks/{id}/program/ hands out stay valid.
MIX_PROGRAM_URL_SECONDS = env_int("MIX_PROGRAM_URL_SECONDS", 900, minimum=1)
TASKS = {
    "default": {
        # Jobs are rows of the app's own database; `manage.py db_worker` runs them.
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "program"],
    }
}
# Outgoing webhooks (studio/webhooks): each delivery is a job of the queue "default".
# A failed attempt is tried again after MIX_WEBHOOK_RETRY_SECONDS, then 3, 12, 60 and
# 360 times that (10 s, 30 s, 2 min, 10 min, 1 h), up to MIX_WEBHOOK_MAX_ATTEMPTS in all.
MIX_WEBHOOK_MAX_ATTEMPTS = env_int("MIX_WEBHOOK_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
MIX_WEBHOOK_RETRY_SECONDS = env_float("MIX_WEBHOOK_RETRY_SECONDS", 10.0, minimum=0.0)
# How long one attempt may take, DNS, connection and answer included.
MIX_WEBHOOK_TIMEOUT = env_float("MIX_WEBHOOK_TIMEOUT", 5.0, minimum=0.5, maximum=60.0)
# Reading a stream to verify it (studio/onair): time and size limits.
MIX_VERIFY_TIMEOUT = env_float("MIX_VERIFY_TIMEOUT", 15.0, minimum=1.0)
MIX_VERIFY_MAX_BYTES = env_int("MIX_VERIFY_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
MIX_VERIFY_DEADLINE_SECONDS = env_float("MIX_VERIFY_DEADLINE_SECONDS", 20.0, minimum=1.0)
