from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from home.cache import keep_out_of_cache

from .kinds import kind_named, result_kinds
from .query import Query, SearchTimeout, search
from .snippets import highlight, snippet

RESULTS_PER_PAGE = 10


def _page_number(value):
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else 1


@require_GET
def search_view(request):
    # A visitor's words are never a key of the page cache (nor is anything else on this page).
    keep_out_of_cache()
    query = Query.parse(request.GET.get("q", ""))
    kind = request.GET.get("tyyppi", "")
    kind = kind if kind_named(kind) else ""
    context = {"query": query.text, "kind": kind, "results": None, "everything": 0, "kinds": []}
    if query:
        try:
            results = search(
                query,
                Locale.get_active().pk,
                kind=kind,
                number=_page_number(request.GET.get("sivu", "1")),
                per_page=RESULTS_PER_PAGE,
            )
        except SearchTimeout:
            context["timed_out"] = True
        else:
            context.update(_results_context(request, results, query, kind))
    return render(request, "search/search.html", context)


def _results_context(request, results, query, kind):
    page_obj = Paginator(range(results.total), RESULTS_PER_PAGE).get_page(results.number)
    page_obj.object_list = [
        {
            "url": hit.page.get_url(request),
            "title": highlight(hit.entry.title, query),
            "snippet": snippet(hit.entry.text, query),
            "label": hit.kind.item_label or hit.page.specific_class._meta.verbose_name,
            "date": hit.entry.date,
            "year_only": hit.kind.year_only,
        }
        for hit in results.hits
    ]
    everything = sum(results.counts.values())
    return {
        "results": page_obj,
        "total": results.total,
        "everything": everything,
        "kinds": [
            {"name": item.name, "label": item.label, "count": results.counts.get(item.name, 0)}
            for item in result_kinds()
            if results.counts.get(item.name) or item.name == kind
        ],
        "truncated": query.truncated,
    }
