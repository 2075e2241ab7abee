"""The registration rules in events/services.py: each happy path and each refusal, with its Finnish message."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import questions, services
from events.models import EventPage, LectureRequest, Registration
from home.models import PracticeSettings
from tests.factories import make_lecture, make_registration, make_training

pytestmark = pytest.mark.django_db

Status = Registration.Status


def refusal(callable_, *args, **kwargs):
    with pytest.raises(services.RegistrationError) as error:
        callable_(*args, **kwargs)
    return error.value


def test_registration_gets_a_confirmed_place_and_a_long_secret_token(events_index):
    event = make_training(capacity=2)
    registration = make_registration(event, email="  Maija.Meikalainen@Example.INVALID ")
    assert registration.status == Status.CONFIRMED
    assert registration.email == "maija.meikalainen@example.invalid"
    assert len(registration.token) >= 43  # 32 random bytes, URL-safe
    assert registration.consent_at is not None and registration.confirmed_at is not None


def test_when_places_are_taken_the_next_person_joins_the_waiting_list(events_index):
    event = make_training(capacity=1)
    first = make_registration(event, email="eka@example.invalid")
    second = make_registration(event, email="toka@example.invalid")
    third = make_registration(event, email="kolmas@example.invalid")
    assert [first.status, second.status, third.status] == [
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert (second.queue_position(), third.queue_position()) == (1, 2)


def test_without_a_waiting_list_a_full_event_refuses(events_index):
    event = make_training(capacity=1, waiting_list=False)
    make_registration(event, email="eka@example.invalid")
    error = refusal(make_registration, event, email="toka@example.invalid")
    assert error.code == "full"
    assert error.message == "Valitettavasti tapahtuma on täynnä."
    assert Registration.objects.filter(event=event).count() == 1


def test_unlimited_places_never_fill(events_index):
    event = make_training(capacity=None)
    statuses = {make_registration(event, email=f"h{n}@example.invalid").status for n in range(25)}
    assert statuses == {Status.CONFIRMED}


def test_one_active_registration_per_email_whatever_the_case(events_index):
    event = make_training(capacity=5)
    make_registration(event, email="sama@example.invalid")
    error = refusal(make_registration, event, email="SAMA@Example.Invalid")
    assert error.code == "duplicate"
    assert "on jo ilmoittauduttu tähän tapahtumaan" in error.message


def test_the_database_constraint_backs_the_one_email_rule(events_index):
    event = make_training(capacity=5)
    make_registration(event, email="sama@example.invalid")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, status=Status.WAITLISTED, email="sama@example.invalid")


def test_after_cancelling_the_same_email_can_register_again(events_index):
    event = make_training(capacity=5)
    services.cancel(make_registration(event, email="sama@example.invalid"))
    again = make_registration(event, email="sama@example.invalid")
    assert again.status == Status.CONFIRMED


def test_the_same_email_may_register_for_two_events(events_index):
    one = make_training(title="Yksi", capacity=5)
    two = make_training(title="Kaksi", capacity=5)
    make_registration(one, email="sama@example.invalid")
    assert make_registration(two, email="sama@example.invalid").status == Status.CONFIRMED


def test_registration_before_it_opens_is_refused(events_index):
    event = make_training(registration_opens=timezone.now() + timedelta(days=2))
    error = refusal(make_registration, event)
    assert error.code == "not_open"
    assert error.message.startswith("Ilmoittautuminen alkaa ")


def test_registration_after_it_closes_is_refused(events_index):
    event = make_training(registration_closes=timezone.now() - timedelta(minutes=1))
    error = refusal(make_registration, event)
    assert (error.code, error.message) == ("closed", "Ilmoittautuminen tähän tapahtumaan on päättynyt.")


def test_registration_after_the_first_session_started_is_refused(events_index):
    event = make_training(sessions=((-1, 9, 12), (20, 9, 12)))
    error = refusal(make_registration, event)
    assert (error.code, error.message) == (
        "started",
        "Tapahtuma on jo alkanut, joten ilmoittautuminen on päättynyt.",
    )


def test_a_lecture_topic_without_sessions_takes_requests_not_registrations(events_index):
    topic = make_lecture(sessions=())
    error = refusal(make_registration, topic)
    assert error.code == "unscheduled"


def test_an_unpublished_event_takes_no_registrations(events_index):
    event = make_training()
    event.unpublish()
    assert refusal(make_registration, event).code == "not_live"


def test_consent_is_required(events_index):
    event = make_training()
    error = refusal(
        services.register, event, first_name="A", last_name="B", email="a@example.invalid", consent=False
    )
    assert error.code == "consent"
    assert not Registration.objects.filter(event=event).exists()


def test_registration_needs_a_name_and_an_email(events_index):
    event = make_training()
    error = refusal(
        services.register, event, first_name=" ", last_name="B", email="a@example.invalid", consent=True
    )
    assert error.code == "missing"


def test_unknown_fields_are_a_programming_error(events_index):
    with pytest.raises(TypeError):
        make_registration(make_training(), shoe_size="42")


def test_emails_go_out_after_commit_to_the_person_and_the_practitioner(
    events_index, django_capture_on_commit_callbacks
):
    event = make_training(capacity=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_registration(event, email="eka@example.invalid")
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        f"Ilmoittautuminen vahvistettu: {event.title}",
        f"Uusi ilmoittautuminen: {event.title}",
    ]


def test_cancelling_a_confirmed_place_promotes_the_first_waiting_person(
    events_index, django_capture_on_commit_callbacks
):
    event = make_training(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = make_registration(event, email="eka@example.invalid")
        first_waiting = make_registration(event, email="toka@example.invalid")
        second_waiting = make_registration(event, email="kolmas@example.invalid")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(confirmed)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITLISTED
    to = {tuple(message.to): message.subject for message in mail.outbox}
    assert to[("eka@example.invalid",)] == f"Ilmoittautuminen peruttu: {event.title}"
    assert to[("toka@example.invalid",)] == f"Paikka vapautui – pääset mukaan: {event.title}"
    assert ("kolmas@example.invalid",) not in to


def test_cancelling_a_waiting_list_place_promotes_nobody(events_index):
    event = make_training(capacity=1)
    make_registration(event, email="eka@example.invalid")
    waiting = make_registration(event, email="toka@example.invalid")
    later = make_registration(event, email="kolmas@example.invalid")
    services.cancel(waiting)
    later.refresh_from_db()
    assert later.status == Status.WAITLISTED


def test_cancelling_twice_is_refused(events_index):
    registration = make_registration(make_training())
    services.cancel(registration)
    error = refusal(services.cancel, registration)
    assert (error.code, error.message) == ("already_cancelled", "Tämä ilmoittautuminen on jo peruttu.")


def test_after_the_event_started_only_an_admin_can_cancel(events_index, admin_user):
    event = make_training(sessions=((1, 9, 12),))
    registration = make_registration(event)
    after_start = timezone.now() + timedelta(days=2)
    assert refusal(services.cancel, registration, now=after_start).code == "started"
    assert services.cancel(registration, user=admin_user, now=after_start).status == Status.CANCELLED


def test_nobody_is_promoted_into_an_event_that_has_started(events_index, admin_user):
    event = make_training(capacity=1, sessions=((1, 9, 12),))
    confirmed = make_registration(event, email="eka@example.invalid")
    waiting = make_registration(event, email="toka@example.invalid")
    services.cancel(confirmed, user=admin_user, now=timezone.now() + timedelta(days=2))
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_an_admin_promotes_a_waiting_person_only_into_a_free_place(events_index, admin_user):
    event = make_training(capacity=1)
    confirmed = make_registration(event, email="eka@example.invalid")
    waiting = make_registration(event, email="toka@example.invalid")
    assert refusal(services.promote, waiting, user=admin_user).code == "full"
    assert refusal(services.promote, confirmed, user=admin_user).code == "not_waitlisted"
    EventPage.objects.filter(pk=event.pk).update(capacity=2)
    assert services.promote(waiting, user=admin_user).status == Status.CONFIRMED


def test_publishing_more_places_moves_the_waiting_list_up(events_index):
    event = make_training(capacity=1)
    make_registration(event, email="eka@example.invalid")
    waiting = [make_registration(event, email=f"jono{n}@example.invalid") for n in range(3)]
    event.capacity = 3
    event.save_revision().publish()
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]


def test_every_state_change_is_in_the_audit_log_without_personal_data(events_index, admin_user):
    event = make_training(capacity=1)
    confirmed = make_registration(event, email="eka@example.invalid", first_name="Salainen")
    waiting = make_registration(event, email="toka@example.invalid")
    services.cancel(confirmed, user=admin_user)
    actions = list(
        ModelLogEntry.objects.filter(object_id__in=[str(confirmed.pk), str(waiting.pk)])
        .order_by("pk")
        .values_list("object_id", "action", "user_id")
    )
    assert actions == [
        (str(confirmed.pk), "events.registration.register", None),
        (str(waiting.pk), "events.registration.register", None),
        (str(confirmed.pk), "events.registration.cancel", admin_user.pk),
        (str(waiting.pk), "events.registration.promote", None),
    ]
    labels = " ".join(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Salainen" not in labels and "eka@example.invalid" not in labels


def test_anonymising_blanks_personal_data_after_the_retention_period_and_keeps_counts(events_index):
    old = make_training(title="Vanha", capacity=5, sessions=((-400, 9, 12),), publish=False)
    recent = make_training(title="Tuore", capacity=5, sessions=((-30, 9, 12),), publish=False)
    for event in (old, recent):
        for number in range(3):
            Registration.objects.create(
                event=event,
                status=Status.CONFIRMED,
                first_name="Etu",
                last_name="Suku",
                email=f"h{number}@example.invalid",
                phone="040 123",
                business_id="1234567-1",
                dietary_needs="Gluteeniton",
            )
    assert services.anonymise_expired() == 3
    erased = Registration.objects.filter(event=old)
    assert erased.count() == 3 and all(r.anonymised_at for r in erased)
    for registration in erased:
        assert all(getattr(registration, name) == "" for name in questions.PERSONAL_FIELDS)
    assert EventPage.objects.get(pk=old.pk).counts.confirmed == 3  # the figures survive
    assert not Registration.objects.filter(event=recent, anonymised_at__isnull=False).exists()
    assert services.anonymise_expired() == 0  # nothing twice


def test_the_retention_period_comes_from_the_site_settings(events_index):
    event = make_training(capacity=5, sessions=((-70, 9, 12),), publish=False)
    Registration.objects.create(event=event, status=Status.CONFIRMED, email="a@example.invalid")
    assert services.anonymise_expired() == 0
    settings = PracticeSettings.for_site(events_index.get_site())
    settings.registration_retention_months = 2
    settings.save()
    assert services.anonymise_expired() == 1


def test_old_lecture_requests_are_deleted_after_the_retention_period(events_index):
    topic = make_lecture(sessions=())
    old = LectureRequest.objects.create(
        lecture=topic,
        topic=topic.title,
        organisation="O",
        contact_name="C",
        email="c@example.invalid",
        preferred_dates="Joskus",
        created=timezone.now() - timedelta(days=400),
    )
    new = LectureRequest.objects.create(
        lecture=topic,
        topic=topic.title,
        organisation="O",
        contact_name="C",
        email="c@example.invalid",
        preferred_dates="Joskus",
    )
    services.anonymise_expired()
    assert list(LectureRequest.objects.filter(pk__in=[old.pk, new.pk])) == [new]


def test_erasing_a_person_cancels_their_upcoming_places_and_blanks_every_registration(
    events_index, admin_user
):
    upcoming = make_training(title="Tuleva", capacity=1)
    past = make_training(title="Mennyt", capacity=5, sessions=((-10, 9, 12),), publish=False)
    mine = make_registration(upcoming, email="poistettava@example.invalid")
    waiting = make_registration(upcoming, email="jonottaja@example.invalid")
    old = Registration.objects.create(
        event=past, status=Status.CONFIRMED, email="poistettava@example.invalid"
    )
    topic = make_lecture(sessions=())
    services.request_lecture(
        topic,
        consent=True,
        organisation="O",
        contact_name="C",
        email="Poistettava@example.invalid",
        preferred_dates="Keväällä",
    )

    assert services.erase_person("POISTETTAVA@example.invalid", user=admin_user) == 2

    mine.refresh_from_db()
    old.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Status.CANCELLED and mine.anonymised_at and mine.email == ""
    assert (
        old.status == Status.CONFIRMED and old.anonymised_at and old.email == ""
    )  # a past place stays counted
    assert waiting.status == Status.CONFIRMED  # the freed place went to the waiting list
    assert not LectureRequest.objects.filter(email__iexact="poistettava@example.invalid").exists()
    assert not Registration.objects.filter(email="poistettava@example.invalid").exists()


def test_a_lecture_request_is_stored_and_emailed_to_the_practitioner(
    events_index, django_capture_on_commit_callbacks
):
    topic = make_lecture(title="Aihe", sessions=())
    with django_capture_on_commit_callbacks(execute=True):
        services.request_lecture(
            topic,
            consent=True,
            organisation="Esimerkki ry",
            contact_name="Tilaaja",
            email="tilaaja@example.invalid",
            preferred_dates="Maaliskuussa",
            audience_size=40,
            format="online",
        )
    request = LectureRequest.objects.get(lecture=topic)
    assert request.topic == "Aihe" and request.consent_at
    [message] = mail.outbox
    assert message.subject == "Luentotilaus: Aihe"
    assert message.to == ["tyonohjaus@example.fi"] and message.reply_to == ["tilaaja@example.invalid"]
    assert "Esimerkki ry" in message.body and "Maaliskuussa" in message.body and "verkossa" in message.body


def test_a_place_whose_data_was_erased_is_still_taken_on_the_page_and_in_register(client, events_index):
    event = make_training(capacity=2)
    first = make_registration(event, email="eka@example.invalid")
    make_registration(event, email="toka@example.invalid")
    # Erased without a cancellation (as the retention clean-up does): the place stays taken.
    Registration.objects.filter(pk=first.pk).update(
        first_name="", last_name="", email="", anonymised_at=timezone.now()
    )
    event = EventPage.objects.with_counts().get(pk=event.pk).specific
    assert event.confirmed_count == 2
    third = make_registration(event, email="kolmas@example.invalid")
    assert third.status == Registration.Status.WAITLISTED
    assert Registration.objects.filter(event=event).places_taken().count() == 2
