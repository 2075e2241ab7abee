"""The emails of registrations and lecture requests: Finnish plain text with an HTML alternative."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from home.models import PracticeSettings

from .ical import build_calendar, calendar_domain
from .models import AttendanceMode, LectureRequest, Registration

SUBJECTS = {
    "confirmed": lambda title: _("Registration confirmed: %(title)s") % {"title": title},
    "waitlisted": lambda title: _("You are on the waiting list: %(title)s") % {"title": title},
    "promoted": lambda title: _("A place became free – you are in: %(title)s") % {"title": title},
    "cancelled": lambda title: _("Registration cancelled: %(title)s") % {"title": title},
}
PRACTITIONER_SUBJECTS = {
    "new": lambda title: _("New registration: %(title)s") % {"title": title},
    "cancelled": lambda title: _("Cancellation: %(title)s") % {"title": title},
}


def _practice(page):
    site = page.get_site()
    return PracticeSettings.for_site(site) if site else None


def _render(template, context):
    return (
        render_to_string(f"emails/{template}.txt", context).strip() + "\n",
        render_to_string(f"emails/{template}.html", context),
    )


def _event_context(event):
    practice = _practice(event)
    return {
        "event": event,
        "event_url": event.get_full_url(),
        "sessions": event.sessions_in_order,
        "practice": practice,
        "confirmation_text_plain": strip_tags(event.confirmation_text).strip(),
    }


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """The email to the person who registered: `kind` is confirmed, waitlisted, promoted or cancelled."""
    event = registration.event.specific
    with translation.override(event.locale.language_code):
        context = _event_context(event)
        has_place = kind in ("confirmed", "promoted")
        context.update(
            registration=registration,
            kind=kind,
            cancel_url=(
                (event.get_full_url() or "") + event.reverse_subpage("cancel", args=[registration.token])
                if kind != "cancelled"
                else ""
            ),
            join_link=event.online_link
            if has_place and event.attendance_mode != AttendanceMode.IN_PERSON
            else "",
        )
        text, html = _render(f"registration_{kind}", context)
        practice = context["practice"]
        message = EmailMultiAlternatives(
            subject=SUBJECTS[kind](event.title),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
            reply_to=[practice.notification_address] if practice and practice.notification_address else None,
        )
        message.attach_alternative(html, "text/html")
        if has_place:
            calendar = build_calendar([event], domain=calendar_domain(event), join_link_for=event)
            message.attach(f"{event.slug}.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def practitioner_message(registration: Registration, kind: str) -> EmailMultiAlternatives | None:
    """The notice to the practitioner's address (Settings → Practice); None when no address is set."""
    event = registration.event.specific
    with translation.override(event.locale.language_code):
        context = _event_context(event)
        practice = context["practice"]
        if not (practice and practice.notification_address):
            return None
        context.update(registration=registration, kind=kind, counts=event.counts)
        text, html = _render("registration_notification", context)
        message = EmailMultiAlternatives(
            subject=PRACTITIONER_SUBJECTS[kind](event.title),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[practice.notification_address],
            reply_to=[registration.email] if registration.email else None,
        )
        message.attach_alternative(html, "text/html")
    return message


def lecture_request_message(lecture_request: LectureRequest) -> EmailMultiAlternatives | None:
    lecture = lecture_request.lecture
    practice = _practice(lecture) if lecture else None
    if not (practice and practice.notification_address):
        return None
    with translation.override(lecture.locale.language_code):
        context = {
            "request": lecture_request,
            "lecture": lecture,
            "lecture_url": lecture.get_full_url(),
            "practice": practice,
        }
        text, html = _render("lecture_request", context)
        message = EmailMultiAlternatives(
            subject=_("Lecture request: %(topic)s") % {"topic": lecture_request.topic},
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[practice.notification_address],
            reply_to=[lecture_request.email],
        )
        message.attach_alternative(html, "text/html")
    return message
