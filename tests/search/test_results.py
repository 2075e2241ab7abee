"""What the search page shows: ranking, snippets, labels, counts, pages; and what it never finds."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from search.backends import SearchTimeout, backend
from search.models import SearchEntry
from search.query import MAX_WORDS
from tests.factories import make_archive, make_publication, make_training

from .conftest import publish, results, titles

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_text_match(client, analyser, section):
    publish(section, "Muistiinpanoja", "Perehdytys kestää viikon, ja perehdytys alkaa maanantaina.")
    publish(section, "Perehdytys", "Uuden työntekijän ensimmäiset päivät.")
    assert titles(client, "perehdytys") == ["Perehdytys", "Muistiinpanoja"]


def test_the_word_as_typed_ranks_above_its_inflections_and_compounds(client, analyser, section):
    publish(section, "Ensimmäinen", "Uusi perehdytyksessä mukana oleva työntekijä.")
    publish(section, "Toinen", "Hyvä perehdytys auttaa uutta työntekijää.")
    publish(section, "Kolmas", "Työpaikkaperehdytys tehdään yhdessä.")
    found = titles(client, "perehdytys")
    assert found[0] == "Toinen"
    assert set(found[1:]) >= {"Ensimmäinen"}


def test_the_shorter_title_first_among_title_matches(client, analyser, section):
    publish(section, "Vertaistuki ryhmässä ja verkossa", "Teksti.")
    publish(section, "Vertaistuki", "Teksti.")
    assert titles(client, "vertaistuki")[:2] == ["Vertaistuki", "Vertaistuki ryhmässä ja verkossa"]


def test_the_snippet_marks_the_matches_and_escapes_everything_else(client, analyser, section):
    publish(
        section,
        "Merkinnät",
        lead='<script>alert(1)</script> Koulutuksessa "lainausmerkit" & <b>tagit</b> näkyvät tekstinä.',
    )
    _titles, html = results(client, "koulutus merkinnät")
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>Koulutuksessa</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet and "<script>alert" not in html
    assert "&lt;b&gt;tagit&lt;/b&gt;" in snippet and "&amp;" in snippet
    assert "<mark>Merkinnät</mark>" in html  # the title too


def test_results_are_labelled_by_kind_with_date_or_year(client, analyser, home_page):
    archive = make_archive()
    make_publication(archive, "Sukupolvien välinen dialogi", year=2019)
    make_training(title="Sukupolvien kohtaaminen")
    _titles, html = results(client, "sukupolvi")
    assert re.search(r'Julkaisu · <time datetime="2019">2019</time>', html)
    assert re.search(r'Koulutus · <time datetime="\d{4}-\d{2}-\d{2}">\d{1,2}\.\d{1,2}\.\d{4}</time>', html)
    only_events = titles(client, "sukupolvi", tyyppi="tapahtumat")
    assert only_events == ["Sukupolvien kohtaaminen"]


def test_count_and_pages(client, analyser, section):
    for number in range(13):
        publish(section, f"Supervisio {number:02d}", "Teksti.")
    first, html = results(client, "supervisio")
    assert len(first) == 10 and "13 tulosta" in html
    second, _html = results(client, "supervisio", sivu=2)
    assert len(second) == 3 and not set(first) & set(second)
    past_the_end, _html = results(client, "supervisio", sivu=99)
    assert past_the_end == second


def test_drafts_unpublished_and_private_pages_are_never_found(
    client, analyser, section, django_capture_on_commit_callbacks
):
    live = publish(section, "Julkinen", "Näkyvä sisältö.")
    live.lead = "Luonnossana kiemurakala"
    live.save_revision()  # a draft: not published
    never = publish(section, "Luonnos", "Kiemurakala luonnoksessa.")
    never.unpublish()
    private = publish(section, "Yksityinen", "Kiemurakala salasanan takana.")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="salainen")
    assert titles(client, "kiemurakala") == []
    assert titles(client, "näkyvä") == ["Julkinen"]
    assert not SearchEntry.objects.filter(page_id__in=[never.pk, private.pk]).exists()


def test_a_page_moved_under_a_private_section_leaves_the_index(
    client, analyser, section, django_capture_on_commit_callbacks
):
    page = publish(section, "Siirrettävä", "Sammalkivi.")
    closed = publish(section, "Suljettu osio")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=closed, restriction_type="password", password="x")
    assert titles(client, "sammalkivi") == ["Siirrettävä"]
    Page.objects.get(pk=page.pk).move(closed, pos="last-child")
    assert titles(client, "sammalkivi") == []
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=closed).delete()
    assert titles(client, "sammalkivi") == ["Siirrettävä"]


def test_a_deleted_page_leaves_the_index(client, analyser, section):
    page = publish(section, "Poistettava", "Hiekkalinna.")
    assert titles(client, "hiekkalinna") == ["Poistettava"]
    page.delete()
    assert titles(client, "hiekkalinna") == []


def test_the_query_is_bounded(client, analyser, section):
    publish(section, "Rajattu", "Kuusi sanaa riittää.")
    _titles, html = results(client, " ".join(["riittää"] * 3 + [f"sana{number}" for number in range(40)]))
    assert "Haussa käytettiin vain kuutta ensimmäistä sanaa." in html
    assert MAX_WORDS == 6
    assert client.get("/haku/", {"q": "a" * 10_000}).status_code == 200


def test_a_search_is_two_statements_and_never_cached(client, analyser, section):
    publish(section, "Laskettava", "Sana.")
    client.get("/haku/", {"q": "laskettava"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/haku/", {"q": "laskettava"})
    index_statements = [q["sql"] for q in queries if "search_index" in q["sql"] or "_document" in q["sql"]]
    assert len(index_statements) == 2
    assert "X-Cache" not in response


def test_one_search_box_on_the_search_page(client, home_page):
    html = client.get("/haku/", {"q": "työnohjaus"}).content.decode()
    assert html.count('role="search"') == 1
    assert client.get("/").content.decode().count('role="search"') == 1


def test_a_slow_search_is_stopped(settings, home_page):
    settings.SEARCH_TIMEOUT_MS = 50
    search_backend = backend()
    with pytest.raises(SearchTimeout), search_backend.guard():
        if connection.vendor == "postgresql":
            search_backend._fetch("SELECT pg_sleep(1)", [])
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
                )


def test_a_timed_out_search_says_so(client, settings, home_page, monkeypatch):
    def too_slow(*args, **kwargs):
        raise SearchTimeout

    monkeypatch.setattr("search.views.search", too_slow)
    html = client.get("/haku/", {"q": "työnohjaus"}).content.decode()
    assert "Haku kesti liian kauan" in html
