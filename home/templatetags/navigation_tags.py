"""Menu, footer, breadcrumbs and language links.

They are the same on every page of a site and language, so they are built once per content
generation of the page cache (home/cache.py) and kept in Django's cache: a page render then spends
its SQL queries on its own content. Anything an editor changes (pages, settings, snippets) starts a
new generation, so the chrome is never stale.
"""

from django import template
from django.utils.translation import get_language
from wagtail.models import Page, Site

from home.cache import cached
from home.models import PracticeSettings, page_link

register = template.Library()


def _build_site_chrome(site):
    root = site.root_page.localized
    practice = PracticeSettings.for_site(site)
    privacy = practice.privacy_page.localized if practice.privacy_page_id else None
    return {
        "root": page_link(root),
        "menu": [page_link(page) for page in root.get_children().live().in_menu()],
        "privacy": page_link(privacy) if privacy and privacy.live else None,
        "practice": practice,
    }


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The current site's home link, menu, privacy-policy link and practice settings."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"root": None, "menu": [], "privacy": None, "practice": None}
    return cached(f"site:{site.pk}:{get_language()}", lambda: _build_site_chrome(site))


def _build_page_chrome(page):
    ancestors = page.get_ancestors().filter(depth__gt=1).live() if page.depth > 2 else []
    return {
        "breadcrumbs": [page_link(ancestor) for ancestor in ancestors],
        "translations": [
            {"language": translation.locale.language_code, "url": translation.full_url}
            for translation in page.get_translations().live().select_related("locale")
        ],
    }


@register.simple_tag
def page_chrome(page):
    """Breadcrumbs and the page's translations (for hreflang links)."""
    if not isinstance(page, Page) or not page.pk:
        return {"breadcrumbs": [], "translations": []}
    return cached(f"page:{page.pk}", lambda: _build_page_chrome(page))


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The home page of the current site in the active language (for templates that need the page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.localized if site else None


@register.filter
def is_current_section(item, current_path):
    return current_path.startswith(item["url_path"])
