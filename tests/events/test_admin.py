"""The Registrations section of the Wagtail admin: listing, filters, exports, actions, permissions."""

import csv
import datetime
import io
import re
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events.models import Registration
from tests.factories import make_editor, make_registration, make_training

pytestmark = pytest.mark.django_db

Status = Registration.Status
INDEX = "/admin/registrations/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def full_event(events_index):
    event = make_training(title="Täysi koulutus", capacity=1, price="150", ask_invoicing=True)
    make_registration(
        event, email="eka@example.invalid", first_name="Eeva", last_name="Ensimmäinen", phone="+358 40 1"
    )
    make_registration(
        event,
        email="toka@example.invalid",
        first_name="Toivo",
        last_name="Toinen",
        payer="organisation",
        invoice_organisation='=HYPERLINK("http://x")',
        business_id="1234567-1",
    )
    return event


def test_the_listing_shows_event_name_email_status_and_date(admin_client, full_event):
    html = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    for expected in ("Eeva Ensimmäinen", "eka@example.invalid", "Täysi koulutus", "vahvistettu", "jonossa"):
        assert expected in html


def test_the_listing_filters_by_event_and_status_and_searches(admin_client, full_event):
    other = make_training(title="Muu koulutus")
    make_registration(other, email="muu@example.invalid")
    by_event = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    assert "eka@example.invalid" in by_event and "muu@example.invalid" not in by_event
    by_status = admin_client.get(f"{INDEX}?event={full_event.pk}&status=waitlisted").content.decode()
    assert "toka@example.invalid" in by_status and "eka@example.invalid" not in by_status
    searched = admin_client.get(f"{INDEX}?q=toivo").content.decode()
    assert "toka@example.invalid" in searched and "eka@example.invalid" not in searched


def test_csv_export_opens_in_finnish_excel(admin_client, full_event):
    response = admin_client.get(f"{INDEX}?event={full_event.pk}&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ilmoittautumiset-taysi-koulutus-' in response["Content-Disposition"]
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *data = rows
    assert header[:7] == [
        "Tapahtuma",
        "Ajankohta",
        "Tila",
        "Sija jonossa",
        "Etunimi",
        "Sukunimi",
        "Sähköposti",
    ]
    assert len(data) == 2
    by_email = {row[header.index("Sähköposti")]: row for row in data}
    eeva = by_email["eka@example.invalid"]
    assert eeva[header.index("Tapahtuma")] == "Täysi koulutus"
    assert eeva[header.index("Tila")] == "vahvistettu"
    assert eeva[header.index("Puhelin")] == "+358 40 1"  # a phone number is not mistaken for a formula
    toivo = by_email["toka@example.invalid"]
    assert toivo[header.index("Y-tunnus")] == "1234567-1"
    assert toivo[header.index("Laskutettava organisaatio")] == '\'=HYPERLINK("http://x")'  # not run by Excel
    registered = eeva[header.index("Ilmoittautunut")]
    assert registered.count(".") >= 2 and "+00:00" not in registered  # Finnish local time


def test_xlsx_export_parses_back(admin_client, full_event):
    response = admin_client.get(f"{INDEX}?event={full_event.pk}&export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.active.values)
    header = list(rows[0])
    emails = {row[header.index("Sähköposti")] for row in rows[1:]}
    assert emails == {"eka@example.invalid", "toka@example.invalid"}
    created = rows[1][header.index("Ilmoittautunut")]
    registration = Registration.objects.get(email=rows[1][header.index("Sähköposti")])
    from django.utils import timezone

    assert created == timezone.localtime(registration.created).replace(
        tzinfo=None, microsecond=created.microsecond
    )


def test_admin_cancels_and_the_waiting_list_moves(admin_client, full_event):
    confirmed = Registration.objects.get(email="eka@example.invalid")
    waiting = Registration.objects.get(email="toka@example.invalid")
    url = reverse("registrations:cancel", args=[confirmed.pk])
    page = admin_client.get(url).content.decode()
    assert "Perutaanko tämä ilmoittautuminen?" in page and "Eeva Ensimmäinen" in page
    response = admin_client.post(url, {"next": INDEX})
    assert response.status_code == 302 and response["Location"] == INDEX
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    entry = ModelLogEntry.objects.filter(
        object_id=str(confirmed.pk), action="events.registration.cancel"
    ).get()
    assert entry.user.username == "admin-test"


def test_admin_promotes_only_into_a_free_place(admin_client, full_event):
    waiting = Registration.objects.get(email="toka@example.invalid")
    url = reverse("registrations:promote", args=[waiting.pk])
    response = admin_client.post(url, follow=True)
    assert "Tapahtuma on täynnä." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    full_event.capacity = 2
    full_event.save(update_fields=["capacity"])
    admin_client.post(url)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_admin_erases_one_persons_data(admin_client, full_event):
    mine = Registration.objects.get(email="eka@example.invalid")
    page = admin_client.get(reverse("registrations:erase", args=[mine.pk])).content.decode()
    assert "Poistetaanko henkilötiedot" in page
    admin_client.post(reverse("registrations:erase", args=[mine.pk]))
    mine.refresh_from_db()
    assert (
        mine.anonymised_at and mine.email == "" and mine.first_name == "" and mine.status == Status.CANCELLED
    )
    listing = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    assert "(henkilötiedot poistettu)" in listing and "eka@example.invalid" not in listing


def test_registrations_cannot_be_added_or_deleted_around_the_rules(admin_client, full_event):
    registration = Registration.objects.first()
    assert admin_client.get(INDEX + "new/").status_code == 404
    assert admin_client.get(f"{INDEX}delete/{registration.pk}/").status_code == 404


def test_an_editor_without_the_permission_gets_403(client, django_user_model, full_event):
    client.force_login(make_editor(django_user_model))
    registration = Registration.objects.first()
    for url in (
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}inspect/{registration.pk}/",
        f"{INDEX}edit/{registration.pk}/",
        reverse("registrations:cancel", args=[registration.pk]),
        reverse("registrations:erase", args=[registration.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("registrations:cancel", args=[registration.pk])).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    # Their edit view of the event shows the counts, but no link to the personal data.
    edit = client.get(f"/admin/pages/{full_event.pk}/edit/").content.decode()
    assert "<strong>1 / 1</strong> paikkaa varattu" in edit and "/admin/registrations/" not in edit


def test_an_editor_with_the_view_permission_sees_but_cannot_change(client, django_user_model, full_event):
    client.force_login(make_editor(django_user_model, permissions=["events.view_registration"]))
    registration = Registration.objects.first()
    assert "eka@example.invalid" in client.get(INDEX).content.decode()
    assert client.get(f"{INDEX}inspect/{registration.pk}/").status_code == 200
    assert client.post(reverse("registrations:cancel", args=[registration.pk])).status_code == 403


def test_the_dashboard_lists_upcoming_events_with_counts(admin_client, full_event):
    html = admin_client.get("/admin/").content.decode()
    assert "Tulevat koulutukset ja luennot" in html
    assert "Täysi koulutus" in html and "1 / 1" in html
    assert f"{INDEX}?event={full_event.pk}" in html


def test_lecture_requests_are_listed_for_the_practitioner(admin_client, events_index):
    from events import services
    from tests.factories import make_lecture

    topic = make_lecture(sessions=())
    services.request_lecture(
        topic,
        consent=True,
        organisation="Tilaava ry",
        contact_name="C",
        email="c@example.invalid",
        preferred_dates="Syksyllä",
    )
    assert "Tilaava ry" in admin_client.get("/admin/lecture_requests/").content.decode()


def test_the_anonymise_command_reports_what_it_did(events_index):
    event = make_training(capacity=5, sessions=((-500, 9, 12),), publish=False)
    Registration.objects.create(event=event, status=Status.CONFIRMED, email="vanha@example.invalid")
    out = StringIO()
    call_command("anonymise_registrations", stdout=out)
    assert "registrations: 1" in out.getvalue()
    assert not Registration.objects.filter(email="vanha@example.invalid").exists()


def test_an_editor_without_the_permission_cannot_see_lecture_requests(
    client, django_user_model, events_index
):
    client.force_login(make_editor(django_user_model))
    assert client.get("/admin/lecture_requests/").status_code == 403


def test_editing_a_registration_to_a_taken_email_is_refused_with_a_message(admin_client, full_event):
    from wagtail.test.utils.form_data import nested_form_data

    registration = Registration.objects.get(email="toka@example.invalid")
    data = {
        "first_name": "Toivo",
        "last_name": "Toinen",
        "email": "EKA@example.invalid",
        "phone": "",
        "organisation": "",
        "payer": "",
        "invoice_organisation": "",
        "business_id": "",
        "einvoice_address": "",
        "einvoice_operator": "",
        "billing_address": "",
        "payer_reference": "",
        "dietary_needs": "",
        "accessibility_needs": "",
        "free_text": "",
    }
    response = admin_client.post(f"{INDEX}edit/{registration.pk}/", nested_form_data(data))
    assert response.status_code == 200
    assert "Tällä sähköpostiosoitteella on jo ilmoittauduttu tähän tapahtumaan." in response.content.decode()
    data["email"] = "Uusi@Example.invalid"
    assert admin_client.post(f"{INDEX}edit/{registration.pk}/", nested_form_data(data)).status_code == 302
    registration.refresh_from_db()
    assert registration.email == "uusi@example.invalid"


# Changing the number of places in the page editor


def edit_event(client, event, *, capacity, publish=True):
    """POST the event's edit form as the editor left it, with only the number of places changed."""
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    sessions = [
        {
            "id": session.pk,
            "start": timezone.localtime(session.start).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(session.end).strftime("%Y-%m-%d %H:%M"),
        }
        for session in event.sessions.all()
    ]
    data = {
        "title": event.title,
        "slug": event.slug,
        "lead": event.lead,
        "body": streamfield([]),
        "sessions": inline_formset(sessions, initial=len(sessions)),
        "attendance_mode": event.attendance_mode,
        "venue": event.venue,
        "address": event.address,
        "capacity": "" if capacity is None else str(capacity),
        "waiting_list": "on" if event.waiting_list else "",
        "confirmation_text": rich_text(""),
        "comments": inline_formset([]),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{event.pk}/edit/", nested_form_data(data))


@pytest.fixture
def queued_event(events_index):
    """One confirmed place and three people waiting, in the order they registered."""
    event = make_training(title="Jonokoulutus", capacity=1)
    for email in ("eka@", "toka@", "kolmas@", "neljas@"):
        make_registration(event, email=f"{email}example.invalid")
    return event


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("created", "pk").values_list("email", "status")
    )


def test_places_cannot_be_lowered_below_the_confirmed_registrations(admin_client, events_index):
    from events.models import EventPage

    event = make_training(title="Suosittu koulutus", capacity=5)
    for number in range(3):
        make_registration(event, email=f"h{number}@example.invalid")
    response = edit_event(admin_client, event, capacity=2)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["capacity"] == [
        "Vahvistettuja ilmoittautumisia on jo 3. Paikkamäärä ei voi olla tätä pienempi "
        "– peru ensin ilmoittautumisia."
    ]
    assert "Vahvistettuja ilmoittautumisia on jo 3." in response.content.decode()
    # The editor's input is shown again, and nothing saved is lost.
    assert form["capacity"].value() == "2" and form["title"].value() == "Suosittu koulutus"
    assert EventPage.objects.get(pk=event.pk).capacity == 5
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 3
    # Down to the confirmed count, or unlimited, is fine.
    assert edit_event(admin_client, event, capacity=3).status_code == 302
    assert EventPage.objects.get(pk=event.pk).capacity == 3


def test_publishing_more_places_promotes_the_waiting_list_in_order_and_emails_them(
    admin_client, queued_event, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_event(admin_client, queued_event, capacity=3)
    assert response.status_code == 302
    assert statuses(queued_event) == [
        ("eka@example.invalid", Status.CONFIRMED),
        ("toka@example.invalid", Status.CONFIRMED),
        ("kolmas@example.invalid", Status.CONFIRMED),
        ("neljas@example.invalid", Status.WAITLISTED),
    ]
    promoted = [m for m in mail.outbox if m.subject == "Paikka vapautui – pääset mukaan: Jonokoulutus"]
    assert sorted(m.to[0] for m in promoted) == ["kolmas@example.invalid", "toka@example.invalid"]
    assert len(mail.outbox) == 2  # the promoted two, and nobody else


def test_publishing_without_more_places_promotes_nobody(
    admin_client, queued_event, django_capture_on_commit_callbacks
):
    from django.core import mail

    before = statuses(queued_event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_event(admin_client, queued_event, capacity=1).status_code == 302
    assert statuses(queued_event) == before
    assert mail.outbox == []


def test_saving_a_draft_with_more_places_promotes_nobody(admin_client, queued_event):
    before = statuses(queued_event)
    assert edit_event(admin_client, queued_event, capacity=3, publish=False).status_code == 302
    assert statuses(queued_event) == before


def test_removing_the_limit_confirms_everyone_waiting(admin_client, queued_event):
    assert edit_event(admin_client, queued_event, capacity=None).status_code == 302
    assert {status for _email, status in statuses(queued_event)} == {Status.CONFIRMED}


# Issue 11: the practitioner's admin


def inspect(client, registration):
    return client.get(reverse("registrations:inspect", args=[registration.pk])).content.decode()


def listing_rows(page):
    """The text of each cell of each row of a listing."""
    tbody = page.split('<table class="listing">')[1].split("<tbody>")[1].split("</tbody>")[0]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S)
    ]


def inspected_values(page):
    """{label: value} of an inspect view."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>\s*(.*?)\s*</dd>", page, flags=re.S)
    return {label.strip(): value for label, value in pairs}


def test_the_inspect_view_shows_finnish_times_and_a_dash_for_what_is_not_there(admin_client, full_event):
    from django.utils import timezone
    from django.utils.formats import localize

    eeva = Registration.objects.get(email="eka@example.invalid")
    page = inspect(admin_client, eeva)
    local = localize(timezone.localtime(eeva.created))
    utc = localize(eeva.created.astimezone(datetime.UTC))
    assert local in page and local != utc and utc not in page
    listing = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    assert local in listing  # the listing and the inspect view agree
    values = inspected_values(page)
    assert values["Peruttu"] == "–" and values["Puhelin"] == "+358 40 1"
    assert "None" not in values.values()


def test_a_registration_is_called_by_the_person_and_the_event(admin_client, full_event):
    eeva = Registration.objects.get(email="eka@example.invalid")
    title = "Eeva Ensimmäinen – Täysi koulutus"
    for url in (
        reverse("registrations:inspect", args=[eeva.pk]),
        reverse("registrations:edit", args=[eeva.pk]),
        reverse("registrations:history", args=[eeva.pk]),
    ):
        page = admin_client.get(url).content.decode()
        assert title in page, url
        assert f"Ilmoittautuminen {eeva.pk}" not in page, url


def test_the_audit_log_keeps_no_name(admin_client, full_event):
    eeva = Registration.objects.get(email="eka@example.invalid")
    labels = ModelLogEntry.objects.filter(object_id=str(eeva.pk)).values_list("label", flat=True)
    assert labels and not any("Eeva" in label for label in labels)


def test_each_waiting_registration_shows_its_place_in_the_queue(admin_client, full_event):
    third = make_registration(
        full_event, email="kolmas@example.invalid", first_name="Kolmas", last_name="Jonossa"
    )
    listing = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    assert "Sija jonossa" in listing
    # The listing's columns: name, event, email, status, place on the waiting list, registered.
    places = {row[2]: row[4] for row in listing_rows(listing)}
    assert places == {"eka@example.invalid": "", "toka@example.invalid": "1", "kolmas@example.invalid": "2"}
    assert inspected_values(inspect(admin_client, third))["Sija jonossa"] == "2"
    assert (
        inspected_values(inspect(admin_client, Registration.objects.get(email="eka@example.invalid")))[
            "Sija jonossa"
        ]
        == "–"
    )


def test_the_listing_counts_places_on_the_waiting_list_in_one_query(
    admin_client, full_event, django_assert_max_num_queries
):
    for number in range(10):
        make_registration(full_event, email=f"jono{number}@example.invalid")
    with django_assert_max_num_queries(25):
        admin_client.get(f"{INDEX}?event={full_event.pk}")
    with django_assert_max_num_queries(25):
        admin_client.get(f"{INDEX}?event={full_event.pk}&export=csv")


def test_export_buttons_say_download(admin_client, full_event):
    page = admin_client.get(INDEX).content.decode()
    assert "Lataa CSV" in page and "Lataa XLSX" in page
    assert "Hae CSV" not in page and "Hae XLSX" not in page


def test_exports_are_named_after_the_event_and_its_date(admin_client, full_event):
    from django.utils import timezone

    day = timezone.localtime(full_event.starts_at).date().isoformat()
    for export in ("csv", "xlsx"):
        response = admin_client.get(f"{INDEX}?event={full_event.pk}&export={export}")
        assert f'filename="ilmoittautumiset-taysi-koulutus-{day}.{export}"' in response["Content-Disposition"]
    everything = admin_client.get(f"{INDEX}?export=csv")
    today = timezone.localdate().isoformat()
    assert f'filename="ilmoittautumiset-{today}.csv"' in everything["Content-Disposition"]


def test_the_xlsx_sheet_is_named_after_the_event(admin_client, events_index):
    event = make_training(title="Työyhteisö: [osa 1/2] mitä teemme *yhdessä*?", slug="tyoyhteiso-osa-1")
    make_registration(event)
    response = admin_client.get(f"{INDEX}?event={event.pk}&export=xlsx")
    assert "ilmoittautumiset-tyoyhteiso-osa-12-mita-teemme-yhdessa-" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["Työyhteisö osa 12 mitä teemme y"]
    unfiltered = openpyxl.load_workbook(io.BytesIO(body(admin_client.get(f"{INDEX}?export=xlsx"))))
    assert unfiltered.sheetnames == ["Ilmoittautumiset"]


def test_after_an_action_the_listing_keeps_its_filters(admin_client, full_event):
    import html

    listing = f"{INDEX}?event={full_event.pk}&status=waitlisted"
    page = html.unescape(admin_client.get(listing).content.decode())
    waiting = Registration.objects.get(email="toka@example.invalid")
    action = reverse("registrations:cancel", args=[waiting.pk])
    links = re.findall(rf'href="({re.escape(action)}[^"]*)"', page)
    assert links, "no cancel link in the listing"
    confirm = admin_client.get(links[0]).content.decode()
    assert f'name="next" value="{html.escape(listing)}"' in confirm
    response = admin_client.post(links[0], {"next": listing})
    assert response.status_code == 302 and response["Location"] == listing


def test_listing_footers_count_in_finnish(admin_client, full_event):
    page = admin_client.get(f"{INDEX}?event={full_event.pk}").content.decode()
    assert "2 ilmoittautumista" in page and "ilmoittautumiset</div>" not in page
    groups = admin_client.get(reverse("wagtailsnippets_home_supervisedgroup:list")).content.decode()
    assert "14 ohjattua ryhmää" in groups and "14 ohjatut ryhmät" not in groups


def test_every_model_has_a_finnish_plural():
    """Without its own plural Django adds an "s": "etusivus", "tekstisivus"."""
    from django.apps import apps
    from django.utils import translation

    ours = [
        m for m in apps.get_models() if m._meta.app_label in ("home", "events", "publications", "login_guard")
    ]
    missing = [m.__name__ for m in ours if "verbose_name_plural" not in m._meta.original_attrs]
    assert missing == []
    with translation.override("en"):
        english = {m: str(m._meta.verbose_name_plural) for m in ours}
    with translation.override("fi"):
        untranslated = [m.__name__ for m in ours if str(m._meta.verbose_name_plural) == english[m]]
    assert untranslated == []
