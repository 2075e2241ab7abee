import pytest

# tests/conftest.py clears the cache before every test, so rate-limit counters do not leak between tests.


@pytest.fixture
def events_index(home_page):
    from events.models import EventIndexPage

    return EventIndexPage.objects.get(slug="koulutukset-ja-luennot")
