import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import (
    ContactPage,
    HomePage,
    PrivacyPolicyPage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    SupervisionFormPage,
    SupervisionPage,
)
from tests.factories import admin_create_page

pytestmark = pytest.mark.django_db

SEEDED_PATHS = {
    "/": ["Työnohjausta, koulutusta ja kehittämistä", "Koulutukset", "Työnohjaus"],
    "/palvelut/": ["Kehittämishankkeet", "Konsultointi", "Esitelmät ja julkaisut", "Luennot"],
    "/palvelut/koulutukset/": ["Koulutukset", "Kysy tarjousta"],
    "/palvelut/tyonohjaus/": [
        "asiakastyöhön, työyhteisöön ja työrooleihin",
        "Työssä jaksamisen tukeminen",
        "Suomen Työnohjaajat ry",
        "Yksilötyönohjaus",
        "Kriisityönohjaus",
        "Nummelan nuorisokodin moniammatillinen työryhmä",
    ],
    "/palvelut/tyonohjaus/yksilotyonohjaus/": ["Yksilötyönohjaus", "3–4 viikon välein"],
    "/palvelut/tyonohjaus/ryhmatyonohjaus/": ["2–8 henkeä", "1–3 vuotta", "3–4 viikon välein", "1,5–2 h"],
    "/palvelut/tyonohjaus/tyoyhteisotyonohjaus/": ["vähintään 1 vuosi", "1,5–3 h"],
    "/palvelut/tyonohjaus/kriisityonohjaus/": ["1–5 ohjauskertaa", "Kysy tarjousta"],
    "/ota-yhteytta/": ["Älä lähetä lomakkeella", "Tietosuojaseloste"],
    "/tietosuojaseloste/": ["Tietosuojaseloste", "12 kuukauden kuluttua"],
}


@pytest.mark.parametrize("path", SEEDED_PATHS)
def test_every_seeded_page_renders_its_content(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for text in SEEDED_PATHS[path]:
        assert text in html, f"{text!r} missing on {path}"


def test_fact_box_shows_structured_facts_in_finnish(client, home_page):
    html = client.get("/palvelut/tyonohjaus/ryhmatyonohjaus/").content.decode()
    assert '<aside class="fact-box"' in html
    for label in (
        "Kenelle",
        "Ryhmän koko",
        "Tyypillinen kesto",
        "Tapaamiset",
        "Ohjauskerran pituus",
        "Hinta",
    ):
        assert label in html


def test_fact_box_shows_the_price_when_one_is_set(client, home_page):
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.price, page.price_unit = 150, "ohjauskerta"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "150 € / ohjauskerta" in html
    assert "Kysy tarjousta</dd>" not in html


def test_facts_reject_a_range_whose_upper_limit_is_below_the_lower():
    page = SupervisionFormPage(title="X", slug="x", group_size_min=8, group_size_max=2)
    with pytest.raises(Exception) as error:
        page.full_clean()
    assert "group_size_max" in str(error.value)


def test_groups_supervised_keep_the_editors_order(client, home_page):
    supervision = SupervisionPage.objects.get(slug="tyonohjaus")
    names = [item.group.name for item in supervision.supervised_groups.all()]
    html = client.get(supervision.url).content.decode()
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert len(names) == 14


@pytest.mark.parametrize(
    ("parent", "child", "allowed"),
    [
        (Page, HomePage, True),
        (HomePage, ServiceIndexPage, True),
        (HomePage, ContactPage, True),
        (HomePage, StandardPage, True),
        (ServiceIndexPage, ServicePage, True),
        (ServiceIndexPage, SupervisionPage, True),
        (SupervisionPage, SupervisionFormPage, True),
        (HomePage, ServicePage, False),
        (HomePage, SupervisionFormPage, False),
        (ServicePage, SupervisionFormPage, False),
        (ServiceIndexPage, HomePage, False),
        (SupervisionFormPage, StandardPage, False),
    ],
)
def test_page_tree_rules(parent, child, allowed):
    assert (parent in child.allowed_parent_page_models()) == allowed or (
        not allowed and parent not in child.allowed_parent_page_models()
    )
    assert (
        child in parent.allowed_subpage_models() if allowed else child not in parent.allowed_subpage_models()
    )


def test_singletons_cannot_be_added_twice(home_page):
    assert not ServiceIndexPage.can_create_at(home_page)
    assert not ContactPage.can_create_at(home_page)
    assert not PrivacyPolicyPage.can_create_at(home_page)
    assert StandardPage.can_create_at(home_page)


def test_editor_creates_a_supervision_form_page_in_the_admin(admin_client, home_page):
    supervision = SupervisionPage.objects.get(slug="tyonohjaus")
    page = admin_create_page(
        admin_client,
        supervision,
        SupervisionFormPage,
        {
            "title": "Esihenkilötyönohjaus",
            "lead": "Tukea esihenkilötyöhön.",
            "audience": "Esihenkilöt",
            "group_size_min": "1",
            "group_size_max": "1",
            "duration_unit": "years",
            "duration_min": "1",
            "session_hours_min": "1.5",
            "session_hours_max": "2",
            "body": streamfield([]),
        },
    )
    assert page.live
    html = admin_client.get(page.url).content.decode()
    assert "Esihenkilöt" in html and "1,5–2 h" in html


@pytest.mark.parametrize(
    ("parent_slug", "model", "data"),
    [
        ("palvelut", ServicePage, {"title": "Mentorointi", "body": streamfield([])}),
        (None, StandardPage, {"title": "Tietoa minusta", "body": streamfield([])}),
    ],
)
def test_editor_creates_other_page_types_in_the_admin(admin_client, home_page, parent_slug, model, data):
    parent = home_page if parent_slug is None else Page.objects.get(slug=parent_slug)
    page = admin_create_page(admin_client, parent, model, data)
    assert admin_client.get(page.url).status_code == 200


def test_admin_refuses_a_page_type_under_the_wrong_parent(admin_client, home_page):
    url = reverse("wagtailadmin_pages:add", args=["home", "supervisionformpage", home_page.pk])
    response = admin_client.get(url)
    assert response.status_code in (302, 403)
    assert not SupervisionFormPage.objects.child_of(home_page).exists()


def test_editing_group_facts_in_the_admin_changes_the_public_page(admin_client, home_page):
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(edit_url).context["form"]
    data = {}
    for name, field in form.fields.items():
        if name in form.formsets:
            continue
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    data.update(
        {
            "group_size_min": "3",
            "group_size_max": "10",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    data.pop("social_image", None)
    response = admin_client.post(edit_url, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    html = admin_client.get(page.url).content.decode()
    assert "3–10 henkeä" in html


def test_admin_speaks_finnish(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert 'lang="fi"' in response.content.decode()
    assert "Sivut" in response.content.decode()


def test_practice_settings_appear_in_the_footer(client, home_page):
    html = client.get("/").content.decode()
    assert "1234567-1" in html
    assert "tyonohjaus@example.fi" in html
    assert 'href="/tietosuojaseloste/"' in html


def test_service_pages_link_to_the_contact_form_with_the_service_preselected(client, home_page):
    html = client.get("/palvelut/konsultointi/").content.decode()
    assert 'href="/ota-yhteytta/?palvelu=Konsultointi"' in html
    form_html = client.get("/ota-yhteytta/?palvelu=Konsultointi").content.decode()
    assert '<option value="Konsultointi" selected>' in form_html


def test_page_editor_keeps_wagtails_own_finnish_labels(admin_client, home_page):
    # App catalogues must not replace Wagtail's short words ("Promote" is the editor's SEO tab).
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
    assert "Nosto" in html
    assert "Nosta jonosta" not in html


def test_no_supervision_form_opens_its_text_with_its_lead(client, home_page):
    """The lead is shown right above the body: its words again as the first sentence read as a stutter."""
    import re

    def words(sentence):
        return re.sub(r"\W+", " ", sentence).casefold().split()

    for page in SupervisionFormPage.objects.live():
        first_paragraph = page.body[0].value.source
        first_sentence = re.sub(r"<[^>]+>", "", first_paragraph).split(". ")[0]
        lead = words(page.lead)
        sentence = words(first_sentence)
        # "Ryhmätyönohjaus on <the lead>" still repeats it.
        repeated = any(sentence[start : start + len(lead)] == lead for start in range(len(sentence)))
        assert not repeated, page.title
