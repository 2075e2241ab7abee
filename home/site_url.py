"""The one address the site is served at: settings.SITE_URL.

Every absolute link the site writes (emails and their cancel links, the sitemap, canonical links,
feeds, calendar files) comes from Wagtail's default Site, and the default Site is kept equal to
SITE_URL: after every `migrate` and by `seed_demo`. An editor who changes the Site's host in the
admin sees it set back by the next deploy; the environment is the one place to change it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_address(url: str | None = None) -> tuple[str, int]:
    """The hostname and port of SITE_URL, as Wagtail's Site stores them (443 for https, 80 for http)."""
    url = url if url is not None else settings.SITE_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL must be an http(s) address such as https://example.fi, not {url!r}."
        )
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(**kwargs) -> bool:
    """Give the default Site SITE_URL's hostname and port; True when it changed."""
    from wagtail.models import Site

    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save()  # Wagtail clears its cached site root paths on save
    return True
