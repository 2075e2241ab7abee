"""scripts/bulk_data/events.py, the benchmark's generator: what it writes is a working site, not just rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from events import services
from events.models import EventIndexPage, EventPage, Registration
from scripts.bulk_data import events as bulk
from tests.public_pages import QUERY_BUDGET

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # the first request fills Wagtail's site-root cache, as any earlier visitor would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_bulk_events_and_registrations_make_a_working_site(client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    index = EventIndexPage.objects.get(slug="koulutukset-ja-luennot")
    before = queries(client, index.url)

    events = bulk.bulk_create_events(home_page, 40, seed=3)
    made = bulk.bulk_create_registrations(events, 600, seed=3)

    assert len(events) == 40 and made == 600
    assert (
        EventPage.objects.child_of(index).filter(pk__in=[event.pk for event in events]).live().count() == 40
    )
    assert Page.find_problems() == ([], [], [], [], [])  # the page tree is consistent
    counted = EventPage.objects.filter(pk__in=[event.pk for event in events]).with_counts()
    assert all(event.capacity is None or event.confirmed_count <= event.capacity for event in counted)
    assert Registration.objects.filter(event__in=events).count() == 600

    # The listing shows them with no more queries than before; the pages and the search work.
    assert queries(client, index.url) == before <= QUERY_BUDGET
    upcoming = [event for event in events if event.is_registration_open]
    assert upcoming, "some generated events should be open for registration"
    html = client.get(upcoming[0].url).content.decode()
    assert upcoming[0].title in html
    assert client.get(upcoming[0].url + "ilmoittaudu/").status_code == 200
    found = client.get("/haku/", {"q": upcoming[0].title}).content.decode()
    assert upcoming[0].url in found

    # The registration rules hold on a generated event: when it is full, the next one waits.
    full = next(
        event
        for event in counted
        if event.capacity and event.confirmed_count >= event.capacity and event.is_registration_open
    )
    waiting = services.register(
        full, first_name="Ville", last_name="Jonottaja", email="ville@example.invalid", consent=True
    )
    assert waiting.status == Registration.Status.WAITLISTED
