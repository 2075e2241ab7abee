"""Content blocks shared by every page's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading inside the text.")
        preview_value = {"text": "Työnohjauksen tavoitteita", "size": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Source"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its source.")
        preview_value = {
            "text": "Työnohjaus on oman työn tutkimista, arviointia ja kehittämistä.",
            "attribution": "Suomen Työnohjaajat ry",
        }


class BulletListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item"), max_length=300), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "blocks/bullet_list_block.html"
        label = _("Bullet list")
        description = _("A heading followed by a list of short points.")
        preview_value = {
            "heading": "Työnohjauksen tavoitteita voivat olla",
            "items": ["Työssä jaksamisen tukeminen", "Työn mielekkyyden lisääminen"],
        }


class PriceBlock(blocks.StructBlock):
    item = blocks.CharBlock(label=_("Service"), max_length=120)
    duration = blocks.CharBlock(
        label=_("Duration"), max_length=60, required=False, help_text=_("For example “90 min” or “½ day”.")
    )
    price = blocks.DecimalBlock(label=_("Price (EUR)"), min_value=0, decimal_places=2, required=False)
    unit = blocks.CharBlock(
        label=_("Price per"),
        max_length=60,
        required=False,
        help_text=_("For example “session” or “group”. Leave the price empty to show “ask for an offer”."),
    )

    class Meta:
        icon = "tag"
        label = _("Price")


class PriceListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    prices = blocks.ListBlock(PriceBlock(), label=_("Prices"), min_num=1)
    vat_note = blocks.CharBlock(
        label=_("VAT note"),
        max_length=200,
        help_text=_("For example “Prices include VAT 25.5 %.” or “Work supervision is exempt from VAT.”"),
    )
    note = blocks.CharBlock(
        label=_("Other terms"),
        max_length=300,
        required=False,
        help_text=_("For example travel costs or cancellation terms."),
    )

    class Meta:
        icon = "table"
        template = "blocks/price_list_block.html"
        label = _("Price list")
        description = _("Services with their duration and price, and a note on VAT.")
        preview_value = {
            "heading": "Hinnasto",
            "prices": [
                {"item": "Yksilötyönohjaus", "duration": "60 min", "price": "110", "unit": "kerta"},
                {"item": "Ryhmätyönohjaus", "duration": "90 min", "price": "190", "unit": "kerta"},
            ],
            "vat_note": "Hinnat sisältävät arvonlisäveron 25,5 %.",
        }


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    testimonials = blocks.ListBlock(
        SnippetChooserBlock("home.Testimonial", label=_("Testimonial")), label=_("Testimonials"), min_num=1
    )

    class Meta:
        icon = "openquote"
        template = "blocks/testimonials_block.html"
        label = _("Testimonials")
        description = _("Clients’ words, chosen from Testimonials; only those with permission are shown.")

    def get_context(self, value, parent_context=None):
        from .models import Testimonial

        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        chosen = [testimonial for testimonial in value["testimonials"] if testimonial]
        locale_id = getattr(page, "locale_id", None)
        if locale_id is None or all(testimonial.locale_id == locale_id for testimonial in chosen):
            # The usual case, chosen in the page's own language: no query for translations.
            context["testimonials"] = [testimonial for testimonial in chosen if testimonial.permission_given]
        else:
            keys = [testimonial.translation_key for testimonial in chosen]
            context["testimonials"] = Testimonial.objects.translated(keys, locale_id)
        return context


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
        description=_("Running text with links and lists."),
        preview_value="<p>Työnohjaus on tavoitteellinen ja luottamuksellinen prosessi.</p>",
    )
    bullet_list = BulletListBlock()
    quote = QuoteBlock()
    price_list = PriceListBlock()
    testimonials = TestimonialsBlock()
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    embed = EmbedBlock(
        label=_("Video or other embed"),
        icon="media",
        template="blocks/embed_block.html",
        description=_("A link to a video, e.g. YouTube or Vimeo."),
    )
