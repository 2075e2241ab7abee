"""The queries of trainings and lectures, as English: `EventPage.objects.live().upcoming().with_counts()`."""

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageManager

from home.querysets import PublicPageQuerySet


def _model(name):
    # models.py builds its managers from this module, so the models are looked up when a query runs.
    return apps.get_model("events", name)


class EventQuerySet(PublicPageQuerySet):
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
        Registration = _model("Registration")
        return self.annotate(
            confirmed_count=registration_count(Registration.objects.places_taken()),
            waitlisted_count=registration_count(
                Registration.objects.filter(status=Registration.Status.WAITLISTED)
            ),
        )


EventPageManager = PageManager.from_queryset(EventQuerySet)


def registration_count(registrations):
    """How many of `registrations` each event has, as a correlated subquery of the event's row."""
    counted = (
        registrations.filter(event=OuterRef("pk")).order_by().values("event").annotate(count=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("count")), 0)


class RegistrationQuerySet(models.QuerySet):
    def places_taken(self):
        """The registrations that take a place: the confirmed ones, also those whose personal data has
        been erased (the person still has, or had, the place). The one definition: register(), the
        waiting list and every count on the site use it."""
        return self.filter(status=_model("Registration").Status.CONFIRMED)

    def with_queue_position(self):
        """Annotate queue_number: 1 for the first on its event's waiting list (who gets the next free
        place), None for a registration that is not waiting. One correlated subquery along the
        registration_queue index, so a listing of any length takes one query."""
        Status = _model("Registration").Status
        ahead = (
            _model("Registration")
            .objects.filter(event=OuterRef("event"), status=Status.WAITLISTED)
            .filter(
                Q(created__lt=OuterRef("created")) | Q(created=OuterRef("created"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            queue_number=Case(
                When(status=Status.WAITLISTED, then=Coalesce(Subquery(ahead), 0) + 1),
                output_field=models.IntegerField(),
            )
        )
