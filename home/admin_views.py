"""What the admin's listings share (counts in Finnish), and the contact page's list of enquiries."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_noop, ngettext_lazy
from wagtail.admin.paginator import WagtailPaginator
from wagtail.contrib.forms.views import SubmissionsListView

from .spreadsheets import ExcelExportMixin, export_filename

# Wagtail's Finnish says "Hae CSV" ("fetch") on every export button; what it does is download a file.
# Named here so that `make messages` keeps them in locale/, which Django reads before Wagtail's catalogue.
WAGTAIL_WORDING = (gettext_noop("Download CSV"), gettext_noop("Download XLSX"))


class CountedPaginator(WagtailPaginator):
    """Wagtail's listing footer is "<count> <verbose_name_plural>", which Finnish cannot say: after a
    number comes the partitive singular ("14 ohjattua ryhmää", not "14 ohjatut ryhmät"). A model (or a
    view) words it with `count_label`, an ngettext_lazy() with a %(count)s."""

    def __init__(self, *args, count_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_label = count_label or getattr(self.model, "count_label", None)

    @cached_property
    def items_count_label(self):
        if self.count_label is None:
            return super().items_count_label
        return self.count_label % {"count": self.count}


class CountedListingMixin:
    """For a Wagtail listing view: its footer counts with the model's (or the view's) `count_label`."""

    paginator_class = CountedPaginator
    count_label = None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_label=self.count_label, **kwargs)


class ContactSubmissionsListView(CountedListingMixin, ExcelExportMixin, SubmissionsListView):
    """The enquiries sent with the contact form, exported like registrations: what a visitor typed into
    the form never runs as a formula in the practitioner's Excel."""

    count_label = ngettext_lazy("%(count)s enquiry", "%(count)s enquiries", "count")

    def get_sheet_title(self):
        return self.form_page.title

    def get_filename(self):
        return export_filename(self.form_page.title, day=timezone.localdate())
