"""The practitioner in person (issue 13): the person, the call to action, testimonials, price lists,
the English pages and the language switch."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from home.demo import INTRODUCTORY_CALL, PRACTITIONER_NAME
from home.models import ContactPage, HomePage, Person, PracticeSettings
from home.models import Testimonial as ClientTestimonial
from publications.models import PublicationPage

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_home_page_shows_the_person_and_one_call_to_action(client, home_page):
    page = html(client, "/")
    assert PRACTITIONER_NAME in page and "Työnohjaaja (STOry) ja kouluttaja" in page
    assert "Suomen Työnohjaajat ry:n jäsen" in page  # credentials
    cta = re.search(r'<a class="button button--large" href="([^"]+)">([^<]+)</a>', page)
    assert cta and cta.group(2) == "Varaa maksuton tutustumiskeskustelu"
    assert cta.group(1) == "/ota-yhteytta/?palvelu=Maksuton+tutustumiskeskustelu"


def test_the_call_to_action_opens_the_form_with_that_choice_made(client, home_page):
    page = html(client, "/ota-yhteytta/?palvelu=" + INTRODUCTORY_CALL)
    assert f'<option value="{INTRODUCTORY_CALL}" selected>' in page


def test_the_portrait_is_a_picture_with_avif_webp_sizes_and_dimensions(client, home_page):
    page = html(client, "/")
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'alt="Piirroskuva Päivi Hämäläisestä' in img
    assert "sizes=" in picture and "srcset=" in picture


def test_the_brand_the_trainer_and_the_author_are_one_person(client, home_page):
    from events.models import TrainingPage

    assert PracticeSettings.objects.get().person.name == PRACTITIONER_NAME
    assert all(PRACTITIONER_NAME in page.instructors for page in TrainingPage.objects.all())
    me = {
        author.display_name
        for page in PublicationPage.objects.all()
        for author in page.authors.all()
        if author.is_practitioner
    }
    assert me == {PRACTITIONER_NAME}
    assert f'<span class="site-brand__name">{PRACTITIONER_NAME}</span>' in html(client, "/palvelut/")


def test_only_testimonials_with_permission_are_shown(client, home_page):
    quote = ClientTestimonial.objects.filter(locale__language_code="fi").first()
    assert quote.quote in html(client, "/")
    quote.permission_given = False
    quote.save()
    assert quote.quote not in html(client, "/")


def test_a_testimonial_needs_a_record_of_the_permission():
    testimonial = ClientTestimonial(
        quote="Hyvä.", role="Esihenkilö", permission_given=True, locale=Locale.get_default()
    )
    with pytest.raises(ValidationError) as error:
        testimonial.full_clean()
    assert "permission_record" in error.value.message_dict


def test_the_english_home_page_shows_the_english_testimonials_only(client, home_page):
    page = html(client, "/en/")
    assert "What clients say" in page and "Päivi listens carefully" in page
    assert "Päivi kuuntelee tarkasti" not in page


def test_price_lists_show_price_duration_and_vat(client, home_page):
    page = html(client, "/palvelut/tyonohjaus/")
    assert "Hinnasto" in page and "110 €" in page and "60 min" in page
    assert "Hinnat sisältävät arvonlisäveron 25,5 %." in page
    assert "Kysy tarjousta" in page  # a price left empty


def test_the_english_pages_are_linked_to_their_finnish_originals_both_ways(client, home_page):
    finnish = html(client, "/palvelut/tyonohjaus/ryhmatyonohjaus/")
    assert 'hreflang="en" href="http://localhost/en/services/work-supervision/group-supervision/"' in finnish
    assert (
        '<a href="/en/services/work-supervision/group-supervision/" lang="en" hreflang="en">In English</a>'
        in finnish
    )
    english = html(client, "/en/services/work-supervision/group-supervision/")
    assert '<html lang="en">' in english
    assert '<a href="/palvelut/tyonohjaus/ryhmatyonohjaus/" lang="fi" hreflang="fi">Suomeksi</a>' in english


def test_a_finnish_page_without_a_translation_switches_to_the_english_home_page(client, home_page):
    page = html(client, "/julkaisut/")
    assert '<a href="/en/" lang="en" hreflang="en">In English</a>' in page


def test_the_english_menu_lists_english_pages_only(client, home_page):
    page = html(client, "/en/")
    menu = re.search(r'<ul class="container main-nav__list".*?</ul>', page, re.S).group(0)
    titles = re.findall(r">([^<]+)</a>", menu)
    assert titles == ["Services", "Trainings and lectures", "Ask for an offer / get in touch"]
    assert "Julkaisut" not in menu


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/services/",
        "/en/services/work-supervision/",
        "/en/services/work-supervision/crisis-supervision/",
        "/en/trainings-and-lectures/",
        "/en/contact/",
        "/en/privacy-policy/",
    ],
)
def test_english_pages_carry_no_finnish_labels(client, home_page, url):
    page = html(client, url)
    for finnish in (
        "Valikko",
        "Hae",
        "Etusivu",
        "Yhteystiedot",
        "Työnohjaaja (STOry)",
        "Ota yhteyttä",
        "Palvelut",
    ):
        assert f">{finnish}<" not in page, (url, finnish)
    assert "Work supervisor (STOry) and trainer" in page


def test_the_english_contact_form_keeps_the_finnish_choice_name(client, home_page):
    page = html(client, "/en/")
    assert "/en/contact/?palvelu=Free+introductory+call" in page
    form = html(client, "/en/contact/?palvelu=Free+introductory+call")
    assert '<option value="Free introductory call" selected>' in form


def test_the_home_page_describes_the_person_with_the_orcid(client, home_page):
    page = html(client, "/")
    data = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    person = next(item for item in data if item.get("@type") == "Person")
    assert person["name"] == PRACTITIONER_NAME
    assert "https://orcid.org/0000-0002-1825-0097" in person["sameAs"]


def test_the_orcid_is_validated_and_stored_without_its_address():
    person = Person(
        name="Testi",
        role="Työnohjaaja",
        orcid="https://orcid.org/0000-0002-1825-0097",
        locale=Locale.get_default(),
    )
    person.full_clean()
    assert person.orcid == "0000-0002-1825-0097"
    person.orcid = "1234"
    with pytest.raises(ValidationError):
        person.full_clean()


def test_a_portrait_needs_alt_text():
    from home.demo import demo_portrait

    person = Person(name="Testi", role="Työnohjaaja", portrait=demo_portrait(), locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "portrait_alt" in error.value.message_dict


def test_the_image_form_requires_alt_text(admin_client):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    form = form_class(data={"title": "Kuva", "description": ""}, user=None)
    assert form.fields["description"].required
    assert not form.is_valid() and "description" in form.errors


def test_the_home_page_call_to_action_is_edited_in_the_admin(admin_client, home_page):
    response = admin_client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="cta_label"' in content and 'name="testimonials-TOTAL_FORMS"' in content


def test_snippets_for_people_and_testimonials_are_in_the_admin(admin_client, home_page):
    assert admin_client.get("/admin/snippets/home/testimonial/").status_code == 200
    assert admin_client.get("/admin/snippets/home/person/").status_code == 200
    assert admin_client.get("/admin/snippets/home/testimonial/add/").status_code == 200


def test_seed_demo_does_not_add_the_introductory_call_twice(home_page):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    contact = ContactPage.objects.get(locale__language_code="fi")
    dropdown = next(field for field in contact.form_fields.all() if field.clean_name == "palvelu")
    assert dropdown.choices.count(INTRODUCTORY_CALL) == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
