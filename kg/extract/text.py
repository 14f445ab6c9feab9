"""Text helpers for extraction: name normalisation, sentences and capitalised spans, all with
character offsets into the cleaned article text (quotes must point back into it exactly)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.resolution.names import fold, normalise

__all__ = ["HONORIFICS", "Span", "fold", "normalise", "sentences", "paragraph_starts", "capitalised_spans",
           "split_at_joiners"]

HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "prof", "professor", "h.e", "his excellency", "her excellency",
              "madam", "sir", "mme")


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
