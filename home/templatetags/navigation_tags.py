"""Menu, footer, breadcrumbs and language links: a few queries per page, whatever the size of the
site (tests/quality/test_query_counts.py)."""

from operator import attrgetter

from django import template
from django.conf import settings
from django.db.models import Q, Subquery
from django.utils.translation import get_language
from wagtail.models import Page, Site

from home.models import ContactPage, PracticeSettings, page_link

register = template.Library()


def ancestor_paths(page):
    """The paths of the page's ancestors below the tree root, from its own path (treebeard steps)."""
    return [page.path[:end] for end in range(2 * page.steplen, len(page.path), page.steplen)]


def chrome_pages(site, practice, page=None):
    """In one query, whatever the size of the site: the home page in every language, the main menu
    (the live children of the home page in the active language shown in menus), the privacy-policy
    page in the active language (falling back to the page itself when it has no translation, as
    Wagtail's `localized` does), and for `page` its ancestors (breadcrumbs) and its live translations
    (hreflang links, the language switch).

    Returns (home in the active language, {language: live home}, menu, privacy page, ancestors,
    translations)."""
    root = site.root_page
    language = get_language()
    in_language = Q(locale__language_code=language)
    wanted = Q(translation_key=root.translation_key)
    # The menu: the home page's children, asked before that home (in the active language) is known,
    # so as every home's children in menus in that language; those of another site's home are
    # dropped below. The (depth, path) index (home migration 0011) reads only that level.
    wanted |= Q(depth=root.depth + 1, live=True, show_in_menus=True) & in_language
    if practice.privacy_page_id:
        # A scalar subquery, not `__in`: PostgreSQL runs it once and then uses the index, where an
        # IN-subquery inside the OR made it test all 10,000 pages.
        privacy_key = Subquery(
            Page.objects.filter(pk=practice.privacy_page_id).order_by().values("translation_key")
        )
        wanted |= Q(pk=practice.privacy_page_id) | (Q(translation_key=privacy_key) & in_language)
    paths = ancestor_paths(page) if page is not None else []
    if page is not None:
        wanted |= Q(path__in=paths) | Q(translation_key=page.translation_key)
    # Sorted here: ORDER BY path would have SQLite walk the whole tree in path order rather than
    # look each part of the OR up in its own index (6 ms instead of 0.2 with 10,000 pages).
    pages = sorted(Page.objects.filter(wanted).select_related("locale").order_by(), key=attrgetter("path"))

    def pick(translation_key, fallback):
        for candidate in pages:
            if candidate.translation_key == translation_key and candidate.locale.language_code == language:
                return candidate
        return fallback

    homes = {
        candidate.locale.language_code: candidate
        for candidate in pages
        if candidate.translation_key == root.translation_key and (candidate.live or candidate.pk == root.pk)
    }
    privacy_page = next((candidate for candidate in pages if candidate.pk == practice.privacy_page_id), None)
    privacy = pick(privacy_page.translation_key, privacy_page) if privacy_page else None
    ancestors, translations = [], []
    if page is not None:
        for candidate in pages:
            if not candidate.live or candidate.pk == page.pk:
                continue
            if candidate.path in paths:
                ancestors.append(candidate)
            elif candidate.translation_key == page.translation_key:
                translations.append(candidate)
    home = pick(root.translation_key, root)
    menu = [
        candidate
        for candidate in pages
        if candidate.depth == home.depth + 1
        and candidate.path.startswith(home.path)
        and candidate.live
        and candidate.show_in_menus
    ]
    return home, homes, menu, privacy, ancestors, translations


def practitioner(practice):
    """The practitioner chosen in Settings → Practice (fetched with the settings), or their
    translation in the active language when there is one (one query more)."""
    person = practice.person if practice.person_id else None
    if person is None:
        return None
    language = get_language()
    if person.locale.language_code != language:
        from home.models import Person

        person = (
            Person.objects.filter(translation_key=person.translation_key, locale__language_code=language)
            .select_related("portrait", "locale")
            .first()
        ) or person
    return person


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The current site's home link, menu, privacy-policy link, practitioner and practice settings."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {
            "root": None,
            "menu": [],
            "privacy": None,
            "practice": None,
            "person": None,
            "homes": {},
            "contact": None,
            "page_links": None,
        }
    practice = PracticeSettings.for_request(request)
    page = context.get("page")
    page = page if isinstance(page, Page) and page.pk else None
    root, homes, menu_pages, privacy, ancestors, translations = chrome_pages(site, practice, page)
    contact = next((page for page in menu_pages if page.specific_class is ContactPage), None)
    return {
        "root": page_link(root, request),
        "homes": homes,
        "menu": [page_link(page, request) for page in menu_pages],
        # The enquiry form, when it is in the menu (as in the demo): calls to action link to it
        # without a query of their own.
        "contact": page_link(contact, request) if contact else None,
        "page_links": {
            "for": page.pk if page else None,
            "breadcrumbs": [page_link(ancestor, request) for ancestor in ancestors],
            "translations": [translation_link(translation, request) for translation in translations],
        },
        "privacy": page_link(privacy, request) if privacy and privacy.live else None,
        "practice": practice,
        "person": practitioner(practice),
    }


# Each language's name in that language: the link is for someone who reads it.
LANGUAGE_NAMES = {"fi": "Suomeksi", "en": "In English"}


@register.simple_tag(takes_context=True)
def language_links(context, chrome, page_links):
    """A link to each other language: the current page's translation, else that language's home page."""
    request = context.get("request")
    current = get_language()
    translations = {item["language"]: item["path"] for item in page_links.get("translations", [])}
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = translations.get(code)
        home = chrome.get("homes", {}).get(code)
        if url is None and home is not None:
            url = home.get_url(request)
        if url:
            links.append({"code": code, "label": LANGUAGE_NAMES.get(code, code), "url": url})
    return links


def translation_link(page, request):
    return {
        "language": page.locale.language_code,
        "url": page.get_full_url(request),  # hreflang links are absolute
        "path": page.get_url(request),
    }


@register.simple_tag(takes_context=True)
def page_chrome(context, page):
    """Breadcrumbs and the page's live translations (for hreflang links and the language switch):
    from site_chrome's query when it ran for this page, else one query."""
    if not isinstance(page, Page) or not page.pk:
        return {"breadcrumbs": [], "translations": []}
    links = (context.get("chrome") or {}).get("page_links")
    if links and links["for"] == page.pk:
        return links
    request = context.get("request")
    related = (
        Page.objects.live()
        .filter(Q(path__in=ancestor_paths(page)) | Q(translation_key=page.translation_key))
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("path")
    )
    breadcrumbs, translations = [], []
    for other in related:
        if other.translation_key == page.translation_key and other.path not in ancestor_paths(page):
            translations.append(translation_link(other, request))
        else:
            breadcrumbs.append(page_link(other, request))
    return {"breadcrumbs": breadcrumbs, "translations": translations}


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The home page of the current site in the active language (for templates that need the page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.localized if site else None


@register.filter
def is_current_section(item, current_path):
    return current_path.startswith(item["url_path"])


@register.simple_tag(takes_context=True)
def person_json_ld(context, person):
    """The practitioner as schema.org Person, with the ORCID iD in sameAs."""
    from home.structured_data import json_ld_script
    from home.structured_data import person_json_ld as build

    if person is None:
        return ""
    request = context.get("request")
    practice = PracticeSettings.for_request(request) if request else None
    page = context.get("page")
    url = page.get_full_url(request) if isinstance(page, Page) else ""
    # The original file: a rendition would cost a query of its own on every uncached home page.
    image_url = request.build_absolute_uri(person.portrait.file.url) if person.portrait_id and request else ""
    return json_ld_script(build(person, practice, url=url, image_url=image_url))


@register.simple_tag
def contact_link(page, chrome):
    """The contact form's URL with the page's choice made (the home page's call to action, a
    service page's service), taken from the menu when the form is in it, so it costs no query."""
    if not hasattr(page, "contact_url_for"):
        return ""
    contact = chrome.get("contact") if chrome else None
    if contact is None:
        return page.contact_url
    return page.contact_url_for(contact["url"])
