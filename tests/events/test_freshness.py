"""Event pages and listings in the page cache (home/cache.py): kept no longer than what they show
holds by itself, refreshed by every registration, never stored for made-up URLs."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from events.models import EventPage, EventSession
from home.cache import KEY_PREFIX
from tests.factories import make_registration, make_training

pytestmark = pytest.mark.django_db

INDEX = "/koulutukset-ja-luennot/"
ARCHIVE = INDEX + "menneet/"
TRAININGS_SERVICE = "/palvelut/koulutukset/"


def cache_status(response):
    assert response.status_code == 200, response.status_code
    return response.headers.get("X-Cache")


def stored_seconds():
    """Seconds each stored page has left in the local-memory cache."""
    return [expiry - time.time() for key, expiry in cache._expire_info.items() if KEY_PREFIX in key]


def timed_training(title, *, start, end, **fields):
    """A published training with one session from `start` to `end` (any minute, unlike make_training)."""
    event = make_training(title=title, sessions=((1, 9, 12),), **fields)
    EventSession.objects.filter(page=event).update(start=start, end=end)
    EventPage.objects.filter(pk=event.pk).update(starts_at=start, ends_at=end)
    cache.clear()  # the updates sent no signal, and nothing rendered before them may be served
    return EventPage.objects.get(pk=event.pk).specific


def in_minutes(minutes):
    return timezone.now() + timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    """Moves what Django and the local-memory cache take for now: `clock.advance(seconds)`."""

    class Clock:
        offset = 0.0

        def advance(self, seconds):
            self.offset += seconds

    clock = Clock()
    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + timedelta(seconds=clock.offset))

    class ShiftedTime:
        @staticmethod
        def time():
            return real_time() + clock.offset

    for module in ("django.core.cache.backends.base", "django.core.cache.backends.locmem"):
        monkeypatch.setattr(f"{module}.time", ShiftedTime)
    return clock


# Kept until a fact on the page changes


def test_an_event_page_is_kept_until_its_registration_closes(client, events_index):
    event = make_training(title="Pian sulkeutuva", registration_closes=in_minutes(2))
    assert cache_status(client.get(event.url)) == "MISS"
    assert 100 < max(stored_seconds()) <= 120


def test_an_event_page_is_kept_until_registration_opens(client, events_index):
    event = make_training(title="Pian avautuva", registration_opens=in_minutes(2))
    assert cache_status(client.get(event.url)) == "MISS"
    assert 100 < max(stored_seconds()) <= 120


def test_an_event_page_is_kept_until_the_event_starts(client, events_index, clock):
    event = timed_training("Pian alkava", start=in_minutes(2), end=in_minutes(90))
    html = client.get(event.url).content.decode()
    assert ">Ilmoittaudu<" in html
    assert 100 < max(stored_seconds()) <= 120

    clock.advance(150)
    response = client.get(event.url)
    assert cache_status(response) == "MISS"  # rendered afresh
    assert "Tapahtuma on jo alkanut" in response.content.decode()


def test_an_event_page_without_anything_ahead_is_kept_the_usual_time(client, events_index, settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    topic = events_index.get_children().get(slug="dialoginen-asiakastyo-luento")
    assert cache_status(client.get(topic.url)) == "MISS"
    assert 290 < max(stored_seconds()) <= 300


def test_the_index_is_kept_until_a_listed_event_ends_and_then_lists_it_as_past(client, events_index, clock):
    timed_training("Juuri päättyvä", start=in_minutes(-60), end=in_minutes(2))
    assert "Juuri päättyvä" in client.get(INDEX).content.decode()
    assert 100 < max(stored_seconds()) <= 120
    archive = client.get(ARCHIVE)
    assert "Juuri päättyvä" not in archive.content.decode()
    # The archive waits for the same moment: the event joins it when it ends.
    assert 100 < min(stored_seconds()) <= 120

    clock.advance(150)
    index = client.get(INDEX)
    assert cache_status(index) == "MISS" and "Juuri päättyvä" not in index.content.decode()
    archive = client.get(ARCHIVE)
    assert cache_status(archive) == "MISS" and "Juuri päättyvä" in archive.content.decode()


@pytest.mark.parametrize("url", ["/", TRAININGS_SERVICE])
def test_the_home_page_and_service_pages_are_kept_until_a_listed_event_ends(client, events_index, clock, url):
    timed_training("Lyhyt ilta", start=in_minutes(-60), end=in_minutes(2))
    assert "Lyhyt ilta" in client.get(url).content.decode()
    assert 100 < max(stored_seconds()) <= 120
    clock.advance(150)
    response = client.get(url)
    assert cache_status(response) == "MISS" and "Lyhyt ilta" not in response.content.decode()


# Refreshed by registrations and by editors


@pytest.mark.parametrize("url", [INDEX, TRAININGS_SERVICE, "/"])
def test_a_listed_card_shows_a_new_registration_and_a_new_title_at_once(
    client, events_index, url, django_capture_on_commit_callbacks
):
    event = make_training(title="Pieni koulutus", capacity=3, sessions=((1, 9, 12),))
    html = client.get(url).content.decode()
    assert "3 jäljellä" in card(html, "Pieni koulutus")
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(event)
    html = client.get(url).content.decode()
    assert "2 jäljellä" in card(html, "Pieni koulutus")
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Pieni koulutus, uusi nimi"
        event.save_revision().publish()
    html = client.get(url).content.decode()
    assert ">Pieni koulutus, uusi nimi</a>" in html and ">Pieni koulutus</a>" not in html


def card(html, title):
    """The listing card of the event called `title`."""
    return next(chunk for chunk in html.split('<li class="card event-card">') if f">{title}</a>" in chunk)


def test_a_cached_event_page_shows_a_new_registration_and_the_editors_text_at_once(
    client, events_index, django_capture_on_commit_callbacks
):
    event = make_training(title="Tarkka koulutus", capacity=3)
    first = client.get(event.url)
    assert cache_status(first) == "MISS" and "3 jäljellä" in first.content.decode()
    assert cache_status(client.get(event.url)) == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(event)
    html = client.get(event.url).content.decode()
    assert "2 jäljellä" in html and '"remainingAttendeeCapacity": 2' in html
    with django_capture_on_commit_callbacks(execute=True):
        event.audience = "Esihenkilöille"
        event.save_revision().publish()
    assert "Esihenkilöille" in client.get(event.url).content.decode()


# Made-up URLs


def make_two_pages_of_events():
    for number in range(14):
        make_training(title=f"Sarjakoulutus {number:02}", sessions=((100 + number, 9, 12),))


@pytest.mark.parametrize("query", ["?sivu=2", "?tyyppi=koulutukset", "?tyyppi=luennot&sivu=1"])
def test_real_pages_and_kinds_of_the_index_are_stored(client, events_index, query):
    make_two_pages_of_events()
    assert cache_status(client.get(INDEX + query)) == "MISS"
    assert cache_status(client.get(INDEX + query)) == "HIT"


@pytest.mark.parametrize(
    "query", ["?sivu=999", "?sivu=3", "?sivu=02", "?sivu=x", "?sivu=", "?tyyppi=runot", "?tyyppi="]
)
def test_made_up_pages_and_kinds_of_the_index_are_shown_but_never_stored(client, events_index, query):
    make_two_pages_of_events()
    for url in (INDEX + query, ARCHIVE + query):
        response = client.get(url)
        assert cache_status(response) is None, url
        assert stored_seconds() == [], url
