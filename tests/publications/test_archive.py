"""The archive as visitors use it: filters that combine, counts, search, pagination, bad input, speed."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import PublicationPage
from publications.types import BY_VALUE
from scripts.bulk_data.publications import bulk_create_publications
from tests.factories import make_publication
from tests.public_pages import QUERY_BUDGET
from tests.publications.helpers import facets, next_page_href, result_titles, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(archive):
    """Five publications whose counts per type, year and topic are known."""
    make_publication(archive, "Työnohjaus artikkelina", year=2021, month=3, topics=["työnohjaus"])
    make_publication(archive, "Lastensuojelun työryhmät", year=2020, topics=["työnohjaus", "lastensuojelu"])
    make_publication(
        archive,
        "Dialoginen asiakastyö",
        publication_type="presentation",
        year=2021,
        month=6,
        day=12,
        topics=["lastensuojelu"],
        authors=[("Lindström", "Åsa")],
    )
    make_publication(
        archive,
        "Kuormitus ja jaksaminen",
        publication_type="presentation",
        year=2021,
        month=10,
        topics=["työnohjaus"],
    )
    make_publication(archive, "Yhdessä ääneen", publication_type="book", year=2019)
    return archive


def get(client, archive, **params):
    return client.get(f"{archive.url}?{urlencode(params)}" if params else archive.url)


def test_newest_first_with_every_publication(client, catalogue):
    titles = result_titles(text(get(client, catalogue)))
    assert titles == [
        "Kuormitus ja jaksaminen",
        "Dialoginen asiakastyö",
        "Työnohjaus artikkelina",
        "Lastensuojelun työryhmät",
        "Yhdessä ääneen",
    ]


def test_a_kept_row_and_the_kept_counts_follow_an_edit_at_once(client, catalogue, settings):
    # Not the page cache: rows and filter lists, kept per content generation (publication_rows()).
    settings.PAGE_CACHE_ENABLED = False
    assert "Yhdessä ääneen" in result_titles(text(get(client, catalogue)))
    assert facets(text(get(client, catalogue, vuosi=2019)), "type") == {
        "Kirja": (1, "?vuosi=2019&tyyppi=kirja")
    }
    book = PublicationPage.objects.get(title="Yhdessä ääneen")
    book.title = "Yhdessä ääneen (2. painos)"
    book.publication_type = "article"
    book.save_revision().publish()
    assert "Yhdessä ääneen (2. painos)" in result_titles(text(get(client, catalogue)))
    assert set(facets(text(get(client, catalogue, vuosi=2019)), "type")) == {"Artikkeli"}


def test_topic_links_of_a_kept_row_keep_the_current_filters(client, catalogue, settings):
    settings.PAGE_CACHE_ENABLED = False
    plain = text(get(client, catalogue))
    filtered = text(get(client, catalogue, tyyppi="esitelma"))
    assert 'href="?aihe=lastensuojelu"' in plain
    assert 'href="?tyyppi=esitelma&amp;aihe=lastensuojelu"' in filtered


@pytest.mark.parametrize("made_up", ["utm_source", "q"])
def test_parameters_a_visitor_makes_up_leave_nothing_in_the_cache(client, catalogue, settings, made_up):
    # Rows and filter lists carry the query string in their links; kept for the archive's own
    # filters only, or every made-up value would add entries until the cache evicts useful ones.
    from django.core.cache import cache

    settings.PAGE_CACHE_ENABLED = False
    get(client, catalogue, **{made_up: "työnohjaus"})
    entries = len(cache._cache)
    for number in range(5):
        assert "<h1>Testiarkisto</h1>" in text(get(client, catalogue, **{made_up: f"työnohjaus {number}"}))
    assert len(cache._cache) == entries


def test_filters_combine(client, catalogue):
    page = text(get(client, catalogue, tyyppi="esitelma", vuosi=2021, aihe="työnohjaus"))
    assert result_titles(page) == ["Kuormitus ja jaksaminen"]
    assert "1 julkaisu" in page

    assert result_titles(text(get(client, catalogue, vuosi=2021, aihe="lastensuojelu"))) == [
        "Dialoginen asiakastyö"
    ]
    assert set(result_titles(text(get(client, catalogue, tyyppi="artikkeli")))) == {
        "Työnohjaus artikkelina",
        "Lastensuojelun työryhmät",
    }


def test_counts_are_for_the_other_active_filters(client, catalogue):
    page = text(get(client, catalogue, vuosi=2021))
    assert {label: count for label, (count, _href) in facets(page, "type").items()} == {
        "Artikkeli": 1,
        "Esitelmä": 2,
    }
    # The year facet ignores the chosen year (else it could only ever show one), not the others.
    assert {label: count for label, (count, _href) in facets(page, "year").items()} == {
        "2021": 3,
        "2020": 1,
        "2019": 1,
    }
    assert {label: count for label, (count, _href) in facets(page, "topic").items()} == {
        "lastensuojelu": 1,
        "työnohjaus": 2,
    }


@pytest.mark.parametrize(
    "params", [{}, {"vuosi": 2021}, {"tyyppi": "esitelma"}, {"aihe": "työnohjaus", "vuosi": 2021}]
)
def test_every_count_matches_the_results_its_link_shows(client, catalogue, params):
    page = text(get(client, catalogue, **params))
    checked = 0
    for facet_id in ("type", "year", "topic"):
        for label, (count, href) in facets(page, facet_id).items():
            followed = text(client.get(catalogue.url + href))
            assert len(result_titles(followed)) == count, (facet_id, label, href)
            checked += 1
    assert checked >= 5


def test_search_by_a_finnish_word_and_by_an_authors_surname(client, catalogue):
    assert result_titles(text(get(client, catalogue, q="dialoginen"))) == ["Dialoginen asiakastyö"]
    assert result_titles(text(get(client, catalogue, q="Lindström"))) == ["Dialoginen asiakastyö"]
    assert result_titles(text(get(client, catalogue, q="Hämäläinen", tyyppi="kirja"))) == ["Yhdessä ääneen"]
    # An inflected form: "lastensuojelu" finds "Lastensuojelun" (prefix on SQLite, stemming on PostgreSQL).
    assert "Lastensuojelun työryhmät" in result_titles(text(get(client, catalogue, q="lastensuojelu")))


def test_search_keeps_the_other_filters_and_counts(client, catalogue):
    page = text(get(client, catalogue, q="työnohjaus", tyyppi="esitelma"))
    assert result_titles(page) == ["Kuormitus ja jaksaminen"]
    assert 'name="tyyppi" value="esitelma"' in page  # a new search keeps the chosen type
    assert facets(page, "type")["Esitelmä"][0] == 1


@pytest.mark.postgresql
def test_search_understands_finnish_inflection_on_postgresql(client, catalogue):
    # Finnish stemming: the inessive "työryhmissä" finds "Lastensuojelun työryhmät", which no prefix would.
    assert result_titles(text(get(client, catalogue, q="työryhmissä"))) == ["Lastensuojelun työryhmät"]


def test_search_without_matches_says_what_to_do(client, catalogue):
    page = text(get(client, catalogue, q="kvanttifysiikka"))
    assert result_titles(page) == []
    assert "Näillä rajauksilla ei löytynyt julkaisuja" in page
    assert f'href="{catalogue.url}"' in page  # a way back to everything


def test_empty_archive_says_so(client, archive):
    page = text(client.get(archive.url))
    assert "Arkistossa ei ole vielä julkaisuja" in page
    assert "BibTeX" not in page


def test_pagination_keeps_the_filters(client, archive):
    for number in range(23):
        make_publication(archive, f"Artikkeli {number:02d}", year=2000 + number, topics=["työnohjaus"])
    make_publication(archive, "Esitelmä", publication_type="presentation", year=2024, topics=["työnohjaus"])

    first = text(get(client, archive, tyyppi="artikkeli", aihe="työnohjaus"))
    assert len(result_titles(first)) == 20
    href = next_page_href(first)
    assert "tyyppi=artikkeli" in href and "aihe=" in href and "sivu=2" in href
    second = text(client.get(archive.url + href))
    assert result_titles(second) == ["Artikkeli 02", "Artikkeli 01", "Artikkeli 00"]
    assert "Esitelmä" not in result_titles(second)
    # Choosing another filter starts again from the first page.
    assert "sivu" not in facets(second, "year")["2001"][1]


@pytest.mark.parametrize(
    "query",
    [
        "vuosi=abc",
        "vuosi=99999999999999999999",
        "vuosi=-2020",
        "sivu=999999",
        "sivu=abc",
        "sivu=-1",
        "sivu=0",
        "tyyppi=tuntematon",
        "tyyppi=artikkeli&tyyppi=kirja",
        "aihe=ei-ole-olemassa",
        "aihe=%00%FF",
        "q=%22",
        "q=AND",
        "q=*",
        "q=(",
        "q=NEAR(a%20b",
        "q=" + "sana%20" * 400,
        "vuosi=abc&tyyppi=tuntematon&sivu=999999&q=%27",
    ],
)
def test_invalid_filter_values_give_a_normal_page(client, catalogue, query):
    response = client.get(f"{catalogue.url}?{query}")
    assert response.status_code == 200
    assert "<h1>Testiarkisto</h1>" in response.content.decode()


def test_ignored_values_are_explained_and_the_rest_still_apply(client, catalogue):
    page = text(client.get(f"{catalogue.url}?vuosi=abc&tyyppi=kirja"))
    assert "jätettiin huomiotta" in page
    assert result_titles(page) == ["Yhdessä ääneen"]


def test_a_page_number_past_the_end_shows_the_last_page(client, catalogue):
    assert len(result_titles(text(get(client, catalogue, sivu=999999)))) == 5


def test_active_filters_can_be_removed_one_by_one(client, catalogue):
    page = text(get(client, catalogue, tyyppi="esitelma", vuosi=2021))
    assert 'href="?vuosi=2021"' in page  # removes the type, keeps the year
    assert 'href="?tyyppi=esitelma"' in page  # removes the year, keeps the type


def test_type_values_in_links_are_finnish(client, catalogue):
    hrefs = [href for _count, href in facets(text(client.get(catalogue.url)), "type").values()]
    assert sorted(hrefs) == sorted(
        f"?tyyppi={BY_VALUE[value].url_value}" for value in ("article", "presentation", "book")
    )


def test_drafts_are_not_listed(client, archive):
    make_publication(archive, "Julkaistu")
    make_publication(archive, "Luonnos", publish=False)
    assert result_titles(text(client.get(archive.url))) == ["Julkaistu"]


def archive_query_counts(client, archive, paths):
    counts = {}
    for path in paths:
        client.get(path)  # the first request fills Wagtail's site-root cache, as any earlier visitor's would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        counts[path] = len(queries)
    return counts


def test_query_count_does_not_grow_with_the_archive(client, archive, uncached):
    bulk_create_publications(archive, 5, seed=1)
    sample = archive.publications().order_by("pk").first()
    type_value = BY_VALUE[sample.publication_type].url_value
    topic = sample.topics[0].slug
    word = sample.title.split()[0]
    paths = [
        f"{archive.url}?{query}"
        for query in (
            "",
            "sivu=2",
            "sivu=999999",
            f"tyyppi={type_value}",
            f"vuosi={sample.year}",
            urlencode({"aihe": topic}),
            urlencode({"tyyppi": type_value, "vuosi": sample.year, "aihe": topic}),
            urlencode({"q": word}),
            urlencode({"q": "Hämäläinen", "tyyppi": type_value, "sivu": 3}),
            "vuosi=abc&tyyppi=tuntematon",
        )
    ]
    small = archive_query_counts(client, archive, paths)

    bulk_create_publications(archive, 300, seed=2)
    assert PublicationPage.objects.child_of(archive).count() == 305
    large = archive_query_counts(client, archive, paths)

    assert large == small
    assert max(large.values()) <= QUERY_BUDGET
    assert len(result_titles(text(client.get(f"{archive.url}?sivu=10")))) == 20


def test_unpublished_and_moved_publications_leave_the_listing_and_counts(client, archive):
    from tests.factories import make_archive

    moving = make_publication(archive, "Siirrettävä", year=2020)
    hidden = make_publication(archive, "Piilotettava", year=2021)
    make_publication(archive, "Pysyvä", year=2022)
    other = make_archive(slug="toinen", title="Toinen")

    moving.move(other, pos="last-child")
    PublicationPage.objects.get(pk=hidden.pk).unpublish()

    page = text(client.get(archive.url))
    assert result_titles(page) == ["Pysyvä"]
    assert {label: count for label, (count, _href) in facets(page, "year").items()} == {"2022": 1}
    assert result_titles(text(client.get(PublicationPage.objects.get(pk=moving.pk).get_parent().url))) == [
        "Siirrettävä"
    ]
    assert "Piilotettava" not in text(client.get(archive.url + "bibtex/"))

    PublicationPage.objects.get(pk=hidden.pk).save_revision().publish()
    assert "Piilotettava" in result_titles(text(client.get(archive.url)))


def test_free_text_is_matched_once_per_request_through_the_site_search_index(client, catalogue, uncached):
    get(client, catalogue, q="työnohjaus")
    with CaptureQueriesContext(connection) as queries:
        page = text(get(client, catalogue, q="työnohjaus", tyyppi="esitelma"))
    matches = [
        query["sql"]
        for query in queries
        if "search_index" in query["sql"] or "match_document" in query["sql"]
    ]
    assert len(matches) == 1
    assert result_titles(page) == ["Kuormitus ja jaksaminen"]
