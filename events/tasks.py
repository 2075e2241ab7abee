"""Background work (django-tasks): emails, and the retention clean-up for deployments that schedule tasks.

Services enqueue these only after their transaction has committed. A task that fails (the mail server is
down) is logged and recorded by the task backend; the registration it is about is already saved."""

import logging

from django_tasks import task

from . import emails, services
from .models import LectureRequest, Registration

logger = logging.getLogger(__name__)


def _send(message, what):
    if message is None:
        logger.warning("%s: no recipient address, nothing sent", what)
        return False
    try:
        message.send()
    except Exception:
        logger.exception("%s: sending failed", what)
        raise
    return True


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at or not registration.email:
        return False
    return _send(
        emails.registration_message(registration, kind), f"registration {registration_id} {kind} email"
    )


@task()
def notify_practitioner(registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return False
    return _send(
        emails.practitioner_message(registration, kind), f"registration {registration_id} {kind} notice"
    )


@task()
def send_lecture_request(request_id: int) -> bool:
    lecture_request = LectureRequest.objects.select_related("lecture").filter(pk=request_id).first()
    if lecture_request is None:
        return False
    return _send(emails.lecture_request_message(lecture_request), f"lecture request {request_id} email")


@task()
def anonymise_registrations() -> int:
    """The same as `manage.py anonymise_registrations`, for deployments that schedule tasks."""
    return services.anonymise_expired()
