"""SQL queries of the event pages, uncached and cold: within the budget, and the same for a few events
as for hundreds with thousands of registrations (a card that queries for itself fails this)."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventPage, Registration
from scripts.bulk_data import events as bulk
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

BUDGET = 20
PAGES = [
    "event index",
    "event archive",
    "training",
    "lecture",
    "lecture topic",
    "registration form",
    "lecture request form",
    "service page listing lectures",
    "home",
]


def cold_queries(client):
    """Each page's queries with nothing kept from an earlier request: no page cache, an empty Django
    cache (so also Wagtail's site root paths), no request before it."""
    counts = {}
    for page in (page for page in PUBLIC_PAGES if page.name in PAGES):
        url = page.url()
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page.name] = len(queries)
    assert set(counts) == set(PAGES)
    return counts


def test_event_pages_make_few_queries_however_many_events_and_registrations(client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    # Content types are kept for the life of a worker process, by Django: looked up once, here.
    for model in apps.get_models():
        ContentType.objects.get_for_model(model)

    few = cold_queries(client)
    assert EventPage.objects.count() < 15

    events = bulk.bulk_create_events(home_page, 300, seed=5)
    bulk.bulk_create_registrations(events, 3000, seed=5)
    assert Registration.objects.count() > 3000
    many = cold_queries(client)

    print(f"\nqueries, few events: {few}\nqueries, 300 more events: {many}")
    assert many == few, f"few events: {few}, 300 more: {many}"
    over = {name: count for name, count in many.items() if count > BUDGET}
    assert not over, f"over the budget of {BUDGET}: {over}"
