"""The production settings, with the bench's URLconf (scripts/bench_urls.py): the pages are served
exactly as in production, and /__bench_floor__/ measures the framework's floor beside them."""

from practice_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
