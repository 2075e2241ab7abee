"""SQL queries per public page, uncached and cold: within the budget, and not growing with the content.

Cold: the page cache off and every cache empty before the counted request (Wagtail keeps the site
root paths in Django's cache; an empty cache is what the first visitor after a purge meets)."""

import pytest
from django.core.cache import cache
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
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {}) if page.submit_empty else client.get(url)
    assert response.status_code == page.status, page.name
    return len(queries)


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=str)
def test_every_public_page_stays_within_the_query_budget(client, home_page, uncached, page):
    assert count_queries(client, page) <= QUERY_BUDGET


def by_name(name):
    return next(page for page in PUBLIC_PAGES if page.name == name)


def test_listings_do_not_make_more_queries_for_more_items(client, home_page, uncached):
    before = {name: count_queries(client, by_name(name)) for name in ("home", "service index", "supervision")}

    services = ServiceIndexPage.objects.get(locale__language_code="fi")
    supervision = SupervisionPage.objects.get(locale__language_code="fi")
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


def test_the_budget_test_counts_a_query_per_row(client, home_page, uncached, settings, tmp_path):
    """The counting is honest: a template that asks the database once per card adds queries."""
    services = ServiceIndexPage.objects.get(locale__language_code="fi")
    before = count_queries(client, by_name("service index"))
    template = tmp_path / "home" / "service_index_page.html"
    template.parent.mkdir()
    original = (settings.BASE_DIR / "templates" / "home" / "service_index_page.html").read_text()
    template.write_text(
        original.replace("{{ service.title }}", "{{ service.title }}{{ page.get_children.count }}")
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    after = count_queries(client, by_name("service index"))
    assert after >= before + len(services.get_children().live())
