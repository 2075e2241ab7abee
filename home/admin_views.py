"""What the admin's listings share (counts in Finnish), the contact page's list of enquiries, and the
outbox of emails (home/outbox.py) with its dashboard warning."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.permissions import policy_registry

from . import outbox
from .models import OutgoingEmail
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


class OutgoingEmailIndexView(CountedListingMixin, IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status != OutgoingEmail.Status.SENT and self.user_has_permission("change"):
            url = reverse("outgoing_email:send_again", args=[instance.pk])
            buttons.append(MenuItem(_("Send again"), url, icon_name="mail", priority=40))
        return buttons


class SendAgainView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and try a waiting or failed message again now (POST, outbox.send_again)."""

    model = OutgoingEmail
    permission_required = "change"
    template_name = "home/admin/send_again.html"
    header_icon = "mail"
    page_title = gettext_lazy("Send again")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(OutgoingEmail, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.object.subject

    def get_context_data(self, **kwargs):
        return super().get_context_data(email=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        if outbox.send_again(self.object):
            messages.success(request, _("The message was sent."))
        else:
            self.object.refresh_from_db()
            messages.error(
                request,
                _("The message could not be sent (%(error)s). It will be tried again later.")
                % {"error": self.object.last_error or _("unknown error")},
            )
        return redirect(reverse("outgoing_email:index"))


class OutgoingEmailViewSet(ModelViewSet):
    """Emails are made by the site, never here: the practitioner reads them, sends one again, or
    deletes one (they are personal data)."""

    model = OutgoingEmail
    name = "outgoing_email"
    icon = "mail"
    menu_label = gettext_lazy("Outgoing emails")
    menu_order = 900
    add_to_settings_menu = True
    index_view_class = OutgoingEmailIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    search_backend_name = None
    inspect_view_fields = [
        "purpose",
        "recipients",
        "reply_to",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    exclude_form_fields = []

    def get_urlpatterns(self):
        # No add or edit form: a message is what the site wrote.
        patterns = [p for p in super().get_urlpatterns() if p.name not in ("add", "edit")]
        return patterns + [path("send-again/<int:pk>/", SendAgainView.as_view(), name="send_again")]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"add_url_name": None, "edit_url_name": None, **kwargs})


def can_view(user, model) -> bool:
    """Whether `user` may see `model`'s admin listing (a dashboard panel links there only then)."""
    return policy_registry.get_by_type(model).user_has_any_permission(user, ["view", "change"])


class FailedEmailsPanel(Component):
    """Dashboard: a warning while any message has failed for good."""

    name = "failed_emails"
    template_name = "home/admin/failed_emails_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        failed = outbox.failed_for_good().count() if can_view(request.user, OutgoingEmail) else 0
        return {
            "failed": failed,
            "url": reverse("outgoing_email:index") + "?status=failed",
            "request": request,
        }
