"""Settings of the QMS, read from the environment.

The embedded defaults need no server: SQLite, Celery eager, console e-mail, local media.
Production sets DEBUG=0 (or leaves it unset), SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
CELERY_BROKER_URL and the EMAIL_* variables: see the README's "Production" section.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .parsers import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-1"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps first: their templates override Wagtail's where they share a name.
    "qms.apps.QmsConfig",
    "documents",
    "processes",
    "actions",
    "indicators",
    "audits",
    "compliance",
    "feedback",
    "innovation",
    "competence",
    "providers",
    "metrology",
    "certification",
    "reviews",
    "readiness",
    "qms.apps.QmsUsersAppConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qms.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "qms.middleware.LoginRequiredIntranetMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qms.context_processors.roles",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL ---------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "qms.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time: French first ----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qualite@mairie.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: eager without a broker -----------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not env_str("CELERY_BROKER_URL"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "documents.tasks.publish_scheduled",
        "schedule": crontab(minute=5),  # hourly
    },
    "document-review-reminders": {
        "task": "documents.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # Values of the month (quarter…) just closed: a first reminder on the 5th, once the
    # feeds and the month-end figures are in, and a second one on the 15th for the late.
    "indicator-missing-measurement-reminders": {
        "task": "indicators.tasks.send_missing_measurement_reminders",
        "schedule": crontab(hour=7, minute=30, day_of_month="5,15"),
    },
    # Weekly digests to each owner: actions overdue or due within 14 days, and risks
    # whose review date has passed.
    "action-digests": {
        "task": "actions.tasks.send_action_digests",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
    },
    "risk-review-digests": {
        "task": "processes.tasks.send_risk_review_digests",
        "schedule": crontab(hour=7, minute=20, day_of_week="mon"),
    },
    # Owners of texts whose compliance evaluation is due within 30 days or late.
    "compliance-evaluation-reminders": {
        "task": "compliance.tasks.send_evaluation_reminders",
        "schedule": crontab(hour=7, minute=25, day_of_week="mon"),
    },
    # Last month's complaint processing times, complaint rates and answers on time,
    # recorded in their indicators (idempotent), and GDPR erasure of citizens' contacts.
    "feedback-indicators": {
        "task": "feedback.tasks.compute_feedback_indicators",
        "schedule": crontab(hour=3, minute=30, day_of_month="2"),
    },
    # Nonconformities' stored status follows their corrective actions.
    "nonconformity-statuses": {
        "task": "audits.tasks.refresh_nonconformity_statuses",
        "schedule": crontab(hour=6, minute=30),
    },
    "feedback-erase-citizen-data": {
        "task": "feedback.tasks.erase_citizen_data",
        "schedule": crontab(hour=3, minute=45, day_of_month="2"),
    },
    # Monday digests of the audits app: overdue nonconformities to their services' pilots,
    # audits starting within 14 days to lead auditors and the audited services' pilots.
    "nonconformity-digests": {
        "task": "audits.tasks.send_nonconformity_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "audit-digests": {
        "task": "audits.tasks.send_audit_digests",
        "schedule": crontab(hour=7, minute=35, day_of_week="mon"),
    },
    # Month end: contract managers whose monthly report is still missing (twice).
    "innovation-report-reminders": {
        "task": "innovation.tasks.send_report_reminders",
        "schedule": crontab(hour=7, minute=40, day_of_month="25,28"),
    },
    # External audits of the certifications: reminders 90, 30 and 7 days before each.
    "certification-audit-reminders": {
        "task": "certification.tasks.send_audit_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Monday digest of measuring resources whose verification is due or overdue.
    "metrology-verification-reminders": {
        "task": "metrology.tasks.send_verification_reminders",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    # Nightly: every service's readiness score per standard, for the readiness overview.
    "readiness-scores": {
        "task": "readiness.tasks.refresh_scores",
        "schedule": crontab(hour=2, minute=30),
    },
    # Provider evaluations falling due, to the services' pilots (Monday).
    "provider-evaluation-reminders": {
        "task": "providers.tasks.send_evaluation_reminders",
        "schedule": crontab(hour=7, minute=50, day_of_week="mon"),
    },
}

# Wagtail 8 runs its own background work on django-tasks: keep it immediate.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("QMS_SITE_NAME", "Qualité — Ville de Belleville-sur-Loire")
# The municipality's name on the citizens' pages (public surveys, commitments).
QMS_MUNICIPALITY_NAME = env_str("QMS_MUNICIPALITY_NAME", "Ville de Belleville-sur-Loire")
WAGTAILADMIN_BASE_URL = env_str("QMS_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "qms.search_backend",
        "SEARCH_CONFIG": "french_unaccent",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "odp", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar requests to an outside service: agents' e-mail hashes stay on the intranet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Security (production-safe unless DEBUG) ----------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = not DEBUG and env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = not DEBUG and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", not DEBUG) else None
)
X_FRAME_OPTIONS = "DENY"  # Wagtail overrides it to SAMEORIGIN for its previews

# --- QMS -----------------------------------------------------------------------------
# Documents whose next review falls within this many days are listed as "due soon".
QMS_REVIEW_DUE_SOON_DAYS = env_int("QMS_REVIEW_DUE_SOON_DAYS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
WAGTAIL_FINISH_WORKFLOW_ACTION = "documents.workflow_actions.publish_approved"
