"""What the admin's spreadsheet exports share (registrations, contact enquiries): CSV that Finnish Excel opens as is, no cell that Excel would run, Finnish wall-clock times,
and files and sheets named after what they hold."""

import csv
import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
# A phone number as people type it ("+358 40 123 4567"): a leading plus, then digits and spaces. Anything
# more ("-1-1", "+358-40-1") Excel would calculate, so it is escaped like any other formula.
PHONE_NUMBER = re.compile(r"^\+[\d ]+$")
# Excel refuses these in a sheet name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX_LENGTH = 31
FILENAME_PART_MAX_LENGTH = 60


def escape_formula(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; prefix such text (not phone numbers)."""
    if FORMULA_START.match(value) and not PHONE_NUMBER.match(value):
        return "'" + value
    return value


def local_datetime(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def export_filename(*parts: str, day: datetime.date) -> str:
    """ "ilmoittautumiset-dialoginen-asiakastyo-2027-03-12": ASCII only (ä → a), so that every browser, mail
    program and file system keeps the name as it is."""
    slugs = [slugify(str(part))[:FILENAME_PART_MAX_LENGTH].strip("-") for part in parts]
    return "-".join([slug for slug in slugs if slug] + [day.isoformat()])


def sheet_title(text: str) -> str:
    title = " ".join(SHEET_NAME_FORBIDDEN.sub("", str(text)).split())[:SHEET_NAME_MAX_LENGTH].strip()
    # Excel reserves a leading or trailing apostrophe (it quotes sheet names in formulas with them).
    return title.strip("'") or "Sheet1"


class ExcelExportMixin(SpreadsheetExportMixin):
    """Wagtail's export (SpreadsheetExportMixin), made for Finnish Excel: semicolons and UTF-8 with a BOM
    in the CSV, times in the site's time zone, text that looks like a formula escaped, and the XLSX
    sheet named by get_sheet_title()."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: local_datetime,
            # Excel has no time zones: give it the Finnish wall-clock time.
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(value),
        },
        # Only the CSV needs it: the XLSX writer stores every text as a string cell, never a formula, and
        # an apostrophe there would show.
        str: {SpreadsheetExportMixin.FORMAT_CSV: escape_formula},
    }

    def get_sheet_title(self) -> str:
        return str(self.get_page_title())

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def write_xlsx(self, queryset, output):
        # Wagtail's own, but for the sheet's name, which it fixes as "Sheet1".
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=sheet_title(self.get_sheet_title()))
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        excel_date_format = ExcelDateFormatter().get()
        for item in queryset:
            row = self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=excel_date_format)
            worksheet.append(row)
        workbook.save(output)
