"""Random and hostile input to the registration form, the cancel links and the archive filters: never a
server error, nothing saved unless the visitor is shown the confirmation, nothing rendered as HTML."""

from urllib.parse import quote

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from events.forms import RegistrationForm
from events.models import EventPage, Registration
from home import counters

from .test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

INJECTED = ("<script>alert(1)", "<img src=x")
# The demo's trainings: one asks for invoicing details (radio buttons and all), one is nearly full,
# one has already been held, and one lecture topic has no date to register for.
EVENTS = [
    "dialoginen-asiakastyo",
    "tyossa-jaksaminen",
    "vuorovaikutus-tyoyhteisossa",
    "dialoginen-asiakastyo-luento",
]
FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "payer",
    "invoice_organisation",
    "business_id",
    "einvoice_address",
    "einvoice_operator",
    "billing_address",
    "payer_reference",
    "dietary_needs",
    "accessibility_needs",
    "free_text",
    "consent",
    "website",
]
text = st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE))
field_values = st.one_of(text, st.lists(text, min_size=2, max_size=3))
relaxed = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def event_page(slug):
    return EventPage.objects.get(slug=slug)


def reset_rate_limit():
    cache.clear()
    for form in ("register", "cancel", "lecture-request"):
        counters.reset(f"form-posts:{form}:address:127.0.0.1")


def valid_token(page):
    return RegistrationForm(page=page).issue_token()


def confirmed(response, page):
    return response.status_code == 302 and response["Location"] == page.url + "ilmoittaudu/kiitos/"


def assert_not_injected(html):
    for fragment in INJECTED:
        assert fragment not in html


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run each request's after-commit work (the emails), as the end of a real request would."""

    def run(request):
        with django_capture_on_commit_callbacks(execute=True):
            return request()

    return run


VALID = {
    "first_name": "Maija",
    "last_name": "Meikäläinen",
    "email": "maija@example.fi",
    "payer": "self",
    "consent": "on",
}


@relaxed
@given(
    slug=st.sampled_from(EVENTS),
    token=st.sampled_from(["valid", "another event's", "missing", "forged"]),
    start_valid=st.booleans(),
    data=st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=len(FIELDS)),
)
def test_registration_survives_any_post_and_saves_only_what_it_confirms(
    client, home_page, committing, slug, token, start_valid, data
):
    reset_rate_limit()  # the per-address limit would otherwise answer 429 after ten examples
    page = event_page(slug)
    other = event_page(EVENTS[1] if slug == EVENTS[0] else EVENTS[0])
    tokens = {"valid": valid_token(page), "another event's": valid_token(other), "forged": "1:AAA:BBB"}
    if start_valid:  # a real visitor's post with some fields replaced, so some of them get through
        data = {**VALID, **data}
    if token in tokens:
        data["form_token"] = tokens[token]
    before = Registration.objects.count()
    response = committing(lambda: client.post(page.url + "ilmoittaudu/", data))
    assert response.status_code in (200, 302)
    saved = Registration.objects.count() - before
    event("confirmed" if confirmed(response, page) else "refused")
    if confirmed(response, page):
        assert saved == 1 and token == "valid"
    else:
        assert response.status_code == 200 and saved == 0
        assert_not_injected(response.content.decode())


@relaxed
@given(
    overrides=st.dictionaries(
        st.sampled_from(["first_name", "last_name", "phone", "dietary_needs", "organisation", "email"]),
        text,
        min_size=1,
        max_size=3,
    ),
    number=st.integers(min_value=0, max_value=10**9),
)
def test_hostile_text_in_a_real_registration_is_stored_as_text_never_run(
    client, home_page, committing, overrides, number
):
    reset_rate_limit()
    page = event_page("dialoginen-asiakastyo")
    data = {
        "form_token": valid_token(page),
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "email": f"osallistuja{number}@example.fi",
        "payer": "self",
        "consent": "on",
        **overrides,
    }
    before = Registration.objects.count()
    outbox_before = len(mail.outbox)
    response = committing(lambda: client.post(page.url + "ilmoittaudu/", data))
    assert response.status_code in (200, 302)
    event("confirmed" if confirmed(response, page) else "refused")
    if not confirmed(response, page):
        assert Registration.objects.count() == before
        assert_not_injected(response.content.decode())
        return
    registration = Registration.objects.latest("pk")
    for field in ("first_name", "last_name", "phone", "dietary_needs", "organisation"):
        if field in overrides:
            assert getattr(registration, field) == overrides[field].strip()
    # The confirmation page and the emails show the text, escaped.
    assert_not_injected(client.get(response["Location"]).content.decode())
    for message in mail.outbox[outbox_before:]:
        assert_not_injected(message.alternatives[0].content)
        assert "Bcc:" not in message.message().as_string().split("\n\n", 1)[0]


@relaxed
@given(
    token=st.one_of(st.text(min_size=1, max_size=80), st.sampled_from(HOSTILE)),
    method=st.sampled_from(["get", "post"]),
)
def test_cancel_links_survive_any_token_and_cancel_nothing(client, home_page, token, method):
    reset_rate_limit()
    page = event_page("tyossa-jaksaminen")
    before = Registration.objects.filter(status=Registration.Status.CANCELLED).count()
    response = getattr(client, method)(f"{page.url}peru/{quote(token, safe='')}/")
    assert response.status_code == 404
    assert Registration.objects.filter(status=Registration.Status.CANCELLED).count() == before
    assert_not_injected(response.content.decode())


ARCHIVE_PARAMETERS = ["tyyppi", "vuosi", "aihe", "q", "sivu"]
parameter_values = st.one_of(
    text,
    st.integers().map(str),
    st.sampled_from(
        ["artikkeli", "esitelma", "2024", "0", "-1", "99999", "dialogisuus", "työnohjaus", "²", "٢٠٢٤"]
    ),
)


@relaxed
@given(
    params=st.dictionaries(
        st.sampled_from(ARCHIVE_PARAMETERS),
        st.one_of(parameter_values, st.lists(parameter_values, min_size=2, max_size=3)),
        max_size=5,
    ),
    route=st.sampled_from(["", "bibtex/", "ris/", "csl-json/"]),
)
def test_archive_filters_survive_any_query_string(client, home_page, params, route):
    response = client.get(f"/julkaisut/{route}", params)
    assert response.status_code == 200
    body = response.content.decode()
    if not route:
        assert_not_injected(body)
        assert 'class="result-count"' in body


@relaxed
@given(
    kind=st.one_of(text, st.sampled_from(["koulutukset", "luennot"])),
    number=st.one_of(text, st.integers().map(str)),
    archive=st.booleans(),
)
def test_event_listing_filters_survive_any_query_string(client, home_page, kind, number, archive):
    url = "/koulutukset-ja-luennot/" + ("menneet/" if archive else "")
    response = client.get(url, {"tyyppi": kind, "sivu": number})
    assert response.status_code == 200
    assert_not_injected(response.content.decode())
