"""Dates, times and periods as Finnish visitors read them, in the site's time zone."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def local(value):
    return timezone.localtime(value) if value else value


def format_time(value):
    return date_format(local(value), "TIME_FORMAT")


def format_day(value):
    return date_format(local(value), "SHORT_DATE_FORMAT")


def format_datetime(value):
    return date_format(local(value), "SHORT_DATETIME_FORMAT")


def format_period(start, end):
    """ "12.3.2027 klo 9.00–16.00", or both dates and times when it runs past midnight."""
    if local(start).date() == local(end).date():
        return gettext("%(date)s at %(start)s–%(end)s") % {
            "date": format_day(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    return gettext("%(start_date)s at %(start)s – %(end_date)s at %(end)s") % {
        "start_date": format_day(start),
        "start": format_time(start),
        "end_date": format_day(end),
        "end": format_time(end),
    }


def format_dates(start, end):
    """A listing's date line: one period, or the first and last day of a series."""
    if start is None:
        return ""
    if local(start).date() == local(end).date():
        return format_period(start, end)
    return f"{format_day(start)}–{format_day(end)}"
