"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "home",
    "login_guard",
    "publications",
    "events",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
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
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages are answered here, before sessions, CSRF and authentication run; the stack below
    # decides what may be stored (home/cache.py). Above CSP: its header (the same for every page, no
    # nonces) is stored with the page, not computed again for each hit.
    "home.cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "practice_site.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Form templates are looked up like page templates, so templates/forms/ can shape every public form.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "practice_site.wsgi.application"

# SQLite is the embedded default. IMMEDIATE transactions take the write lock at
# BEGIN, so two registrations cannot both read "one place left" and both insert.
SQLITE_DEFAULT = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    "CONN_MAX_AGE": 600,
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {"default": SQLITE_DEFAULT}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Finnish first, English as the second locale.
LANGUAGE_CODE = "fi"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("fi", "suomi"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console by default; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds to wait for the mail server: one that accepts and never answers must not hold a worker
# (or, with the immediate task backend, a visitor's request); the message is tried again later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Työnohjaus <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (emails) goes through django-tasks; run immediately unless a
# deployment opts into the database queue (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Wagtail
WAGTAIL_SITE_NAME = _("Work supervision")
# The address the site is served at, without a trailing slash: every absolute link (emails, the
# sitemap, canonical links, the admin's own) is made from it (home/site_url.py). `make run` sets it
# from HOST and PORT; production refuses to start without it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Slugs made in the admin are ASCII like the seeded ones ("pienryhmakoulutus", not "pienryhmäkoulutus"):
# they end up in emails and shared links, where %C3%A4 is what people would see.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    # The admin's search (pages, snippets, images). Visitors' site search has an index of its own (search/).
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "finnish"},
}
# The site search (search/): its own index of published pages. Finnish word forms come from Voikko when
# libvoikko1 and voikko-fi are installed ("auto"), else from the Snowball stemmer ("snowball"); after
# switching, run `manage.py rebuild_search_index`. A search that takes longer than this is stopped.
SEARCH_MORPHOLOGY = os.environ.get("SEARCH_MORPHOLOGY", "auto")
SEARCH_TIMEOUT_MS = int(os.environ.get("SEARCH_TIMEOUT_MS", 1000))
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The image's description is its alt text, required in the admin's image form (home/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.image_forms.ImageForm"
# Renditions are served as AVIF and WebP (templates/includes/picture.html); these keep them small.
WAGTAILIMAGES_AVIF_QUALITY = 55
WAGTAILIMAGES_WEBP_QUALITY = 75
WAGTAILIMAGES_JPEG_QUALITY = 78
# No Gravatar: editors' email hashes are not sent to a third party; the admin shows a default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Cache: Redis when REDIS_URL is set, else this process's memory. It holds rendered pages only
# (home/cache.py); what every process must agree on (the cache generation, rate limits, login
# failures) is counted in the database (home/counters.py), so a cache of one's own per worker
# process is correct, only less often hit.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "practice_site",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Anonymous page cache (home/cache.py): Wagtail pages for visitors who are not logged in. Any change
# to content purges it in every process; a page is kept at most this long (seconds), and never past
# the moment one of its facts changes by itself (an event begins, registration closes).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 300))
# On PostgreSQL each process learns of purges by LISTEN/NOTIFY instead of asking per request
# (home/generation.py); false behind a pooler in transaction mode.
PAGE_CACHE_LISTEN = env_bool("PAGE_CACHE_LISTEN", True)

# A CDN or Varnish in front of the site (home/frontend_cache.py): purged with the page cache through
# wagtail.contrib.frontend_cache. FRONTEND_CACHE_PURGE_URL for Varnish or nginx (HTTP PURGE), or
# CLOUDFLARE_ZONE_ID with CLOUDFLARE_BEARER_TOKEN.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }

# Query parameters a cached page may carry (name: pattern of allowed values); a request with any
# other query string is served fresh. Archive filters belong here too, e.g. "vuosi": r"\d{4}".
PAGE_CACHE_QUERY_PARAMETERS = {
    "sivu": r"\d{1,4}",
    # The publication archive's filters (free-text ?q= is never cached).
    "tyyppi": r"[a-z-]{1,30}",
    "vuosi": r"\d{4}",
    "aihe": r"[\w-]{1,100}",
}

# Content-Security-Policy (django-csp 4): only this site's own scripts, styles and images.
# JSON-LD <script type="application/ld+json"> is data, not script, and is not affected.
# The Wagtail admin sets inline scripts and styles of its own, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Video embeds an editor adds through the embed block.
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Public forms (registration, cancellation, lecture requests), each counted apart and in the
# database that every worker process shares (home/rate_limits.py). What counts is what indicates
# abuse: forms accepted and forms a bot filled (the honeypot); a typo fixed and sent again does not.
# FORM_RATE_LIMIT per client address ("count/seconds": a team of 30 behind one office address can
# register within the hour), FORM_EMAIL_RATE_LIMIT per email address.
FORM_RATE_LIMIT = os.environ.get("FORM_RATE_LIMIT", "30/3600")
FORM_EMAIL_RATE_LIMIT = os.environ.get("FORM_EMAIL_RATE_LIMIT", "5/3600")

# Admin login protection (login_guard): after LOGIN_FAILURE_LIMIT failed attempts for one username
# from one address within LOGIN_FAILURE_WINDOW seconds, further attempts are refused until it passes.
AUTHENTICATION_BACKENDS = ["login_guard.backends.LockoutModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "login_guard.forms.LoginForm"
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", 15 * 60))

# The login lockout and the form rate limit count per client address (home/client_address.py). Behind
# a reverse proxy every request comes from the proxy: list its addresses or networks here, and only
# then is the client address read from the X-Forwarded-For the proxy appends to
# (nginx: $proxy_add_x_forwarded_for). Anyone else's X-Forwarded-For is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
