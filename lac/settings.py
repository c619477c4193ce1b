"""Settings for the LAC case-management app, read from the environment.

Every variable is listed in `.env.example`. Defaults are safe for production
(DEBUG off, secure cookies) except the database, which defaults to a SQLite file
in the project so the demo runs with nothing else installed.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    # Before `people`, whose admin replaces auditlog's LogEntry admin with a read-only one.
    "auditlog",
    "lac",
    "localities",
    "coordinators",
    "people",
    "outcomes",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it says why you were logged out); LoginRequiredMiddleware then
    # redirects in process_view, which runs after every middleware's __call__.
    "lac.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lac.middleware.NoStoreForSignedInMiddleware",
    "lac.middleware.AuditlogMiddleware",
    "lac.middleware.OutOfRangeNumberMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lac.urls"
WSGI_APPLICATION = "lac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait for a writer instead of failing at once under the dev server. IMMEDIATE
    # takes the write lock when a transaction begins, so two requests that both read and
    # then write (a form sent twice at once) queue up rather than one failing with
    # "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coordinators.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and IP pair is refused before any password check.
    # The standalone backend has no get_user(), so force_login() and sessions use ModelBackend.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]
FORMAT_MODULE_PATH = ["lac.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions: kept in the database so any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# However active, a session ends this long after login (see lac.middleware).
LAC_SESSION_ABSOLUTE_SECONDS = env.int("LAC_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload directive is only a request: submitting the domain to browsers is a separate step.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Caseload flags (issue: coordinator workflows).
LAC_AWAITING_FIRST_CONTACT_WORKING_DAYS = env.int(
    "LAC_AWAITING_FIRST_CONTACT_WORKING_DAYS", default=5
)
LAC_NO_CONTACT_DAYS = env.int("LAC_NO_CONTACT_DAYS", default=30)
# Bank holidays the working days skip: ENG (England), WLS (Wales), SCT (Scotland), NIR
# (Northern Ireland), or empty for none.
LAC_BANK_HOLIDAYS = env.str("LAC_BANK_HOLIDAYS", default="ENG")
if LAC_BANK_HOLIDAYS not in ("", "ENG", "WLS", "SCT", "NIR"):
    raise environ.ImproperlyConfigured("LAC_BANK_HOLIDAYS must be ENG, WLS, SCT, NIR or empty.")

# One tap, one save: a new-record form's token is remembered this long after it saved the
# record (`manage.py form_tokens_flush_expired` clears older ones); sent again later, the
# form would save again.
LAC_FORM_TOKEN_DAYS = env.int("LAC_FORM_TOKEN_DAYS", default=7)

# Login protection (django-axes): lock a username from one IP address after repeated failures.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "lac.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lac.security.client_ip"

# Audit trail (django-auditlog). Personal and free-text fields are masked in full in the
# diffs (the trail says a field changed, never what it said); the password is not logged.
AUDITLOG_MASK_CALLABLE = "lac.security.mask_completely"
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "people.person",
        "mask_fields": [
            "date_of_birth",
            "phone",
            "email",
            "address",
            "postcode",
            "vision",
            "strengths",
        ],
    },
    {
        "model": "people.introduction",
        "mask_fields": ["introducer", "what_is_happening", "next_step"],
        "m2m_fields": ["themes"],
    },
    {"model": "people.contact", "mask_fields": ["note"]},
    {"model": "people.connection", "mask_fields": ["note"]},
    "people.supportlevelchange",
    {"model": "outcomes.outcome", "mask_fields": ["note"]},
    {"model": "outcomes.outcomestory", "mask_fields": ["title", "text"]},
    "outcomes.wellbeingcheck",
    {"model": "localities.communityasset", "mask_fields": ["contact_details"]},
    "localities.locality",
    {
        "model": "coordinators.user",
        "exclude_fields": ["password", "last_login"],
        "mask_fields": ["email"],
        "m2m_fields": ["groups", "localities", "user_permissions"],
    },
)
# Tracked models whose `__str__` shows a masked field (a story's title): their entries, in
# the trail and in the Django admin's log, are labelled "Outcome story #12" instead.
AUDIT_LABEL_BY_ID = ["outcomes.outcomestory"]
# Read the client address from X-Forwarded-For (login lockouts, audit) only behind a
# proxy that sets it; otherwise anyone could pick the address they are recorded under.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
# How long audit entries are kept: `manage.py audit_flush_expired` deletes older ones.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=8 * 365)

# Retention: anonymise people this many years after their last introduction closed;
# sooner for people only ever given information and connection.
LAC_RETENTION_YEARS = env.int("LAC_RETENTION_YEARS", default=6)
LAC_RETENTION_INFORMATION_ONLY_YEARS = env.int("LAC_RETENTION_INFORMATION_ONLY_YEARS", default=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Value estimates ------------------------------------------------------------------
# The value method's assumptions and the GDP deflator series are records an administrator
# edits in the admin (reporting.models.ValueSettings, GdpDeflator), each with its source.
