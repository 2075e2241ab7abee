"""Many events and registrations at once, for the benchmark (`make bench`) and the query-count tests.

`add_child()`, publishing and `services.register()` cost milliseconds to tens of milliseconds each (tree
locks, revisions, signals, row locks, emails); 300 events and 20,000 registrations would take minutes.
This writes the rows a published event has (the page tree row, the event and training/lecture rows,
its sessions and the entries of both search indexes) and the registration rows with one INSERT per table and batch.
It skips revisions, signals, the audit log and emails, so it is for throwaway data only: nothing an
editor will open, nobody who expects an email. The capacity rule still holds in what it writes: at
most `capacity` confirmed registrations per event, the rest on the waiting list or cancelled.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

# The project's names this generator writes with: keep them in this one block.
from events.models import (
    AttendanceMode,
    EventIndexPage,
    EventPage,
    EventSession,
    LecturePage,
    Registration,
    TrainingPage,
    new_token,
)
from home.cache import purge_page_cache
from scripts.bulk_data import bulk_create_page_rows
from search.services import index_pages

TITLES = [
    "Dialoginen asiakastyö",
    "Työssä jaksaminen",
    "Reflektiivinen työote",
    "Työyhteisön vuorovaikutus",
    "Esihenkilön tuki muutoksessa",
    "Lastensuojelun työryhmät",
    "Moniammatillinen yhteistyö",
    "Kriisityön purku",
]
SUFFIXES = ["perusteet", "syventävä jakso", "verkkoluento", "iltapäivä", "työpaja", "kevään ryhmä"]
VENUES = [
    ("Kulttuurikeskus Kaari, sali 2", "Esimerkkikatu 5\n00100 Helsinki"),
    ("Työnohjaustila", "Esimerkkikatu 1\n00100 Helsinki"),
    ("Kaupungintalo, juhlasali", "Esimerkkitori 2\n00100 Helsinki"),
    ("Seminaarikeskus", "Esimerkkikuja 3\n70100 Kuopio"),
]
FIRST_NAMES = ["Aino", "Eero", "Helmi", "Juhani", "Kaisa", "Lauri", "Marjatta", "Oskari", "Päivi", "Åsa"]
LAST_NAMES = ["Hämäläinen", "Korhonen", "Lindström", "Mäkelä", "Nieminen", "Öhman", "Virtanen"]


def _index_page(page):
    """The events index: `page` itself, or the first one under it (e.g. the home page)."""
    if page.specific_class is EventIndexPage or isinstance(page, EventIndexPage):
        return EventIndexPage.objects.get(pk=page.pk)
    index = EventIndexPage.objects.descendant_of(page).live().order_by("path").first()
    if index is None:
        raise LookupError(f"No events index page under {page}: run seed_demo first.")
    return index


def _at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _spec(rng, number, today):
    """One event's fields: two of three are trainings; about half are ahead; a few lectures have no
    date yet (topics on request)."""
    is_training = rng.random() < 0.67
    on_request = not is_training and rng.random() < 0.15
    first_day = today + timedelta(days=rng.randint(1, 365) if rng.random() < 0.5 else -rng.randint(1, 730))
    session_count = 0 if on_request else (rng.randint(1, 3) if is_training else 1)
    start_hour = rng.choice([9, 12, 17])
    sessions = [
        (
            _at(first_day + timedelta(weeks=3 * step), start_hour),
            _at(first_day + timedelta(weeks=3 * step), start_hour + 3),
        )
        for step in range(session_count)
    ]
    venue, address = rng.choice(VENUES)
    mode = rng.choice(list(AttendanceMode)) if not is_training else AttendanceMode.IN_PERSON
    title = f"{rng.choice(TITLES)} – {rng.choice(SUFFIXES)} {number}"
    return {
        "model": TrainingPage if is_training else LecturePage,
        "title": title,
        "slug": f"tapahtuma-{number}",
        "number": number,
        "sessions": sessions,
        "fields": {
            "lead": "Koulutus työnohjauksesta ja työssä jaksamisesta vertailua varten.",
            "starts_at": sessions[0][0] if sessions else None,
            "ends_at": sessions[-1][1] if sessions else None,
            "attendance_mode": mode,
            "venue": "" if mode == AttendanceMode.ONLINE else venue,
            "address": "" if mode == AttendanceMode.ONLINE else address,
            "online_link": "https://meet.example.invalid/luento" if mode != AttendanceMode.IN_PERSON else "",
            "price": rng.choice([None, Decimal("45.00"), Decimal("120.00"), Decimal("390.00")]),
            "instructors": "Anna Ohjaaja",
            "audience": "Sosiaali-, terveys- ja kasvatusalan ammattilaiset.",
            "capacity": None if on_request else rng.choice([12, 20, 30, 60, 100]),
            "waiting_list": True,
            "ask_dietary_needs": is_training,
        },
        "extra": {"learning_goals": "Tunnistat omat voimavarasi\nSaat välineitä arkeen"}
        if is_training
        else {"duration": "1–2 tuntia"},
    }


@transaction.atomic
def bulk_create_events(page, count, *, seed=0, batch_size=500, index_for_search=True):
    """Add `count` live trainings and lectures (with their sessions) under the events index at or below
    `page`; return them (as EventPage rows, in tree order) for bulk_create_registrations."""
    rng = random.Random(seed)
    index = _index_page(Page.objects.get(pk=page.pk).specific)
    parent = Page.objects.get(pk=index.pk)  # fresh numchild and path
    last = parent.get_last_child()
    first_number = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    today = timezone.localdate()
    content_types = {model: ContentType.objects.get_for_model(model) for model in (TrainingPage, LecturePage)}
    event_fields = list(EventPage._meta.local_concrete_fields)
    ids = []

    for batch_start in range(0, count, batch_size):
        numbers = range(first_number + batch_start, first_number + min(batch_start + batch_size, count))
        specs = [_spec(rng, number, today) for number in numbers]
        pages = bulk_create_page_rows(parent, specs, lambda spec: content_types[spec["model"]], now)
        events = []
        for page_row, spec in zip(pages, specs, strict=True):
            event = spec["model"](
                page_ptr_id=page_row.pk, eventpage_ptr_id=page_row.pk, **spec["fields"], **spec["extra"]
            )
            event.pk = page_row.pk
            events.append(event)
        EventPage.objects.all()._batched_insert(events, event_fields, batch_size)
        for model in (TrainingPage, LecturePage):
            rows = [event for event in events if type(event) is model]
            if rows:
                model.objects.all()._batched_insert(rows, list(model._meta.local_concrete_fields), batch_size)
        EventSession.objects.bulk_create(
            [
                EventSession(page_id=event.pk, sort_order=order, start=start, end=end)
                for event, spec in zip(events, specs, strict=True)
                for order, (start, end) in enumerate(spec["sessions"])
            ],
            batch_size=batch_size,
        )
        if index_for_search:
            backend = get_search_backend()
            for model in (TrainingPage, LecturePage):
                model_ids = [event.pk for event in events if type(event) is model]
                if model_ids:
                    backend.add_bulk(model, list(model.objects.filter(pk__in=model_ids)))
            index_pages(Page.objects.filter(pk__in=[event.pk for event in events]))
        ids.extend(event.pk for event in events)

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    purge_page_cache()  # bulk inserts send no signals
    return list(EventPage.objects.filter(pk__in=ids).defer_streamfields().order_by("path"))


@transaction.atomic
def bulk_create_registrations(events, count, *, seed=0, batch_size=1000):
    """Add `count` registrations spread over the scheduled ones of `events`: confirmed up to each event's
    capacity, then on the waiting list, with about one in ten cancelled. Returns how many were made."""
    rng = random.Random(seed)
    scheduled = [event for event in events if event.starts_at is not None]
    if not scheduled or count <= 0:
        return 0
    confirmed = {event.pk: 0 for event in scheduled}
    confirmed.update(_confirmed_counts(scheduled))
    first_number = Registration.objects.count()
    now = timezone.now()
    rows = []
    for offset in range(count):
        number = first_number + offset
        event = scheduled[offset % len(scheduled)] if offset < len(scheduled) else rng.choice(scheduled)
        created = min(now, event.starts_at) - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1439))
        if rng.random() < 0.1:
            status = Registration.Status.CANCELLED
        elif event.capacity is None or confirmed[event.pk] < event.capacity:
            status = Registration.Status.CONFIRMED
            confirmed[event.pk] += 1
        else:
            status = Registration.Status.WAITLISTED
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            Registration(
                event_id=event.pk,
                status=status,
                first_name=first,
                last_name=last,
                email=f"osallistuja{number}@example.invalid",
                phone=f"040 {number:07d}",
                token=new_token(),
                consent_at=created,
                created=created,
                confirmed_at=created if status == Registration.Status.CONFIRMED else None,
                cancelled_at=created + timedelta(days=1) if status == Registration.Status.CANCELLED else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=batch_size)
    purge_page_cache()
    return len(rows)


def _confirmed_counts(events):
    return dict(
        Registration.objects.filter(
            event__in=[event.pk for event in events], status=Registration.Status.CONFIRMED
        )
        .values("event_id")
        .annotate(total=Count("pk"))
        .values_list("event_id", "total")
    )
