"""Every register of personal data the site keeps, for the two things the law asks of each: keep it
no longer than the retention period (Settings → Practice), and erase one person's data on request.

Apps add theirs with `register()` from AppConfig.ready() (events: registrations and lecture
requests). `expire_all()` runs daily (`manage.py remove_expired_data`, from cron or a scheduled
task); `erase_everywhere(email)` is the admin's "erase this person's data"."""

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Register:
    name: str
    expire: Callable[[datetime], int]  # now -> rows removed or anonymised
    erase: Callable[..., int]  # (email, user=None, now=None) -> rows removed or anonymised


REGISTERS: dict[str, Register] = {}


def register(name: str, *, expire, erase) -> None:
    REGISTERS[name] = Register(name, expire, erase)


def expire_all(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {name: entry.expire(now) for name, entry in REGISTERS.items()}
    logger.info("expired personal data: %s", counts)
    return counts


def erase_everywhere(email: str, *, user=None, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    with transaction.atomic():
        return {name: entry.erase(email, user=user, now=now) for name, entry in REGISTERS.items()}


def retention_cutoffs(now: datetime):
    """(site, the moment before which its data has expired), for every site."""
    from .models import PracticeSettings

    for site in Site.objects.select_related("root_page"):
        months = PracticeSettings.for_site(site).registration_retention_months
        yield site, add_months(now, -months)


def add_months(value: datetime, months: int) -> datetime:
    """The same day and time `months` later (earlier when negative; the last day of a shorter month)."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


# The site's own registers: enquiries from the contact form, and the outbox of emails.


def expire_enquiries(now: datetime) -> int:
    from wagtail.contrib.forms.models import FormSubmission

    deleted = 0
    for site, cutoff in retention_cutoffs(now):
        deleted += FormSubmission.objects.filter(
            page__path__startswith=site.root_page.path, submit_time__lt=cutoff
        ).delete()[0]
    return deleted


def erase_enquiries(email: str, *, user=None, now=None) -> int:
    """An enquiry is the person's when one of its answers is their address (the form's email field)."""
    from wagtail.contrib.forms.models import FormSubmission

    email = email.strip().lower()
    theirs = [
        submission.pk
        for submission in FormSubmission.objects.only("pk", "form_data").iterator()
        if any(
            isinstance(value, str) and value.strip().lower() == email
            for value in submission.form_data.values()
        )
    ]
    return FormSubmission.objects.filter(pk__in=theirs).delete()[0]


def expire_outbox(now: datetime) -> int:
    """Emails and finished task rows older than the longest retention period of any site."""
    from django_tasks_db.models import DBTaskResult

    from .models import OutgoingEmail

    cutoffs = [cutoff for _site, cutoff in retention_cutoffs(now)]
    if not cutoffs:
        return 0
    cutoff = min(cutoffs)
    deleted = OutgoingEmail.objects.filter(created_at__lt=cutoff).delete()[0]
    deleted += DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()[0]
    return deleted


def erase_outbox(email: str, *, user=None, now=None) -> int:
    from .models import OutgoingEmail

    email = email.strip()
    return OutgoingEmail.objects.filter(
        Q(recipients__icontains=email) | Q(reply_to__icontains=email)
    ).delete()[0]


register("enquiries", expire=expire_enquiries, erase=erase_enquiries)
register("emails", expire=expire_outbox, erase=erase_outbox)
