from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from home.blocks import BaseStreamBlock
from home.models import BasePage


class EventIndexPage(BasePage):
    """Trainings and lectures (filled in by the events issue)."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ServiceIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")
