import pytest

from tests.factories import make_archive


@pytest.fixture
def archive(home_page):
    """An empty archive of its own, so every count in a test is exact."""
    return make_archive()


@pytest.fixture
def uncached(settings):
    """Uncached renders: for query counts, and where rows are written without page signals (bulk)."""
    settings.PAGE_CACHE_ENABLED = False
