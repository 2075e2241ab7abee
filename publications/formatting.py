"""Small text and date helpers shared by the models, citations and importers."""

import datetime
import re


def normalize_doi(value):
    """'https://doi.org/10.1/X' and 'doi:10.1/X' → '10.1/X'."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


def partial_date(year, month=None, day=None):
    """The first possible day of a partial date; used for ordering and feeds."""
    try:
        return datetime.date(year, month or 1, day or 1)
    except (TypeError, ValueError):
        try:
            return datetime.date(year, month or 1, 1)
        except (TypeError, ValueError):
            return datetime.date(year or 1900, 1, 1)


def printable(text):
    """Drop control characters (a NUL byte is an error in a PostgreSQL query)."""
    return "".join(char for char in text if char.isprintable() or char == " ")
