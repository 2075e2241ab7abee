from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, EmailFormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from .blocks import BaseStreamBlock
from .forms import ContactFormBuilder
from .listings import home_listings
from .validators import normalise_business_id, validate_business_id


def page_link(page, request=None):
    """What a menu, breadcrumb or card needs of a page, as plain data."""
    return {
        "title": page.title,
        # With the request, Wagtail looks the site's root paths up once per request.
        "url": page.get_url(request),
        "url_path": page.url_path,
        "lead": getattr(page, "lead", ""),
    }


def child_cards(parent, *, specific_type=None):
    """Title, URL and lead of `parent`'s live children, in one query."""
    if parent is None:
        return []
    children = parent.get_children().live()
    if specific_type is not None:
        children = children.type(specific_type)
    return [page_link(child) for child in children.specific().defer_streamfields()]


class AsciiSlugMixin:
    """Slugs are ASCII ("pienryhmakoulutus", not "pienryhmäkoulutus"): they end up in emails and
    shared links, where people would see %C3%A4. The admin's JavaScript already makes them so from
    titles (WAGTAIL_ALLOW_UNICODE_SLUGS = False); this covers a slug typed by hand."""

    def full_clean(self, *args, **kwargs):
        if self.slug:
            self.slug = slugify(self.slug)  # before Wagtail checks that no sibling has it
        super().full_clean(*args, **kwargs)


class BasePage(AsciiSlugMixin, Page):
    """Fields every public page shares: a lead paragraph and a social-media image."""

    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown under the title and in listings.")
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social media image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared (Open Graph). 1200×630 px works best."),
    )

    search_fields = Page.search_fields + [index.SearchField("lead")]
    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.lead


class ContactLinkMixin:
    """Service pages (and the home page's call to action) link to the enquiry form with their
    service pre-selected."""

    def contact_service(self):
        """The name in the form's Palvelu list: the service this page is about."""
        return self.title

    @cached_property
    def contact_url(self):
        contact = ContactPage.objects.live().filter(locale_id=self.locale_id).first()
        return self.contact_url_for(contact.url) if contact else ""

    def contact_url_for(self, url):
        service = self.contact_service()
        return f"{url}?{urlencode({'palvelu': service})}" if service and url else url


class HomePage(ContactLinkMixin, BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    services_heading = models.CharField(_("services heading"), max_length=120, blank=True)
    cta_label = models.CharField(
        _("call to action"),
        max_length=80,
        blank=True,
        help_text=_(
            "The hero's button, for example “Book a free introductory call”. Leads to the contact form."
        ),
    )
    cta_service = models.CharField(
        _("choice made in the contact form"),
        max_length=120,
        blank=True,
        help_text=_(
            "One of the contact form's Service options, chosen when the visitor arrives from the button."
        ),
    )
    cta_note = models.CharField(
        _("under the button"),
        max_length=120,
        blank=True,
        help_text=_("For example “Free of charge, 30 minutes, by phone or video”."),
    )
    testimonials_heading = models.CharField(_("testimonials heading"), max_length=120, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("cta_label"), FieldPanel("cta_service")]), FieldPanel("cta_note")],
            heading=_("Call to action"),
        ),
        FieldPanel("body"),
        FieldPanel("services_heading"),
        MultiFieldPanel(
            [FieldPanel("testimonials_heading"), InlinePanel("testimonials", label=_("Testimonial"))],
            heading=_("Testimonials"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = child_cards(ServiceIndexPage.objects.child_of(self).live().first())
        context["testimonials"] = Testimonial.objects.for_page(self)
        context.update(home_listings(self, request))
        return context

    def contact_service(self):
        """The call to action's choice in the form's Palvelu list (none: the form as it is)."""
        return self.cta_service


class HomePageTestimonial(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="testimonials")
    testimonial = models.ForeignKey(
        "home.Testimonial", verbose_name=_("testimonial"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("testimonial")]

    class Meta(Orderable.Meta):
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")


class StandardPage(BasePage):
    """A plain text page: privacy policy, about, anything without structure of its own."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage", "home.ServiceIndexPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class PrivacyPolicyPage(BasePage):
    """The privacy policy (GDPR Art. 13). What the site itself does (its registers, their purposes, legal
    bases and retention, the rights and the right to complain) is written in the template, from the same
    rules the site follows, with the controller and the retention periods from Settings → Practice, so
    the page changes when they do. The editor names the service providers and may add text below."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("additional text"), blank=True)
    email_provider = models.CharField(
        _("email service provider"),
        max_length=200,
        blank=True,
        help_text=_("Who sends and delivers the site's email, with the country, e.g. “Esimerkki Oy, Suomi”."),
    )
    hosting_provider = models.CharField(
        _("hosting provider"),
        max_length=200,
        blank=True,
        help_text=_("Who keeps the server and the database, with the country, e.g. “Esimerkki Oy, Suomi”."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("email_provider"), FieldPanel("hosting_provider")],
            heading=_("Processors"),
            help_text=_(
                "The page lists the controller, registers, retention periods and rights by itself, from "
                "Settings → Practice."
            ),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy policy page")
        verbose_name_plural = _("privacy policy pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practice"] = PracticeSettings.for_request(request)
        return context


class ServiceIndexPage(BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "home.ServicePage",
        "home.SupervisionPage",
        "home.StandardPage",
        "publications.PublicationIndexPage",
        "events.EventIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("services index page")
        verbose_name_plural = _("services index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = child_cards(self)
        return context


class ServicePage(ContactLinkMixin, BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("service page")
        verbose_name_plural = _("service pages")


class SupervisedGroup(index.Indexed, models.Model):
    """A group the practitioner supervises or has supervised; reused across pages."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [FieldPanel("name")]
    # The admin listing's footer: "14 ohjattua ryhmää" (home.admin_views.CountedPaginator).
    count_label = ngettext_lazy("%(count)s supervised group", "%(count)s supervised groups", "count")

    class Meta:
        verbose_name = _("supervised group")
        verbose_name_plural = _("supervised groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupervisionPage(ContactLinkMixin, BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    groups_heading = models.CharField(
        _("groups heading"), max_length=120, blank=True, default="Työnohjauksessa ovat / ovat olleet mm."
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("groups_heading"), InlinePanel("supervised_groups", label=_("Group"))],
            heading=_("Groups supervised"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("supervised_groups", [index.RelatedFields("group", [index.SearchField("name")])]),
    ]

    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = ["home.SupervisionFormPage"]

    class Meta:
        verbose_name = _("work supervision page")
        verbose_name_plural = _("work supervision pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = child_cards(self, specific_type=SupervisionFormPage)
        context["groups"] = [item.group.name for item in self.supervised_groups.select_related("group")]
        return context


class SupervisionPageGroup(Orderable):
    page = ParentalKey(SupervisionPage, on_delete=models.CASCADE, related_name="supervised_groups")
    group = models.ForeignKey(
        SupervisedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("group")]

    class Meta(Orderable.Meta):
        verbose_name = _("supervised group")
        verbose_name_plural = _("supervised groups")


class DurationUnit(models.TextChoices):
    SESSIONS = "sessions", _("sessions")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


def format_number(value):
    """1,5 rather than 1,50; 3 rather than 3,0 (Finnish decimal comma)."""
    text = number_format(value)
    return text.rstrip("0").rstrip(",.") if "," in text or "." in text else text


def format_range(low, high, unit=""):
    """ "2–8 henkeä", "vähintään 1 vuosi", "1,5–3 h". `unit` is a string or a function of the count."""
    if low is None and high is None:
        return ""
    if callable(unit):
        unit = unit(high if high is not None else low)
    if low is not None and high is not None:
        text = format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
    elif low is not None:
        text = _("at least %(figure)s") % {"figure": format_number(low)}
    else:
        text = _("at most %(figure)s") % {"figure": format_number(high)}
    return f"{text} {unit}".strip()


class SupervisionFormPage(ContactLinkMixin, BasePage):
    """One form of work supervision, with the facts a buyer compares as fields, not prose."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    group_size_min = models.PositiveSmallIntegerField(_("group size from"), null=True, blank=True)
    group_size_max = models.PositiveSmallIntegerField(_("group size to"), null=True, blank=True)
    duration_min = models.PositiveSmallIntegerField(_("duration from"), null=True, blank=True)
    duration_max = models.PositiveSmallIntegerField(_("duration to"), null=True, blank=True)
    duration_unit = models.CharField(
        _("duration unit"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.YEARS
    )
    interval_weeks_min = models.PositiveSmallIntegerField(
        _("meetings every (weeks) from"), null=True, blank=True
    )
    interval_weeks_max = models.PositiveSmallIntegerField(
        _("meetings every (weeks) to"), null=True, blank=True
    )
    session_hours_min = models.DecimalField(
        _("session length (hours) from"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    session_hours_max = models.DecimalField(
        _("session length (hours) to"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    price = models.DecimalField(
        _("price (EUR, VAT included)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to show “ask for an offer”."),
    )
    price_unit = models.CharField(
        _("price per"), max_length=60, blank=True, help_text=_("For example “session” or “process”.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("group_size_min"), FieldPanel("group_size_max")]),
                FieldRowPanel(
                    [FieldPanel("duration_min"), FieldPanel("duration_max"), FieldPanel("duration_unit")]
                ),
                FieldRowPanel([FieldPanel("interval_weeks_min"), FieldPanel("interval_weeks_max")]),
                FieldRowPanel([FieldPanel("session_hours_min"), FieldPanel("session_hours_max")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_unit")]),
            ],
            heading=_("Facts"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.SearchField("audience")]

    parent_page_types = ["home.SupervisionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form of work supervision")
        verbose_name_plural = _("forms of work supervision")

    def contact_service(self):
        # A form of supervision is asked about as the service it belongs to ("Työnohjaus").
        return self.get_parent().title

    def clean(self):
        super().clean()
        errors = {}
        for low, high in (
            ("group_size_min", "group_size_max"),
            ("duration_min", "duration_max"),
            ("interval_weeks_min", "interval_weeks_max"),
            ("session_hours_min", "session_hours_max"),
        ):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                errors[high] = _("The upper limit must not be smaller than the lower limit.")
        if errors:
            raise ValidationError(errors)

    @property
    def interval_text(self):
        """ "every 3–4 weeks": one message, so Finnish can say "3–4 viikon välein"."""
        figure = format_range(self.interval_weeks_min, self.interval_weeks_max)
        if not figure:
            return ""
        weeks = self.interval_weeks_max or self.interval_weeks_min
        return ngettext("every %(figure)s week", "every %(figure)s weeks", weeks) % {"figure": figure}

    @property
    def facts(self):
        """(label, value) pairs for the fact box, skipping facts the editor left empty."""
        unit_labels = {
            DurationUnit.SESSIONS: lambda n: ngettext("session", "sessions", n),
            DurationUnit.MONTHS: lambda n: ngettext("month", "months", n),
            DurationUnit.YEARS: lambda n: ngettext("year", "years", n),
        }
        if self.price is not None:
            price = f"{format_number(self.price)} €"
            price = f"{price} / {self.price_unit}" if self.price_unit else price
        else:
            price = _("Ask for an offer")
        rows = [
            (_("Who it is for"), self.audience),
            (
                _("Group size"),
                format_range(
                    self.group_size_min, self.group_size_max, lambda n: ngettext("person", "people", n)
                ),
            ),
            (
                _("Typical duration"),
                format_range(self.duration_min, self.duration_max, unit_labels[self.duration_unit]),
            ),
            (_("Meetings"), self.interval_text),
            (_("Session length"), format_range(self.session_hours_min, self.session_hours_max, "h")),
            (_("Price"), price),
        ]
        return [(label, value) for label, value in rows if value]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class ContactPage(AsciiSlugMixin, AbstractEmailForm):
    """The enquiry form ("Kysy tarjousta / ota yhteyttä"); submissions are emailed to the practitioner."""

    form_builder = ContactFormBuilder

    lead = models.TextField(_("lead"), blank=True)
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        default="Älä lähetä lomakkeella asiakkaisiin liittyviä tai muita arkaluonteisia tietoja.",
        help_text=_("Shown above the form: a warning not to send sensitive client data."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("lead"),
        FieldPanel("privacy_notice"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    @property
    def meta_description(self):
        return self.search_description or self.lead

    def get_submissions_list_view_class(self):
        from .admin_views import ContactSubmissionsListView

        return ContactSubmissionsListView

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().serve(request, *args, **kwargs)
        # A service page links here as ?palvelu=<title>: pre-select that service.
        initial = {"palvelu": request.GET["palvelu"]} if "palvelu" in request.GET else {}
        context = self.get_context(request)
        context["form"] = self.get_form(page=self, user=request.user, initial=initial, request=request)
        return TemplateResponse(request, self.get_template(request), context)

    def get_to_addresses(self):
        if self.to_address:
            return [address.strip() for address in self.to_address.split(",")]
        settings = PracticeSettings.for_site(self.get_site()) if self.get_site() else None
        address = settings and (settings.notification_email or settings.email)
        return [address] if address else []

    def process_form_submission(self, form):
        # The mixin only mails when to_address is set, and sends in the request (a mail server that
        # is down would answer the sender with an error after their message was saved). The notice
        # goes through the outbox instead: stored with the submission, delivered by the task queue.
        from . import outbox

        submission = super(EmailFormMixin, self).process_form_submission(form)
        message = self.enquiry_message(form)
        if message is not None:
            outbox.queue(message, "enquiry")
        return submission

    def enquiry_message(self, form):
        """The submission as an email to the practitioner, or None when no address is set."""
        addresses = self.get_to_addresses()
        if not addresses:
            return None
        reply_to = [
            value
            for name, value in form.cleaned_data.items()
            if isinstance(form.fields[name], forms.EmailField) and value
        ]
        return EmailMessage(
            subject=self.subject or str(_("Enquiry from the website")),
            body=self.render_email(form),
            from_email=self.from_address or None,
            to=addresses,
            reply_to=reply_to,
        )


class TestimonialQuerySet(models.QuerySet):
    def publishable(self):
        """Only what the client agreed to have published."""
        return self.filter(permission_given=True)

    def translated(self, keys, locale_id):
        """The testimonials with translation keys `keys` (in that order) in the language `locale_id`,
        those with permission only. One without a translation in that language is left out rather
        than shown in another language."""
        keys = list(keys)
        found = {
            testimonial.translation_key: testimonial
            for testimonial in self.publishable().filter(translation_key__in=keys, locale_id=locale_id)
        }
        return [found[key] for key in keys if key in found]

    def for_page(self, page):
        """The testimonials chosen for the home page `page` in its language, in the editor's order: one
        query (the choice may name the Finnish testimonial; the English page shows its translation)."""
        chosen = HomePageTestimonial.objects.filter(
            page=page, testimonial__translation_key=OuterRef("translation_key")
        )
        return list(
            self.publishable()
            .filter(locale_id=page.locale_id)
            .annotate(position=Subquery(chosen.values("sort_order")[:1]))
            .filter(position__isnull=False)
            .order_by("position", "pk")
        )


class Testimonial(TranslatableMixin, models.Model):
    """A client's words about the work, shown only with their permission."""

    quote = models.TextField(_("quote"))
    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to show only the role and organisation."),
    )
    role = models.CharField(_("role"), max_length=120, help_text=_("For example “Head of unit”."))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For example “a child welfare unit”.")
    )
    permission_given = models.BooleanField(
        _("permission to publish"),
        default=False,
        help_text=_("Shown on the site only when the client has agreed to it."),
    )
    permission_record = models.CharField(
        _("how permission was given"),
        max_length=200,
        blank=True,
        help_text=_("For example “by email on 3 March 2025”. Not shown on the site."),
    )

    objects = TestimonialQuerySet.as_manager()

    panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")]),
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("permission_given"), FieldPanel("permission_record")], heading=_("Permission")
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self):
        source = ", ".join(part for part in (self.role, self.organisation) if part)
        return f"“{Truncator(self.quote).words(8)}” – {source}"

    def clean(self):
        super().clean()
        if self.permission_given and not self.permission_record:
            raise ValidationError({"permission_record": _("Record how and when the client gave permission.")})

    @property
    def attribution(self):
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


orcid_validator = RegexValidator(
    r"^(https?://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
    _("Enter the ORCID iD as 0000-0002-1825-0097 (or as a https://orcid.org/… link)."),
)


class Person(TranslatableMixin, models.Model):
    """The practitioner as visitors meet them: the brand, the home page, the contact page, the
    trainer of the trainings and the author of the publications. Chosen in Settings → Practice; an
    English translation gives the English pages their own role, introduction and credentials."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"),
        max_length=160,
        help_text=_("Shown under the name, for example “Work supervisor and trainer”."),
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A photo with the face well lit; at least 800 px wide."),
    )
    portrait_alt = models.CharField(
        _("portrait alt text"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for visitors who cannot see it. Required with a portrait."),
    )
    introduction = models.TextField(_("short introduction"), blank=True)
    credentials = models.TextField(
        _("credentials"),
        blank=True,
        help_text=_(
            "One per line: training, qualifications, memberships (for example Suomen Työnohjaajat ry)."
        ),
    )
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=60,
        blank=True,
        validators=[orcid_validator],
        help_text=_("Linked from the publications you are an author of (“this is me”)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("portrait"),
        FieldPanel("portrait_alt"),
        FieldPanel("introduction"),
        FieldPanel("credentials"),
        FieldPanel("orcid"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = pgettext_lazy("snippet", "person")
        verbose_name_plural = pgettext_lazy("snippet", "people")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.orcid = self.orcid.strip().removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
        if self.portrait_id and not self.portrait_alt.strip():
            raise ValidationError(
                {"portrait_alt": _("Describe the portrait for visitors who cannot see it.")}
            )

    @property
    def credential_list(self):
        return [line.strip(" -•\t") for line in self.credentials.splitlines() if line.strip(" -•\t")]

    @property
    def orcid_url(self):
        orcid = self.orcid.strip().rsplit("/", 1)[-1]
        return f"https://orcid.org/{orcid}" if orcid else ""


phone_validator = RegexValidator(r"^[+0-9 ()-]{5,30}$", _("Enter a valid phone number."))


@register_setting(icon="site")
class PracticeSettings(BaseSiteSetting):
    """Contact and business details the practitioner edits in Settings → Practice."""

    # The practitioner comes with the settings, in their query (every page shows them).
    select_related = ["person", "person__locale", "person__portrait"]

    name = models.CharField(_("practitioner or business name"), max_length=120, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("practitioner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Name, portrait and introduction shown in the header, on the home page and beside the forms."
        ),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    address = models.TextField(_("postal address"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    notification_email = models.EmailField(
        _("notification email"),
        blank=True,
        help_text=_("Enquiries and registrations are sent here. Defaults to the email above."),
    )
    registration_retention_months = models.PositiveSmallIntegerField(
        _("keep registrations for (months)"),
        default=12,
        help_text=_(
            "Personal data of registrations is erased this many months after the event's last session."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("person"), FieldPanel("name"), FieldPanel("tagline"), FieldPanel("business_id")],
            heading=_("Practice"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")], heading=_("Contact details")
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("notification_email"),
                FieldPanel("registration_retention_months"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Forms and personal data"),
        ),
    ]

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")

    def clean(self):
        super().clean()
        # Stored as 1234567-1 however it was typed (12345671, FI12345671).
        self.business_id = normalise_business_id(self.business_id) if self.business_id else ""

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("LinkedIn", self.linkedin_url),
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
            )
            if url
        ]

    @cached_property
    def practitioner_orcid_url(self):
        """The practitioner's ORCID iD as a URL, for the publications they are an author of."""
        return self.person.orcid_url if self.person_id else ""

    @property
    def notification_address(self):
        return self.notification_email or self.email


class Counter(models.Model):
    """A count every worker process shares (home/counters.py): cache generation, rate limits."""

    name = models.CharField(max_length=200, primary_key=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.name}: {self.value}"


class OutgoingEmail(models.Model):
    """An email the site sends (confirmations, notices, enquiries), kept until it is delivered and for
    the retention period after: failures are tried again later (home/outbox.py), and the practitioner
    sees in the admin what is waiting or has failed for good. It holds personal data (addresses,
    message text), so it is erased with the rest of a person's data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    purpose = models.CharField(_("message"), max_length=100)
    recipients = models.TextField(_("to"))
    reply_to = models.TextField(_("reply to"), blank=True)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # What went wrong, without addresses or message text: the error's kind and the server's code.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    count_label = ngettext_lazy("%(count)s outgoing email", "%(count)s outgoing emails", "count")

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due_idx")]

    def __str__(self):
        return f"{self.purpose}: {self.subject}"
