"""The words of a result that match the query, marked: `<mark>` around them, everything else escaped.

A word is marked when the query's word finds it the way the index does: as typed (or typed without
ä and ö), as a prefix of it, or through a shared base form, stem or compound part."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .morphology import fold, get_analyser, normalise

TOKEN = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30
WORDS_BEFORE = 8
# Words of a long text looked at for the first match: each new word is analysed once per process.
MAX_SCANNED = 3000


def _matcher(query, analyser):
    wanted_forms = set()
    for word in query.words:
        wanted_forms |= set(word.forms) | query.expansions.get(word.exact, set())
    prefixes = [word.exact for word in query.words if word.exact_prefix]
    prefixes += [prefix for word in query.words for prefix in word.prefixes]
    cores = [core for word in query.words for core in word.substrings]
    exact = {word.exact for word in query.words} | {fold(word.exact) for word in query.words}

    def matches(token):
        lower = normalise(token)
        if lower in exact or fold(lower) in exact or any(lower.startswith(prefix) for prefix in prefixes):
            return True
        forms = analyser.index_forms(lower)
        if forms & wanted_forms:
            return True
        return any(prefix and form.startswith(prefix) for form in forms for prefix in prefixes) or any(
            core in form for form in forms for core in cores
        )

    return matches


def highlight(text, query, analyser=None):
    """All of `text`, its matching words marked."""
    matches = _matcher(query, analyser or get_analyser())
    return mark_safe(
        _marked(text, [(m.start(), m.end()) for m in TOKEN.finditer(text) if matches(m.group())])
    )  # noqa: S308 (escaped in _marked)


def snippet(text, query, analyser=None, length=SNIPPET_WORDS):
    """About `length` words of `text` around its first matching word (or its beginning), marked."""
    matches = _matcher(query, analyser or get_analyser())
    tokens = list(TOKEN.finditer(text))
    if not tokens:
        return ""
    first = next((index for index, token in enumerate(tokens[:MAX_SCANNED]) if matches(token.group())), None)
    start_index = max(0, (first or 0) - WORDS_BEFORE)
    end_index = min(len(tokens), start_index + length)
    start = tokens[start_index].start() if start_index else 0
    end = tokens[end_index].start() if end_index < len(tokens) else len(text)
    window = text[start:end].rstrip()
    spans = [
        (token.start() - start, token.end() - start)
        for token in tokens[start_index:end_index]
        if matches(token.group())
    ]
    # The text's fields (authors, abstract, venue, topics) are lines: shown on one line, set apart.
    html = _marked(window, spans).replace("\n", " · ")
    return mark_safe(("… " if start else "") + html + (" …" if end < len(text) else ""))  # noqa: S308


def _marked(text, spans):
    """`text` escaped, with <mark> around each (start, end) span."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)
