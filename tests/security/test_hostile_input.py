"""Random and hostile input to the public endpoints: never a server error, nothing saved unless valid."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db

CONTACT_URL = "/ota-yhteytta/"
FIELDS = ["nimi", "sahkoposti", "puhelin", "organisaatio", "palvelu", "viesti", "website"]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "Robert'); DROP TABLE wagtailcore_page;--",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "\u202eevil\u202c",
    "\x00",
    "a" * 100_000,
    "../../../../etc/passwd",
    "maija@example.fi\r\nBcc: kaikki@example.fi",
    "😀" * 500,
]
text = st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE))
# A field may be missing, sent once, or sent several times.
field_values = st.one_of(text, st.lists(text, min_size=2, max_size=3))
posts = st.dictionaries(st.sampled_from([*FIELDS, "csrfmiddlewaretoken", "extra"]), field_values, max_size=9)
relaxed = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID = {
    "nimi": "Maija Meikäläinen",
    "sahkoposti": "maija@example.fi",
    "viesti": "Kysyisin ryhmätyönohjauksesta.",
}


def thanked(response):
    return "Kiitos viestistäsi" in response.content.decode()


@relaxed
@given(data=posts)
def test_contact_form_survives_any_post_and_saves_only_valid_ones(client, home_page, data):
    before = FormSubmission.objects.count()
    response = client.post(CONTACT_URL, data)
    assert response.status_code in (200, 400)
    saved = FormSubmission.objects.count() - before
    if thanked(response):
        assert saved == 1
    else:
        assert saved == 0
        assert "<script>alert(1)</script>" not in response.content.decode()


@relaxed
@given(field=st.sampled_from(["nimi", "puhelin", "organisaatio", "viesti"]), value=st.sampled_from(HOSTILE))
def test_hostile_text_in_a_valid_enquiry_is_stored_as_text_and_never_rendered_as_html(
    client, home_page, field, value
):
    before = FormSubmission.objects.count()
    response = client.post(CONTACT_URL, {**VALID, field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    if thanked(response):
        assert FormSubmission.objects.count() == before + 1
    else:
        assert FormSubmission.objects.count() == before
        assert 'class="errorlist' in html


def test_a_filled_trap_field_or_a_header_injection_is_refused(client, home_page):
    for data in ({**VALID, "website": "http://roskaposti.example"}, {**VALID, "sahkoposti": HOSTILE[10]}):
        response = client.post(CONTACT_URL, data)
        assert response.status_code == 200 and not thanked(response)
    assert FormSubmission.objects.count() == 0


def test_undecodable_and_oversized_bodies_are_refused_politely(client, home_page):
    before = FormSubmission.objects.count()
    garbage = client.generic(
        "POST",
        CONTACT_URL,
        b"nimi=\xff\xfe\xfa&viesti=%ZZ%",
        content_type="application/x-www-form-urlencoded",
    )
    assert garbage.status_code == 200
    many_fields = client.post(CONTACT_URL, {f"kentta{number}": "x" for number in range(10_001)})
    assert many_fields.status_code == 400
    assert FormSubmission.objects.count() == before


@relaxed
@given(
    query=st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE)),
    page=st.one_of(st.text(max_size=12), st.integers().map(str)),
)
def test_search_survives_any_query(client, home_page, query, page):
    response = client.get("/haku/", {"q": query, "sivu": page})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@relaxed
@given(service=st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE)))
def test_contact_page_survives_any_preselected_service(client, home_page, service):
    response = client.get(CONTACT_URL, {"palvelu": service})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
