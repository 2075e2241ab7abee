"""Everything that changes registrations. Views, admin actions, commands and tests call these functions.

The capacity rule is enforced here and nowhere else: the check and the insert run in one transaction with
the event row locked (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction mode takes
the database write lock at BEGIN, which serialises writers the same way). Emails are enqueued as tasks
only after the transaction commits, and a failing mail server never undoes a registration.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from home.models import PracticeSettings
from home.personal_data import add_months

from . import questions
from .models import EventPage, LectureRequest, Registration, RegistrationState

logger = logging.getLogger(__name__)

Status = Registration.Status

ANSWER_FIELDS = frozenset(questions.ANSWER_FIELDS)


class RegistrationError(Exception):
    """A rule refused the request; `message` is a translated sentence to show the person as is."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _lock_event(event_id: int) -> EventPage:
    """The event row, locked until the transaction ends. Callers must be inside transaction.atomic()."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def _after_commit(function: Callable[[], object]) -> None:
    # robust: an error while enqueueing (or, with the immediate backend, while sending) is logged and
    # never reaches the person whose registration has already been saved.
    transaction.on_commit(function, robust=True)


def _notify(registration: Registration, kind: str, *, practitioner: str = "") -> None:
    from . import tasks

    registration_id = registration.pk
    _after_commit(lambda: tasks.send_registration_email.enqueue(registration_id, kind))
    if practitioner:
        _after_commit(lambda: tasks.notify_practitioner.enqueue(registration_id, practitioner))


def _log(registration: Registration, action: str, user=None, **data) -> None:
    logger.info(
        "registration %s for event %s: %s (status %s)",
        registration.pk,
        registration.event_id,
        action,
        registration.status,
    )
    log(
        registration, f"events.registration.{action}", user=user, data={"status": registration.status, **data}
    )


def _check_open(event: EventPage, now: datetime) -> None:
    if not event.live:
        raise RegistrationError(_("This event is not open for registration."), "not_live")
    state = event.registration_state(now)
    if state == RegistrationState.UNSCHEDULED:
        raise RegistrationError(
            _("This lecture has no date yet: you can request it for your organisation instead."),
            "unscheduled",
        )
    if state == RegistrationState.NOT_OPEN:
        raise RegistrationError(
            _("Registration opens on %(date)s.")
            % {"date": date_format(timezone.localtime(event.registration_opens), "DATETIME_FORMAT")},
            "not_open",
        )
    if state == RegistrationState.CLOSED:
        raise RegistrationError(_("Registration for this event has closed."), "closed")
    if state == RegistrationState.STARTED:
        raise RegistrationError(_("This event has already started, so registration has closed."), "started")


def registration_refusal(event: EventPage, *, now: datetime | None = None) -> str:
    """Why registering is not possible right now, or "" when it is: shown instead of the form.
    Informational only; register() checks again under the lock."""
    try:
        _check_open(event, now or timezone.now())
    except RegistrationError as error:
        return error.message
    if event.is_full and not event.waiting_list:
        return _("Sorry, this event is full.")
    return ""


def register(
    event: EventPage,
    *,
    first_name: str,
    last_name: str,
    email: str,
    consent: bool,
    now: datetime | None = None,
    **answers: str,
) -> Registration:
    """Register a person: a confirmed place, a place on the waiting list, or a RegistrationError."""
    unknown = set(answers) - ANSWER_FIELDS
    if unknown:
        raise TypeError(f"Unknown registration fields: {', '.join(sorted(unknown))}")
    now = now or timezone.now()
    email = normalise_email(email)
    if not consent:
        raise RegistrationError(_("Please accept the privacy policy to register."), "consent")
    if not (first_name.strip() and last_name.strip() and email):
        raise RegistrationError(_("Please give your first name, last name and email address."), "missing")

    with transaction.atomic():
        event = _lock_event(event.pk)
        _check_open(event, now)
        active = Registration.objects.filter(event=event, anonymised_at__isnull=True).exclude(
            status=Status.CANCELLED
        )
        if active.filter(email=email).exists():
            raise RegistrationError(
                _(
                    "This email address is already registered for this event. "
                    "The confirmation email has the details and a link for cancelling."
                ),
                "duplicate",
            )
        confirmed = Registration.objects.filter(event=event).places_taken().count()
        if event.capacity is None or confirmed < event.capacity:
            status = Status.CONFIRMED
        elif event.waiting_list:
            status = Status.WAITLISTED
        else:
            raise RegistrationError(_("Sorry, this event is full."), "full")
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    status=status,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email,
                    consent_at=now,
                    created=now,
                    confirmed_at=now if status == Status.CONFIRMED else None,
                    **{name: (value or "").strip() for name, value in answers.items()},
                )
        except IntegrityError as error:
            # The constraint backs the check above; reaching it means a duplicate slipped past.
            raise RegistrationError(
                _("This email address is already registered for this event."), "duplicate"
            ) from error
        _log(registration, "register")
        _notify(registration, status, practitioner="new")
    return registration


def _promote(registration: Registration, now: datetime, user=None) -> Registration:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at", "updated"])
    _log(registration, "promote", user=user)
    _notify(registration, "promoted")
    return registration


def _fill_free_places(event: EventPage, now: datetime) -> list[Registration]:
    """Confirm waiting-list registrations in order while places are free. The caller holds the lock."""
    if event.starts_at is not None and event.starts_at <= now:
        return []  # nobody is promoted into an event that has already started
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED, anonymised_at__isnull=True)
    if event.capacity is None:
        free = waiting.count()
    else:
        free = event.capacity - Registration.objects.filter(event=event).places_taken().count()
    if free <= 0:
        return []
    return [_promote(registration, now) for registration in waiting.order_by("created", "pk")[:free]]


def promote_next(event: EventPage, *, now: datetime | None = None) -> list[Registration]:
    """Give free places to the waiting list, first come first served (e.g. after the capacity was raised)."""
    now = now or timezone.now()
    with transaction.atomic():
        return _fill_free_places(_lock_event(event.pk), now)


def promote(registration: Registration, *, user=None, now: datetime | None = None) -> Registration:
    """An admin confirms one waiting-list registration, if there is a free place."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.WAITLISTED:
            raise RegistrationError(
                _("Only a registration on the waiting list can be promoted."), "not_waitlisted"
            )
        confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
        if event.capacity is not None and confirmed >= event.capacity:
            raise RegistrationError(
                _("The event is full. Cancel a confirmed registration or raise the number of places first."),
                "full",
            )
        return _promote(registration, now, user=user)


def cancel(registration: Registration, *, user=None, now: datetime | None = None) -> Registration:
    """Cancel a registration (by its owner through the emailed link, or by an admin when `user` is given).

    A confirmed place that frees up goes to the first person on the waiting list, who is emailed."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.anonymised_at:
            raise RegistrationError(_("This registration no longer exists."), "anonymised")
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("This registration has already been cancelled."), "already_cancelled")
        if user is None and event.starts_at is not None and event.starts_at <= now:
            raise RegistrationError(
                _("The event has already started, so the registration can no longer be cancelled here."),
                "started",
            )
        was_confirmed = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated"])
        _log(registration, "cancel", user=user, was_confirmed=was_confirmed)
        _notify(registration, "cancelled", practitioner="cancelled")
        if was_confirmed:
            _fill_free_places(event, now)
    return registration


def _blank(registration: Registration, now: datetime, user=None) -> None:
    for name in questions.PERSONAL_FIELDS:
        setattr(registration, name, "")
    registration.anonymised_at = now
    registration.save(update_fields=[*questions.PERSONAL_FIELDS, "anonymised_at", "updated"])
    _log(registration, "anonymise", user=user)


def anonymise_expired(*, now: datetime | None = None) -> int:
    """Blank the personal fields of registrations whose event ended longer ago than the retention period
    (Settings → Practice, per site). Statuses stay, so the counts stay. Returns how many were anonymised."""
    now = now or timezone.now()
    anonymised = 0
    for site in Site.objects.select_related("root_page"):
        months = PracticeSettings.for_site(site).registration_retention_months
        cutoff = add_months(now, -months)
        expired = Registration.objects.filter(
            anonymised_at__isnull=True,
            event__ends_at__lt=cutoff,
            event__path__startswith=site.root_page.path,
        )
        count = 0
        for registration in expired:
            with transaction.atomic():
                _blank(registration, now)
            count += 1
        # Lecture requests are only needed until the lecture is agreed: the same period from sending.
        deleted, _details = LectureRequest.objects.filter(
            Q(lecture__path__startswith=site.root_page.path) | Q(lecture__isnull=True), created__lt=cutoff
        ).delete()
        if count or deleted:
            logger.info(
                "anonymised %s registrations and deleted %s lecture requests on %s", count, deleted, site
            )
        anonymised += count
    return anonymised


def erase_person(email: str, *, user=None, now: datetime | None = None) -> int:
    """Erase one person's data on request: their active registrations for events still ahead are cancelled
    first (freeing the place for the waiting list), then every registration of theirs is anonymised and
    their lecture requests deleted. Returns how many registrations were anonymised."""
    now = now or timezone.now()
    email = normalise_email(email)
    if not email:
        raise RegistrationError(_("Give the email address whose data is to be erased."), "missing")
    with transaction.atomic():
        registrations = list(Registration.objects.filter(email=email, anonymised_at__isnull=True))
        for registration in registrations:
            erase_registration(registration, user=user, now=now)
        LectureRequest.objects.filter(email__iexact=email).delete()
    logger.info("erased the data of one person: %s registrations", len(registrations))
    return len(registrations)


def erase_registration(registration: Registration, *, user=None, now: datetime | None = None) -> Registration:
    """Erase the personal data of one registration (cancelling it first if its event is still ahead)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_active and (event.ends_at is None or event.ends_at >= now):
            was_confirmed = registration.status == Status.CONFIRMED
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at", "updated"])
            _log(registration, "cancel", user=user, was_confirmed=was_confirmed)
            if was_confirmed:
                _fill_free_places(event, now)
        if not registration.anonymised_at:
            _blank(registration, now, user=user)
    return registration


def request_lecture(lecture, *, consent: bool, now: datetime | None = None, **fields) -> LectureRequest:
    """Store an organisation's request for a lecture topic and email it to the practitioner."""
    from . import tasks

    if not consent:
        raise RegistrationError(_("Please accept the privacy policy to send the request."), "consent")
    now = now or timezone.now()
    with transaction.atomic():
        lecture_request = LectureRequest.objects.create(
            lecture=lecture, topic=lecture.title, consent_at=now, created=now, **fields
        )
        logger.info("lecture request %s for page %s", lecture_request.pk, lecture.pk)
        request_id = lecture_request.pk
        _after_commit(lambda: tasks.send_lecture_request.enqueue(request_id))
    return lecture_request
