"""Registrations fired in parallel at real PostgreSQL connections: never overbooked, none lost."""

import threading
import time

import pytest
from django.db import connection
from wagtail.models import Site

from events import services
from events.models import Registration
from tests.factories import make_training

Status = Registration.Status
REQUESTS = 60
PLACES = 10


@pytest.fixture
def site(home_page):
    """The demo site answering for the seeded home page.

    These tests commit, so the database is flushed after each and restored from the migrations'
    data (serialized_rollback) before the next; that brings back Wagtail's default site pointing at
    its welcome page, while the demo home page may still be there. Point the site at it again, so
    emails get their links and the practitioner's address."""
    default = Site.objects.get(is_default_site=True)
    if default.root_page_id != home_page.pk:
        default.root_page = home_page
        default.save()
    return default


def run_in_parallel(event, emails):
    """Each email registers from its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(emails))
    statuses, refusals, errors = [], [], []

    def attempt(email):
        try:
            connection.ensure_connection()  # connect first, so the barrier releases the registrations together
            barrier.wait(timeout=60)
            registration = services.register(
                event, first_name="Rinnakkainen", last_name="Ilmoittautuja", email=email, consent=True
            )
            statuses.append(registration.status)
        except services.RegistrationError as refusal:
            refusals.append(refusal.code)
        except Exception as error:  # noqa: BLE001 - any other error is a failure of the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(email,)) for email in emails]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, refusals, errors, time.perf_counter() - started


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_registrations_fill_exactly_the_places_and_queue_the_rest(site, mailoutbox):
    event = make_training(title="Rinnakkaiskoulutus", capacity=PLACES, waiting_list=True)
    emails = [f"rinnakkain{number}@example.invalid" for number in range(REQUESTS)]

    statuses, refusals, errors, seconds = run_in_parallel(event, emails)

    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    waitlisted = Registration.objects.filter(event=event, status=Status.WAITLISTED).count()
    print(
        f"\nconcurrency: requests={REQUESTS} places={PLACES} confirmed={confirmed} "
        f"waitlisted={waitlisted} seconds={seconds:.2f}"
    )
    assert errors == [] and refusals == []
    assert confirmed == PLACES
    assert waitlisted == REQUESTS - PLACES
    assert Registration.objects.filter(event=event).count() == REQUESTS  # none lost
    assert sorted(statuses) == sorted([Status.CONFIRMED] * PLACES + [Status.WAITLISTED] * (REQUESTS - PLACES))
    # Every registration was told where it stands: 60 emails to the people, 60 notices to the practitioner.
    assert len([m for m in mailoutbox if m.to != ["tyonohjaus@example.fi"]]) == REQUESTS
    assert len([m for m in mailoutbox if m.to == ["tyonohjaus@example.fi"]]) == REQUESTS
    # The waiting list is in the order the registrations were saved.
    queue = Registration.objects.filter(event=event, status=Status.WAITLISTED).order_by("created", "pk")
    assert [r.queue_position() for r in queue] == list(range(1, REQUESTS - PLACES + 1))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_the_same_email_makes_one_registration(site):
    event = make_training(title="Tuplaklikkaus", capacity=PLACES)
    statuses, refusals, errors, _seconds = run_in_parallel(event, ["sama@example.invalid"] * 20)
    assert errors == []
    assert statuses == [Status.CONFIRMED]
    assert refusals == ["duplicate"] * 19
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_waiting_list_the_extra_requests_are_refused_not_overbooked(site):
    event = make_training(title="Ei jonoa", capacity=PLACES, waiting_list=False)
    statuses, refusals, errors, _seconds = run_in_parallel(
        event, [f"h{n}@example.invalid" for n in range(30)]
    )
    assert errors == []
    assert statuses == [Status.CONFIRMED] * PLACES
    assert refusals == ["full"] * (30 - PLACES)
