"""Every admin URL that serves registrations or lecture requests (names, emails, invoicing details): a
visitor is sent to the login page, an editor or moderator without the permission gets 403 Forbidden,
and only someone with the permission sees the data.

The URLs are read from the URL configuration, so a view added to either admin section later fails
`test_every_personal_data_url_is_covered` until it is listed here with the permission it needs."""

import pytest
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse

from events import services
from events.models import LectureRequest, Registration
from tests.factories import make_editor, make_lecture, make_registration, make_training

pytestmark = pytest.mark.django_db

# URL name → (needs a pk, the permission that opens it). Wagtail's history and usage views need a
# permission to change (or, for history, to delete) even though they only read.
REGISTRATION_URLS = {
    "index": (False, "events.view_registration"),
    "index_results": (False, "events.view_registration"),
    "inspect": (True, "events.view_registration"),
    "history": (True, "events.change_registration"),
    "history_results": (True, "events.change_registration"),
    "usage": (True, "events.change_registration"),
    "edit": (True, "events.change_registration"),
    "cancel": (True, "events.change_registration"),
    "promote": (True, "events.change_registration"),
    "erase": (True, "events.change_registration"),
}
LECTURE_REQUEST_URLS = {
    "index": (False, "events.view_lecturerequest"),
    "index_results": (False, "events.view_lecturerequest"),
    "inspect": (True, "events.view_lecturerequest"),
    "history": (True, "events.delete_lecturerequest"),
    "history_results": (True, "events.delete_lecturerequest"),
    # Lecture requests are never edited, so no one but a superuser has this one.
    "usage": (True, "events.change_lecturerequest"),
    "delete": (True, "events.delete_lecturerequest"),
}
GRANTABLE = [
    "events.view_registration",
    "events.change_registration",
    "events.view_lecturerequest",
    "events.delete_lecturerequest",
]
EXPORTS = ["?export=csv", "?export=xlsx"]
ACTIONS = ["cancel", "promote", "erase"]


def url_names(namespace):
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    return {key for key in resolver.reverse_dict if isinstance(key, str)}


def test_every_personal_data_url_is_covered():
    assert url_names("registrations") == set(REGISTRATION_URLS)
    assert url_names("lecture_requests") == set(LECTURE_REQUEST_URLS)


@pytest.fixture
def personal_data(home_page):
    event = make_training(title="Henkilötietokoulutus", capacity=1)
    confirmed = make_registration(event, email="eeva@example.invalid", first_name="Eeva", phone="040 1")
    waiting = make_registration(event, email="toivo@example.invalid", first_name="Toivo")
    assert waiting.status == Registration.Status.WAITLISTED
    topic = make_lecture(title="Tilattava aihe", sessions=())
    request = services.request_lecture(
        topic,
        consent=True,
        organisation="Tilaava ry",
        contact_name="Tiina Tilaaja",
        email="tiina@example.invalid",
        preferred_dates="Syksyllä",
    )
    return {"confirmed": confirmed, "waiting": waiting, "request": request}


def urls(personal_data):
    """(url, permission it needs) for every URL of both sections, each with a real row."""
    found = []
    for name, (needs_pk, needed) in REGISTRATION_URLS.items():
        registration = personal_data["waiting" if name == "promote" else "confirmed"]
        found.append((reverse(f"registrations:{name}", args=[registration.pk] if needs_pk else []), needed))
    found += [(reverse("registrations:index") + export, "events.view_registration") for export in EXPORTS]
    for name, (needs_pk, needed) in LECTURE_REQUEST_URLS.items():
        args = [personal_data["request"].pk] if needs_pk else []
        found.append((reverse(f"lecture_requests:{name}", args=args), needed))
    return found


def unchanged(personal_data):
    """Nothing was cancelled, promoted, erased or deleted."""
    statuses = {
        registration.email: registration.status
        for registration in Registration.objects.filter(event=personal_data["confirmed"].event)
    }
    return (
        statuses
        == {
            "eeva@example.invalid": Registration.Status.CONFIRMED,
            "toivo@example.invalid": Registration.Status.WAITLISTED,
        }
        and LectureRequest.objects.filter(pk=personal_data["request"].pk).exists()
    )


def test_visitors_are_sent_to_the_login_page(client, personal_data):
    for url, _needed in urls(personal_data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url
    for name in ACTIONS:
        response = client.post(reverse(f"registrations:{name}", args=[personal_data["waiting"].pk]))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.post(reverse("lecture_requests:delete", args=[personal_data["request"].pk]))
    assert unchanged(personal_data)


@pytest.fixture(params=["Editors", "Moderators"])
def staff_without_permission(request, client, django_user_model):
    user = make_editor(django_user_model, f"ilman-oikeutta-{request.param.lower()}")
    user.groups.set([Group.objects.get(name=request.param)])
    client.force_login(user)
    return client


def test_editors_and_moderators_without_the_permission_get_403(staff_without_permission, personal_data):
    client = staff_without_permission
    for url, _needed in urls(personal_data):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"eeva@example.invalid" not in response.content and b"Tiina" not in response.content
    for name in ACTIONS:
        assert (
            client.post(reverse(f"registrations:{name}", args=[personal_data["waiting"].pk])).status_code
            == 403
        )
    edit = reverse("registrations:edit", args=[personal_data["confirmed"].pk])
    assert client.post(edit, {"first_name": "Muutettu", "email": "x@example.invalid"}).status_code == 403
    assert (
        client.post(reverse("lecture_requests:delete", args=[personal_data["request"].pk])).status_code == 403
    )
    assert unchanged(personal_data)
    assert Registration.objects.filter(first_name="Muutettu").count() == 0
    # Nothing in the admin leads them there.
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/registrations/" not in dashboard and "/admin/lecture_requests/" not in dashboard


def test_a_user_with_the_permissions_sees_every_url(client, django_user_model, personal_data):
    client.force_login(make_editor(django_user_model, "rekisterinpitaja", permissions=GRANTABLE))
    for url, needed in urls(personal_data):
        assert client.get(url).status_code == (200 if needed in GRANTABLE else 403), url
    listing = client.get(reverse("registrations:index")).content.decode()
    assert "eeva@example.invalid" in listing
    assert "Tiina Tilaaja" in client.get(reverse("lecture_requests:index")).content.decode()
    assert unchanged(personal_data)  # looking changes nothing


def test_the_view_permission_alone_reads_but_cannot_change(client, django_user_model, personal_data):
    readable = ["events.view_registration", "events.view_lecturerequest"]
    client.force_login(make_editor(django_user_model, "lukija", permissions=readable))
    for url, needed in urls(personal_data):
        assert client.get(url).status_code == (200 if needed in readable else 403), url
    for name in ACTIONS:
        assert (
            client.post(reverse(f"registrations:{name}", args=[personal_data["waiting"].pk])).status_code
            == 403
        )
    assert (
        client.post(reverse("lecture_requests:delete", args=[personal_data["request"].pk])).status_code == 403
    )
    assert unchanged(personal_data)
