"""The queries of trainings and lectures, as English: `EventPage.objects.live().upcoming().with_counts()`."""

from django.apps import apps
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageManager

from home.querysets import UnrestrictedQuerySet


def _model(name):
    # models.py builds its managers from this module, so the models are looked up when a query runs.
    return apps.get_model("events", name)


class EventQuerySet(UnrestrictedQuerySet):
    def scheduled(self):
        return self.filter(starts_at__isnull=False)

    def on_request(self):
        """Lecture topics without sessions, which organisations can book."""
        return self.filter(starts_at__isnull=True)

    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Events that have ended, latest first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def trainings(self):
        return self.type(_model("TrainingPage"))

    def lectures(self):
        return self.type(_model("LecturePage"))

    def next_end(self, now=None):
        """When the first of these events that has not ended yet ends (and becomes past), or None."""
        return self.upcoming(now).order_by().aggregate(moment=Min("ends_at"))["moment"]

    def with_counts(self):
        """Annotate confirmed_count and waitlisted_count in the same query (no query per card).

        Correlated subqueries along the (event, status) index rather than a join and GROUP BY: the
        database counts for the listed events only, and a paginator's COUNT leaves them out."""
        Status = _model("Registration").Status
        return self.annotate(
            confirmed_count=registration_count(Status.CONFIRMED),
            waitlisted_count=registration_count(Status.WAITLISTED),
        )


EventPageManager = PageManager.from_queryset(EventQuerySet)


def registration_count(status):
    registrations = (
        _model("Registration")
        .objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(registrations), 0)
