"""Fields the public forms share: the registration form's questions (questions.py) and the lecture
request form (forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import phone_validator
from home.validators import normalise_business_id, validate_business_id

TEXT_MAX_LENGTH = 2000


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


class BusinessIdField(forms.CharField):
    """A Finnish business ID, stored as "1234567-1" whichever way it was typed."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_business_id(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value:
            validate_business_id(value)
