"""The registration form's questions (events/questions.py): each entry is the one place its facts live,
and the form, the page editor, the admin export and anonymisation all follow it."""

import csv
import io
import re

import pytest
from django.utils.text import capfirst
from django.utils.translation import override

from events import questions, services
from events.forms import RegistrationForm
from events.models import EventPage, Registration
from tests.factories import make_registration, make_training

pytestmark = pytest.mark.django_db

# Registration's own bookkeeping: not answers to anything.
BOOKKEEPING = {
    "id",
    "event",
    "status",
    "token",
    "consent_at",
    "created",
    "updated",
    "confirmed_at",
    "cancelled_at",
    "anonymised_at",
}

ALL_ASKED = {
    "ask_organisation": True,
    "ask_invoicing": True,
    "ask_dietary_needs": True,
    "ask_accessibility_needs": True,
    "free_text_question": "Mitä odotat?",
}

ANSWERS = {
    "phone": "+358 40 765 4321",
    "organisation": "Esimerkki ry",
    "payer": "organisation",
    "invoice_organisation": "Esimerkki ry",
    "business_id": "1234567-1",
    "einvoice_address": "003712345678",
    "einvoice_operator": "Operaattori Oy",
    "billing_address": "Katu 1",
    "payer_reference": "KP 1",
    "dietary_needs": "Gluteeniton",
    "accessibility_needs": "Induktiosilmukka",
    "free_text": "Paljon",
}


def test_every_answer_a_registration_keeps_has_an_entry():
    fields = {field.name for field in Registration._meta.concrete_fields}
    assert fields - BOOKKEEPING == {*questions.IDENTITY_FIELDS, *questions.ANSWER_FIELDS}
    assert set(ANSWERS) == set(questions.ANSWER_FIELDS)  # this test's own data covers them all


def test_each_entry_adds_its_fields_to_the_models():
    for question in questions.QUESTIONS:
        if question.ask:
            assert EventPage._meta.get_field(question.ask) is question.ask_field
        for answer in question.answers:
            field = Registration._meta.get_field(answer.name)
            assert field is answer.model_field and field.blank  # a form that does not ask leaves it empty


def test_the_editor_asks_every_optional_question_in_one_panel_section():
    from events.models import TrainingPage

    with override("en"):
        section = next(
            panel
            for panel in TrainingPage.content_panels
            if str(getattr(panel, "heading", "")) == "Optional questions on the registration form"
        )
    assert [child.field_name for child in section.children] == [
        question.ask for question in questions.QUESTIONS if question.ask
    ]


@pytest.mark.parametrize("question", [q for q in questions.QUESTIONS if q.ask], ids=lambda q: q.name)
def test_the_form_asks_a_question_only_when_the_event_asks_it(events_index, question):
    plain = make_training(title="Ei kysymyksiä", price="100")
    form_fields = set(RegistrationForm(page=plain).fields)
    assert form_fields.isdisjoint(answer.name for answer in question.answers)

    asking = make_training(title="Yksi kysymys", price="100", **{question.ask: ALL_ASKED[question.ask]})
    asked = set(RegistrationForm(page=asking).fields) - form_fields
    assert asked == {answer.name for answer in question.answers}


def test_the_form_puts_the_questions_in_order_and_a_legend_in_a_fieldset(events_index):
    event = make_training(price="100", **ALL_ASKED)
    form = RegistrationForm(page=event)
    assert [name for name in form.fields if name in questions.ANSWER_FIELDS] == list(questions.ANSWER_FIELDS)
    legends = [legend for legend, _fields in form.sections()]
    assert legends == ["", "Laskutustiedot", ""]
    invoicing = next(fields for legend, fields in form.sections() if legend)
    assert [field.name for field in invoicing] == [answer.name for answer in questions.INVOICING.answers]
    assert form.fields["free_text"].label == "Mitä odotat?"


def test_a_question_with_a_further_condition_is_not_asked_when_it_fails(events_index):
    free = make_training(title="Maksuton", price=None, ask_invoicing=True)
    assert not questions.INVOICING.is_asked(free)
    assert "payer" not in RegistrationForm(page=free).fields


def test_register_accepts_exactly_the_answers_of_the_entries(events_index):
    event = make_training(price="100", **ALL_ASKED)
    registration = make_registration(event, **ANSWERS)
    assert {name: getattr(registration, name) for name in ANSWERS} == ANSWERS
    with pytest.raises(TypeError, match="Unknown registration fields: shoe_size"):
        make_registration(event, email="toinen@example.invalid", shoe_size="42")


def test_erasure_blanks_every_personal_answer_and_keeps_the_rest(events_index):
    event = make_training(price="100", **ALL_ASKED)
    registration = services.erase_registration(make_registration(event, **ANSWERS))
    for answer in questions.ANSWERS:
        value = getattr(registration, answer.name)
        assert (value == "") is answer.personal, answer.name
    assert registration.payer == "organisation"  # a choice, not a person
    assert (registration.first_name, registration.last_name, registration.email) == ("", "", "")


def test_the_export_has_a_column_for_every_answer(admin_client, events_index):
    event = make_training(price="100", **ALL_ASKED)
    make_registration(event, **ANSWERS)
    response = admin_client.get(f"/admin/registrations/?event={event.pk}&export=csv")
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(raw), delimiter=";"))
    values = dict(zip(header, row, strict=True))
    headings = [
        capfirst(str(answer.export_heading or answer.model_field.verbose_name))
        for answer in questions.ANSWERS
    ]
    assert [column for column in header if column in headings] == headings
    by_answer = {
        answer.name: values[heading] for answer, heading in zip(questions.ANSWERS, headings, strict=True)
    }
    with override("fi"):
        assert by_answer["payer"] == str(Registration.Payer.ORGANISATION.label)  # the label, not the value
    assert by_answer["dietary_needs"] == "Gluteeniton" and by_answer["phone"] == ANSWERS["phone"]


def test_the_admin_shows_and_edits_every_answer(admin_client, events_index):
    event = make_training(price="100", **ALL_ASKED)
    registration = make_registration(event, **ANSWERS)
    inspect = admin_client.get(f"/admin/registrations/inspect/{registration.pk}/").content.decode()
    edit = admin_client.get(f"/admin/registrations/edit/{registration.pk}/").content.decode()
    for name, value in ANSWERS.items():
        if name != "payer":
            assert value in inspect, name
        assert re.search(rf'name="{name}"', edit), name


def test_the_admin_stores_a_business_id_as_the_form_does(admin_client, events_index):
    from wagtail.test.utils.form_data import nested_form_data

    event = make_training(price="100", **ALL_ASKED)
    registration = make_registration(event, **ANSWERS)
    data = {
        name: getattr(registration, name) for name in (*questions.IDENTITY_FIELDS, *questions.ANSWER_FIELDS)
    }
    data["business_id"] = "123456-2"  # the older form, without its leading zero
    response = admin_client.post(f"/admin/registrations/edit/{registration.pk}/", nested_form_data(data))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.business_id == "0123456-2"
