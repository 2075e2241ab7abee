from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# The address the demo Site gets in tests (home/site_url.py); the test client asks for "testserver",
# which Wagtail answers with the default site.
SITE_URL = "http://localhost"
WAGTAILADMIN_BASE_URL = SITE_URL
# The live server of the browser tests serves uploaded images from that storage (practice_site/urls.py).
SERVE_MEDIA_FROM_STORAGE = True
# Tests use this process's memory even when REDIS_URL is set; tests/conftest.py clears it per test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No listening thread in the test process: its connection would keep the test database from being
# dropped. tests/home/test_generation.py starts one of its own and stops it.
PAGE_CACHE_LISTEN = False
