"""The privacy policy (GDPR Art. 13): what the site does, with the figures of the site settings."""

import re

import pytest
from wagtail.test.utils.form_data import streamfield

from home.models import HomePage, PracticeSettings, PrivacyPolicyPage
from tests.factories import admin_create_page

pytestmark = pytest.mark.django_db

URL = "/tietosuojaseloste/"


def text(client):
    html = client.get(URL).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return html, " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_policy_says_what_article_13_asks(client, home_page):
    html, page = text(client)
    practice = PracticeSettings.objects.get()
    # Controller and contact, from the settings.
    assert "Rekisterinpitäjä" in page
    for fact in (practice.name, practice.business_id, practice.email, practice.phone):
        assert fact in page
    # Each register: its data, purpose, legal basis and retention.
    for register in (
        "Ilmoittautumiset koulutuksiin ja luennoille",
        "Yhteydenottolomakkeella lähetetyt viestit",
        "Luentotilaukset",
    ):
        section = page.split(register, 1)[1][:1200]
        for label in ("Tiedot", "Tarkoitus", "Oikeusperuste", "Säilytysaika"):
            assert label in section, (register, label)
    assert "6 artiklan 1 kohdan b alakohta" in page and "9 artiklan 2 kohdan a alakohta" in page
    assert "Emme lähetä uutiskirjeitä" in page  # the site has no newsletter
    # Recipients and processors.
    assert "sähköpostipalvelun tarjoaja" in page and "palvelintilan tarjoaja" in page
    # Rights, and the right to complain to the Data Protection Ombudsman.
    for right in (
        "saada niistä kopio",
        "korjatuiksi",
        "poistetuiksi",
        "vastustaa",
        "koneluettavassa",
        "perua suostumuksesi",
    ):
        assert right in page
    assert "tietosuojavaltuutetulle" in page and 'href="https://tietosuoja.fi/"' in html


def test_the_figures_follow_the_site_settings(client, home_page):
    practice = PracticeSettings.objects.get()
    practice.name = "Ohjaus Virtanen Oy"
    practice.email = "tietosuoja@example.fi"
    practice.registration_retention_months = 18
    practice.save()
    _html, page = text(client)
    assert "Ohjaus Virtanen Oy" in page and "tietosuoja@example.fi" in page
    assert page.count("18 kuukauden kuluttua") == 3  # registrations, messages, lecture requests
    assert "12 kuukauden" not in page


def test_visitors_read_no_admin_wording(client, home_page):
    _html, page = text(client)
    for admin_words in ("Asetukset", "asetuksissa", "Settings", "oletuksena", "määritetyn"):
        assert admin_words not in page


def test_the_editor_names_the_processors(client, home_page):
    policy = PrivacyPolicyPage.objects.get(locale__language_code="fi")
    policy.email_provider = "Postipalvelu Oy, Suomi"
    policy.hosting_provider = "Palvelintalo Oy, Suomi"
    policy.save_revision().publish()
    _html, page = text(client)
    assert "Postipalvelu Oy, Suomi lähettää sivuston sähköpostit" in page
    assert "Palvelintalo Oy, Suomi ylläpitää palvelinta" in page


def test_editor_creates_the_policy_in_the_admin(admin_client, home_page):
    PrivacyPolicyPage.objects.get(locale__language_code="fi").delete()
    home = HomePage.objects.get(pk=home_page.pk)
    page = admin_create_page(
        admin_client,
        home,
        PrivacyPolicyPage,
        {
            "title": "Tietosuoja",
            "slug": "tietosuoja",
            "email_provider": "Posti Oy",
            "hosting_provider": "",
            "body": streamfield([]),
        },
    )
    assert page.live
    html = admin_client.get(page.url).content.decode()
    assert "Posti Oy lähettää sivuston sähköpostit" in html and "tietosuojavaltuutetulle" in html
