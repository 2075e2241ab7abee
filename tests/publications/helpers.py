"""Reading the archive's HTML the way a visitor's eye does: results, facets, links."""

import html
import re


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def result_titles(page_html):
    return [
        html.unescape(title)
        for title in re.findall(r'<h3 class="publication-item__title"><a href="[^"]*">([^<]*)</a>', page_html)
    ]


def facets(page_html, facet_id):
    """{label: (count, href)} of one facet group ("type", "year" or "topic")."""
    match = re.search(rf'<nav class="facet" aria-labelledby="facet-{facet_id}">(.*?)</nav>', page_html, re.S)
    if not match:
        return {}
    return {
        html.unescape(label).strip(): (int(count), html.unescape(href))
        for href, label, count in re.findall(
            r'<a href="([^"]*)"[^>]*>([^<]*)<span class="facet__count">\((\d+)\)</span>', match.group(1)
        )
    }


def next_page_href(page_html):
    match = re.search(r'<a href="([^"]*)" rel="next">', page_html)
    return html.unescape(match.group(1)) if match else None
