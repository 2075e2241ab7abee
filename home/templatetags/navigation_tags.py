"""Menu, footer, breadcrumbs and language links.

They are the same on every page of a site and language, so they are built once per content
generation of the page cache (home/cache.py) and kept in Django's cache: a page render then spends
its SQL queries on its own content. Anything an editor changes (pages, settings, snippets) starts a
new generation, so the chrome is never stale.
"""

from django import template
from django.utils.safestring import mark_safe
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


class CachedPartNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        # A preview shows unsaved content under the live page's id: never store or reuse it.
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = [get_language(), request.get_host()] + [
            str(value.resolve(context)) for value in self.vary_on
        ]
        key = "\0".join([f"fragment:{self.name}", *values])
        return mark_safe(cached(key, lambda: str(self.nodelist.render(context))))


@register.tag
def cachedpart(parser, token):
    """{% cachedpart "name" value ... %}…{% endcachedpart %}: HTML that is the same for every visitor
    of a page, rendered once per content generation and language for each combination of values.

    For parts that depend on content only (menus, footers, page bodies), never on the visitor: no
    forms (CSRF tokens), no user, no query string unless it is one of the values."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedpart needs a name")
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])
