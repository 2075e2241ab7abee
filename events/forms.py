"""Public forms: registration for an event and a request for a lecture topic."""

from django import forms
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from home.forms import HoneypotMixin
from home.models import PracticeSettings, phone_validator

from .models import LectureRequest, Registration
from .validators import normalise_business_id, validate_business_id

TEXT_MAX_LENGTH = 2000
FORM_TOKEN_MAX_AGE = 60 * 60 * 24 * 2  # a form left open for two days is stale
FORM_TOKEN_SALT = "events.forms"


def email_field(help_text=""):
    return forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def phone_field():
    return forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )


def organisation_field(*, required):
    return forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


def long_text(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def privacy_policy_url(request):
    """The URL of the privacy policy chosen in Settings → Practice, in the active language, or ""."""
    privacy_page = PracticeSettings.for_request(request).privacy_page
    if not isinstance(privacy_page, Page):
        return ""
    return privacy_page.localized.get_url(request)


def consent_field(request, page):
    """A required checkbox whose help text links to the privacy policy set in Settings → Practice."""
    url = ""
    if request is not None:
        url = privacy_policy_url(request)
    help_text = ""
    if url:
        help_text = format_html(
            gettext('Read how we handle your details in the <a href="{url}">privacy policy</a>.'), url=url
        )
    return forms.BooleanField(
        label=_("I agree that my details are processed as described in the privacy policy."),
        help_text=help_text,
        error_messages={"required": _("Please accept the privacy policy to continue.")},
    )


class SignedFormMixin(forms.Form):
    """A hidden, signed token naming the page the form was issued for. A stale or forged form is refused
    with a message (and a fresh token), not stored."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = self.issue_token()

    def issue_token(self):
        return signing.TimestampSigner(salt=FORM_TOKEN_SALT).sign(str(self.page.pk))

    def token_is_valid(self, value):
        try:
            page_id = signing.TimestampSigner(salt=FORM_TOKEN_SALT).unsign(
                value or "", max_age=FORM_TOKEN_MAX_AGE
            )
        except signing.BadSignature:  # also SignatureExpired
            return False
        return page_id == str(self.page.pk)

    def clean(self):
        cleaned_data = super().clean()
        if not self.token_is_valid(cleaned_data.get("form_token")):
            data = self.data.copy()
            data[self.add_prefix("form_token")] = self.issue_token()
            self.data = data
            self.add_error(
                None,
                _("The form had expired or was not valid. Please check your details and send it again."),
            )
        cleaned_data.pop("form_token", None)
        return cleaned_data


class RegistrationForm(SignedFormMixin, HoneypotMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = email_field(help_text=_("The confirmation and the link for cancelling are sent here."))
    phone = phone_field()
    organisation = organisation_field(required=False)
    payer = forms.ChoiceField(
        label=_("Who pays?"), choices=Registration.Payer.choices, widget=forms.RadioSelect
    )
    invoice_organisation = forms.CharField(label=_("Organisation to invoice"), max_length=200, required=False)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=12,
        required=False,
        help_text=_("For example 1234567-8."),
    )
    einvoice_address = forms.CharField(
        label=_("E-invoice address"), max_length=100, required=False, help_text=_("For example 003712345678.")
    )
    einvoice_operator = forms.CharField(
        label=_("E-invoice operator"),
        max_length=100,
        required=False,
        help_text=_("The operator’s name or ID."),
    )
    billing_address = forms.CharField(
        label=_("Postal billing address"),
        max_length=500,
        required=False,
        help_text=_("Only if the organisation has no e-invoice address."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    payer_reference = forms.CharField(
        label=_("Payer’s reference"),
        max_length=100,
        required=False,
        help_text=_("For example a cost centre or the name of the person approving the invoice."),
    )
    dietary_needs = long_text(_("Dietary needs"))
    accessibility_needs = long_text(
        _("Accessibility needs"), _("For example an induction loop, a step-free route or an interpreter.")
    )
    free_text = long_text(_("Additional information"))

    INVOICING_FIELDS = Registration.INVOICING_FIELDS
    fields_template_name = "events/includes/registration_fields.html"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        event = self.page
        asked = {
            "organisation": event.ask_organisation,
            "dietary_needs": event.ask_dietary_needs,
            "accessibility_needs": event.ask_accessibility_needs,
            "free_text": bool(event.free_text_question),
        }
        for name, is_asked in asked.items():
            if not is_asked:
                del self.fields[name]
        if event.free_text_question:
            self.fields["free_text"].label = event.free_text_question
        if not (event.ask_invoicing and not event.is_free):
            for name in self.INVOICING_FIELDS:
                del self.fields[name]
        self.fields["consent"] = consent_field(request, event)
        # The honeypot goes last, away from the fields people fill in.
        self.fields["website"] = self.fields.pop("website")

    @property
    def asks_invoicing(self):
        return "payer" in self.fields

    def sections(self):
        """(legend, fields) groups for the template; the invoicing details get a fieldset of their own."""
        invoicing = [self[name] for name in self.INVOICING_FIELDS if name in self.fields]
        visible = [field for field in self.visible_fields() if field.name not in self.INVOICING_FIELDS]
        tail_names = {"dietary_needs", "accessibility_needs", "free_text", "consent", "website"}
        head = [field for field in visible if field.name not in tail_names]
        tail = [field for field in visible if field.name in tail_names]
        sections = [("", head)]
        if invoicing:
            sections.append((_("Invoicing details"), invoicing))
        sections.append(("", tail))
        return sections

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_business_id(self):
        value = self.cleaned_data.get("business_id", "")
        if not value:
            return ""
        value = normalise_business_id(value)
        validate_business_id(value)
        return value

    def clean(self):
        cleaned_data = super().clean()
        if self.asks_invoicing and cleaned_data.get("payer") == Registration.Payer.ORGANISATION:
            required = _("Required when the organisation pays.")
            for name in ("invoice_organisation", "business_id"):
                if not cleaned_data.get(name) and name not in self.errors:
                    self.add_error(name, required)
            has_einvoice = cleaned_data.get("einvoice_address")
            if has_einvoice and not cleaned_data.get("einvoice_operator"):
                self.add_error("einvoice_operator", _("Give the operator of the e-invoice address."))
            if not has_einvoice and not cleaned_data.get("billing_address"):
                self.add_error(
                    "billing_address",
                    _("Give an e-invoice address and operator, or a postal billing address."),
                )
        elif self.asks_invoicing:
            # Someone paying themselves is invoiced by email: organisation details are not kept.
            for name in self.INVOICING_FIELDS[1:]:
                cleaned_data[name] = ""
        return cleaned_data

    def registration_details(self):
        """Keyword arguments for services.register()."""
        data = dict(self.cleaned_data)
        data.pop("website", None)
        return data


class LectureRequestForm(SignedFormMixin, HoneypotMixin, forms.Form):
    organisation = organisation_field(required=True)
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = email_field()
    phone = phone_field()
    preferred_dates = forms.CharField(
        label=_("Preferred dates"),
        max_length=1000,
        help_text=_("One or more dates or periods, e.g. “a morning in March”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience_size = forms.IntegerField(
        label=_("Audience size (approx.)"), required=False, min_value=1, max_value=100_000
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=LectureRequest.Format.choices,
        initial=LectureRequest.Format.EITHER,
        widget=forms.RadioSelect,
    )
    message = long_text(_("Message"), _("The event, the audience, wishes for the content…"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["consent"] = consent_field(request, self.page)
        self.fields["website"] = self.fields.pop("website")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def request_details(self):
        data = dict(self.cleaned_data)
        data.pop("website", None)
        return data


class RegistrationAdminForm(WagtailAdminModelForm):
    """The admin's edit form: the one-active-registration rule, as a message rather than a database error
    (the constraint also involves the event and status, which this form does not edit)."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        registration = self.instance
        if email and registration.is_active and not registration.anonymised_at:
            duplicate = (
                Registration.objects.filter(
                    event_id=registration.event_id, email=email, anonymised_at__isnull=True
                )
                .exclude(status=Registration.Status.CANCELLED)
                .exclude(pk=registration.pk)
            )
            if duplicate.exists():
                raise forms.ValidationError(_("This email address is already registered for this event."))
        return email

    def clean_business_id(self):
        value = self.cleaned_data.get("business_id", "")
        return normalise_business_id(value) if value else ""
