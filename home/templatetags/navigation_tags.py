from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The home page of the current site in the active language."""
    request = context.get("request")
    cache = getattr(request, "_site_root_cache", None) if request else None
    if cache is not None:
        return cache
    site = Site.find_for_request(request) if request else None
    root = site.root_page.localized if site else None
    if request is not None:
        request._site_root_cache = root
    return root


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, root, current_page=None):
    items = root.get_children().live().in_menu() if root else Page.objects.none()
    return {
        "items": items,
        "root": root,
        "current_path": current_page.url_path if current_page else "",
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = page.get_ancestors().filter(depth__gt=1).live() if page and page.depth > 2 else []
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
