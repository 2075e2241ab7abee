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

    def matching(self, query):
        """Publications the search index finds for `query` (title, authors, abstract, topics, text).

        The match is a subquery (see search.py), so filters, counts and pagination still take one
        SQL query each, however many publications match."""
        from .search import matching_ids

        ids = matching_ids(self.model, query)
        return self.none() if ids is None else self.filter(pk__in=ids)

    def for_listing(self):
        """What a listing row needs: no stream fields or abstracts (topics: attach_topics())."""
        return self.defer("body", "abstract")

    def for_citation(self):
        """The publications with their authors and topics attached: three queries for any number
        (prefetch_related builds a queryset per row, which for 10,000 rows costs seconds)."""
        from .listings import attach_authors, attach_topics

        return attach_authors(attach_topics(list(self)))
