"""Publication listings: the archive's rows, the home page's newest, authors and topics attached
in a few queries however many rows."""

from django.template.loader import render_to_string
from wagtail.models import PageViewRestriction

from home.querysets import in_private_section

from .models import PublicationAuthor, PublicationIndexPage, PublicationPage, PublicationPageTag

CHUNK = 2000  # ids per IN (...) list, well under every database's parameter limit


def _chunks(publications):
    for start in range(0, len(publications), CHUNK):
        yield publications[start : start + CHUNK]


def attach_topics(publications):
    """Give each publication its topics (`topics`), one query per 2,000 publications."""
    by_publication = {publication.pk: [] for publication in publications}
    for chunk in _chunks(publications):
        items = PublicationPageTag.objects.filter(content_object_id__in=[p.pk for p in chunk]).select_related(
            "tag"
        )
        for item in items.order_by("tag__name"):
            by_publication[item.content_object_id].append(item.tag)
    for publication in publications:
        publication.__dict__["topics"] = by_publication[publication.pk]
    return publications


def attach_authors(publications):
    """Give each publication its ordered authors (`author_list`), one query per 2,000 publications."""
    by_publication = {publication.pk: [] for publication in publications}
    for chunk in _chunks(publications):
        authors = PublicationAuthor.objects.filter(page_id__in=[p.pk for p in chunk]).order_by(
            "sort_order", "pk"
        )
        for author in authors:
            by_publication[author.page_id].append(author)
    for publication in publications:
        publication.__dict__["author_list"] = by_publication[publication.pk]
    return publications


def publication_rows(ids, context):
    """The archive's listing rows (HTML) of the publications `ids`, in that order: one query for the
    rows and one each for their topics and authors, however long the page.

    `context` holds the links' prefixes (archive_url, topic_query_prefix)."""

    publications = attach_topics(list(PublicationPage.objects.filter(pk__in=ids, live=True).for_listing()))
    rows = {
        publication.pk: render_to_string(
            "publications/includes/publication_item.html", {**context, "publication": publication}
        )
        for publication in publications
    }
    return [rows[pk] for pk in ids if pk in rows]


class PublicationList(list):
    """A list of publications that also knows their archive's URL (for a "see all" link)."""

    archive_url = ""


def latest_publications(root, request=None, count=3):
    """The newest published publications in the archives under `root` (the home page), in one query."""
    # Archives are few: their ids first, so the newest are read from the (archive, newest) index.
    archives = list(
        PublicationIndexPage.objects.live()
        .descendant_of(root)
        .exclude(in_private_section())
        .values_list("pk", flat=True)
    )
    if not archives:
        return PublicationList()
    newest = (
        PublicationPage.objects.filter(archive__in=archives, is_live=True)
        .exclude(pk__in=PageViewRestriction.objects.values("page_id"))
        .newest_first()
        .values("pk")[:count]
    )
    publications = PublicationList(
        PublicationPage.objects.filter(pk__in=newest, live=True).newest_first().defer("body", "abstract")
    )
    if publications:
        # A child's URL is its parent's URL plus its slug: the archive needs no query of its own.
        url = publications[0].get_url(request)
        publications.archive_url = url[: -len(publications[0].slug) - 1] if url else ""
    return publications
