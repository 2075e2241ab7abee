import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import SupervisedGroup, SupervisionFormPage

pytestmark = pytest.mark.django_db


def tree():
    return list(Page.objects.order_by("path").values_list("path", "slug", "content_type__model", "live"))


def test_seed_demo_twice_gives_the_same_tree(home_page):
    before = tree()
    call_command("seed_demo", stdout=io.StringIO())
    assert tree() == before
    assert SupervisedGroup.objects.count() == 14


def test_seed_demo_keeps_the_editors_changes(home_page):
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.group_size_max = 12
    page.save_revision().publish()
    call_command("seed_demo", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.group_size_max == 12


def test_the_demo_home_page_is_the_default_sites_root(home_page):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    # Besides the home page, only its translations (the English home page) sit at the top.
    assert not Page.objects.filter(depth=2).exclude(translation_key=home_page.translation_key).exists()


def test_seed_texts_are_part_of_the_project_not_read_from_shared():
    import pathlib

    for path in pathlib.Path("home").rglob("*.py"):
        assert "shared/seeds" not in path.read_text(), path
