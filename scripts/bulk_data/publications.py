"""Many publications at once, for the archive benchmark and the query-count tests.

`add_child()` and publishing cost tens of milliseconds per page (tree locks, revisions, signals); ten
thousand of them would take minutes. This writes the same rows a published page has (the page tree
row, the publication row, authors, topics and the entries of both search indexes) with one INSERT per table and
batch. It skips revisions and signals, so it is for throwaway data only: nothing an editor will open.
"""

import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

# The project's names this generator writes with: keep them in this one block.
from home.cache import purge_page_cache
from publications.formatting import partial_date
from publications.models import (
    PublicationAuthor,
    PublicationLanguage,
    PublicationPage,
    PublicationPageTag,
    PublicationType,
)
from scripts.bulk_data import bulk_create_page_rows
from search.models import SearchEntry
from search.services import index_pages

TITLE_STARTS = [
    "Työnohjaus",
    "Dialoginen asiakastyö",
    "Lastensuojelun työryhmä",
    "Työhyvinvointi",
    "Reflektiivinen työote",
    "Moniammatillinen yhteistyö",
    "Esihenkilön työnohjaus",
    "Kriisityönohjaus",
]
TITLE_ENDS = [
    "muutoksen keskellä",
    "kuormituksen hallinnassa",
    "asiakkaan kuulemisen tukena",
    "työyhteisön voimavarana",
    "sosiaalialan arjessa",
    "ammatillisen kasvun välineenä",
]
VENUES = [
    "Sosiaalityön ammattilehti",
    "Kasvatus ja hyvinvointi",
    "Lastensuojelun kesäpäivät",
    "Työhyvinvoinnin seminaari",
    "Työnohjauksen äärellä -blogi",
]
AUTHORS = [
    ("Hämäläinen", "Päivi"),
    ("Lindström", "Åsa"),
    ("Söderholm", "Jyrki"),
    ("Mäkelä", "Tuula"),
    ("Öhman", "Marja-Leena"),
    ("Kärkkäinen", "Ville"),
]
TOPICS = [
    "työnohjaus",
    "lastensuojelu",
    "dialogisuus",
    "työhyvinvointi",
    "asiakastyö",
    "työryhmät",
    "esihenkilötyö",
    "moniammatillisuus",
]


def _topic_tags():
    tags = []
    for name in TOPICS:
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()  # taggit makes the slug
        tags.append(tag)
    return tags


@transaction.atomic
def bulk_create_publications(archive, count, *, seed=0, batch_size=500, index_for_search=True):
    """Add `count` live publications under `archive`; returns their ids."""
    rng = random.Random(seed)
    content_type = ContentType.objects.get_for_model(PublicationPage)
    tags = _topic_tags()
    archive = Page.objects.get(pk=archive.pk)  # fresh numchild and path
    last = archive.get_last_child()
    first_number = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    types = list(PublicationType.values)
    publication_fields = list(PublicationPage._meta.local_concrete_fields)
    ids = []

    for batch_start in range(0, count, batch_size):
        numbers = range(first_number + batch_start, first_number + min(batch_start + batch_size, count))
        specs = []
        for number in numbers:
            title = f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_ENDS)} {number}"
            year = rng.randint(1995, 2025)
            month = rng.choice([None, *range(1, 13)])
            day = rng.randint(1, 28) if month and rng.random() < 0.5 else None
            authors = [AUTHORS[0]] + rng.sample(AUTHORS[1:], rng.randint(0, 2))
            specs.append(
                {
                    "number": number,
                    "title": title,
                    "slug": f"julkaisu-{number}",
                    "year": year,
                    "month": month,
                    "day": day,
                    "type": rng.choice(types),
                    "authors": authors,
                    "topics": rng.sample(tags, rng.randint(1, 3)),
                }
            )

        pages = bulk_create_page_rows(archive, specs, lambda spec: content_type, now)
        publications = []
        for page, spec in zip(pages, specs, strict=True):
            publication = PublicationPage(
                page_ptr_id=page.pk,
                archive_id=archive.pk,
                is_live=True,
                publication_type=spec["type"],
                year=spec["year"],
                month=spec["month"],
                day=spec["day"],
                venue=rng.choice(VENUES),
                language=PublicationLanguage.FINNISH,
                abstract="Työnohjaus tukee työntekijöiden ammatillista kasvua ja työssä jaksamista.",
                sort_date=partial_date(spec["year"], spec["month"], spec["day"]),
                authors_text=", ".join(f"{given} {family}" for family, given in spec["authors"]),
            )
            publications.append(publication)
        PublicationPage.objects.all()._batched_insert(publications, publication_fields, batch_size)
        PublicationAuthor.objects.bulk_create(
            [
                PublicationAuthor(
                    page_id=page.pk,
                    sort_order=order,
                    family_name=family,
                    given_names=given,
                    is_practitioner=order == 0,
                )
                for page, spec in zip(pages, specs, strict=True)
                for order, (family, given) in enumerate(spec["authors"])
            ]
        )
        PublicationPageTag.objects.bulk_create(
            [
                PublicationPageTag(content_object_id=page.pk, tag=tag)
                for page, spec in zip(pages, specs, strict=True)
                for tag in spec["topics"]
            ]
        )
        batch_ids = [page.pk for page in pages]
        ids.extend(batch_ids)
        if index_for_search:
            objects = PublicationPage.objects.filter(pk__in=batch_ids).prefetch_related("tags")
            get_search_backend().add_bulk(PublicationPage, list(objects))  # the admin's search
            index_pages(Page.objects.filter(pk__in=batch_ids))  # the site search

    Page.objects.filter(pk=archive.pk).update(numchild=F("numchild") + count)
    purge_page_cache()  # bulk inserts send no signals
    return ids


@transaction.atomic
def delete_publications(archive, ids, batch_size=500):
    """Remove what bulk_create_publications made, as fast as it was made: rows and search entries in
    bulk, without per-page signals. Throwaway data only (no revisions or logs exist for it)."""
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(PublicationPage)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        IndexEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in batch]).delete()
        SearchEntry.objects.filter(page_id__in=batch).delete()
        PublicationPageTag.objects.filter(content_object_id__in=batch)._raw_delete(
            PublicationPageTag.objects.db
        )
        PublicationAuthor.objects.filter(page_id__in=batch)._raw_delete(PublicationAuthor.objects.db)
        PublicationPage.objects.filter(pk__in=batch)._raw_delete(PublicationPage.objects.db)
        Page.objects.filter(pk__in=batch)._raw_delete(Page.objects.db)
    Page.objects.filter(pk=archive.pk).update(numchild=F("numchild") - len(ids))
    purge_page_cache()
