"""Page queries shared by the apps' listings."""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


def private_q():
    """Pages in or under a section with a view restriction (password, login, groups): Wagtail's
    `PageQuerySet.private_q()`, reading the restrictions without their pages' rows first.

    Wagtail's version joins every restriction to its page's 30 columns (select_related), which costs
    2 ms of query building even when there are none, once per listing; this asks the restriction
    table alone (0.1 ms) and the sections' paths only when there are any."""
    section_ids = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    if not section_ids:
        return Q(pk__in=[])  # matches nothing: every page is public
    q = Q()
    for section in Page.objects.filter(pk__in=section_ids).only("path", "depth"):
        q |= Q(path__startswith=section.path, depth__gte=section.depth)  # the section and below
    return q


def in_private_section():
    """The same test as `private_q()` as a subquery of the listing itself, with no query of its own.

    It looks through the restrictions once per row, so it suits listings of a few rows (archives,
    section pages); `private_q()` suits long ones."""
    # A section's path is the first depth × steplen characters of the path of every page under it.
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
        )
    )


class PublicPageQuerySet(PageQuerySet):
    """`public()` as Wagtail's, with the cheaper private_q above."""

    def private_q(self):
        return private_q()
