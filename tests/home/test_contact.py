import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactPage, PracticeSettings

pytestmark = pytest.mark.django_db

URL = "/ota-yhteytta/"
VALID = {
    "nimi": "Maija Meikäläinen",
    "sahkoposti": "maija@example.fi",
    "puhelin": "040 123 4567",
    "organisaatio": "Esimerkin kaupunki",
    "palvelu": "Työnohjaus",
    "viesti": "Haluaisimme ryhmätyönohjausta kuudelle hengelle.",
}


def test_enquiry_is_emailed_to_the_practitioner_and_the_sender_is_thanked(client, home_page):
    response = client.post(URL, VALID)
    assert response.status_code == 200
    assert "Kiitos viestistäsi" in response.content.decode()
    assert FormSubmission.objects.filter(page__slug="ota-yhteytta").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tyonohjaus@example.fi"]
    assert message.reply_to == ["maija@example.fi"]
    assert message.subject == "Yhteydenotto verkkosivuilta"
    assert "Maija Meikäläinen" in message.body and "ryhmätyönohjausta" in message.body
    assert "Jätä tämä kenttä tyhjäksi" not in message.body


def test_enquiry_goes_to_the_notification_address_when_one_is_set(client, home_page):
    settings = PracticeSettings.objects.get()
    settings.notification_email = "ilmoitukset@example.fi"
    settings.save()
    client.post(URL, VALID)
    assert mail.outbox[0].to == ["ilmoitukset@example.fi"]


def test_the_form_pages_own_address_wins(client, home_page):
    page = ContactPage.objects.get(locale__language_code="fi")
    page.to_address = "tarjoukset@example.fi"
    page.save_revision().publish()
    client.post(URL, VALID)
    assert mail.outbox[0].to == ["tarjoukset@example.fi"]


def test_honeypot_rejects_a_bot_without_saving_or_mailing(client, home_page):
    response = client.post(URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Lomaketta ei voitu lähettää" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_bad_input_is_shown_next_to_the_fields_in_finnish_and_keeps_what_was_typed(client, home_page):
    response = client.post(URL, {**VALID, "nimi": "", "sahkoposti": "ei-osoite"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Korjaa alla merkityt virheet." in html
    assert 'id="id_nimi_error"' in html and "Tämä kenttä on pakollinen." in html
    assert "Syötä kelvollinen sähköpostiosoite." in html
    assert 'aria-invalid="true"' in html
    assert "ryhmätyönohjausta kuudelle hengelle" in html  # what was typed is kept
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_form_warns_against_sensitive_data_and_links_the_privacy_policy(client, home_page):
    html = client.get(URL).content.decode()
    assert "Älä lähetä lomakkeella asiakkaisiin liittyviä" in html
    assert 'href="/tietosuojaseloste/"' in html


def test_unknown_preselected_service_is_ignored(client, home_page):
    response = client.get(URL, {"palvelu": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_service_list_starts_empty_and_a_supervision_form_preselects_work_supervision(client, home_page):
    html = client.get(URL).content.decode()
    assert '<option value="" selected>– valitse –</option>' in html
    form_page_html = client.get("/palvelut/tyonohjaus/ryhmatyonohjaus/").content.decode()
    assert 'href="/ota-yhteytta/?palvelu=Ty%C3%B6nohjaus"' in form_page_html
    assert (
        '<option value="Työnohjaus" selected>' in client.get(URL, {"palvelu": "Työnohjaus"}).content.decode()
    )


def test_an_enquiry_without_a_service_is_accepted(client, home_page):
    response = client.post(URL, {**VALID, "palvelu": ""})
    assert "Kiitos viestistäsi" in response.content.decode()


@pytest.mark.parametrize(
    ("permissions", "allowed"), [((), False), (("wagtailforms.view_formsubmission",), True)]
)
def test_enquiries_are_shown_only_to_users_with_the_permission(
    client, home_page, django_user_model, permissions, allowed
):
    from django.urls import reverse

    from tests.factories import make_editor

    client.post(URL, VALID)
    client.force_login(make_editor(django_user_model, permissions=permissions))
    contact = ContactPage.objects.get(locale__language_code="fi")
    for url in (
        reverse("wagtailforms:list_submissions", args=[contact.pk]),
        reverse("wagtailforms:list_submissions", args=[contact.pk]) + "?export=csv",
    ):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert "Maija" in body.decode()
        else:  # Wagtail refuses with a redirect to the dashboard and a message
            assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_preview_of_changed_fields_neither_reads_nor_leaves_the_kept_form(client, rf, home_page):
    from django.contrib.auth.models import AnonymousUser

    from home.models import ContactFormField

    assert "Luonnoskenttä" not in client.get(URL).content.decode()  # the live blank form is kept now
    draft = ContactPage.objects.get(slug="ota-yhteytta")
    draft.form_fields.add(ContactFormField(label="Luonnoskenttä", field_type="singleline"))
    request = rf.get(URL)
    request.is_preview, request.user = True, AnonymousUser()
    preview = draft.serve(request)
    preview.render()
    assert "Luonnoskenttä" in preview.content.decode()
    assert "Luonnoskenttä" not in client.get(URL).content.decode()
