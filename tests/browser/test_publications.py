"""A visitor in a real browser: narrows the publications archive by topic, type and year, pages through
the results with the filters kept, opens a publication and downloads its reference; and the filters
and the archive search work with the keyboard alone."""

import json
import re
from pathlib import Path

import pytest

from publications.archive import ARCHIVE_PAGE_SIZE
from publications.models import PublicationIndexPage, PublicationPage
from scripts.bulk_data.publications import bulk_create_publications

from .conftest import screenshot, screenshots_at_both_widths

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOPIC = "työnohjaus"


def result_count(page):
    return page.locator(".result-count")


def counted(number):
    """The archive's Finnish result count: "1 julkaisu", "12 julkaisua"."""
    return f"{number} julkaisu" if number == 1 else f"{number} julkaisua"


def facet(page, heading):
    return page.get_by_role("navigation", name=heading)


def test_visitor_filters_pages_and_cites_a_publication(browser_session):
    archive = PublicationIndexPage.objects.get(slug="julkaisut")
    bulk_create_publications(archive, 80, seed=5)  # more than one page of results for a topic
    publications = PublicationPage.objects.in_archive(archive)
    total = publications.count()
    on_topic = publications.about(TOPIC)
    assert on_topic.count() > ARCHIVE_PAGE_SIZE, "the test needs two pages of results for the topic"
    pages = -(-on_topic.count() // ARCHIVE_PAGE_SIZE)

    page = browser_session.open("desktop")
    page.goto("/julkaisut/")
    expect(result_count(page)).to_have_text(re.compile(rf"^{counted(total)}, sivu 1/\d+$"))

    facet(page, "Aihe").get_by_role("link", name=re.compile(rf"^{TOPIC} \(")).click()
    expect(result_count(page)).to_have_text(f"{counted(on_topic.count())}, sivu 1/{pages}")

    # Paging keeps the filter.
    page.get_by_role("navigation", name="Sivut").get_by_role("link", name="Seuraava").click()
    expect(result_count(page)).to_have_text(f"{counted(on_topic.count())}, sivu 2/{pages}")
    expect(page).to_have_url(re.compile(r"aihe=ty%C3%B6nohjaus.*sivu=2|sivu=2.*aihe=ty%C3%B6nohjaus"))
    expect(facet(page, "Aihe").locator("[aria-current=true]")).to_contain_text(TOPIC)

    # A type on top of it: back to the first page, the topic kept.
    facet(page, "Tyyppi").get_by_role("link", name=re.compile(r"^Artikkeli \(")).click()
    articles = on_topic.of_type("article")
    expect(result_count(page)).to_have_text(counted(articles.count()))
    expect(page).not_to_have_url(re.compile("sivu="))
    expect(page.locator(".active-filters")).to_contain_text("Artikkeli")
    expect(page.locator(".active-filters")).to_contain_text(TOPIC)

    # And a year: the first one listed.
    year_link = facet(page, "Vuosi").get_by_role("link").nth(1)
    year = int(year_link.inner_text().split()[0])
    year_link.click()
    expect(result_count(page)).to_have_text(counted(articles.in_year(year).count()))
    screenshots_at_both_widths(page, "publication-archive-filtered")

    # Back: the previous result, with its filters.
    page.go_back()
    expect(result_count(page)).to_have_text(counted(articles.count()))
    expect(facet(page, "Tyyppi").locator("[aria-current=true]")).to_contain_text("Artikkeli")
    expect(facet(page, "Vuosi").locator("[aria-current=true]")).to_have_text("Kaikki")

    # A publication of the demo, with its reference and the files for reference managers.
    title = "Työnohjaus lastensuojelun työryhmän voimavarana"
    page.goto("/julkaisut/")
    page.get_by_role("searchbox", name="Hae arkistosta").fill("lastensuojelun voimavarana")
    page.get_by_role("searchbox", name="Hae arkistosta").press("Enter")
    page.locator(".publication-list").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    cite = page.get_by_role("region", name="Viittaa")
    expect(cite).to_contain_text("Hämäläinen, P.")
    screenshots_at_both_widths(page, "publication")

    files = {}
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        with page.expect_download() as download_info:
            cite.get_by_role("link", name=label).click()
        files[label] = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert files["BibTeX"].lstrip().startswith("@") and title in files["BibTeX"]
    assert files["RIS"].lstrip().startswith("TY  - ") and title in files["RIS"]
    assert json.loads(files["CSL-JSON"])[0]["title"] == title
    assert browser_session.console_errors == []


def focused(page):
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {id: e.id, text: (e.innerText || "").trim(), facet: !!e.closest(".facet"),
                    outline: getComputedStyle(e).outlineStyle};
        }"""
    )


def tab_to(page, wanted, limit=80):
    """Press Tab until `wanted(focused)` holds; return what was focused on the way."""
    visited = []
    for _step in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        visited.append(current["id"] or current["text"][:30])
        if wanted(current):
            assert current["outline"] != "none", f"{visited[-1]} has no visible focus indicator"
            return visited
    pytest.fail(f"Tab never reached the wanted control: {visited}")


def test_archive_filters_and_search_work_with_the_keyboard_alone(browser_session):
    archive = PublicationIndexPage.objects.get(slug="julkaisut")
    presentations = PublicationPage.objects.in_archive(archive).of_type("presentation")
    page = browser_session.open("desktop")
    page.goto("/julkaisut/")

    tab_to(page, lambda element: element["facet"] and element["text"].startswith("Esitelmä"))
    page.keyboard.press("Enter")
    expect(result_count(page)).to_have_text(counted(presentations.count()))
    expect(page).to_have_url(re.compile(r"\?tyyppi=esitelma$"))

    # The search keeps the chosen type.
    tab_to(page, lambda element: element["id"] == "archive-q")
    page.keyboard.type("dialogisuus")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=dialogisuus"))
    expect(page).to_have_url(re.compile(r"tyyppi=esitelma"))
    expected = presentations.matching("dialogisuus").count()
    assert 0 < expected < presentations.count()
    expect(result_count(page)).to_have_text(counted(expected))
    screenshot(page, "publication-archive-keyboard", "desktop")

    # A filter is removed with the keyboard too.
    tab_to(page, lambda element: element["text"].startswith("Esitelmä") and not element["facet"])
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile("tyyppi="))
    expect(page.locator(".active-filters")).to_contain_text("dialogisuus")
    assert browser_session.console_errors == []
