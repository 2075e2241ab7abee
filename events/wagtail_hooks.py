from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks

from .admin_views import EventsViewSetGroup, UpcomingEventsPanel


@hooks.register("register_admin_viewset")
def register_registrations_admin():
    return EventsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    panels.append(UpcomingEventsPanel())


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    # A context keeps these short words from replacing Wagtail's own ("Promote" is a page-editor tab).
    def label(text):
        return pgettext_lazy("registration log", text)

    actions.register_action("events.registration.register", label("Register"), _("Registered"))
    actions.register_action(
        "events.registration.promote", label("Promote"), _("Promoted from the waiting list")
    )
    actions.register_action("events.registration.cancel", label("Cancel"), _("Cancelled"))
    actions.register_action(
        "events.registration.anonymise", label("Erase personal data"), _("Personal data erased")
    )


@hooks.register("on_serve_page")
def list_events_on_service_pages(next_serve_page):
    """A service page chosen on the events index page ("also list … on") shows the upcoming events of that
    kind under its text: the editor decides where, without code or a change to the service page model."""

    def serve(page, request, args, kwargs):
        response = next_serve_page(page, request, args, kwargs)
        from home.models import ServicePage

        if not isinstance(page, ServicePage) or not isinstance(response, TemplateResponse):
            return response
        from .listings import service_page_listing

        listing = service_page_listing(page, request)
        if listing:
            response.template_name = "events/service_page.html"
            response.context_data.update(listing)
        return response

    return serve
