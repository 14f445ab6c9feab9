"""Text helpers for extraction: name normalisation, sentences and capitalised spans, all with
character offsets into the cleaned article text (quotes must point back into it exactly)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "prof", "professor", "h.e", "his excellency", "her excellency",
              "madam", "sir", "mme")
_HONORIFIC_RE = re.compile(r"^(?:(?:%s)\.?\s+)+" % "|".join(re.escape(h) for h in HONORIFICS))
# Spelling variants that name the same thing: British/American, transliteration habits, joined forms.
_VARIANTS = (
    (re.compile(r"organization"), "organisation"),
    (re.compile(r"\bcenter\b"), "centre"),
    (re.compile(r"\bprogram\b"), "programme"),
    (re.compile(r"\bround[ -]?table\b"), "roundtable"),
    (re.compile(r"\bmacau\b"), "macao"),
    (re.compile(r"\be[ -]?commerce\b"), "ecommerce"),
    (re.compile(r"\bcross[ -]border\b"), "crossborder"),
    (re.compile(r"\bsecretary[ -]general\b"), "secretarygeneral"),
)


def fold(text: str) -> str:
    """ASCII, lower-case, straight quotes: "Ms. Dima Al‑Khatib" and "ms. dima al-khatib" compare equal."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower()


def normalise(name: str) -> str:
    """The key names are compared by: no honorific, no bracketed abbreviation, no leading article,
    no possessive, variants unified, punctuation and spacing collapsed."""
    text = fold(name).strip()
    text = re.sub(r"\s*\([^)]*\)", "", text)  # "Academy ... (AIBO)" -> "Academy ..."
    text = _HONORIFIC_RE.sub("", text)
    text = re.sub(r"\bthe\s+", "", text)
    text = re.sub(r"'s\b", "", text)
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    # "Global Conference on Cross-Border E-Commerce" names the same as "Global Cross-Border E-Commerce Conference"
    text = re.sub(r"^(.*?)\b(conference|forum|summit|seminar|exhibition|expo) on (.+)$", r"\1\3 \2", text)
    text = re.sub(r"[^a-z0-9+]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Co", "Ltd", "Inc", "Jr", "Sr", "e.g", "i.e", "U.S")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘A-Z0-9(])|\n\s*\n")


def sentences(text: str) -> list[Span]:
    """Sentences with offsets; paragraphs always end one, "Mr. Mu" does not."""
    found: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rstrip()
        word = re.search(r"([\w.]+)\.[\"”’']?$", before)
        if "\n" not in match.group() and word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        _add(found, text, start, match.start())
        start = match.end()
    _add(found, text, start, len(text))
    return found


def _add(found: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        found.append(Span(offset, offset + len(stripped), stripped))


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


# A capitalised word: "Zhengzhou", "E-Commerce", "JD.com", "Al-Khatib", "COVID-19", "Secretary-General".
_WORD = r"(?:[A-Z][\w'’.&+-]*[\w+]|[A-Z])"
_JOINERS = r"(?:of|for|on|the|and|among|de|du|la|in|to)"
# Lower-case heads that still belong to the name: "Jiangsu province", "China-Kazakhstan logistics base".
_LOWER_HEAD = r"(?:\s+(?:province|district|autonomous region|county|prefecture|(?:[a-z]+\s+)?(?:base|zone|port|park)|project)\b)?"
_CAP_SPAN = re.compile(rf"{_WORD}(?:(?:\s+|\s*-\s*)(?:{_JOINERS}\s+)*(?:{_WORD}|\d+(?=\s+[A-Z])))*{_LOWER_HEAD}")


def capitalised_spans(sentence: Span) -> list[Span]:
    """Maximal runs of capitalised words (joined by of/for/on/the/and...) inside a sentence."""
    spans = []
    for match in _CAP_SPAN.finditer(sentence.text):
        text = match.group().rstrip(".'’")
        text = re.sub(r"(?:\s+" + _JOINERS + r")+\s+\S+['’]s$", "", text)  # "... on the SCO's"
        text = re.sub(r"(?:\s+" + _JOINERS + r")+$", "", text)
        if text:
            start = sentence.start + match.start()
            spans.append(Span(start, start + len(text), text))
    return spans


def split_at_joiners(span: Span, joiners: tuple[str, ...] = ("and", "of", "in", "to", "the", "for", "on")) -> list[Span]:
    """The parts of a span between joiner words ("China and the US" -> China, US)."""
    parts: list[Span] = []
    pattern = re.compile(r"(?:\s+(?:%s)\b)+\s+" % "|".join(joiners))
    position = 0
    for match in list(pattern.finditer(span.text)) + [None]:
        end = match.start() if match else len(span.text)
        piece = span.text[position:end].strip()
        if piece:
            offset = span.start + span.text.index(piece, position)
            parts.append(Span(offset, offset + len(piece), piece))
        position = match.end() if match else end
    return parts
