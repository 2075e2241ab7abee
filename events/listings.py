"""Event cards wherever they are listed: the events index, the home page and service pages.

Each listing loads its cards in one query, whatever the number of events: the fields a card shows,
the places taken counted alongside (with_counts), no StreamField bodies. A listing is only as fresh
as the page cache lets it be, so each tells it when its list changes by itself: when a listed event
ends and leaves the upcoming events (home.cache.cache_until).
"""

from django.db.models import Q

from home.cache import cache_until

from .models import EventIndexPage, EventPage, LecturePage


class EventList(list):
    """Events that also know their index page's URL, for an "all trainings and lectures" link."""

    index_url = ""


def for_cards(events):
    """`events` with what their cards show, in the same query."""
    return events.defer_streamfields().with_counts()


def event_cards(ids):
    """The events `ids` for their cards, in that order: one query."""
    events = for_cards(EventPage.objects.filter(pk__in=ids)).in_bulk()
    return [events[pk] for pk in ids if pk in events]


def topic_cards(index):
    """The lecture topics on request under `index`, by title. Loaded as lectures, for their duration."""
    return list(for_cards(LecturePage.objects.child_of(index).live().public().on_request().order_by("title")))


def keep_until_one_ends(events):
    """The listed upcoming `events` change when the first of them ends."""
    cache_until(min((event.ends_at for event in events if event.ends_at), default=None))


def upcoming_events(page, request, *, limit=3):
    """The next events in the page's language, for the home page (home.listings)."""
    upcoming = EventPage.objects.live().public().filter(locale_id=page.locale_id).upcoming()
    events = EventList(for_cards(upcoming)[:limit])
    keep_until_one_ends(events)
    if events:
        # The soonest event's index: an event's URL is its index's URL plus its slug, so the link
        # needs no query of its own.
        url = events[0].get_url(request)
        events.index_url = url[: -len(events[0].slug) - 1] if url else ""
    return events


def service_page_listing(page, request, *, limit=6):
    """Context for a service page chosen on an events index page ("also list … on"); {} for other pages."""
    index = (
        EventIndexPage.objects.live()
        .filter(Q(trainings_page_id=page.pk) | Q(lectures_page_id=page.pk))
        .order_by("path")
        .first()
    )
    if not index:
        return {}
    kind = "training" if index.trainings_page_id == page.pk else "lecture"
    children = index.events()
    events = children.trainings() if kind == "training" else children.lectures()
    listed = EventList(for_cards(events.upcoming())[:limit])
    listed.index_url = index.get_url(request)
    keep_until_one_ends(listed)
    return {
        "listed_events": listed,
        "listed_topics": topic_cards(index) if kind == "lecture" else [],
        "listed_kind": kind,
    }
