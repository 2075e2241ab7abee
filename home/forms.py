from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS, skipped by keyboard): bots that fill it are refused.

    Public forms inherit it, and with it the accessible markup of templates/forms/form.html."""

    template_name = "forms/form.html"
    # The visible fields; a form with sections of its own names another template.
    fields_template_name = "forms/fields.html"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("The form could not be sent. Please try again."), code="honeypot")
        return ""

    def clean(self):
        cleaned_data = super().clean()
        # Nothing of the trap field is stored or emailed.
        cleaned_data.pop(HONEYPOT_FIELD, None)
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    def create_dropdown_field(self, field, options):
        # An optional list starts empty, so an enquiry never claims a service nobody chose.
        form_field = super().create_dropdown_field(field, options)
        if not field.required:
            form_field.choices = [("", _("– choose –")), *form_field.choices]
        return form_field

    def get_form_class(self):
        return type("ContactForm", (HoneypotMixin, super().get_form_class()), {})
