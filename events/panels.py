"""The event edit view: a panel showing how full the event is, and the form that keeps the places honest.

They live here rather than in forms.py because models.py needs them and forms.py imports models.py."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel
from wagtail.permissions import policy_registry


class EventPageForm(WagtailAdminPageForm):
    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is None or not self.instance.pk:
            return capacity
        from .models import Registration

        confirmed = Registration.objects.filter(
            event_id=self.instance.pk, status=Registration.Status.CONFIRMED
        ).count()
        # Nobody is demoted automatically: who loses a confirmed place is the practitioner's decision,
        # made by cancelling registrations in the Registrations section first.
        if capacity < confirmed:
            raise ValidationError(
                ngettext(
                    "There is already %(count)s confirmed registration. The number of places cannot be "
                    "lower than that – cancel registrations first.",
                    "There are already %(count)s confirmed registrations. The number of places cannot be "
                    "lower than that – cancel registrations first.",
                    confirmed,
                ),
                code="below_confirmed",
                params={"count": confirmed},
            )
        return capacity


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
