"""The admin's image form; apart from home/forms.py, which the models import (Wagtail's image forms
need the app registry ready)."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    """The image form of the admin (WAGTAILIMAGES_IMAGE_FORM_BASE): the description is the image's alt
    text and is required. The multiple uploader's first step sends the file alone; its second step,
    the same form per image, asks for the description there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.label = _("Alt text")
            field.help_text = _("What the image shows, for visitors who cannot see it.")
            field.required = not self.is_bound or self.add_prefix("description") in self.data
