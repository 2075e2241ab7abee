"""The children of a page are found through the (depth, path) index (home migration 0011), not by
reading every page below it: the menu and every listing of child pages ask for children."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from home.models import PracticeSettings
from home.templatetags.navigation_tags import chrome_pages

pytestmark = pytest.mark.django_db


def test_the_page_tree_has_a_children_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert constraints["home_page_children"]["columns"] == ["depth", "path"]


sqlite_plan = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plan does not depend on table statistics"
)


def query_plan(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@sqlite_plan
def test_the_menu_query_reads_the_children_index(home_page):
    plan = query_plan(*home_page.get_children().live().in_menu().query.sql_with_params())
    assert "home_page_children" in plan, plan


def chrome_query(home_page):
    site = Site.objects.get(is_default_site=True)
    page = home_page.get_children().live().first()
    with translation.override("fi"), CaptureQueriesContext(connection) as queries:
        chrome_pages(site, PracticeSettings.for_site(site), page)
    (chrome,) = [query["sql"] for query in queries if '"show_in_menus" AND' in query["sql"]]
    return chrome


@sqlite_plan
def test_the_page_chrome_looks_each_part_up_rather_than_reading_the_tree(home_page):
    chrome = chrome_query(home_page)
    # With ORDER BY path, SQLite's planner, given the statistics of a site of 10,000 pages, walks
    # the whole path index in order (6 ms) instead of the OR's own indexes (0.2 ms): the pages are
    # sorted in Python.
    assert 'ORDER BY "wagtailcore_page"."path"' not in chrome
    plan = query_plan(chrome)
    assert "MULTI-INDEX OR" in plan and "SCAN wagtailcore_page" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_postgresql_can_look_each_part_of_the_page_chrome_up_in_an_index(home_page):
    """An IN-subquery inside the OR (the privacy page's translations) is a SubPlan tested row by
    row, which leaves PostgreSQL no plan but reading every page (5.4 ms on 10,000); a scalar
    subquery is run once first (an InitPlan), so each part of the OR can use its index (0.3 ms)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {chrome_query(home_page)}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "InitPlan" in plan and "SubPlan" not in plan, plan
