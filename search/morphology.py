"""Finnish words as the index stores them and as a query asks for them.

Finnish inflects and compounds: a visitor types "koulutus" and expects "koulutuksessa" and
"täydennyskoulutus", types "lapsi" and expects "lasten" and "lastensuojelu". Each word of a page is
stored twice: as written (the *words* columns, for exact matches) and as its *forms* (base forms
and compound parts), so a query's base form meets every inflection without the database knowing
any Finnish.

Two analysers make the forms; settings.SEARCH_MORPHOLOGY picks one ("auto": Voikko when installed):

* **Voikko** (Debian's libvoikko1 and voikko-fi, the `libvoikko` binding from PyPI): real lemmas
  and compound parts from a dictionary, consonant gradation included ("lasten" → lapsi).
* **Snowball** (PyStemmer, no system packages): stems by suffix stripping, the stem with its last
  letter dropped matched inside the stored stems (compound parts, "koulutu" in
  "taydennyskoulutuks"), and the weak grade of the last consonant tried for gradation
  ("tapa" → "tava"). Stems that change more than that ("lapsi" → "last") are not found.

Forms are stored without ä, ö and å ("tyonohjaus") as well, so a query typed on a keyboard without
them still finds the word.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

WORD = re.compile(r"[^\W_]+")  # letters and digits, as FTS5 and PostgreSQL split words
_FOLD = str.maketrans("äöåÄÖÅ", "aoaAOA")
# Shortest stem core matched inside stored stems (Snowball); a shorter one is matched as a prefix.
SUBSTRING_MIN = 4
PREFIX_MIN = 3
# Voikko: a word it does not know, with at most this many a/o, is tried with ä/ö in their place.
RESTORE_MAX_VOWELS = 5


def normalise(text: str) -> str:
    """Composed characters (a decomposed "ä" is two code points), lower case."""
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def fold(word: str) -> str:
    return word.translate(_FOLD)


@dataclass(frozen=True)
class QueryWord:
    """What one word of a query matches, from the strongest to the weakest."""

    exact: str  # as typed, in the words columns (also as a prefix: "lindström" → "lindströmin")
    forms: frozenset[str]  # base forms or stems, in the forms columns
    substrings: frozenset[str] = frozenset()  # inside stored forms (compound parts, Snowball)
    prefixes: frozenset[str] = frozenset()  # stored forms beginning with these
    known: bool = False  # the analyser knows the word: its forms are enough, no prefix guessing

    @property
    def exact_prefix(self) -> bool:
        return not self.known and len(self.exact) >= 4 and not self.exact.isdigit()


class VoikkoAnalyser:
    name = "voikko"
    looks_inside_forms = False  # compound parts are stored as forms of their own

    def __init__(self):
        import libvoikko

        self._voikko = libvoikko.Voikko("fi")
        self._lock = threading.Lock()  # a Voikko handle is not safe to share between threads
        self._analyse = lru_cache(maxsize=100_000)(self._analyse_uncached)

    def _analyse_uncached(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """(base forms, compound parts' base forms); both empty for a word Voikko does not know."""
        with self._lock:
            analyses = self._voikko.analyze(word)
        bases, parts = set(), set()
        for analysis in analyses:
            if analysis.get("BASEFORM"):
                bases.add(normalise(analysis["BASEFORM"]))
            compound = compound_parts(analysis.get("WORDBASES", ""))
            if len(compound) > 1:
                parts.update(compound)
        return frozenset(bases), frozenset(parts - bases)

    def index_forms(self, word: str) -> set[str]:
        bases, parts = self._analyse(word)
        forms = set(bases | parts) or {word}
        return forms | {fold(form) for form in forms}

    def query_word(self, word: str) -> QueryWord:
        # Every phrase costs the match and the ranking time on every matching page: a word Voikko
        # knows is asked for by its base forms alone.
        bases, _parts = self._analyse(word)
        if bases:
            return QueryWord(exact=word, forms=bases, known=True)
        return QueryWord(exact=word, forms=frozenset(self._restored_bases(word) | {fold(word)}))

    def _restored_bases(self, word: str) -> frozenset[str]:
        """ "tyonohjauksessa", typed without ä and ö: the base forms of "työnohjauksessa"."""
        positions = [index for index, letter in enumerate(word) if letter in "ao"]
        if not positions or len(positions) > RESTORE_MAX_VOWELS:
            return frozenset()
        found = set()
        for mask in range(1, 2 ** len(positions)):
            letters = list(word)
            for bit, index in enumerate(positions):
                if mask >> bit & 1:
                    letters[index] = "ä" if letters[index] == "a" else "ö"
            found |= self._analyse("".join(letters))[0]
        return frozenset(found)


_MORPHEME = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def compound_parts(wordbases: str) -> list[str]:
    """Voikko's WORDBASES as the forms a compound is found by: each part's base form, and each run of
    adjacent parts as written with the last in its base form ("+työ(työ)+yhteisö(yhteisö)+työn(työ)
    +ohja(ohjata)+us(+us)" → työ, yhteisö, ohjaus, työyhteisö, yhteisötyö, työnohjaus, …), so
    "työnohjaus" finds "kriisityönohjauksessa". A part made with a derivational suffix (the "(+us)")
    or a linking letter ("+a") is its letters as written ("ohjaus"), not the verb it comes from."""
    parts: list[list] = []  # [written letters, base form or None]
    for written, base in _MORPHEME.findall(wordbases):
        if parts and (base.startswith("+") or (not base and len(written) <= 2)):
            parts[-1][0] += written
            parts[-1][1] = None
        else:
            parts.append([written, base or None])
    parts = [(normalise(written), normalise(base or written)) for written, base in parts]
    forms = [base for _written, base in parts]
    for start in range(len(parts)):
        for end in range(start + 1, len(parts)):
            if (start, end) != (0, len(parts) - 1):  # the whole word is the base form already
                forms.append("".join(written for written, _base in parts[start:end]) + parts[end][1])
    return [form for form in dict.fromkeys(forms) if len(form) > 1]


class SnowballAnalyser:
    name = "snowball"
    looks_inside_forms = True  # compounds are found by their stems inside the stored ones (SearchTerm)

    def __init__(self):
        import Stemmer

        self._stemmer = Stemmer.Stemmer("finnish")
        self._lock = threading.Lock()
        self.stem = lru_cache(maxsize=100_000)(self._stem_uncached)

    def _stem_uncached(self, word: str) -> str:
        with self._lock:
            return fold(self._stemmer.stemWord(word))

    def index_forms(self, word: str) -> set[str]:
        return {self.stem(word)}

    def query_word(self, word: str) -> QueryWord:
        stem = self.stem(word)
        forms = {stem, fold(word)} | {self.stem(variant) for variant in weak_grades(word)}
        core = stem if len(stem) <= SUBSTRING_MIN else stem[:-1]
        substrings = {core} if len(core) >= SUBSTRING_MIN else set()
        prefixes = {core} if PREFIX_MIN <= len(core) < SUBSTRING_MIN else set()
        return QueryWord(
            exact=word,
            forms=frozenset(forms),
            substrings=frozenset(substrings),
            prefixes=frozenset(prefixes),
        )


# The last consonant of a base form in its weak grade ("tapa" → "tavat", "kauppa" → "kaupassa").
_GRADATION = [
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("lk", "lj"),
    ("rk", "rj"),
    ("k", "v"),
    ("k", ""),
    ("p", "v"),
    ("t", "d"),
]
_LAST_SYLLABLE = re.compile(r"^(.*[aeiouyäö])([^aeiouyäö]+)([aeiouyäö]+)$")


def weak_grades(word: str) -> set[str]:
    variants = set()
    if word.endswith("si") and len(word) > 3:
        variants.add(word[:-2] + "de")  # käsi → käden, vesi → veden
    match = _LAST_SYLLABLE.match(word)
    if match:
        head, consonants, vowels = match.groups()
        for strong, weak in _GRADATION:
            if consonants.endswith(strong):
                variants.add(head + consonants[: -len(strong)] + weak + vowels)
                if len(strong) == 2:
                    break  # "kauppa" → "kaupa", not also "kaupva"
    return variants - {word}


@lru_cache(maxsize=4)
def _analyser_for(name: str):
    if name == "snowball":
        return SnowballAnalyser()
    if name == "voikko":
        return VoikkoAnalyser()
    try:
        return VoikkoAnalyser()
    except Exception:  # no binding, no libvoikko1 or no Finnish dictionary: each fails its own way
        return SnowballAnalyser()


def get_analyser():
    """The analyser settings.SEARCH_MORPHOLOGY names ("auto", "voikko", "snowball")."""
    return _analyser_for(getattr(settings, "SEARCH_MORPHOLOGY", "auto"))


def voikko_available() -> bool:
    try:
        _analyser_for("voikko")
    except Exception:
        return False
    return True
