"""Trainings and lectures: the pages, their sessions, registrations and lecture requests.

`EventPage` holds everything the two kinds share. It is never created on its own (`is_creatable = False`)
but it is a real table: listings sort and filter both kinds in one indexed query, registrations point at
one row, and registering locks that one row.

The optional questions of the registration form add their fields to EventPage (the editor's switch)
and Registration (the answers) from events/questions.py, where each has its one entry.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext_lazy, npgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Site
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.cache import cache_until, keep_out_of_cache
from home.models import BasePage, format_number

from . import questions
from .formatting import format_dates, format_period, local
from .panels import EventPageForm, RegistrationSummaryPanel
from .querysets import EventPageManager, RegistrationQuerySet

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
    # Read by the page cache: a listing's kind and page number are part of its URL.
    cache_query_parameters = ("tyyppi", "sivu")

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, archive=False, **kwargs):
        from .listings import event_cards, topic_cards

        context = super().get_context(request, *args, **kwargs)
        kind_param = request.GET.get("tyyppi", "")
        kind = self.KINDS.get(kind_param)
        if kind_param and kind is None:
            keep_out_of_cache()  # shows everything, as without a kind
        events = self.events()
        if kind == "training":
            events = events.trainings()
        elif kind == "lecture":
            events = events.lectures()
        now = timezone.now()
        # Paginated by id, all ids in one query (plain values, cheap by the thousand; no COUNT query);
        # the page's cards are loaded by event_cards().
        if archive:
            ids = list(events.past(now).values_list("pk", flat=True))
            cache_until(events.next_end(now))  # when the next upcoming event ends, it joins the archive
        else:
            rows = list(events.upcoming(now).values_list("pk", "ends_at"))
            ids = [pk for pk, _ends_at in rows]
            # Any event that ends leaves the list, and the later pages move up.
            cache_until(min((ends_at for _pk, ends_at in rows), default=None))
        number = request.GET.get("sivu")
        page_obj = Paginator(ids, EVENTS_PER_PAGE).get_page(number)
        if number is not None and number != str(page_obj.number):
            keep_out_of_cache()  # past the end or not a number: another page's content at a made-up URL
        context.update(
            archive=archive,
            kind=kind,
            kind_param=kind_param if kind else "",
            page_obj=page_obj,
            events=event_cards(page_obj.object_list),
            show_availability=not archive,
            topics=[] if archive or kind == "training" else topic_cards(self),
        )
        return context

    def route(self, request, path_components):
        # Wagtail finds a child page as a Page, then loads it as its own class. Here the first query
        # also counts the places taken, which every event page and its forms show (one query fewer).
        if path_components and not self.has_route(path_components):
            try:
                event = EventPage.objects.child_of(self).with_counts().get(slug=path_components[0])
            except EventPage.DoesNotExist:
                pass  # Wagtail's routing answers, with a 404 when nothing is there
            else:
                event._cached_parent_obj = self
                return event.specific.route(request, path_components[1:])
        return super().route(request, path_components)

    def has_route(self, path_components):
        """Whether the path is one of this page's own routes (menneet/, ical/)."""
        if not self.live:
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

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
    # The fields that ask the optional questions are added below, from events/questions.py.
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
        context["refusal"] = registration_refusal(self) if self.starts_at else ""
        cache_until(self.next_change_at())
        return context

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
        return format_dates(self.starts_at, self.ends_at)

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

    def next_change_at(self, now=None):
        """The next moment the event's page changes by itself, or None: its registration state
        (registration opens, closes, the event starts) is all it shows that time changes."""
        now = now or timezone.now()
        ahead = [
            moment
            for moment in (self.registration_opens, self.registration_closes, self.starts_at)
            if moment and moment > now
        ]
        return min(ahead, default=None)

    @property
    def is_registration_open(self):
        return self.registration_state() == RegistrationState.OPEN

    @property
    def availability_text(self):
        """ "5 left" (shown after the label "Places"), "Full – waiting list open", "Full", or "" for unlimited places."""
        if self.capacity is None:
            return ""
        if self.is_full:
            return gettext("Full – you can join the waiting list") if self.waiting_list else gettext("Full")
        left = self.places_left
        # Shown after the label "Places", so it does not say "places" again.
        return npgettext("places", "%(count)s left", "%(count)s left", left) % {"count": left}

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
            [FieldPanel(question.ask) for question in questions.QUESTIONS if question.ask],
            heading=_("Optional questions on the registration form"),
        ),
    ]


questions.add_ask_fields(EventPage)  # before the subclasses, which inherit them


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

    Payer = questions.Payer

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
    # The answers to the form's other questions are added below, from events/questions.py.

    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token, editable=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("registered"), default=timezone.now, editable=False, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    # The admin listing's footer: "3 ilmoittautumista" (home.admin_views.CountedPaginator).
    count_label = ngettext_lazy("%(count)s registration", "%(count)s registrations", "count")

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("email"),
        *questions.answer_panels(),
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
        # No personal data: Wagtail stores this label in the audit log, which outlives an erasure.
        # The admin's screens show admin_title instead.
        return gettext("Registration %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        if self.anonymised_at:
            return gettext("(personal data erased)")
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def admin_title(self):
        """What the admin calls a registration: the person and the event."""
        return f"{self.full_name} – {self.event.title}"

    def display_name(self):
        return self.full_name

    display_name.short_description = _("name")
    display_name.admin_order_field = "last_name"

    def event_date(self):
        return self.event.date_text

    event_date.short_description = _("date")

    def queue_position(self):
        """1 for the first person on the waiting list; None when not on it. Read from the annotation of
        Registration.objects.with_queue_position() when the registration was loaded with it."""
        if self.status != self.Status.WAITLISTED:
            return None
        if hasattr(self, "queue_number"):
            return self.queue_number
        return (
            Registration.objects.filter(pk=self.pk)
            .with_queue_position()
            .values_list("queue_number", flat=True)[0]
        )

    queue_position.short_description = _("place on the waiting list")

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def cancel_path(self):
        return self.event.reverse_subpage("cancel", args=[self.token])


questions.add_answer_fields(Registration)


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
