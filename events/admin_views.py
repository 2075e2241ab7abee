"""Wagtail admin screens for registrations and lecture requests (registered in wagtail_hooks.py)."""

import datetime
from functools import wraps
from urllib.parse import urlencode

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from home import personal_data, spreadsheets
from home.admin_views import CountedListingMixin, can_view

from . import questions, services
from .formatting import local
from .forms import RegistrationAdminForm
from .models import EventPage, LectureRequest, Registration

# What the admin shows for a value that is not there (Wagtail's inspect view would print "None").
EMPTY = "–"
# Wagtail's own parameter for a listing's filter fragment; an action's way back needs the listing itself.
FILTER_FRAGMENT_PARAMETER = "_w_filter_fragment"


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("registrations", "event"),
        queryset=lambda request: EventPage.objects.scheduled().order_by("-starts_at"),
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("status"), choices=Registration.Status.choices)

    class Meta:
        model = Registration
        fields = ["event", "status"]


class RegistrationIndexView(CountedListingMixin, spreadsheets.ExcelExportMixin, IndexView):
    """The listing, each waiting registration with its place in the queue. Exported for one event (the
    event filter), the file and the sheet are named after the event."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event").with_queue_position()

    @cached_property
    def filtered_event(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("event")
        return None

    def get_filename(self):
        """ "ilmoittautumiset-dialoginen-asiakastyo-2027-03-12" (the event's first day) for one event,
        "ilmoittautumiset-2027-01-31" (the day of the export) for all."""
        event = self.filtered_event
        if event is None:
            return spreadsheets.export_filename(self.export_filename, day=timezone.localdate())
        day = local(event.starts_at).date() if event.starts_at else timezone.localdate()
        return spreadsheets.export_filename(self.export_filename, event.title, day=day)

    def get_sheet_title(self):
        event = self.filtered_event
        return event.title if event else capfirst(Registration._meta.verbose_name_plural)

    @cached_property
    def listing_url(self):
        """This listing as the practitioner sees it (filters, search, order, page): where an action returns."""
        params = self.request.GET.copy()
        params.pop(FILTER_FRAGMENT_PARAMETER, None)
        return self.index_url + (f"?{params.urlencode()}" if params else "")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons

        def url(name):
            next_url = urlencode({"next": self.listing_url})
            return reverse(f"registrations:{name}", args=[instance.pk]) + "?" + next_url

        if instance.status == Registration.Status.WAITLISTED:
            buttons.append(
                MenuItem(
                    _("Promote from the waiting list"), url("promote"), icon_name="arrow-up", priority=40
                )
            )
        if instance.is_active:
            buttons.append(MenuItem(_("Cancel registration"), url("cancel"), icon_name="cross", priority=50))
        if not instance.anonymised_at:
            buttons.append(
                MenuItem(_("Erase this person’s data"), url("erase"), icon_name="bin", priority=60)
            )
        return buttons


class RegistrationActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and perform (POST) one service call on a registration."""

    model = Registration
    permission_required = "change"
    template_name = "events/admin/confirm_action.html"
    header_icon = "group"
    action = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Registration.objects.select_related("event"), pk=kwargs["pk"])

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return self.object.admin_title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("registrations:index"), "label": _("Registrations")},
            {"url": "", "label": self.title},
        ]

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse("registrations:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            registration=self.object,
            question=self.question,
            button_label=self.button_label,
            next_url=self.next_url,
            related=self.related(),
        )
        return context

    def related(self):
        return []

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect(self.next_url)


class CancelRegistrationView(RegistrationActionView):
    title = gettext_lazy("Cancel registration")
    button_label = gettext_lazy("Yes, cancel it")
    question = gettext_lazy(
        "Cancel this registration? The person is emailed a cancellation receipt. "
        "If the place was confirmed, the first person on the waiting list gets it and is emailed."
    )

    def perform(self):
        services.cancel(self.object, user=self.request.user)
        return _("The registration was cancelled.")


class PromoteRegistrationView(RegistrationActionView):
    title = gettext_lazy("Promote from the waiting list")
    button_label = gettext_lazy("Yes, confirm the place")
    question = gettext_lazy("Confirm a place for this person? They are emailed the confirmation.")

    def perform(self):
        services.promote(self.object, user=self.request.user)
        return _("The place was confirmed.")


class EraseRegistrationView(RegistrationActionView):
    title = gettext_lazy("Erase this person’s data")
    button_label = gettext_lazy("Yes, erase the data")
    question = gettext_lazy(
        "Erase the personal data of every registration, lecture request, enquiry and email with this "
        "email address? "
        "Registrations for events still ahead are cancelled first. Counts are kept; this cannot be undone."
    )

    def related(self):
        if not self.object.email:
            return [self.object]
        return list(
            Registration.objects.filter(email=self.object.email, anonymised_at__isnull=True).select_related(
                "event"
            )
        )

    def perform(self):
        if not self.object.email:
            services.erase_registration(self.object, user=self.request.user)
            count = 1
        else:
            # Everywhere the site keeps it: registrations, lecture requests, enquiries, emails.
            count = personal_data.erase_everywhere(self.object.email, user=self.request.user)["registrations"]
        return _("Personal data was erased from %(count)s registrations.") % {"count": count}


def forbidden_as_403(view):
    """Answer a user without the permission with 403 Forbidden (Wagtail's default is a redirect to the
    dashboard): personal data is behind these URLs, and the refusal should say so plainly."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(request, "events/admin/forbidden.html", {}, status=403)

    return wrapped


def with_403(patterns):
    return [
        path(str(pattern.pattern), forbidden_as_403(pattern.callback), name=pattern.name)
        for pattern in patterns
    ]


class RegistrationTitleMixin:
    """The admin's screens of one registration name it by the person and the event (Registration's __str__,
    which Wagtail also writes into the audit log, is only a number)."""

    def get_page_subtitle(self):
        return self.object.admin_title


class RegistrationInspectView(RegistrationTitleMixin, InspectView):
    """Times in the site's time zone, as the listing shows them, and "–" for what is not there."""

    def get_object(self, queryset=None):
        registrations = Registration.objects.select_related("event").with_queue_position()
        return get_object_or_404(registrations, pk=self.pk)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if callable(value):
            value = value()
        if isinstance(value, datetime.datetime):
            # As the listing shows it: the template would, but the inspect template's |localize comes first.
            return formats.localize(local(value))
        if value is None or value == "":
            return EMPTY
        return value


class RegistrationEditView(RegistrationTitleMixin, EditView):
    def get_success_message(self):
        return capfirst(
            self.success_message
            % {"object": self.object.admin_title, "model_name": self.model._meta.verbose_name}
        )


class RegistrationHistoryView(RegistrationTitleMixin, HistoryView):
    pass


def registration_columns(first, *, exported, last=()):
    """The registration's fields in the order the practitioner reads them: for the export (`exported`:
    a choice's label rather than its stored value), and for the inspect view."""
    answers = [answer.column if exported else answer.name for answer in questions.ANSWERS]
    return [
        *first,
        *questions.IDENTITY_FIELDS,
        *answers,
        "created",
        "confirmed_at",
        "cancelled_at",
        "consent_at",
        *last,
    ]


class PersonalDataViewSet(ModelViewSet):
    """Admin for rows that only the website and the services create: some generic views are
    switched off, only the permissions that make sense are offered, and refusals are real 403s."""

    disabled_views: tuple[str, ...] = ()
    permission_codenames: tuple[str, ...] = ()

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update({f"{name}_url_name": None for name in self.disabled_views})
        return view_kwargs

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename__in=self.permission_codenames)

    def get_extra_urlpatterns(self):
        return []

    def get_urlpatterns(self):
        patterns = [
            pattern for pattern in super().get_urlpatterns() if pattern.name not in self.disabled_views
        ]
        return with_403(patterns + self.get_extra_urlpatterns())


class RegistrationViewSet(PersonalDataViewSet):
    model = Registration
    name = "registrations"
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    menu_order = 100
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    edit_view_class = RegistrationEditView
    history_view_class = RegistrationHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["-created", "-pk"]
    list_display = ["display_name", "event", "email", "status", "queue_position", "created"]
    edit_handler = ObjectList(Registration.panels, base_form_class=RegistrationAdminForm)
    filterset_class = RegistrationFilterSet
    search_fields = ["first_name", "last_name", "email", "organisation", "invoice_organisation"]
    search_backend_name = None
    list_export = registration_columns(
        ("event.title", "event_date", "get_status_display", "queue_position"), exported=True
    )
    export_headings = {
        "event.title": gettext_lazy("Event"),
        "event_date": pgettext_lazy("registrations", "Date"),
        "get_status_display": gettext_lazy("Status"),
        **{answer.export: answer.export_heading for answer in questions.ANSWERS if answer.export},
    }
    export_filename = "ilmoittautumiset"
    inspect_view_fields = registration_columns(
        ("event", "status", "queue_position"), exported=False, last=("anonymised_at",)
    )

    # Registrations are made on the website and ended by cancelling or erasing, never added or
    # deleted here: that would bypass the capacity rule and the waiting list.
    disabled_views = ("add", "delete")
    permission_codenames = ("view_registration", "change_registration")

    def get_extra_urlpatterns(self):
        return [
            path("cancel/<int:pk>/", CancelRegistrationView.as_view(), name="cancel"),
            path("promote/<int:pk>/", PromoteRegistrationView.as_view(), name="promote"),
            path("erase/<int:pk>/", EraseRegistrationView.as_view(), name="erase"),
        ]


class LectureRequestIndexView(CountedListingMixin, IndexView):
    pass


class LectureRequestViewSet(PersonalDataViewSet):
    model = LectureRequest
    index_view_class = LectureRequestIndexView
    name = "lecture_requests"
    icon = "mail"
    menu_label = gettext_lazy("Lecture requests")
    menu_order = 200
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["organisation", "topic", "contact_name", "email", "created"]
    list_filter = ["lecture"]
    search_fields = ["organisation", "contact_name", "email", "topic"]
    search_backend_name = None
    ordering = ["-created", "-pk"]
    exclude_form_fields = []

    # Requests come from the website form; the practitioner reads and deletes them.
    disabled_views = ("add", "edit")
    permission_codenames = ("view_lecturerequest", "delete_lecturerequest")


class EventsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Registrations")
    menu_icon = "group"
    menu_order = 250
    items = (RegistrationViewSet, LectureRequestViewSet)


class UpcomingEventsPanel(Component):
    """Dashboard: the next events with their places taken and waiting lists."""

    name = "upcoming_events"
    template_name = "events/admin/upcoming_events_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        can_view_registrations = can_view(request.user, Registration)
        events = EventPage.objects.live().scheduled().upcoming().defer_streamfields().with_counts()[:8]
        return {
            "events": events,
            "registrations_url": reverse("registrations:index") if can_view_registrations else "",
            "request": request,
        }
