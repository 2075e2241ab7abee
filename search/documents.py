"""What a page gives the site search: its title, its text and the forms of their words.

The text is what the page type's `search_fields` name (Wagtail's declaration, so a new field is
searchable where it is declared): every SearchField but the title, related fields followed
(publication topics, supervised groups), stream fields as their searchable text."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Manager
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.search import index

from .kinds import kind_of
from .morphology import get_analyser, words

MAX_TEXT = 100_000  # characters of a page's text that are indexed


@dataclass
class Document:
    title: str
    text: str
    kind: str
    date: date | None

    def entry_fields(self, analyser=None):
        analyser = analyser or get_analyser()
        title_words, body_words = words(self.title), words(self.text)
        return {
            "kind": self.kind,
            "date": self.date,
            "title": self.title[:255],
            "text": self.text,
            "title_words": " ".join(title_words),
            "title_forms": forms_text(title_words, analyser),
            "body_words": " ".join(body_words),
            "body_forms": forms_text(body_words, analyser),
        }


def forms_text(word_list, analyser):
    """Each distinct word's forms once: the forms columns answer whether, not how often."""
    forms = {}
    for word in dict.fromkeys(word_list):
        forms.update(dict.fromkeys(sorted(analyser.index_forms(word))))
    return " ".join(forms)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_text(item) for item in value.values())
    return force_str(value)


def _values(obj, field):
    if isinstance(field, index.SearchField):
        yield field, _text(field.get_value(obj))
    elif isinstance(field, index.RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        if isinstance(related, Manager):
            related = related.all()
        elif callable(related):
            related = [related()]
        else:
            related = [related]
        for item in related:
            for sub_field in field.fields:
                yield from _values(item, sub_field)


def document_for(page) -> Document:
    """`page` (specific) as the index stores it."""
    texts = []
    for field in page.get_search_fields():
        for found, value in _values(page, field):
            if found.field_name != "title" and value.strip():
                texts.append(" ".join(value.split()))
    kind = kind_of(page)
    shown = kind.date(page) if kind.date else None
    if isinstance(shown, datetime):
        shown = timezone.localdate(shown)
    return Document(
        title=composed(page.title),
        text=composed("\n".join(dict.fromkeys(texts)))[:MAX_TEXT],
        kind=kind.name,
        date=shown,
    )


def composed(text):
    """A decomposed "ä" (two code points) as one; the case kept, for the snippet."""
    return unicodedata.normalize("NFC", text)
