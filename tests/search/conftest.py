import re

import pytest

from home.demo import paragraph
from home.models import StandardPage
from search.morphology import get_analyser, voikko_available
from search.services import rebuild_index

ANALYSERS = ["voikko", "snowball"]


@pytest.fixture(params=ANALYSERS)
def analyser(request, settings, home_page):
    """Each test runs with both analysers (Voikko skipped where it is not installed), the index
    rebuilt with the one in use."""
    if request.param == "voikko" and not voikko_available():
        pytest.skip("Voikko is not installed (apt-get install libvoikko1 voikko-fi; .ci/run does)")
    settings.SEARCH_MORPHOLOGY = request.param
    rebuild_index()
    return get_analyser()


@pytest.fixture
def section(home_page):
    """A section of its own for the test's pages."""
    page = StandardPage(title="Hakutestit", slug="hakutestit")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def publish(parent, title, text="", lead="", **fields):
    page = StandardPage(
        title=title, slug=re.sub(r"\W+", "-", title.lower()).strip("-")[:50], lead=lead, **fields
    )
    if text:
        page.body = paragraph(text)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def results(client, query, **params):
    """The titles of the results, in order (marks removed), and the page's HTML."""
    html = client.get("/haku/", {"q": query, **params}).content.decode()
    titles = re.findall(r"<h2><a href=\"[^\"]*\">(.*?)</a></h2>", html)
    return [re.sub(r"</?mark>", "", title) for title in titles], html


def titles(client, query, **params):
    """Every result's title, in order, following the pages of results."""
    found, number = [], 1
    while True:
        page_titles, html = results(client, query, sivu=number, **params)
        found += page_titles
        if 'rel="next"' not in html or number >= 20:
            return found
        number += 1
