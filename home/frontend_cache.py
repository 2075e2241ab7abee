"""A CDN or Varnish in front of the site, purged on the same changes as the page cache.

Configured from the environment (settings.WAGTAILFRONTENDCACHE, see .env.example); without it this
does nothing. Pages are stored there for as long as home/cache.py keeps them (`s-maxage`), and on
every purge the URLs of all live pages are sent to Wagtail's frontend-cache backends through the task
queue (wagtail.contrib.frontend_cache), so a slow CDN API never holds up the request that changed
something.
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page


def purge_frontend_cache() -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    # Every page: menus, footers and listings show other pages' titles and facts on every page.
    batch.add_pages(Page.objects.live().public().specific(defer=True).iterator(chunk_size=500))
    batch.purge()
