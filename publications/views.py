"""Admin view: import publications from a BibTeX or RIS file (the same service as the command)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importers import ImportFormatError, detect_format
from .models import PublicationIndexPage
from .services import import_publications

MAX_IMPORT_SIZE = 2 * 1024 * 1024


def archives_for(user):
    """The archives this user may add pages to."""
    return [
        archive
        for archive in PublicationIndexPage.objects.order_by("path")
        if archive.permissions_for_user(user).can_add_subpage()
    ]


class ImportForm(forms.Form):
    archive = forms.ModelChoiceField(
        label=_("Archive"), queryset=PublicationIndexPage.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("BibTeX or RIS file"),
        help_text=_(
            "Export your list from Zotero, Mendeley, EndNote or JabRef as .bib or .ris (at most 2 MB)."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("Leave unticked to create drafts you can check before publishing."),
    )
    practitioner = forms.CharField(
        label=_("Your name in author lists"),
        required=False,
        max_length=200,
        help_text=_(
            "As “Family, Given”, for example “Hämäläinen, Päivi”: your name is highlighted on the site."
        ),
    )

    def __init__(self, *args, archives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = PublicationIndexPage.objects.filter(pk__in=[a.pk for a in archives])
        self.text = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise ValidationError(_("The file is too large: at most 2 MB."))
        data = upload.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        try:
            detect_format(text, upload.name)
        except ImportFormatError as error:
            raise ValidationError(str(error)) from error
        self.text = text
        return upload


class ImportPublicationsView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "publications/admin/import.html"
    page_title = _("Import publications")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.archives = archives_for(request.user)
        if not self.archives:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "archives": self.archives}

    def get_initial(self):
        return {"archive": self.archives[0]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": reverse("publications_import"),
                "submit_button_label": _("Import"),
                "submit_button_active_label": _("Importing…"),
                "form_is_multipart": True,
            }
        )
        return context

    def form_valid(self, form):
        archive = form.cleaned_data["archive"]
        report = import_publications(
            archive,
            form.text,
            filename=form.cleaned_data["file"].name,
            publish=form.cleaned_data["publish"],
            practitioner=form.cleaned_data["practitioner"],
        )
        fresh_form = self.form_class(archives=self.archives, initial=self.get_initial())
        return self.render_to_response(self.get_context_data(form=fresh_form, report=report, archive=archive))
