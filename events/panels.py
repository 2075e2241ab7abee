"""An edit-view panel showing how full an event is, with a link to its registrations."""

from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.permissions import policy_registry


class RegistrationSummaryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/registration_summary_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .models import Registration

            context = super().get_context_data(parent_context)
            event = self.instance
            policy = policy_registry.get_by_type(Registration)
            can_view = policy.user_has_any_permission(self.request.user, ["view", "change"])
            context.update(
                event=event,
                counts=event.counts,
                registrations_url=(f"{reverse('registrations:index')}?event={event.pk}" if can_view else ""),
            )
            return context
