from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from .cache import cached

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS, skipped by keyboard): bots that fill it are refused.

    Public forms inherit it, and with it the accessible markup of templates/forms/form.html, whose
    visible fields (`fields_template_name`) an unbound form renders once per content generation."""

    template_name = "forms/form.html"
    fields_template_name = "forms/fields.html"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Not for a preview: a draft's fields must neither come from nor go to the cache.
        self.keep_blank = not getattr(request, "is_preview", False)

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("The form could not be sent. Please try again."), code="honeypot")
        return ""

    def blank_form_key(self):
        """The cache key of this form's visible fields, or None when they must be rendered afresh.

        A blank form's fields are the same for every visitor: labels, help texts, choices and an
        initial value chosen from the choices. Errors, posted values and the hidden fields (a signed,
        timed token) are not, so a bound form is never kept and hidden fields are never part of it."""
        if self.is_bound or not self.keep_blank:
            return None
        for name, value in self.initial.items():
            choices = getattr(self.fields.get(name), "choices", ())
            if str(value) not in {str(choice) for choice, _label in choices}:
                return None  # a value a visitor made up (?palvelu=…): not a key to keep
        page = getattr(self, "page", None)
        return ":".join(
            [
                "blank-form",
                f"{type(self).__module__}.{type(self).__name__}",
                str(page.pk if page else ""),
                get_language(),
                repr(sorted(self.initial.items())),
            ]
        )

    def visible_fields_html(self):
        def render():
            return mark_safe(self.renderer.render(self.fields_template_name, {"form": self}))

        key = self.blank_form_key()
        return render() if key is None else mark_safe(cached(key, render))

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
