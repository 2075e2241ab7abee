"""Event pages, listings, calendars and structured data, as visitors and editors see them."""

import json
import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from events.models import EventIndexPage, EventPage, LecturePage, Registration, TrainingPage
from home.models import HomePage, ServicePage
from tests.factories import admin_create_page, make_event, make_lecture, make_registration, make_training

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def card_titles(html):
    return re.findall(r'<h[23] class="card__title"><a href="[^"]*">([^<]*)</a>', html)


# Editors


def session_row(days, start="09:00", end="16:00"):
    day = (timezone.localdate() + timedelta(days=days)).isoformat()
    return {"start": f"{day} {start}", "end": f"{day} {end}"}


def event_form(title, sessions, **fields):
    return {
        "title": title,
        "lead": "Lyhyesti.",
        "body": streamfield([]),
        "sessions": inline_formset(sessions),
        "attendance_mode": "in_person",
        "venue": "Sali",
        "address": "Katu 1",
        "price": "100",
        "capacity": "12",
        "waiting_list": "on",
        "confirmation_text": rich_text(""),
        **fields,
    }


def test_an_editor_creates_a_training_with_sessions_weeks_apart(admin_client, events_index):
    page = admin_create_page(
        admin_client,
        events_index,
        TrainingPage,
        event_form(
            "Uusi koulutus", [session_row(40), session_row(61, "12:00", "15:30")], learning_goals="A\nB"
        ),
    )
    assert page.live and page.sessions.count() == 2
    assert timezone.localtime(page.starts_at).date() == timezone.localdate() + timedelta(days=40)
    assert timezone.localtime(page.ends_at).hour == 15
    html = text(admin_client.get(page.url))
    assert "Uusi koulutus" in html and "2 kokoontumiskertaa" in html and "Tavoitteet" in html


def test_a_training_needs_at_least_one_session(admin_client, events_index):
    with pytest.raises(AssertionError, match="Admin refused"):
        admin_create_page(admin_client, events_index, TrainingPage, event_form("Ilman päiviä", []))


def test_a_session_must_end_after_it_starts(admin_client, events_index):
    with pytest.raises(AssertionError, match="Admin refused"):
        admin_create_page(
            admin_client,
            events_index,
            TrainingPage,
            event_form("Väärin päin", [session_row(5, "16:00", "09:00")]),
        )


def test_an_editor_creates_a_lecture_topic_without_sessions(admin_client, events_index):
    page = admin_create_page(admin_client, events_index, LecturePage, event_form("Tilattava aihe", []))
    assert page.is_on_request and page.starts_at is None
    html = text(admin_client.get(page.url))
    assert "Tilattava luentoaihe" in html and "Tilaa luento" in html and "Ilmoittaudu" not in html


def test_event_pages_live_only_under_the_events_index():
    assert TrainingPage.parent_page_types == ["events.EventIndexPage"]
    assert not EventPage.is_creatable
    assert EventIndexPage in HomePage.allowed_subpage_models()


def test_the_edit_view_shows_places_taken_and_links_to_the_registrations(admin_client, events_index):
    event = make_training(capacity=4)
    make_registration(event, email="a@example.invalid")
    html = text(admin_client.get(f"/admin/pages/{event.pk}/edit/"))
    assert "<strong>1 / 4</strong> paikkaa varattu" in html
    assert f"/admin/registrations/?event={event.pk}" in html


def test_a_draft_does_not_move_the_published_dates(events_index):
    event = make_training()
    published_start = event.starts_at
    event.sessions = [
        type(event.sessions.first())(start=published_start - timedelta(days=3), end=published_start)
    ]
    event.save_revision()
    assert EventPage.objects.get(pk=event.pk).starts_at == published_start


# Visitors: the event page


def test_the_event_page_shows_what_a_visitor_needs_to_decide(client, events_index):
    event = make_training(
        title="Jaksamisen koulutus",
        capacity=12,
        price="120",
        instructors="Anna Ohjaaja, Ville Vetäjä",
        audience="Esihenkilöt",
        learning_goals="Ymmärrät kuormituksen\nLöydät keinoja",
        online_link="https://meet.example.invalid/salainen",
        attendance_mode="hybrid",
    )
    make_registration(event)
    html = text(client.get(event.url))
    for expected in (
        "Jaksamisen koulutus",
        "klo 9.00–16.00",
        "Koulutustila",
        "120 € (sis. alv.)",
        "Anna Ohjaaja, Ville Vetäjä",
        "Kouluttajat",
        "Esihenkilöt",
        "Ymmärrät kuormituksen",
        "yhteensä 12",
        "11 jäljellä",
        "Voit osallistua myös verkossa",
        ">Ilmoittaudu<",
        "Lisää kalenteriin (.ics)",
    ):
        assert expected in html, expected
    assert "meet.example.invalid" not in html  # the join link is never public


def test_a_full_event_offers_the_waiting_list(client, events_index):
    event = make_training(capacity=1)
    make_registration(event)
    html = text(client.get(event.url))
    assert "Täynnä – voit ilmoittautua jonoon" in html and "Ilmoittaudu jonoon" in html


def test_a_full_event_without_a_waiting_list_says_so_and_offers_no_form(client, events_index):
    event = make_training(capacity=1, waiting_list=False)
    make_registration(event)
    html = text(client.get(event.url))
    assert "Valitettavasti tapahtuma on täynnä." in html and ">Ilmoittaudu<" not in html


def test_a_closed_registration_is_explained(client, events_index):
    event = make_training(registration_closes=timezone.now() - timedelta(hours=1))
    assert "Ilmoittautuminen tähän tapahtumaan on päättynyt." in text(client.get(event.url))


# Visitors: listings


def test_the_index_lists_upcoming_events_soonest_first_with_places_left(client, events_index):
    html = text(client.get(events_index.url))
    titles = card_titles(html)
    upcoming = list(
        EventPage.objects.child_of(events_index).live().upcoming().values_list("title", flat=True)
    )
    assert titles[: len(upcoming)] == upcoming
    assert "Vuorovaikutus työyhteisössä" not in titles  # past
    assert "1 jäljellä" in html  # the nearly full demo training
    assert "Tilattavat luentoaiheet" in html and "Työnohjauksen merkitys työhyvinvoinnille" in html


def test_the_archive_lists_past_events_latest_first(client, events_index):
    html = text(client.get(events_index.url + "menneet/"))
    titles = card_titles(html)
    assert titles == ["Vuorovaikutus työyhteisössä", "Dialogisuus asiakastyössä – seminaariesitelmä"]
    assert "jäljellä" not in html


def test_the_index_filters_by_kind(client, events_index):
    trainings = card_titles(text(client.get(events_index.url + "?tyyppi=koulutukset")))
    lectures = card_titles(text(client.get(events_index.url + "?tyyppi=luennot")))
    assert "Työssä jaksaminen ja itsemyötätunto" in trainings
    assert "Lastensuojelun työryhmien yhteistyö" not in trainings
    assert "Lastensuojelun työryhmien yhteistyö" in lectures
    assert "Työssä jaksaminen ja itsemyötätunto" not in lectures
    # An unknown kind shows everything rather than an error.
    assert len(card_titles(text(client.get(events_index.url + "?tyyppi=<script>")))) >= len(trainings)


def test_the_index_paginates(client, events_index):
    for number in range(14):
        make_training(title=f"Sarjakoulutus {number:02}", sessions=((100 + number, 9, 12),))
    first = text(client.get(events_index.url))
    second = text(client.get(events_index.url + "?sivu=2"))
    assert 'rel="next"' in first and "Sarjakoulutus 13" not in first
    assert "Sarjakoulutus 13" in second
    assert text(client.get(events_index.url + "?sivu=999")) == second  # out of range: the last page
    assert text(client.get(events_index.url + "?sivu=x")) == first


def test_lecture_topics_are_listed_with_their_duration(client, events_index):
    make_lecture(title="Kestollinen aihe", sessions=(), duration="2–3 tuntia")
    html = text(client.get(events_index.url))
    topic = next(
        chunk for chunk in html.split('<li class="card event-card">') if ">Kestollinen aihe</a>" in chunk
    )
    assert "2–3 tuntia" in topic


def test_the_home_page_shows_the_next_events(client, home_page):
    html = text(client.get("/"))
    assert "Tulevat koulutukset ja luennot" in html
    assert "Työnohjaus työhyvinvoinnin tukena – verkkoluento" in html  # the soonest
    assert "Kaikki koulutukset ja luennot" in html


def test_service_pages_chosen_on_the_index_list_their_kind(client, events_index):
    trainings = text(client.get("/palvelut/koulutukset/"))
    assert "Tulevat koulutukset" in trainings and "Työssä jaksaminen ja itsemyötätunto" in trainings
    assert "Lastensuojelun työryhmien yhteistyö" not in trainings
    lectures = text(client.get("/palvelut/luennot/"))
    assert "Tulevat luennot" in lectures and "Lastensuojelun työryhmien yhteistyö" in lectures
    assert "Tilattavat luentoaiheet" in lectures and "Dialoginen asiakastyö" in lectures
    assert "Tulevat" not in text(client.get("/palvelut/konsultointi/"))


def test_the_editor_decides_which_service_page_lists_events(client, events_index):
    events_index.trainings_page = None
    events_index.save_revision().publish()
    assert "Tulevat koulutukset" not in text(client.get("/palvelut/koulutukset/"))
    consulting = ServicePage.objects.get(slug="konsultointi")
    events_index.trainings_page = consulting
    events_index.save_revision().publish()
    assert "Tulevat koulutukset" in text(client.get("/palvelut/konsultointi/"))


# Calendars


def parse_calendar(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_ics_has_one_event_per_session_in_helsinki_time(client, events_index):
    event = make_training(title="Kolme päivää", sessions=((10, 9, 16), (24, 9, 16), (38, 13, 15)))
    response = client.get(event.url + "ical/")
    assert 'filename="kolme-paivaa.ics"' in response["Content-Disposition"]
    calendar = parse_calendar(response)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 3
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    first = vevents[0]
    assert str(first["SUMMARY"]) == "Kolme päivää (1/3)"
    assert first.decoded("DTSTART").tzinfo.key == "Europe/Helsinki"
    assert first.decoded("DTSTART").hour == 9
    assert str(first["LOCATION"]) == "Koulutustila, Esimerkkikatu 1, 00100 Helsinki"
    assert str(first["URL"]).endswith(event.url)
    assert str(vevents[2]["UID"]) == f"event-{event.pk}-session-{event.sessions_in_order[2].pk}@localhost"


def test_uids_are_stable_and_shared_with_the_feed(client, events_index):
    event = make_training()
    once = [str(v["UID"]) for v in parse_calendar(client.get(event.url + "ical/")).walk("VEVENT")]
    again = [str(v["UID"]) for v in parse_calendar(client.get(event.url + "ical/")).walk("VEVENT")]
    feed = [str(v["UID"]) for v in parse_calendar(client.get(events_index.url + "ical/")).walk("VEVENT")]
    assert once == again and set(once) <= set(feed)


def test_the_feed_holds_upcoming_events_only_and_never_a_join_link(client, events_index):
    calendar = parse_calendar(client.get(events_index.url + "ical/"))
    summaries = {str(v["SUMMARY"]) for v in calendar.walk("VEVENT")}
    assert "Työssä jaksaminen ja itsemyötätunto" in summaries
    assert "Vuorovaikutus työyhteisössä" not in summaries  # past
    assert "Dialoginen asiakastyö" not in summaries  # topic without a date
    assert b"meet.example.invalid" not in client.get(events_index.url + "ical/").content
    assert str(calendar["X-WR-CALNAME"]) == "Koulutukset ja luennot"


def test_a_topic_without_sessions_has_no_calendar(client, events_index):
    topic = make_lecture(sessions=())
    assert client.get(topic.url + "ical/").status_code == 404


# Search engines


def test_json_ld_describes_the_event(client, events_index):
    event = make_training(title="JSON-koulutus", capacity=10, price="99.5", instructors="Anna Ohjaaja")
    make_registration(event)
    data = json_ld(text(client.get(event.url)))
    assert data["@type"] == "Event" and data["name"] == "JSON-koulutus"
    assert data["startDate"].endswith("+02:00") or data["startDate"].endswith("+03:00")
    assert data["startDate"].startswith((timezone.localdate() + timedelta(days=10)).isoformat())
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place" and data["location"]["name"] == "Koulutustila"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "99.50",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "url": event.full_url + "ilmoittaudu/",
    }
    assert (data["maximumAttendeeCapacity"], data["remainingAttendeeCapacity"]) == (10, 9)
    assert data["organizer"]["name"] == "Päivi Hämäläinen"
    assert data["performer"] == [{"@type": "Person", "name": "Anna Ohjaaja"}]


def test_json_ld_of_a_full_online_event(client, events_index):
    event = make_lecture(capacity=1, attendance_mode="online", venue="", address="", price=None)
    make_registration(event)
    data = json_ld(text(client.get(event.url)))
    assert data["location"] == {"@type": "VirtualLocation", "url": event.full_url}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["offers"]["price"] == "0.00"
    assert data["remainingAttendeeCapacity"] == 0


def test_json_ld_cannot_be_broken_out_of(client, events_index):
    event = make_training(title="</script><script>alert(1)</script>")
    html = text(client.get(event.url))
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_a_topic_on_request_has_no_event_json_ld(client, events_index):
    topic = LecturePage.objects.get(slug="dialoginen-asiakastyo-luento")
    assert json_ld(text(client.get(topic.url))) is None


def test_the_demo_has_upcoming_past_nearly_full_and_on_request_events(events_index):
    events = EventPage.objects.child_of(events_index).live()
    assert events.upcoming().count() >= 3
    assert events.past().count() >= 2
    assert events.on_request().count() >= 1
    nearly_full = [e for e in events.upcoming().with_counts() if e.capacity and e.places_left == 1]
    assert nearly_full
    emails = Registration.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.invalid") for email in emails)


def test_seeding_again_creates_nothing_new(events_index):
    from io import StringIO

    from django.core.management import call_command

    before = (EventPage.objects.count(), Registration.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (EventPage.objects.count(), Registration.objects.count()) == before


def test_make_event_helper_builds_lectures_too(events_index):
    lecture = make_event("LecturePage", title="Apu")
    assert isinstance(lecture, LecturePage) and lecture.starts_at is not None


# Issue 11: words that are true


def visible(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0]).split())


def test_the_index_says_what_cancelling_and_the_waiting_list_do(client, events_index):
    page = visible(text(client.get(events_index.url)))
    assert "sitova" not in page  # anyone may cancel until the event starts
    assert "tarjotaan" not in page  # a freed place is not offered: it is given
    assert "tilaisuuden alkuun asti" in page
    assert "annetaan automaattisesti jonossa ensimmäiselle" in page and "sähköpostilla" in page


def test_a_lecture_topic_on_request_promises_no_joining_link(client, events_index):
    for mode, shown in (("online", "Verkossa"), ("hybrid", "Paikan päällä tai verkossa")):
        topic = make_lecture(title=f"Tilattava {mode}", sessions=(), attendance_mode=mode)
        page = visible(text(client.get(topic.url)))
        assert "liittymislinkki" not in page.lower() and "vahvistetuille" not in page, mode
        assert shown in page, mode
    scheduled = make_lecture(title="Verkkoluento", attendance_mode="online")
    assert "Liittymislinkki lähetetään sähköpostilla vahvistetuille" in visible(
        text(client.get(scheduled.url))
    )


def test_places_left_does_not_say_places_twice(client, events_index):
    event = make_training(title="Iso koulutus", capacity=100)
    for number in range(3):
        make_registration(event, email=f"p{number}@example.invalid")
    for url in (events_index.url, event.url):
        page = visible(text(client.get(url)))
        assert "97 jäljellä" in page, url
        assert "paikkaa jäljellä" not in page and "paikka jäljellä" not in page, url


def test_prices_say_vat_included_with_its_period(client, events_index):
    event = make_training(title="Maksullinen koulutus", price="120")
    page = visible(text(client.get(event.url)))
    assert "120 € (sis. alv.)" in page and "(sis. alv)" not in page
    from django.utils import translation

    with translation.override("fi"):  # the editor's label
        assert str(EventPage._meta.get_field("price").verbose_name) == "hinta (euroa, sis. alv.)"
