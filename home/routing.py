"""Wagtail's page routing, with the lookups every request repeats kept per content generation.

To serve a page Wagtail finds the site (one query), the site's root page in the active language
(two), the page at the URL (two) and the page's view restrictions (two), on every request, before
the page's own content. The answers change only when content does, and any such change starts a new
page-cache generation (home/cache.py, home/signals.py), so they are kept for the generation. They
live in Django's cache, so each request gets its own copy of a page object to work on.
"""

from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .cache import cached


class RoutingMiddleware:
    """Finds the request's Wagtail site, and for Wagtail's page view the page, once per generation.

    Wagtail reads both from the request (`_wagtail_site`, `_wagtail_route_for_request`) when set."""

    def __init__(self, get_response):
        from wagtail.views import serve  # needs the app registry, which models.py (importing this) fills

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        # After CommonMiddleware, so the host has passed ALLOWED_HOSTS: no key for a forged one.
        hostname = split_domain_port(request.get_host())[0]
        site = cached(f"site-for:{hostname}:{request.get_port()}", lambda: Site.find_for_request(request))
        request._wagtail_site = site
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is self.wagtail_serve and request._wagtail_site is not None:
            request._wagtail_route_for_request = route(request, request._wagtail_site, view_args[0])


def route(request, site, path):
    """What Wagtail's Page.route_for_request does, from the site's cached root page."""
    root = cached(f"root-page:{site.pk}:{get_language()}", lambda: site.root_page.localized.specific)
    try:
        return root.route(request, [component for component in path.split("/") if component])
    except Http404:
        return None


def restricted_paths():
    """Tree paths of the pages with a view restriction (password, login, groups), per generation."""
    return cached(
        "restricted-paths", lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True))
    )


class CachedViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions on every request; most sites have none at all."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PublicPageQuerySet(PageQuerySet):
    """`.public()` without its query for the restrictions: listings filter with the kept paths."""

    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q or Q(pk__in=[])
