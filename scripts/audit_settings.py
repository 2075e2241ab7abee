"""The production settings for `make audit` (scripts/audit.py): pages served as in production, over
plain HTTP on loopback, with the demo's uploaded images served too (a proxy does that in production)."""

from practice_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.audit_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
