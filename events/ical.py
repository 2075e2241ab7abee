"""iCalendar files: one VEVENT per session, Europe/Helsinki times, UIDs that stay the same between downloads."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

PRODID = "-//Tyonohjaus//Koulutukset ja luennot//FI"


def calendar_domain(page) -> str:
    """The host name in UIDs: the site's, so the page, the feed and the email attachment agree."""
    site = page.get_site()
    return site.hostname if site else "localhost"


def session_uid(event, session, domain):
    return f"event-{event.pk}-session-{session.pk}@{domain}"


def build_calendar(events, *, name="", domain="", request=None, join_link_for=None) -> bytes:
    """The calendar of `events` (pages with their sessions prefetched).

    `join_link_for` is the one event whose online joining link may be included: the attachment of a
    confirmed attendee's email. Public files never contain the link."""
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    starts = []
    for event in events:
        sessions = sorted(event.sessions.all(), key=lambda session: session.start)
        url = event.get_full_url(request)
        description = event.search_description or event.lead or strip_tags(str(event.title))
        if join_link_for is not None and event.pk == join_link_for.pk and event.online_link:
            description = f"{description}\n\n{event.online_link}"
        for number, session in enumerate(sessions, start=1):
            vevent = Event()
            vevent.add("uid", session_uid(event, session, domain or "localhost"))
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", session.start.astimezone(tz))
            vevent.add("dtend", session.end.astimezone(tz))
            summary = event.title if len(sessions) == 1 else f"{event.title} ({number}/{len(sessions)})"
            vevent.add("summary", summary)
            vevent.add("description", description)
            location = event.location_text
            if location:
                vevent.add("location", location)
            if url:
                vevent.add("url", url)
            vevent.add("status", "CONFIRMED")
            calendar.add_component(vevent)
            starts.append(session.start)
    if starts:
        first, last = min(starts).astimezone(tz).date(), max(starts).astimezone(tz).date()
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()
