"""Plain helpers that build test data; each app's tests add theirs here."""

from django.contrib.auth.models import Group, Permission


def make_editor(django_user_model, username="editor", permissions=()):
    """A Wagtail editor (admin access, Editors group) with optional extra permissions ("app.codename")."""
    user = django_user_model.objects.create_user(username, f"{username}@example.fi", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def admin_create_page(client, parent, model, data, publish=True):
    """POST the Wagtail admin's "add page" form; return the created page (specific) or raise with the errors."""
    from django.urls import reverse
    from django.utils.text import slugify
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = {"comments": inline_formset([]), **data}
    data.setdefault("slug", slugify(data["title"]))
    if publish:
        data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
    response = client.post(url, nested_form_data(data))
    if response.status_code != 302:
        form = response.context["form"] if response.context and "form" in response.context else None
        raise AssertionError(
            f"Admin refused the page ({response.status_code}): {form.errors if form else ''}"
        )
    return model.objects.child_of(parent).get(slug=slugify(data["slug"]))


# Events (issue 3)


def make_event(
    model_name="TrainingPage",
    *,
    title="Testikoulutus",
    slug=None,
    parent=None,
    sessions=((10, 9, 16),),
    capacity=10,
    publish=True,
    **fields,
):
    """A published training or lecture under the demo's events index.

    `sessions` are (days from today, start hour, end hour); () makes a lecture topic on request."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone
    from django.utils.text import slugify

    from events import models

    tz = timezone.get_current_timezone()
    parent = parent or models.EventIndexPage.objects.get(slug="koulutukset-ja-luennot")
    rows = []
    for days, start, end in sessions:
        day = timezone.localdate() + timedelta(days=days)
        rows.append(
            models.EventSession(
                start=datetime.combine(day, time(start), tzinfo=tz),
                end=datetime.combine(day, time(end), tzinfo=tz),
            )
        )
    fields.setdefault("venue", "Koulutustila")
    fields.setdefault("address", "Esimerkkikatu 1\n00100 Helsinki")
    page = getattr(models, model_name)(
        title=title, slug=slug or slugify(title), capacity=capacity, sessions=rows, **fields
    )
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_training(capacity=3, **fields):
    return make_event("TrainingPage", capacity=capacity, **fields)


def make_lecture(**fields):
    fields.setdefault("title", "Testiluento")
    return make_event("LecturePage", **fields)


def make_registration(event, email="osallistuja@example.invalid", **fields):
    """A registration through the service, with its rules (and emails)."""
    from events import services

    fields.setdefault("first_name", "Osa")
    fields.setdefault("last_name", "Llistuja")
    return services.register(event, email=email, consent=True, **fields)


# Publications (issue 4)


def make_archive(slug="testiarkisto", title="Testiarkisto"):
    """An empty publication archive of its own (under the demo's services page), so counts are exact."""
    from home.models import ServiceIndexPage
    from publications.models import PublicationIndexPage

    services = ServiceIndexPage.objects.get(slug="palvelut")
    archive = PublicationIndexPage(title=title, slug=slug)
    services.add_child(instance=archive)
    archive.save_revision().publish()
    return archive


def make_publication(
    archive,
    title="Testijulkaisu",
    *,
    publication_type="article",
    year=2021,
    authors=(("Hämäläinen", "Päivi"),),
    topics=(),
    publish=True,
    **fields,
):
    """A publication page created the editor's way (add_child, revision, publish)."""
    from django.utils.text import slugify

    from publications.models import PublicationAuthor, PublicationPage

    page = PublicationPage(
        title=title,
        slug=fields.pop("slug", None) or slugify(title) or "julkaisu",
        publication_type=publication_type,
        year=year,
        live=publish,
        **fields,
    )
    page.authors = [
        PublicationAuthor(sort_order=order, family_name=family, given_names=given)
        for order, (family, given) in enumerate(authors)
    ]
    if topics:
        page.tags.add(*topics)
    archive.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return PublicationPage.objects.get(pk=page.pk)
