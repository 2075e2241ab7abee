"""Content blocks shared by every page's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


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
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    embed = EmbedBlock(
        label=_("Video or other embed"),
        icon="media",
        template="blocks/embed_block.html",
        description=_("A link to a video, e.g. YouTube or Vimeo."),
    )
