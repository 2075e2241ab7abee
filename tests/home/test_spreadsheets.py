"""The rules every admin export shares (home/spreadsheets.py)."""

import datetime

import pytest

from home.spreadsheets import escape_formula, export_filename, sheet_title


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("@cmd", "'@cmd"),
        ("-1-1", "'-1-1"),  # Excel would show -2
        ("+358-40-1", "'+358-40-1"),  # and 317
        ("\t=1", "'\t=1"),
        ("+358 40 123 4567", "+358 40 123 4567"),  # a phone number as people type it
        ("040 123 4567", "040 123 4567"),
        ("Maija", "Maija"),
    ],
)
def test_text_excel_would_calculate_is_escaped(typed, exported):
    assert escape_formula(typed) == exported


def test_file_names_are_ascii_and_end_with_the_date():
    day = datetime.date(2027, 3, 12)
    assert export_filename("ilmoittautumiset", "Dialoginen asiakastyö – päivä 1/3", day=day) == (
        "ilmoittautumiset-dialoginen-asiakastyo-paiva-13-2027-03-12"
    )
    assert export_filename("ilmoittautumiset", "", day=day) == "ilmoittautumiset-2027-03-12"


def test_sheet_names_are_what_excel_accepts():
    assert sheet_title("Työyhteisö: [osa 1/2] mitä *teemme*?") == "Työyhteisö osa 12 mitä teemme"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("'lainattu'") == "lainattu"
    assert sheet_title("[]:*?/\\") == "Sheet1"
