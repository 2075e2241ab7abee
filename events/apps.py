from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings and lectures")

    def ready(self):
        from wagtail.signals import page_published

        page_published.connect(fill_places_after_publish, dispatch_uid="events_fill_places_after_publish")

        # Event pages and listings show the places left: a registration change refreshes the page cache.
        try:
            from home.signals import purge_on_change
        except ImportError:  # a checkout without the anonymous page cache
            return
        from .models import Registration

        purge_on_change(Registration)


def fill_places_after_publish(sender, instance, **kwargs):
    """More places published (or unlimited now): the waiting list moves up at once, and is emailed."""
    from .models import EventPage, Registration
    from .services import promote_next

    if (
        isinstance(instance, EventPage)
        and Registration.objects.filter(event_id=instance.pk, status=Registration.Status.WAITLISTED).exists()
    ):
        promote_next(instance)
