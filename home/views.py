import mimetypes
import re

from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10
PUBLICATIONS_SHOWN = 5
MAX_QUERY_LENGTH = 200


def clean_query(text):
    """Words only: quotes, brackets and operators are query syntax to SQLite FTS5 and break it."""
    return " ".join(re.sub(r"[^\w\s-]", " ", text[:MAX_QUERY_LENGTH]).split())


def publication_matches(query, locale):
    """The archive and its publications matching `query`, newest first, through the archive's own
    indexed search. Wagtail's relevance ranking would score every one of thousands of publications
    (seconds on SQLite), so they are listed apart from the ranked pages."""
    from publications.models import PublicationIndexPage, PublicationPage

    archive = PublicationIndexPage.objects.live().filter(locale=locale).first()
    if archive is None:
        return None, PublicationPage.objects.none()
    matches = PublicationPage.objects.in_archive(archive).matching(query).newest_first().for_listing()
    return archive, matches


@require_GET
def search(request):
    from publications.models import PublicationPage

    query = clean_query(request.GET.get("q", ""))
    pages = Page.objects.none()
    archive, publications = None, PublicationPage.objects.none()
    if query:
        locale = Locale.get_active()
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .not_type(PublicationPage)
            .specific()
            .search(query, operator="and")
        )
        archive, publications = publication_matches(query, locale)
    paginator = Paginator(pages, SEARCH_RESULTS_PER_PAGE)
    try:
        results = paginator.page(request.GET.get("sivu", 1))
    except PageNotAnInteger:
        results = paginator.page(1)
    except EmptyPage:
        results = paginator.page(paginator.num_pages)
    context = {
        "query": query,
        "results": results,
        "archive": archive,
        "publications": publications[:PUBLICATIONS_SHOWN] if query else [],
        "publication_count": publications.count() if query else 0,
    }
    return render(request, "home/search.html", context)


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def media_file(request, path):
    """An uploaded file from the default storage; for the browser tests only (SERVE_MEDIA_FROM_STORAGE),
    whose storage is in memory. In production the proxy serves /media/."""
    if ".." in path.split("/") or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path), content_type=content_type)
