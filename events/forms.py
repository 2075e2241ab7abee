"""Public forms: registration for an event and a request for a lecture topic."""

from itertools import groupby

from django import forms
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from home.forms import HoneypotMixin
from home.models import PracticeSettings

from . import questions
from .form_fields import email_field, long_text, organisation_field, phone_field
from .models import LectureRequest, Registration

FORM_TOKEN_MAX_AGE = 60 * 60 * 24 * 2  # a form left open for two days is stale
FORM_TOKEN_SALT = "events.forms"


def privacy_policy_url(request, page):
    """The URL of the privacy policy chosen in Settings → Practice, in the language of `page` (the
    page being served, so the active one), or ""."""
    privacy_page = PracticeSettings.for_request(request).privacy_page
    if not isinstance(privacy_page, Page):
        return ""
    if privacy_page.locale_id != page.locale_id:
        privacy_page = privacy_page.localized
    return privacy_page.get_url(request)


def consent_field(request, page):
    """A required checkbox whose help text links to the privacy policy set in Settings → Practice."""
    url = ""
    if request is not None:
        url = privacy_policy_url(request, page)
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
    """Name, email and consent, and the questions the event asks (events/questions.py), in their order."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = email_field(help_text=_("The confirmation and the link for cancelling are sent here."))

    fields_template_name = "events/includes/registration_fields.html"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        event = self.page
        self.questions = questions.asked(event)
        for question in self.questions:
            for answer in question.answers:
                self.fields[answer.name] = answer.form_field(event)
        self.fields["consent"] = consent_field(request, event)
        # The honeypot goes last, away from the fields people fill in.
        self.fields["website"] = self.fields.pop("website")

    def sections(self):
        """(legend, fields) groups for the template: a question with a legend gets a fieldset of its own."""
        legends = {answer.name: question.legend for question in self.questions for answer in question.answers}
        return [
            (legend, list(fields))
            for legend, fields in groupby(
                self.visible_fields(), key=lambda field: legends.get(field.name, "")
            )
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned_data = super().clean()
        for question in self.questions:
            if question.clean:
                question.clean(self, cleaned_data)
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

    def clean(self):
        cleaned_data = super().clean()
        for answer in questions.ANSWERS:
            if answer.normalise and cleaned_data.get(answer.name):
                cleaned_data[answer.name] = answer.normalise(cleaned_data[answer.name])
        return cleaned_data
