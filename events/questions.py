"""The questions of the registration form besides name, email and consent: one entry each.

An entry holds every fact of its question, as a Django field holds its own: the EventPage field with
which the editor asks it (`ask`), the Registration fields that keep the answers, each answer's field
on the public form, its export column, and whether it is personal data. Everything that handles
answers reads the entries:

- models.py adds the fields to EventPage and Registration, and builds the editor's panels;
- forms.RegistrationForm asks the questions the event asks, in this order;
- services.register() accepts these answers, and anonymisation and erasure blank the personal ones;
- the Registrations admin exports and shows them (admin_views.registration_columns).

Adding a question is one entry in QUESTIONS and a migration (`manage.py makemigrations events`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from home.validators import normalise_business_id, validate_business_id

from .form_fields import BusinessIdField, long_text, organisation_field, phone_field

# Asked on every form, and always personal data.
IDENTITY_FIELDS = ("first_name", "last_name", "email")


class Payer(models.TextChoices):
    SELF = "self", _("I pay myself")
    ORGANISATION = "organisation", _("My organisation pays")


@dataclass(frozen=True)
class Answer:
    """One Registration field that keeps (part of) a question's answer."""

    name: str
    model_field: models.Field
    # The field on the public registration form, for the event being registered for.
    form_field: Callable[..., forms.Field]
    # Blanked when the retention period ends or the person asks for erasure.
    personal: bool = True
    # The export column when it is not the stored value (a choice's label), and its heading.
    export: str = ""
    export_heading: str = ""
    # Applied to what an admin types in the Registrations edit view.
    normalise: Callable[[str], str] | None = None

    @property
    def column(self) -> str:
        return self.export or self.name


@dataclass(frozen=True)
class Question:
    name: str
    answers: tuple[Answer, ...]
    # The EventPage field that asks it: a checkbox, or a text that is also the form's label.
    # None for a question every form asks.
    ask: str | None = None
    ask_field: models.Field | None = None
    # A fieldset of its own on the form and in the admin.
    legend: str = ""
    # A further condition on the event, besides `ask`.
    applies: Callable[..., bool] | None = None
    # Rules across the answers once each is valid: clean(form, cleaned_data), adding errors to form.
    clean: Callable[[forms.Form, dict], None] | None = None

    def is_asked(self, event) -> bool:
        if self.ask and not getattr(event, self.ask):
            return False
        return self.applies is None or self.applies(event)


def clean_invoicing(form, cleaned_data):
    if cleaned_data.get("payer") == Payer.ORGANISATION:
        required = _("Required when the organisation pays.")
        for name in ("invoice_organisation", "business_id"):
            if not cleaned_data.get(name) and name not in form.errors:
                form.add_error(name, required)
        has_einvoice = cleaned_data.get("einvoice_address")
        if has_einvoice and not cleaned_data.get("einvoice_operator"):
            form.add_error("einvoice_operator", _("Give the operator of the e-invoice address."))
        if not has_einvoice and not cleaned_data.get("billing_address"):
            form.add_error(
                "billing_address", _("Give an e-invoice address and operator, or a postal billing address.")
            )
    else:
        # Someone paying themselves is invoiced by email: organisation details are not kept.
        for answer in INVOICING.answers:
            if answer.name != "payer":
                cleaned_data[answer.name] = ""


def text_field(label, max_length, help_text=""):
    return lambda event: forms.CharField(
        label=label, max_length=max_length, required=False, help_text=help_text
    )


PHONE = Question(
    "phone",
    answers=(
        Answer(
            "phone",
            models.CharField(_("phone"), max_length=30, blank=True),
            form_field=lambda event: phone_field(),
        ),
    ),
)

ORGANISATION = Question(
    "organisation",
    ask="ask_organisation",
    ask_field=models.BooleanField(_("ask for the organisation"), default=False),
    answers=(
        Answer(
            "organisation",
            models.CharField(_("organisation"), max_length=200, blank=True),
            form_field=lambda event: organisation_field(required=False),
        ),
    ),
)

INVOICING = Question(
    "invoicing",
    ask="ask_invoicing",
    ask_field=models.BooleanField(
        _("ask for invoicing details"),
        default=False,
        help_text=_(
            "Organisation name, business ID, e-invoice or postal billing address, payer’s reference."
        ),
    ),
    applies=lambda event: not event.is_free,
    legend=_("Invoicing details"),
    clean=clean_invoicing,
    answers=(
        Answer(
            "payer",
            models.CharField(_("who pays"), max_length=12, choices=Payer.choices, blank=True),
            form_field=lambda event: forms.ChoiceField(
                label=_("Who pays?"), choices=Payer.choices, widget=forms.RadioSelect
            ),
            personal=False,  # a choice, and the counts of who paid are kept
            export="get_payer_display",
            export_heading=_("Who pays"),
        ),
        Answer(
            "invoice_organisation",
            models.CharField(_("invoiced organisation"), max_length=200, blank=True),
            form_field=text_field(_("Organisation to invoice"), 200),
        ),
        Answer(
            "business_id",
            models.CharField(
                _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
            ),
            form_field=lambda event: BusinessIdField(
                label=_("Business ID (Y-tunnus)"),
                max_length=12,
                required=False,
                help_text=_("For example 1234567-1."),
            ),
            normalise=normalise_business_id,
        ),
        Answer(
            "einvoice_address",
            models.CharField(_("e-invoice address"), max_length=100, blank=True),
            form_field=text_field(_("E-invoice address"), 100, _("For example 003712345678.")),
        ),
        Answer(
            "einvoice_operator",
            models.CharField(_("e-invoice operator"), max_length=100, blank=True),
            form_field=text_field(_("E-invoice operator"), 100, _("The operator’s name or ID.")),
        ),
        Answer(
            "billing_address",
            models.TextField(_("postal billing address"), blank=True),
            form_field=lambda event: forms.CharField(
                label=_("Postal billing address"),
                max_length=500,
                required=False,
                help_text=_("Only if the organisation has no e-invoice address."),
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
        ),
        Answer(
            "payer_reference",
            models.CharField(_("payer’s reference"), max_length=100, blank=True),
            form_field=text_field(
                _("Payer’s reference"),
                100,
                _("For example a cost centre or the name of the person approving the invoice."),
            ),
        ),
    ),
)

DIETARY_NEEDS = Question(
    "dietary_needs",
    ask="ask_dietary_needs",
    ask_field=models.BooleanField(_("ask about dietary needs"), default=False),
    answers=(
        Answer(
            "dietary_needs",
            models.TextField(_("dietary needs"), blank=True),
            form_field=lambda event: long_text(_("Dietary needs")),
        ),
    ),
)

ACCESSIBILITY_NEEDS = Question(
    "accessibility_needs",
    ask="ask_accessibility_needs",
    ask_field=models.BooleanField(_("ask about accessibility needs"), default=False),
    answers=(
        Answer(
            "accessibility_needs",
            models.TextField(_("accessibility needs"), blank=True),
            form_field=lambda event: long_text(
                _("Accessibility needs"),
                _("For example an induction loop, a step-free route or an interpreter."),
            ),
        ),
    ),
)

FREE_TEXT = Question(
    "free_text",
    ask="free_text_question",
    ask_field=models.CharField(
        _("free-text question"),
        max_length=200,
        blank=True,
        help_text=_("For example “What would you like the training to cover?”. Leave empty not to ask."),
    ),
    answers=(
        Answer(
            "free_text",
            models.TextField(_("answer to the free-text question"), blank=True),
            form_field=lambda event: long_text(event.free_text_question),
        ),
    ),
)

# In the order the form asks them and the export lists them.
QUESTIONS = (PHONE, ORGANISATION, INVOICING, DIETARY_NEEDS, ACCESSIBILITY_NEEDS, FREE_TEXT)

ANSWERS = tuple(answer for question in QUESTIONS for answer in question.answers)
ANSWER_FIELDS = tuple(answer.name for answer in ANSWERS)
PERSONAL_FIELDS = (*IDENTITY_FIELDS, *(answer.name for answer in ANSWERS if answer.personal))


def asked(event) -> list[Question]:
    return [question for question in QUESTIONS if question.is_asked(event)]


def add_ask_fields(event_model) -> None:
    """The fields with which an editor asks the questions, on EventPage."""
    for question in QUESTIONS:
        if question.ask:
            event_model.add_to_class(question.ask, question.ask_field)


def add_answer_fields(registration_model) -> None:
    """The fields that keep the answers, on Registration."""
    for answer in ANSWERS:
        registration_model.add_to_class(answer.name, answer.model_field)


def answer_panels() -> list:
    """The answers in the admin's edit view, a question with a legend in a section of its own."""
    panels = []
    for question in QUESTIONS:
        fields = [FieldPanel(answer.name) for answer in question.answers]
        panels.extend([MultiFieldPanel(fields, heading=question.legend)] if question.legend else fields)
    return panels
