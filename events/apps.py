from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings and lectures")

    def ready(self):
        from wagtail.signals import page_published

        page_published.connect(fill_places_after_publish, dispatch_uid="events_fill_places_after_publish")

        from home import personal_data
        from home.listings import register_home_listing
        from home.signals import purge_on_change
        from search.kinds import ResultKind, register_result_kind

        from . import services
        from .listings import upcoming_events
        from .models import Registration

        # Event pages and listings show the places left: a registration change refreshes the page cache.
        purge_on_change(Registration)
        register_home_listing("upcoming_events", upcoming_events, order=20)
        personal_data.register(
            "registrations",
            expire=lambda now: services.anonymise_expired(now=now),
            erase=services.erase_person,
        )
        register_result_kind(
            ResultKind(
                "tapahtumat",
                _("Trainings and lectures"),
                ("events.TrainingPage", "events.LecturePage"),
                date=lambda page: page.starts_at,
                order=20,
            )
        )


def fill_places_after_publish(sender, instance, **kwargs):
    """More places published (or unlimited now): the waiting list moves up at once, and is emailed."""
    from .models import EventPage, Registration
    from .services import promote_next

    if (
        isinstance(instance, EventPage)
        and Registration.objects.filter(event_id=instance.pk, status=Registration.Status.WAITLISTED).exists()
    ):
        promote_next(instance)
