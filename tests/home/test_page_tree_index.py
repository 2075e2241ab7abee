"""The children of a page are found through the (depth, path) index (home migration 0011), not by
reading every page below it: the menu and every listing of child pages ask for children."""

import pytest
from django.db import connection
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_the_page_tree_has_a_children_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert constraints["home_page_children"]["columns"] == ["depth", "path"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan does not depend on table statistics")
def test_the_menu_query_reads_the_children_index(home_page):
    children = home_page.get_children().live().in_menu()
    sql, params = children.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "home_page_children" in plan, plan
