"""Everything that writes the site search index: the signal handlers (search/signals.py), the
rebuild command and the bulk generators all call these.

A page is in the index while it is live, public (no view restriction on it or above it) and under
a site's root; its entry holds its published content, never a draft's."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.search import index

from .documents import document_for
from .models import SearchEntry, SearchTerm
from .morphology import get_analyser

BATCH = 500


def index_page(page) -> None:
    """`page` as now published (or gone from the index when it is not live and public)."""
    index_pages(Page.objects.filter(pk=page.pk))


def index_subtree(page) -> None:
    """`page` and everything below it: after a move or a change of view restriction."""
    index_pages(Page.objects.filter(path__startswith=page.path))


def remove_pages(page_ids) -> None:
    SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()


@transaction.atomic
def index_pages(pages, analyser=None) -> int:
    """Write the entries of `pages` (a Page queryset) afresh, BATCH at a time; returns how many
    are in the index now."""
    analyser = analyser or get_analyser()
    roots = [site_root.root_path for site_root in Site.get_site_root_paths()]
    ids = list(pages.order_by("path").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        remove_pages(batch)
        entries = [
            SearchEntry(
                page_id=page.pk, locale_id=page.locale_id, **document_for(page).entry_fields(analyser)
            )
            for page in _findable(Page.objects.filter(pk__in=batch), roots)
        ]
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
        if analyser.looks_inside_forms:
            remember_forms(entries)
        written += len(entries)
    return written


def remember_forms(entries) -> None:
    forms = {
        form for entry in entries for text in (entry.title_forms, entry.body_forms) for form in text.split()
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(form=form) for form in forms if len(form) <= 100], batch_size=BATCH, ignore_conflicts=True
    )


def rebuild_index(analyser=None) -> int:
    """Every findable page, from nothing (after a change of analyser or a bulk load)."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        return index_pages(Page.objects.filter(depth__gt=1), analyser)


def _findable(pages, roots):
    """The specific pages among `pages` that visitors can find, with what their documents read."""
    pages = pages.live().public().filter(depth__gt=1)
    by_type = defaultdict(list)
    for pk, content_type_id, url_path in pages.values_list("pk", "content_type_id", "url_path"):
        if any(url_path.startswith(root) for root in roots):
            by_type[content_type_id].append(pk)
    for content_type_id, model_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose app is gone
            continue
        queryset = model.objects.filter(pk__in=model_ids)
        for field in model.get_search_fields():
            if isinstance(field, index.RelatedFields):
                queryset = field.select_on_queryset(queryset)
        yield from queryset
