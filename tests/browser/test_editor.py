"""An editor in a real browser: logs in to the Finnish admin, changes a fact, publishes, sees it live."""

import pytest
from django.contrib.auth.models import Group

from .conftest import screenshot

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLIC_URL = "/palvelut/tyonohjaus/ryhmatyonohjaus/"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("toimittaja", "toimittaja@example.fi", "oikea-salasana-123")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_editor_changes_group_size_publishes_and_visitors_see_it(moderator, browser_session):
    visitor = browser_session.open("desktop")
    visitor.goto(PUBLIC_URL)
    expect(visitor.get_by_role("complementary", name="Lyhyesti")).to_contain_text("2–8 henkeä")

    editor = browser_session.open("desktop")
    editor.goto("/admin/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Kirjaudu")
    editor.get_by_label("Käyttäjätunnus").fill("toimittaja")
    editor.get_by_label("Salasana").fill("oikea-salasana-123")
    editor.get_by_role("button", name="Kirjaudu sisään").click()
    expect(editor.get_by_role("main")).to_be_visible()
    screenshot(editor, "admin-dashboard", "desktop")

    # From the public page, the userbar takes the editor to the page editor.
    editor.goto(PUBLIC_URL)
    userbar = editor.locator("wagtail-userbar")
    expect(userbar).to_be_attached()
    userbar.get_by_role("button").first.click()
    userbar.get_by_role("menuitem", name="Muokkaa tätä sivua").click()
    expect(editor.locator("input[name=group_size_max]")).to_have_value("8")
    editor.locator("input[name=group_size_max]").fill("10")
    screenshot(editor, "admin-page-editor", "desktop")

    editor.get_by_role("button", name="Lisää toimintoja").click()
    editor.get_by_role("button", name="Julkaise").click()
    expect(editor.locator(".messages")).to_contain_text("julkaistu")

    visitor.goto(PUBLIC_URL)
    expect(visitor.get_by_role("complementary", name="Lyhyesti")).to_contain_text("2–10 henkeä")
    editor.goto(PUBLIC_URL)
    expect(editor.get_by_role("complementary", name="Lyhyesti")).to_contain_text("2–10 henkeä")
    assert browser_session.console_errors == []
