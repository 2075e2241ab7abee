"""Anonymous page cache: Wagtail pages served from Django's cache to visitors who are not logged in.

Every cache key carries a *generation*. Any change a visitor could see calls `purge_page_cache()`,
which starts a new generation: all earlier entries become unreachable at once and expire on their
own. There is nothing to enumerate, so a purge can never miss a listing, menu or footer that shows
the changed object.

The middleware sits high in the stack (settings.MIDDLEWARE): a cached page is answered before
sessions, CSRF and authentication are even looked at, so a hit costs two cache reads and no database
query. It is looked up only for GET/HEAD requests without a session or messages cookie (a session is
what a login, a page password or stored messages need) and with a query string limited to
settings.PAGE_CACHE_QUERY_PARAMETERS. The stack below it then shows whether the response may be
stored: only a Wagtail page (marked by the `before_serve_page` hook), status 200, not a preview,
setting no cookie (so no CSRF token: pages with forms stay fresh), no `Cache-Control:
private/no-cache/no-store`, and no `Vary` other than Cookie and Accept-Language.
"""

import hashlib
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

GENERATION_KEY = "page-cache:generation"
KEY_PREFIX = "page-cache:page"
STATUS_HEADER = "X-Cache"
SAFE_METHODS = {"GET", "HEAD"}
# Never looked up: the admin, and URLs that are not pages.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Sessions add "Vary: Cookie" whenever a template asks who the user is; the page is only ever
# stored for, and served to, requests without a session, so that variation is already in the key.
SHARED_VARY = {"", "cookie", "accept-language"}


# The generation a request works in, read once when it starts (AnonymousPageCacheMiddleware): every
# part of one page then comes from the same generation, and with Redis that is one read, not one per
# cached part.
_request_generation: ContextVar[str | None] = ContextVar("page_cache_generation", default=None)


def purge_page_cache() -> None:
    """Make every cached page stale. Call it after any change visitors see (e.g. places left).

    The generation changes now and again when the surrounding transaction commits, so a request
    that read the old data before the commit cannot leave it behind in the new generation."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, timeout=None)
    # The rest of this request (a page rendered after a registration) sees its own change.
    if _request_generation.get() is not None:
        _request_generation.set(generation)


def current_generation() -> str:
    return _request_generation.get() or _stored_generation()


def _stored_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use, or the cache was cleared or evicted the key: start from a fresh, unique value.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


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
    if request.method != "GET" or getattr(request, "page_cache_page", None) is None:
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


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set(_stored_generation())
        try:
            return self.respond(request)
        finally:
            _request_generation.reset(token)

    def respond(self, request):
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

        response = self.get_response(request)
        if is_storable(request, response):
            headers = dict(response.items())
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_TIMEOUT)
            response[STATUS_HEADER] = "MISS"
        return response


def _part_key(key: str) -> str:
    # Hashed: keys may carry URL paths and visitors' filter values, which not every backend accepts.
    return f"page-cache:part:{current_generation()}:{hashlib.sha256(key.encode()).hexdigest()}"


def cached(key: str, build, timeout: int | None = None):
    """`build()`, computed once per content generation: for the parts of a page that are the same
    for every visitor (menus, footers, listings of pages). A purge makes them all stale together.

    The timeout defaults to settings.PAGE_CACHE_TIMEOUT: without Redis each worker process has its
    own cache and sees only its own purges, so that is how long another worker may lag."""
    key = _part_key(key)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_TIMEOUT if timeout is None else timeout)
    return value


def cached_many(prefix: str, ids: list, build_missing) -> list:
    """One value per id, in the order of `ids`, each kept per content generation like `cached()`.

    For the rows of a listing (a card per event, a row per publication): one cache read for all of
    them, and `build_missing(missing_ids)` returns a {id: value} dict for the ids not kept yet, so a
    listing only loads and renders the rows it has not rendered since content last changed."""
    keys = {item_id: _part_key(f"{prefix}\0{item_id}") for item_id in ids}
    found = cache.get_many(list(keys.values()))
    missing = [item_id for item_id in ids if keys[item_id] not in found]
    if missing:
        built = build_missing(missing)
        fresh = {keys[item_id]: built[item_id] for item_id in missing if item_id in built}
        cache.set_many(fresh, settings.PAGE_CACHE_TIMEOUT)
        found.update(fresh)
    return [found[keys[item_id]] for item_id in ids if keys[item_id] in found]
