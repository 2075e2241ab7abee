"""The anonymous page cache: the site's one cache of rendered output.

Wagtail pages rendered for a visitor who is not logged in are kept in Django's cache and served to
the next such visitor (`X-Cache: HIT`). Nothing below it is cached: a page that is not in the cache
is rendered from the database, with its queries kept few and constant instead.

Every key carries the *generation*, a counter in the database (home.counters) that every worker
process reads at the start of each request (on PostgreSQL from its memory, which a notification
of every purge keeps current: home/generation.py). Any change a visitor could see calls
`purge_page_cache()`, which starts a new generation once the change commits: all earlier entries
become unreachable at once, in every process, and expire on their own. `migrate` purges too, so a
deploy never serves pages rendered by the old code.

A page is stored only when it is the same for every visitor without a session:
- the request is a GET without a session or messages cookie, outside the admin, with a query
  string limited to settings.PAGE_CACHE_QUERY_PARAMETERS and to the parameters the page itself
  reads (its `cache_query_parameters`);
- the response is a Wagtail page (`before_serve_page`), status 200, not a preview, setting no
  cookie (so no CSRF token: pages with forms stay fresh), with no `Cache-Control:
  private/no-cache/no-store` and no `Vary` other than Cookie and Accept-Language;
- nothing during the render called `keep_out_of_cache()` (a filter value a visitor made up).

A page is kept for at most settings.PAGE_CACHE_TIMEOUT seconds, and never past the next moment
one of its facts changes by itself: code that shows such a fact (an event is upcoming, its
registration is open) calls `cache_until(moment)` while the page renders.
"""

import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from . import counters, generation

GENERATION_COUNTER = "page-cache-generation"
KEY_PREFIX = "page-cache"
STATUS_HEADER = "X-Cache"
SAFE_METHODS = {"GET", "HEAD"}
# Never looked up: the admin, and URLs that are not pages.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Sessions add "Vary: Cookie" whenever a template asks who the user is; the page is only ever
# stored for, and served to, requests without a session, so that variation is already in the key.
SHARED_VARY = {"", "cookie", "accept-language"}


@dataclass
class _Render:
    """What the code rendering one response said about keeping it."""

    expires_at: datetime | None = None
    storable: bool = True


_render: ContextVar[_Render | None] = ContextVar("page_cache_render", default=None)


def cache_until(moment: datetime | None) -> None:
    """The page being rendered shows a fact that changes by itself at `moment` (an event begins,
    its registration closes): keep the page no longer than that. None means no such moment."""
    state = _render.get()
    if state is None or moment is None:
        return
    if state.expires_at is None or moment < state.expires_at:
        state.expires_at = moment


def keep_out_of_cache() -> None:
    """The page being rendered shows something a visitor made up (an unknown filter value, a page
    number past the end): never store it, so made-up URLs cannot fill the cache."""
    state = _render.get()
    if state is not None:
        state.storable = False


def purge_page_cache() -> None:
    """Make every cached page stale, in every process, once the current transaction commits.

    After the commit, not before: a request that read the old data first has also read the old
    generation, so whatever it stores is unreachable."""
    after_commit(_new_generation)


def after_commit(callback) -> None:
    transaction.on_commit(callback)


def _new_generation() -> None:
    counters.increment(GENERATION_COUNTER)
    generation.announce()
    from .frontend_cache import purge_frontend_cache

    purge_frontend_cache()


_listener = generation.GenerationListener(GENERATION_COUNTER)


def current_generation() -> int:
    # PostgreSQL: kept current in this process by LISTEN/NOTIFY, without a query (home/generation.py).
    return _listener.value()


def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """`before_serve_page` hook: only responses of Wagtail pages are ever stored."""
    request.page_cache_page = page


def normalised_query(request) -> str | None:
    """The query string as part of a cache key, or None when it has anything not allowed."""
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS
    items = []
    for name, values in request.GET.lists():
        pattern = allowed.get(name)
        if pattern is None or len(values) != 1 or not re.fullmatch(pattern, values[0]):
            return None
        items.append((name, values[0]))
    return "&".join(f"{name}={value}" for name, value in sorted(items))


def personal_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages")}


def cache_key(request) -> str | None:
    """The key of this request's page (without the generation), or None when it must not be
    looked up or stored at all."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in SAFE_METHODS:
        return None
    # Wagtail's previews and moderation views render through the middleware with a made-up request.
    if getattr(request, "is_dummy", False):
        return None
    if request.path_info.startswith(EXCLUDED_PREFIXES) or request.COOKIES.keys() & personal_cookies():
        return None
    query = normalised_query(request)
    if query is None:
        return None
    # The language is part of the path (i18n_patterns), and so of the key.
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return hashlib.sha256(url.encode()).hexdigest()


def is_storable(request, response) -> bool:
    """Whether `response`, just rendered, is the same for every visitor without a session."""
    page = getattr(request, "page_cache_page", None)
    if request.method != "GET" or page is None:
        return False
    # A query parameter the page does not read would make one entry per value a visitor types.
    if not request.GET.keys() <= set(getattr(page, "cache_query_parameters", ())):
        return False
    if getattr(request, "is_preview", False) or response.status_code != 200 or response.streaming:
        return False
    # Set-Cookie covers a CSRF token handed out (CsrfViewMiddleware sets its cookie whenever a form
    # used one), a session that was written to and messages left for the next page.
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if set(cc_delim_re.split(response.get("Vary", "").lower())) - SHARED_VARY:
        return False
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


def seconds_to_keep(state: _Render) -> int:
    timeout = settings.PAGE_CACHE_TIMEOUT
    if state.expires_at is not None:
        timeout = min(timeout, int((state.expires_at - timezone.now()).total_seconds()))
    return timeout


class AnonymousPageCacheMiddleware:
    """High in the stack (settings.MIDDLEWARE): a cached page is answered before sessions, CSRF and
    authentication are looked at, with one cache read and the generation (one database query on
    SQLite; none on PostgreSQL while the process listens for purges)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page_key = cache_key(request)
        if page_key is None:
            return self.get_response(request)
        # The generation is read before the page is rendered: if content changes meanwhile,
        # what this request renders is stored under the old generation, where no one looks.
        key = f"{KEY_PREFIX}:{current_generation()}:{page_key}"
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status, headers=headers)
            response[STATUS_HEADER] = "HIT"
            return response

        state = _Render()
        token = _render.set(state)
        try:
            response = self.get_response(request)
        finally:
            _render.reset(token)
        timeout = seconds_to_keep(state)
        if state.storable and timeout > 0 and is_storable(request, response):
            if settings.WAGTAILFRONTENDCACHE:
                # A CDN or Varnish in front keeps the page as long as this cache does, and is purged
                # on the same changes (home/frontend_cache.py); browsers always ask again.
                patch_cache_control(response, public=True, max_age=0, s_maxage=timeout)
            cache.set(key, (response.status_code, dict(response.items()), response.content), timeout)
            response[STATUS_HEADER] = "MISS"
        return response
