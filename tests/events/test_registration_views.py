"""Registering, cancelling and requesting a lecture through the website, including every kind of bad input."""

import re
import time
from smtplib import SMTPException

import icalendar
import pytest
from django.core.mail.backends.base import BaseEmailBackend

from events.forms import RegistrationForm
from events.models import LectureRequest, Registration
from tests.factories import make_lecture, make_registration, make_training

pytestmark = pytest.mark.django_db

Status = Registration.Status


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("mail server down")


def form_token(client, url):
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def registration_data(client, event, **overrides):
    data = {
        "form_token": form_token(client, event.url + "ilmoittaudu/"),
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "email": "Maija@Example.invalid",
        "phone": "+358 40 123 4567",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(client, event, **overrides):
    return client.post(event.url + "ilmoittaudu/", registration_data(client, event, **overrides))


def html(response):
    return response.content.decode()


def main(response):
    """The page's own content, without the header and footer."""
    return html(response).split("<main", 1)[1].split("</main>", 1)[0]


def test_the_form_asks_only_the_questions_the_editor_chose(client, events_index):
    plain = make_training(title="Pelkistetty")
    full = make_training(
        title="Kaikki kysymykset",
        price="100",
        ask_organisation=True,
        ask_invoicing=True,
        ask_dietary_needs=True,
        ask_accessibility_needs=True,
        free_text_question="Mitä odotat koulutukselta?",
    )
    plain_form = main(client.get(plain.url + "ilmoittaudu/"))
    full_form = main(client.get(full.url + "ilmoittaudu/"))
    for label in ("Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "tietosuojaselosteen"):
        assert label in plain_form and label in full_form
    for label in (
        "Organisaatio",
        "Laskutustiedot",
        "Y-tunnus",
        "Verkkolaskuosoite",
        "Ruokavalio",
        "Saavutettavuustarpeet",
        "Mitä odotat koulutukselta?",
    ):
        assert label not in plain_form
        assert label in full_form
    assert 'href="/tietosuojaseloste/"' in full_form


def test_the_blank_form_follows_the_editors_changes_at_once(client, events_index):
    # A page with a form hands out a CSRF token, so the page cache never keeps it.
    event = make_training(title="Muuttuva koulutus")
    url = event.url + "ilmoittaudu/"
    assert "Ruokavalio" not in main(client.get(url))
    event.ask_dietary_needs = True
    event.save_revision().publish()
    assert "Ruokavalio" in main(client.get(url))


def test_the_consent_links_the_privacy_policy_chosen_now(client, events_index):
    from home.models import HomePage, PracticeSettings, StandardPage

    event = make_training()
    url = event.url + "ilmoittaudu/"
    assert 'href="/tietosuojaseloste/"' in main(client.get(url))
    policy = StandardPage(title="Uusi tietosuojaseloste", slug="uusi-tietosuojaseloste")
    HomePage.objects.get(depth=2, locale__language_code="fi").add_child(instance=policy)
    practice = PracticeSettings.objects.get()
    practice.privacy_page = policy
    practice.save()
    html = main(client.get(url))
    assert 'href="/uusi-tietosuojaseloste/"' in html and 'href="/tietosuojaseloste/"' not in html


def test_every_blank_form_gets_its_own_fresh_token(client, events_index, monkeypatch):
    # Each blank form is signed when it is issued: a form loaded later is not refused as stale.
    event = make_training()
    url = event.url + "ilmoittaudu/"
    first = form_token(client, url)
    later = time.time() + 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    second = form_token(client, url)
    assert first != second
    assert "Lomake oli vanhentunut" not in html(client.post(url, registration_data(client, event)))
    assert Registration.objects.filter(event=event).count() == 1


def test_invoicing_is_not_asked_for_a_free_event(client, events_index):
    event = make_training(price=None, ask_invoicing=True)
    assert "Laskutustiedot" not in main(client.get(event.url + "ilmoittaudu/"))


def test_registering_confirms_a_place_emails_the_ics_and_cancel_link(client, events_index, emails_sent):
    event = make_training(
        title="Vahvistuskoulutus", capacity=5, confirmation_text="<p>Ota mukaan muistiinpanovälineet.</p>"
    )
    response = post(client, event)
    assert response.status_code == 302 and response["Location"] == event.url + "ilmoittaudu/kiitos/"
    registration = Registration.objects.get(event=event)
    assert registration.email == "maija@example.invalid" and registration.status == Status.CONFIRMED

    thanks = html(client.get(response["Location"]))
    assert "Paikkasi on vahvistettu" in thanks and "Ota mukaan muistiinpanovälineet." in thanks

    confirmation = next(m for m in emails_sent if m.to == ["maija@example.invalid"])
    assert confirmation.subject == "Ilmoittautuminen vahvistettu: Vahvistuskoulutus"
    assert "Hei Maija," in confirmation.body and "Ota mukaan muistiinpanovälineet." in confirmation.body
    cancel_url = f"{event.full_url}peru/{registration.token}/"
    assert cancel_url in confirmation.body
    html_body, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html" and cancel_url in html_body and "<!DOCTYPE html>" in html_body
    [(filename, content, attachment_type)] = confirmation.attachments
    assert filename == "vahvistuskoulutus.ics" and attachment_type.startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(content).walk("VEVENT")) == 1

    notice = next(m for m in emails_sent if m.to == ["tyonohjaus@example.fi"])
    assert notice.subject == "Uusi ilmoittautuminen: Vahvistuskoulutus"
    assert "Maija Meikäläinen" in notice.body and "Paikkoja varattu: 1 / 5" in notice.body
    assert notice.reply_to == ["maija@example.invalid"]


def test_only_confirmed_attendees_of_an_online_event_get_the_join_link(client, events_index, emails_sent):
    event = make_lecture(
        capacity=1,
        attendance_mode="online",
        venue="",
        address="",
        online_link="https://meet.example.invalid/x",
    )
    post(client, event, email="eka@example.invalid")
    post(client, event, email="toka@example.invalid")
    confirmed = next(m for m in emails_sent if m.to == ["eka@example.invalid"])
    waiting = next(m for m in emails_sent if m.to == ["toka@example.invalid"])
    assert "https://meet.example.invalid/x" in confirmed.body
    [vevent] = icalendar.Calendar.from_ical(confirmed.attachments[0][1]).walk("VEVENT")
    assert "https://meet.example.invalid/x" in str(vevent["DESCRIPTION"])
    assert waiting.subject.startswith("Olet jonossa") and "meet.example.invalid" not in waiting.body
    assert "jonossa (sijasi: 1)" in waiting.body and "peru/" in waiting.body


def test_a_full_event_puts_the_visitor_on_the_waiting_list(client, events_index):
    event = make_training(capacity=1)
    make_registration(event, email="eka@example.invalid")
    form = html(client.get(event.url + "ilmoittaudu/"))
    assert "Tapahtuma on täynnä. Jos ilmoittaudut nyt, pääset jonoon" in form
    response = post(client, event)
    thanks = html(client.get(response["Location"]))
    assert "Olet jonossa" in thanks and "sijalla 1" in thanks


def test_taking_the_last_place_confirms_it_without_the_full_notice(client, events_index):
    event = make_training(capacity=1)
    response = post(client, event)
    assert Registration.objects.get(event=event).status == Status.CONFIRMED
    thanks = main(client.get(response["Location"]))
    assert "Paikkasi on vahvistettu" in thanks
    assert "<dt>Ilmoittautumisesi</dt><dd>Paikka vahvistettu</dd>" in thanks
    # The event is now full, but that is news only to someone still deciding whether to register.
    assert "Täynnä" not in thanks and "jonoon" not in thanks and "Olet jonossa" not in thanks


def test_a_waitlisted_person_sees_their_place_in_the_queue(client, events_index):
    event = make_training(capacity=1)
    make_registration(event, email="eka@example.invalid")
    make_registration(event, email="toka@example.invalid")
    response = post(client, event)
    thanks = main(client.get(response["Location"]))
    assert "Olet jonossa" in thanks and "Olet jonossa sijalla 2." in thanks
    assert "<dt>Ilmoittautumisesi</dt><dd>Jonossa, sijalla 2</dd>" in thanks
    assert "Täynnä" not in thanks and "Paikkasi on vahvistettu" not in thanks


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"first_name": ""}, "first_name", "Tämä kenttä on pakollinen."),
        ({"email": "ei-osoite"}, "email", "Syötä kelvollinen sähköpostiosoite."),
        ({"consent": None}, "consent", "Hyväksy tietojesi käsittely tietosuojaselosteen mukaisesti"),
        ({"first_name": "x" * 101}, "first_name", "enintään 100 merkkiä"),
        ({"phone": "soita minulle"}, "phone", "Anna kelvollinen puhelinnumero."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, events_index, overrides, field, message):
    event = make_training()
    response = post(client, event, **overrides)
    assert response.status_code == 200
    page = html(response)
    assert "Korjaa alla merkityt virheet." in page
    # The message is in the field's own error list, which the input points to for screen readers.
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S).group(1)
    assert message in errors
    assert re.search(rf'<input[^>]*aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*id="id_{field}"', page)
    assert not Registration.objects.filter(event=event).exists()


def test_oversized_free_text_is_refused(client, events_index):
    event = make_training(free_text_question="Kerro itsestäsi")
    response = post(client, event, free_text="a" * 2001)
    assert response.status_code == 200
    assert "Tämän arvon tulee olla enintään 2000 merkkiä pitkä" in html(response)
    assert not Registration.objects.filter(event=event).exists()


def invoicing_event():
    return make_training(title="Laskutettava", price="250", ask_invoicing=True)


def test_a_wrong_business_id_is_refused_with_a_finnish_message(client, events_index):
    event = invoicing_event()
    response = post(
        client,
        event,
        payer="organisation",
        invoice_organisation="Esimerkki Oy",
        business_id="1234567-2",
        billing_address="Katu 1",
    )
    assert response.status_code == 200
    assert "Y-tunnus ei ole kelvollinen" in html(response)
    assert not Registration.objects.filter(event=event).exists()


def test_an_organisation_payer_must_give_an_invoicing_address(client, events_index):
    event = invoicing_event()
    page = html(post(client, event, payer="organisation", invoice_organisation="", business_id=""))
    # Next to each of the two fields, and once each in the summary's links to them.
    assert page.count("Pakollinen, kun organisaatio maksaa.") == 4
    assert 'href="#id_invoice_organisation"' in page and 'href="#id_business_id"' in page
    assert "Anna verkkolaskuosoite ja operaattori tai paperilaskun osoite." in page
    page = html(
        post(
            client,
            event,
            payer="organisation",
            invoice_organisation="O",
            business_id="1234567-1",
            einvoice_address="003712345678",
        )
    )
    assert "Anna verkkolaskuosoitteen operaattori." in page


def test_invoicing_details_are_stored(client, events_index):
    event = invoicing_event()
    response = post(
        client,
        event,
        payer="organisation",
        invoice_organisation="Esimerkki Oy",
        business_id="1234567-1",
        einvoice_address="003712345678",
        einvoice_operator="Operaattori Oy",
        payer_reference="KP 123",
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.business_id, registration.einvoice_operator, registration.payer_reference) == (
        "1234567-1",
        "Operaattori Oy",
        "KP 123",
    )


def test_a_person_paying_themselves_leaves_no_organisation_details(client, events_index):
    event = invoicing_event()
    post(client, event, payer="self", invoice_organisation="Ei tallenneta", business_id="1234567-1")
    registration = Registration.objects.get(event=event)
    assert (
        registration.payer == "self"
        and registration.invoice_organisation == ""
        and registration.business_id == ""
    )


@pytest.mark.parametrize("token", ["", "forged", "17:abc:def"])
def test_a_forged_or_missing_form_token_is_refused_with_a_fresh_form(client, events_index, token):
    event = make_training()
    response = post(client, event, form_token=token)
    assert response.status_code == 200
    page = html(response)
    assert "Lomake oli vanhentunut tai virheellinen." in page
    fresh = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert fresh and fresh != token
    assert (
        client.post(
            event.url + "ilmoittaudu/", registration_data(client, event, form_token=fresh)
        ).status_code
        == 302
    )


def test_a_form_from_another_event_is_refused(client, events_index):
    event = make_training(title="Tämä")
    other = make_training(title="Toinen")
    data = registration_data(client, event, form_token=form_token(client, other.url + "ilmoittaudu/"))
    page = html(client.post(event.url + "ilmoittaudu/", data))
    assert "Lomake oli vanhentunut tai virheellinen." in page


def test_a_stale_form_is_refused(client, events_index, monkeypatch):
    event = make_training()
    data = registration_data(client, event)
    monkeypatch.setattr("events.forms.FORM_TOKEN_MAX_AGE", -1)
    assert "Lomake oli vanhentunut tai virheellinen." in html(client.post(event.url + "ilmoittaudu/", data))


def test_a_second_submit_is_explained_not_duplicated(client, events_index):
    event = make_training()
    data = registration_data(client, event)
    assert client.post(event.url + "ilmoittaudu/", data).status_code == 302
    again = client.post(event.url + "ilmoittaudu/", data)
    assert again.status_code == 200
    assert "Tällä sähköpostiosoitteella on jo ilmoittauduttu tähän tapahtumaan." in html(again)
    assert Registration.objects.filter(event=event).count() == 1


def test_the_honeypot_refuses_bots(client, events_index):
    event = make_training()
    response = post(client, event, website="http://spam.example.invalid")
    assert response.status_code == 200
    assert not Registration.objects.filter(event=event).exists()


def test_registration_posts_are_rate_limited_per_address(client, events_index, settings):
    settings.FORM_RATE_LIMIT = "10/600"
    event = make_training(capacity=None)
    data = registration_data(client, event)
    for number in range(10):
        response = client.post(event.url + "ilmoittaudu/", {**data, "email": f"h{number}@example.invalid"})
        assert response.status_code == 302
    blocked = client.post(event.url + "ilmoittaudu/", {**data, "email": "h11@example.invalid"})
    assert blocked.status_code == 429
    assert "Liian monta yritystä" in html(blocked)
    other_address = client.post(
        event.url + "ilmoittaudu/", {**data, "email": "h12@example.invalid"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other_address.status_code == 302


def test_the_rate_limit_counts_where_every_worker_process_sees_it(client, events_index, settings):
    settings.FORM_RATE_LIMIT = "10/600"
    from django.core.cache import cache

    from home import counters

    event = make_training(capacity=None)
    data = registration_data(client, event)
    for number in range(4):
        client.post(event.url + "ilmoittaudu/", {**data, "email": f"w{number}@example.invalid"})
    assert counters.value("form-posts:register:address:127.0.0.1") == 4
    cache.clear()  # not a count of this process's own: clearing its cache changes nothing
    for number in range(4, 10):
        response = client.post(event.url + "ilmoittaudu/", {**data, "email": f"w{number}@example.invalid"})
        assert response.status_code == 302
    assert (
        client.post(event.url + "ilmoittaudu/", {**data, "email": "w10@example.invalid"}).status_code == 429
    )


def test_closed_registration_shows_a_message_instead_of_the_form(client, events_index):
    event = make_training(sessions=((-1, 9, 12), (5, 9, 12)))
    page = main(client.get(event.url + "ilmoittaudu/"))
    assert "Tapahtuma on jo alkanut" in page and "<form" not in page
    # A form opened before the event started and sent after it.
    token = RegistrationForm(page=event).issue_token()
    data = registration_data(client, make_training(title="Toinen avoin"), form_token=token)
    response = client.post(event.url + "ilmoittaudu/", data)
    assert response.status_code == 200
    assert "Tapahtuma on jo alkanut, joten ilmoittautuminen on päättynyt." in main(response)
    assert not Registration.objects.filter(event=event).exists()


def test_a_failing_mail_server_neither_loses_nor_rolls_back_a_registration(
    client, events_index, settings, emails_sent
):
    settings.EMAIL_BACKEND = "tests.events.test_registration_views.FailingEmailBackend"
    event = make_training(capacity=3)
    response = post(client, event)
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 1
    assert "Paikkasi on vahvistettu" in html(client.get(response["Location"]))


def test_a_team_of_twenty_registers_from_one_office_address_with_typos_on_the_way(client, events_index):
    event = make_training(capacity=None)
    data = registration_data(client, event)
    for number in range(20):
        typo = client.post(event.url + "ilmoittaudu/", {**data, "email": f"kollega{number}@example"})
        assert typo.status_code == 200 and "Syötä kelvollinen sähköpostiosoite." in html(typo)
        fixed = client.post(event.url + "ilmoittaudu/", {**data, "email": f"kollega{number}@example.invalid"})
        assert fixed.status_code == 302, number
    assert Registration.objects.filter(event=event).count() == 20


def test_posts_a_bot_makes_count_towards_the_limit(client, events_index, settings):
    settings.FORM_RATE_LIMIT = "5/600"
    event = make_training(capacity=None)
    data = registration_data(client, event, website="http://spam.example.invalid")
    statuses = [client.post(event.url + "ilmoittaudu/", data).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_one_email_address_cannot_flood_a_form(client, events_index, settings):
    settings.FORM_EMAIL_RATE_LIMIT = "2/3600"
    lecture = make_lecture(sessions=())
    url = lecture.url + "tilaa/"
    data = lecture_request_data(client, lecture)
    statuses = [client.post(url, data, REMOTE_ADDR=f"192.0.2.{number}").status_code for number in range(3)]
    assert statuses == [302, 302, 429]


def test_the_thank_you_page_needs_a_registration_in_this_session(client, events_index):
    event = make_training()
    response = client.get(event.url + "ilmoittaudu/kiitos/")
    assert response.status_code == 302 and response["Location"] == event.url


# Cancelling


def test_the_cancel_link_shows_what_will_be_cancelled_and_asks_to_confirm(client, events_index):
    event = make_training(title="Peruttava")
    registration = make_registration(
        event, first_name="Pertti", last_name="Peruja", email="pertti@example.invalid"
    )
    page = html(client.get(event.url + f"peru/{registration.token}/"))
    assert "Peruttava" in page and "Pertti Peruja" in page and "pertti@example.invalid" in page
    assert 'method="post"' in page and "Kyllä, peru ilmoittautumiseni" in page
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED  # a GET (e.g. a link preview) changes nothing


def test_cancelling_by_link_promotes_and_notifies_the_next_person(client, events_index, emails_sent):
    event = make_training(title="Suosittu", capacity=1)
    first = make_registration(event, email="eka@example.invalid")
    waiting = make_registration(event, email="toka@example.invalid")
    emails_sent.clear()
    response = client.post(event.url + f"peru/{first.token}/")
    assert response.status_code == 200
    assert "Ilmoittautumisesi on peruttu." in html(response)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    subjects = {message.to[0]: message.subject for message in emails_sent}
    assert subjects["eka@example.invalid"] == "Ilmoittautuminen peruttu: Suosittu"
    assert subjects["toka@example.invalid"] == "Paikka vapautui – pääset mukaan: Suosittu"
    assert subjects["tyonohjaus@example.fi"] == "Peruutus: Suosittu"
    promoted = next(m for m in emails_sent if m.to == ["toka@example.invalid"])
    assert promoted.attachments and f"peru/{waiting.token}/" in promoted.body


def test_cancelling_again_says_it_is_already_cancelled(client, events_index):
    event = make_training()
    registration = make_registration(event)
    client.post(event.url + f"peru/{registration.token}/")
    page = html(client.get(event.url + f"peru/{registration.token}/"))
    assert "Tämä ilmoittautuminen on jo peruttu." in page and 'method="post"' not in page
    assert "jo peruttu" in html(client.post(event.url + f"peru/{registration.token}/"))


def test_a_wrong_token_finds_nothing(client, events_index):
    event = make_training()
    other = make_training(title="Muu")
    registration = make_registration(other)
    for token in ("x" * 43, registration.token):  # a guess, and a token of another event
        response = client.get(event.url + f"peru/{token}/")
        assert response.status_code == 404
        assert "Ilmoittautumista ei löytynyt" in html(response)


# Lecture requests


def lecture_request_data(client, topic, **overrides):
    url = topic.url + "tilaa/"
    data = {
        "form_token": form_token(client, url),
        "organisation": "Esimerkki ry",
        "contact_name": "Tilaaja",
        "email": "tilaaja@example.invalid",
        "preferred_dates": "Maaliskuun alussa",
        "audience_size": "40",
        "format": "online",
        "message": "Henkilöstöpäivä",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_topic_on_request_takes_a_lecture_request(client, events_index, emails_sent):
    topic = make_lecture(title="Tilattava", sessions=())
    page = html(client.get(topic.url + "tilaa/"))
    for label in ("Organisaatio", "Yhteyshenkilö", "Toivotut ajankohdat", "Kuulijoiden määrä", "Toteutus"):
        assert label in page
    response = client.post(topic.url + "tilaa/", lecture_request_data(client, topic))
    assert response.status_code == 302 and response["Location"] == topic.url + "tilaa/kiitos/"
    assert "Kiitos tilauksestasi" in html(client.get(response["Location"]))
    assert LectureRequest.objects.get(lecture=topic).organisation == "Esimerkki ry"
    [message] = emails_sent
    assert message.subject == "Luentotilaus: Tilattava" and "Maaliskuun alussa" in message.body


def test_a_lecture_request_with_bad_input_is_not_sent(client, events_index):
    topic = make_lecture(sessions=())
    data = lecture_request_data(client, topic, preferred_dates="", audience_size="-3", email="x")
    response = client.post(topic.url + "tilaa/", data)
    assert response.status_code == 200
    page = html(response)
    assert "Tämä kenttä on pakollinen." in page and "Syötä kelvollinen sähköpostiosoite." in page
    assert not LectureRequest.objects.exists()


def test_a_scheduled_lecture_takes_registrations_not_requests(client, events_index):
    lecture = make_lecture()
    assert client.get(lecture.url + "tilaa/").status_code == 404


def test_behind_the_proxy_the_limit_counts_the_forwarded_client_address(client, events_index, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    settings.FORM_RATE_LIMIT = "10/600"
    event = make_training(capacity=None)
    data = registration_data(client, event)
    for number in range(15):
        headers = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{number}"}  # fifteen visitors behind one proxy
        assert (
            client.post(
                event.url + "ilmoittaudu/", {**data, "email": f"p{number}@example.invalid"}, **headers
            ).status_code
            == 302
        )
    # A client cannot dodge the limit by inventing addresses: the proxy appends the real one last.
    for number in range(20, 31):
        headers = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number}, 203.0.113.99"}
        response = client.post(
            event.url + "ilmoittaudu/", {**data, "email": f"p{number}@example.invalid"}, **headers
        )
    assert response.status_code == 429
