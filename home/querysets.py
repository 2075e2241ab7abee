"""Page queries shared by the apps' listings."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


def restricted_q():
    """Pages in or under a section with a view restriction (password, login, groups), asked in the
    listing's own query.

    Wagtail's `public()` reads every restriction in a query of its own each time a listing is built.
    Here the restriction table, which holds a handful of rows, is the only table the subquery scans:
    each restriction's section path is looked up by primary key and compared with the listed page's
    path, so the cost does not grow with the number of pages."""
    section_path = Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
    in_section = PageViewRestriction.objects.annotate(section_path=section_path).filter(
        section_path=Substr(OuterRef("path"), 1, Length("section_path"))
    )
    return Q(Exists(in_section))


class UnrestrictedQuerySet(PageQuerySet):
    def unrestricted(self):
        """Wagtail's `public()` in the listing's own query (see restricted_q)."""
        return self.exclude(restricted_q())
