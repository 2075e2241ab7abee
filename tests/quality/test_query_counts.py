"""SQL queries per uncached public page: within the budget, and not growing with the content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import (
    ServiceIndexPage,
    ServicePage,
    SupervisedGroup,
    SupervisionFormPage,
    SupervisionPage,
    SupervisionPageGroup,
)
from tests.public_pages import PUBLIC_PAGES, QUERY_BUDGET

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False


def count_queries(client, page):
    url = page.url()
    request = (lambda: client.post(url, {})) if page.submit_empty else (lambda: client.get(url))
    request()  # the first request fills Wagtail's site-root cache, as any earlier visitor would
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == page.status, page.name
    return len(queries)


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=str)
def test_every_public_page_stays_within_the_query_budget(client, home_page, uncached, page):
    assert count_queries(client, page) <= QUERY_BUDGET


def by_name(name):
    return next(page for page in PUBLIC_PAGES if page.name == name)


def test_listings_do_not_make_more_queries_for_more_items(client, home_page, uncached):
    before = {name: count_queries(client, by_name(name)) for name in ("home", "service index", "supervision")}

    services = ServiceIndexPage.objects.get()
    supervision = SupervisionPage.objects.get()
    for number in range(8):
        services.add_child(instance=ServicePage(title=f"Palvelu {number}", slug=f"palvelu-{number}"))
        supervision.add_child(
            instance=SupervisionFormPage(title=f"Muoto {number}", slug=f"muoto-{number}", lead="Lyhyesti.")
        )
        group = SupervisedGroup.objects.create(name=f"Ryhmä {number}")
        SupervisionPageGroup.objects.create(page=supervision, group=group)

    after = {name: count_queries(client, by_name(name)) for name in before}
    assert after == before
    assert "Palvelu 7" in client.get(services.url).content.decode()
    assert "Ryhmä 7" in client.get(supervision.url).content.decode()
