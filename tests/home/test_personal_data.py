"""Contact-form enquiries and stored emails follow the retention period and the erasure of one
person's data, like registrations (home/personal_data.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

from home import outbox
from home.models import ContactPage, OutgoingEmail
from tests.factories import make_registration, make_training

pytestmark = pytest.mark.django_db


def enquiry(email, days_ago=0):
    page = ContactPage.objects.get(slug="ota-yhteytta")
    submission = FormSubmission.objects.create(
        page=page, form_data={"nimi": "Maija", "sahkoposti": email, "viesti": "Hei"}
    )
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - timedelta(days=days_ago)
    )
    return submission


def test_enquiries_emails_and_task_rows_expire_after_the_retention_period(home_page):
    old, new = enquiry("vanha@example.fi", days_ago=400), enquiry("uusi@example.fi", days_ago=10)
    old_email = outbox.send(mail.EmailMessage("Vanha", "Teksti", to=["vanha@example.fi"]), "test")
    new_email = outbox.send(mail.EmailMessage("Uusi", "Teksti", to=["uusi@example.fi"]), "test")
    OutgoingEmail.objects.filter(pk=old_email.pk).update(created_at=timezone.now() - timedelta(days=400))
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [old_email.pk], "kwargs": {}},
        task_path="home.tasks.deliver_email",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now() - timedelta(days=400),
        return_value=True,
        exception_class_path="",
        traceback="",
    )
    call_command("remove_expired_data", stdout=StringIO())
    assert list(FormSubmission.objects.filter(pk__in=[old.pk, new.pk])) == [new]
    assert list(OutgoingEmail.objects.all()) == [new_email]
    assert not DBTaskResult.objects.exists()


def test_erasing_a_persons_data_removes_their_enquiries_and_emails(
    admin_client, home_page, django_capture_on_commit_callbacks
):
    mine, other = enquiry("Poistettava@Example.fi"), enquiry("muu@example.fi")
    event = make_training(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration(event, email="poistettava@example.fi")
    assert OutgoingEmail.objects.filter(recipients="poistettava@example.fi").exists()
    assert OutgoingEmail.objects.filter(
        reply_to="poistettava@example.fi"
    ).exists()  # the practitioner's notice

    admin_client.post(reverse("registrations:erase", args=[registration.pk]))

    assert list(FormSubmission.objects.filter(pk__in=[mine.pk, other.pk])) == [other]
    assert not OutgoingEmail.objects.filter(recipients__icontains="poistettava@example.fi").exists()
    assert not OutgoingEmail.objects.filter(reply_to__icontains="poistettava@example.fi").exists()
    registration.refresh_from_db()
    assert registration.anonymised_at and not registration.email
