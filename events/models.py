"""Trainings and lectures: the pages, their sessions, registrations and lecture requests.

`EventPage` holds everything the two kinds share. It is never created on its own (`is_creatable = False`)
but it is a real table: listings sort and filter both kinds in one indexed query, registrations point at
one row, and registering locks that one row.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import BasePage, format_number

from .panels import EventPageForm, RegistrationSummaryPanel
from .validators import validate_business_id

EVENTS_PER_PAGE = 12


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("in person or online")


SCHEMA_ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


class RegistrationState(models.TextChoices):
    """Where an event is in its registration life, for display; services.register() enforces it."""

    UNSCHEDULED = "unscheduled", _("on request")
    NOT_OPEN = "not_open", _("registration not open yet")
    OPEN = "open", _("registration open")
    CLOSED = "closed", _("registration closed")
    STARTED = "started", _("already started")


class EventQuerySet(PageQuerySet):
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

    def open_for_registration(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(registration_opens__isnull=True) | Q(registration_opens__lte=now),
            Q(registration_closes__isnull=True) | Q(registration_closes__gt=now),
            starts_at__gt=now,
        )

    def trainings(self):
        return self.type(TrainingPage)

    def lectures(self):
        return self.type(LecturePage)

    def with_counts(self):
        """Annotate confirmed_count and waitlisted_count in the same query (no query per card).

        Correlated subqueries along the (event, status) index rather than a join and GROUP BY: the
        database counts for the listed events only, and a paginator's COUNT leaves them out."""
        return self.annotate(
            confirmed_count=registration_count(Registration.Status.CONFIRMED),
            waitlisted_count=registration_count(Registration.Status.WAITLISTED),
        )


EventPageManager = PageManager.from_queryset(EventQuerySet)


def registration_count(status):
    registrations = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(registrations), 0)


def local(value):
    return timezone.localtime(value) if value else value


def format_time(value):
    return date_format(local(value), "TIME_FORMAT")


def format_day(value):
    return date_format(local(value), "SHORT_DATE_FORMAT")


def format_period(start, end):
    """ "12.3.2027 klo 9.00–16.00", or both dates and times when it runs past midnight."""
    if local(start).date() == local(end).date():
        return gettext("%(date)s at %(start)s–%(end)s") % {
            "date": format_day(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    return gettext("%(start_date)s at %(start)s – %(end_date)s at %(end)s") % {
        "start_date": format_day(start),
        "start": format_time(start),
        "end_date": format_day(end),
        "end": format_time(end),
    }


@dataclass(frozen=True)
class RegistrationCounts:
    confirmed: int
    waitlisted: int


class EventIndexPage(RoutablePageMixin, BasePage):
    """Koulutukset ja luennot: upcoming events first, a past-events archive and the lecture topics."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    trainings_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("also list upcoming trainings on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For example the Trainings service page. Leave empty to list them only here."),
    )
    lectures_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("also list lectures and lecture topics on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For example the Lectures service page. Leave empty to list them only here."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("trainings_page"), FieldPanel("lectures_page")],
            heading=_("Listings on other pages"),
            help_text=_("Only service pages show these listings."),
        ),
    ]

    parent_page_types = ["home.HomePage", "home.ServiceIndexPage"]
    subpage_types = ["events.TrainingPage", "events.LecturePage"]
    max_count_per_parent = 1

    KINDS = {"koulutukset": "training", "luennot": "lecture"}

    class Meta:
        verbose_name = _("event index page")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, archive=False, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        kind = self.KINDS.get(request.GET.get("tyyppi", ""))
        children = self.events()
        events = children
        if kind == "training":
            events = events.trainings()
        elif kind == "lecture":
            events = events.lectures()
        events = events.past() if archive else events.upcoming()
        # Paginated by id, all ids in one query (plain integers, cheap by the thousand; no COUNT query);
        # the cards themselves come rendered from event_cards().
        page_obj = Paginator(list(events.values_list("pk", flat=True)), EVENTS_PER_PAGE).get_page(
            request.GET.get("sivu")
        )
        topics = (
            []
            if archive or kind == "training"
            else children.lectures().on_request().order_by("title").values_list("pk", flat=True)
        )
        context.update(
            archive=archive,
            kind=kind,
            kind_param=request.GET.get("tyyppi", "") if kind else "",
            page_obj=page_obj,
            event_cards=event_cards(page_obj.object_list, request, show_availability=not archive),
            topic_cards=event_cards(topics, request),
        )
        return context

    @path("menneet/", name="archive")
    def archive_route(self, request):
        return self.render(request, archive=True)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from . import views

        return views.calendar_feed(request, self)


class EventPage(RoutablePageMixin, BasePage):
    """What trainings and lectures share. Not created on its own: see TrainingPage and LecturePage."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    # Denormalised from the sessions on save, so listings sort and filter in SQL.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, editable=False, db_index=True)

    attendance_mode = models.CharField(
        _("how to attend"), max_length=12, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("For example “Kulttuuritalo, sali 2”.")
    )
    address = models.TextField(_("address"), blank=True, help_text=_("Street address, postcode and town."))
    online_link = models.URLField(
        _("online joining link"),
        max_length=500,
        blank=True,
        help_text=_("Sent to confirmed attendees only; never shown on the website."),
    )
    price = models.DecimalField(
        _("price (EUR, VAT included)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty or 0 if the event is free."),
    )
    instructors = models.CharField(
        _("instructors"), max_length=255, blank=True, help_text=_("Names separated by commas.")
    )
    audience = models.TextField(_("who it is for"), blank=True)

    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited places."),
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Leave empty to open it at once.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it open until the first session starts."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When the places are taken, new registrations join a waiting list instead of being refused."
        ),
    )
    ask_organisation = models.BooleanField(_("ask for the organisation"), default=False)
    ask_invoicing = models.BooleanField(
        _("ask for invoicing details"),
        default=False,
        help_text=_(
            "Organisation name, business ID, e-invoice or postal billing address, payer’s reference."
        ),
    )
    ask_dietary_needs = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_accessibility_needs = models.BooleanField(_("ask about accessibility needs"), default=False)
    free_text_question = models.CharField(
        _("free-text question"),
        max_length=200,
        blank=True,
        help_text=_("For example “What would you like the training to cover?”. Leave empty not to ask."),
    )
    confirmation_text = RichTextField(
        _("confirmation text"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown after registering and included in the confirmation email."),
    )

    objects = EventPageManager()

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("audience"),
        index.SearchField("instructors"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    is_creatable = False
    base_form_class = EventPageForm

    class Meta:
        verbose_name = pgettext_lazy("registrations", "event")
        verbose_name_plural = _("events")

    # Panels: the subclasses assemble them with event_panels() below.

    def get_context(self, request, *args, **kwargs):
        from .services import registration_refusal

        context = super().get_context(request, *args, **kwargs)
        self.keep_counts_for_visitors()
        context["refusal"] = registration_refusal(self) if self.starts_at else ""
        return context

    def keep_counts_for_visitors(self):
        """Places taken as visitors see them, kept per content generation: every registration starts a
        new one. For display only: services.register() counts again with the event row locked."""
        pass

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "starts_at" in update_fields:
            sessions = list(self.sessions.all())
            self.starts_at = min((session.start for session in sessions), default=None)
            self.ends_at = max((session.end for session in sessions), default=None)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID) and not (
            self.venue or self.address
        ):
            errors["venue"] = _("Give the venue or the address, or choose “online”.")
        if errors:
            raise ValidationError(errors)

    # Display helpers

    @property
    def kind(self):
        return "training" if issubclass(self.specific_class or EventPage, TrainingPage) else "lecture"

    @property
    def kind_label(self):
        return (
            pgettext_lazy("event kind", "Training")
            if self.kind == "training"
            else pgettext_lazy("event kind", "Lecture")
        )

    @property
    def is_on_request(self):
        return self.starts_at is None

    @cached_property
    def sessions_in_order(self):
        return sorted(self.sessions.all(), key=lambda session: session.start)

    @property
    def date_text(self):
        """The card's date line: one period, or the first and last day of a series."""
        if self.starts_at is None:
            return ""
        if local(self.starts_at).date() == local(self.ends_at).date():
            return format_period(self.starts_at, self.ends_at)
        return f"{format_day(self.starts_at)}–{format_day(self.ends_at)}"

    @property
    def is_online(self):
        return self.attendance_mode == AttendanceMode.ONLINE

    @property
    def place_text(self):
        place = self.venue or (self.address.splitlines()[0] if self.address else "")
        if self.attendance_mode == AttendanceMode.ONLINE:
            return gettext("Online")
        if self.attendance_mode == AttendanceMode.HYBRID:
            return gettext("%(place)s or online") % {"place": place}
        return place

    @property
    def location_text(self):
        """Venue and address on one line, for calendars."""
        if self.attendance_mode == AttendanceMode.ONLINE:
            return gettext("Online")
        parts = [self.venue, ", ".join(line.strip() for line in self.address.splitlines() if line.strip())]
        text = ", ".join(part for part in parts if part)
        return (
            gettext("%(place)s or online") % {"place": text}
            if self.attendance_mode == AttendanceMode.HYBRID
            else text
        )

    @property
    def is_free(self):
        return not self.price

    @property
    def price_text(self):
        if self.is_free:
            return gettext("Free of charge")
        return gettext("%(price)s € (VAT included)") % {"price": format_number(self.price)}

    @property
    def instructor_names(self):
        return [name.strip() for name in self.instructors.split(",") if name.strip()]

    @cached_property
    def counts(self):
        if hasattr(self, "confirmed_count"):
            return RegistrationCounts(self.confirmed_count, self.waitlisted_count)
        figures = Registration.objects.filter(event_id=self.pk).aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        return RegistrationCounts(figures["confirmed"], figures["waitlisted"])

    @property
    def places_left(self):
        """None when places are unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.counts.confirmed, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.counts.confirmed >= self.capacity

    def structured_data(self, request=None):
        """schema.org Event for search engines (see templatetags/event_tags.py); None for topics on request."""
        if self.starts_at is None:
            return None
        from home.models import PracticeSettings

        url = self.get_full_url(request)
        place = {"@type": "Place", "name": self.venue or self.title}
        if self.address:
            place["address"] = ", ".join(line.strip() for line in self.address.splitlines() if line.strip())
        virtual = {"@type": "VirtualLocation", "url": url}
        location = {
            AttendanceMode.IN_PERSON: place,
            AttendanceMode.ONLINE: virtual,
            AttendanceMode.HYBRID: [place, virtual],
        }[self.attendance_mode]
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.meta_description,
            "url": url,
            "startDate": local(self.starts_at).isoformat(),
            "endDate": local(self.ends_at).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": SCHEMA_ATTENDANCE_MODES[self.attendance_mode],
            "location": location,
            "inLanguage": get_language(),
            "offers": {
                "@type": "Offer",
                "price": f"{self.price or 0:.2f}",
                "priceCurrency": "EUR",
                "availability": "https://schema.org/SoldOut"
                if self.is_full
                else "https://schema.org/InStock",
                "url": url + self.reverse_subpage("register"),
            },
        }
        if self.registration_opens:
            data["offers"]["validFrom"] = local(self.registration_opens).isoformat()
        if self.capacity is not None:
            data["maximumAttendeeCapacity"] = self.capacity
            data["remainingAttendeeCapacity"] = self.places_left
        site = Site.find_for_request(request) if request else self.get_site()
        practice = (
            PracticeSettings.for_request(request) if request else (site and PracticeSettings.for_site(site))
        )
        if practice and practice.name:
            data["organizer"] = {
                "@type": "Organization",
                "name": practice.name,
                "url": site.root_url if site else "",
            }
        if self.instructor_names:
            data["performer"] = [{"@type": "Person", "name": name} for name in self.instructor_names]
        return data

    def registration_state(self, now=None):
        now = now or timezone.now()
        if self.starts_at is None:
            return RegistrationState.UNSCHEDULED
        if self.starts_at <= now:
            return RegistrationState.STARTED
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_OPEN
        if self.registration_closes and now >= self.registration_closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    @property
    def is_registration_open(self):
        return self.registration_state() == RegistrationState.OPEN

    @property
    def availability_text(self):
        """ "5 places left", "Full – waiting list open", "Full" or "" for unlimited places."""
        if self.capacity is None:
            return ""
        if self.is_full:
            return gettext("Full – you can join the waiting list") if self.waiting_list else gettext("Full")
        left = self.places_left
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}

    # Routes: small views in views.py validate, call a service and render.

    @path("ilmoittaudu/", name="register")
    def register_route(self, request):
        from . import views

        return views.register(request, self)

    @path("ilmoittaudu/kiitos/", name="registered")
    def registered_route(self, request):
        from . import views

        return views.registered(request, self)

    @path("peru/<str:token>/", name="cancel")
    def cancel_route(self, request, token):
        from . import views

        return views.cancel(request, self, token)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from . import views

        return views.event_calendar(request, self)


def event_panels(*, extra_details=(), min_sessions=0):
    return BasePage.content_panels + [
        FieldPanel("lead"),
        RegistrationSummaryPanel(heading=_("Registrations")),
        InlinePanel(
            "sessions",
            label=_("Session"),
            heading=_("Sessions"),
            min_num=min_sessions,
            help_text=_(
                "One row per day or meeting. A lecture without sessions is a topic organisations can book."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_link"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [FieldPanel("price"), FieldPanel("instructors"), FieldPanel("audience"), *extra_details],
            heading=_("Details"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list")]),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("confirmation_text"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ask_organisation"),
                FieldPanel("ask_invoicing"),
                FieldPanel("ask_dietary_needs"),
                FieldPanel("ask_accessibility_needs"),
                FieldPanel("free_text_question"),
            ],
            heading=_("Optional questions on the registration form"),
        ),
    ]


class TrainingPage(EventPage):
    learning_goals = models.TextField(_("learning goals"), blank=True, help_text=_("One goal per line."))

    content_panels = event_panels(extra_details=[FieldPanel("learning_goals")], min_sessions=1)
    search_fields = EventPage.search_fields + [index.SearchField("learning_goals")]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    @property
    def learning_goal_list(self):
        return [line.strip(" -•\t") for line in self.learning_goals.splitlines() if line.strip(" -•\t")]


class LecturePage(EventPage):
    """A scheduled lecture, or, without sessions, a lecture topic organisations can book."""

    duration = models.CharField(
        _("duration"), max_length=60, blank=True, help_text=_("For example “1–2 hours”.")
    )

    content_panels = event_panels(extra_details=[FieldPanel("duration")])

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    @path("tilaa/", name="request")
    def request_route(self, request):
        from . import views

        return views.lecture_request(request, self)

    @path("tilaa/kiitos/", name="requested")
    def requested_route(self, request):
        from . import views

        return views.lecture_requested(request, self)


class EventList(list):
    """Events that also know their index page, for an "all trainings and lectures" link."""

    index_page = None


def event_cards(ids, request, *, show_availability=False):
    """The listing cards (HTML) of the events `ids`, in that order.

    Each card is rendered once per content generation (home.cache.cached_many): a listing then costs
    its id query, not a query, a registration count and a template per card. Places left change only
    with registrations, which start a new generation."""

    def render_missing(missing):
        events = EventPage.objects.filter(pk__in=missing).defer_streamfields().with_counts()
        context = {"request": request, "heading_level": 3, "show_availability": show_availability}
        return {
            event.pk: render_to_string("events/includes/event_card.html", {**context, "event": event})
            for event in events
        }

    cards = render_missing(ids)
    return [cards[pk] for pk in ids if pk in cards]


def upcoming_events(page, request, *, limit=3):
    """The cards of the next events in the page's language, for the home page."""
    upcoming = EventPage.objects.live().public().filter(locale_id=page.locale_id).upcoming()
    events = EventList(
        event_cards(upcoming.values_list("pk", flat=True)[:limit], request, show_availability=True)
    )
    if events:
        events.index_page = EventIndexPage.objects.live().filter(locale_id=page.locale_id).first()
    return events


def service_page_listing(page, request, *, limit=6):
    """Context for a service page chosen on an events index page ("also list … on"); {} for other pages."""
    # Asked for every service page, most of which list nothing: kept per content generation.
    index = (
        EventIndexPage.objects.live()
        .filter(Q(trainings_page_id=page.pk) | Q(lectures_page_id=page.pk))
        .order_by("path")
        .first()
    )
    if not index:
        return {}
    kind = "training" if index.trainings_page_id == page.pk else "lecture"
    children = index.events()  # once: public() costs a query each time it is called
    events = children.upcoming()
    events = events.trainings() if kind == "training" else events.lectures()
    listed = EventList(
        event_cards(events.values_list("pk", flat=True)[:limit], request, show_availability=True)
    )
    listed.index_page = index
    topics = (
        event_cards(children.lectures().on_request().order_by("title").values_list("pk", flat=True), request)
        if kind == "lecture"
        else []
    )
    return {"listed_events": listed, "listed_topics": topics, "listed_kind": kind, "events_index": index}


class EventSession(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = pgettext_lazy("event sessions", "sessions")

    def __str__(self):
        return self.text

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A session must end after it starts.")})

    @property
    def text(self):
        return format_period(self.start, self.end) if self.start and self.end else ""


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """One person's registration for one event. Personal fields are blanked when the retention period ends."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Payer(models.TextChoices):
        SELF = "self", _("I pay myself")
        ORGANISATION = "organisation", _("My organisation pays")

    event = models.ForeignKey(
        EventPage,
        verbose_name=pgettext_lazy("registrations", "event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True, help_text=_("Stored in lower case."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    free_text = models.TextField(_("answer to the free-text question"), blank=True)

    payer = models.CharField(_("who pays"), max_length=12, choices=Payer.choices, blank=True)
    invoice_organisation = models.CharField(_("invoiced organisation"), max_length=200, blank=True)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
    )
    einvoice_address = models.CharField(_("e-invoice address"), max_length=100, blank=True)
    einvoice_operator = models.CharField(_("e-invoice operator"), max_length=100, blank=True)
    billing_address = models.TextField(_("postal billing address"), blank=True)
    payer_reference = models.CharField(_("payer’s reference"), max_length=100, blank=True)

    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token, editable=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("registered"), default=timezone.now, editable=False, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    # One list of each kind, shared by the form, the services and the admin.
    INVOICING_FIELDS = (
        "payer",
        "invoice_organisation",
        "business_id",
        "einvoice_address",
        "einvoice_operator",
        "billing_address",
        "payer_reference",
    )
    # The answers a registration form may carry besides name, email and consent.
    ANSWER_FIELDS = (
        "phone",
        "organisation",
        "dietary_needs",
        "accessibility_needs",
        "free_text",
        *INVOICING_FIELDS,
    )
    # What anonymisation blanks: everything that identifies a person ("payer" is a choice, kept).
    PERSONAL_FIELDS = ("first_name", "last_name", "email", *(f for f in ANSWER_FIELDS if f != "payer"))

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("payer"),
                FieldPanel("invoice_organisation"),
                FieldPanel("business_id"),
                FieldRowPanel([FieldPanel("einvoice_address"), FieldPanel("einvoice_operator")]),
                FieldPanel("billing_address"),
                FieldPanel("payer_reference"),
            ],
            heading=_("Invoicing"),
        ),
        FieldPanel("dietary_needs"),
        FieldPanel("accessibility_needs"),
        FieldPanel("free_text"),
    ]

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["event", "status", "created"], name="registration_queue")]
        constraints = [
            # One active registration per person and event, whatever the letter case. Works on SQLite and
            # PostgreSQL alike (partial expression index); anonymised rows no longer hold an address.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="one_active_registration_per_email",
                violation_error_message=_("This email address is already registered for this event."),
            ),
        ]

    def __str__(self):
        # No personal data: this label is also stored in the audit log.
        return gettext("Registration %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        if self.anonymised_at:
            return gettext("(personal data erased)")
        return f"{self.first_name} {self.last_name}".strip()

    def display_name(self):
        return self.full_name

    display_name.short_description = _("name")
    display_name.admin_order_field = "last_name"

    def event_date(self):
        return self.event.date_text

    event_date.short_description = _("date")

    def queue_position(self):
        """1 for the first person on the waiting list; None when not on it."""
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Registration.objects.filter(event_id=self.event_id, status=self.Status.WAITLISTED)
            .filter(Q(created__lt=self.created) | Q(created=self.created, pk__lt=self.pk))
            .count()
            + 1
        )

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def cancel_path(self):
        return self.event.reverse_subpage("cancel", args=[self.token])


class LectureRequest(models.Model):
    """An organisation's request to book a lecture topic; emailed to the practitioner and kept for the record."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        EITHER = "either", _("either is fine")

    lecture = models.ForeignKey(
        LecturePage,
        verbose_name=_("lecture topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    topic = models.CharField(_("topic"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_dates = models.TextField(_("preferred dates"))
    audience_size = models.PositiveIntegerField(_("audience size"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.EITHER)
    message = models.TextField(_("message"), blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("sent"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("lecture request")
        verbose_name_plural = _("lecture requests")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return gettext("Lecture request %(number)s") % {"number": self.pk}
