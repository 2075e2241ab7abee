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
    return model.objects.child_of(parent).get(slug=data["slug"])
