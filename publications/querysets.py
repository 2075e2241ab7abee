"""Publication querysets: what the archive, listings and exports ask of the publication table."""

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


class PublicationQuerySet(PageQuerySet):
    def in_archive(self, archive):
        """The archive's published publications, from this table alone (see PublicationPage.archive).

        A view restriction on the archive or above already applied when the archive was served, so
        only a publication's own restriction is checked: an uncorrelated NOT IN, evaluated once."""
        return self.filter(archive=archive, is_live=True).exclude(
            pk__in=PageViewRestriction.objects.values("page_id")
        )

    def newest_first(self):
        return self.order_by("-sort_date", "-pk")

    def of_type(self, publication_type):
        return self.filter(publication_type=publication_type)

    def in_year(self, year):
        return self.filter(year=year)

    def about(self, topic_slug):
        from .models import PublicationPageTag

        return self.filter(
            pk__in=PublicationPageTag.objects.filter(tag__slug=topic_slug).values("content_object_id")
        )

    def matching(self, text):
        """The publications the site search index finds for `text` (title, authors, abstract, topics,
        text), in every form of its words (publications/search.py)."""
        from .search import matching_ids

        return self.among(matching_ids(text))

    def among(self, ids):
        """Only the publications with these ids (a list from the search index, publications/search.py),
        passed as one parameter however many, so filters, counts and pagination stay one query each."""
        from search.query import id_subquery

        return self.filter(pk__in=id_subquery(ids)) if ids else self.none()

    def for_listing(self):
        """What a listing row needs: no stream fields or abstracts (topics: attach_topics())."""
        return self.defer("body", "abstract")

    def for_citation(self):
        """The publications with their authors and topics attached: three queries for any number
        (prefetch_related builds a queryset per row, which for 10,000 rows costs seconds)."""
        from .listings import attach_authors, attach_topics

        return attach_authors(attach_topics(list(self)))
