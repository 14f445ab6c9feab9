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
# A month's abbreviation ends no sentence before its day: "on Dec. 3 at the conference", "Sept. 10, 2021".
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘A-Z0-9(])|\n\s*\n")


def sentences(text: str) -> list[Span]:
    """Sentences with offsets; paragraphs always end one, "Mr. Mu" and "on Dec. 3" do not."""
    found: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rstrip()
        word = re.search(r"([\w.]+)\.[\"”’']?$", before)
        if "\n" not in match.group() and word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1 or (
                word.group(1) in _MONTHS and text[match.end():match.end() + 1].isdigit())):
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
# A plural possessive stays in the name: "G20 Leaders' Communique".
_WORD = r"(?:[A-Z][\w'’.&+-]*[\w+](?:(?<=s)['’](?=\s+[A-Z]))?|[A-Z])"
_JOINERS = r"(?:of|for|on|the|and|among|de|du|la|in|to)"
# Lower-case heads that still belong to the name: "Jiangsu province", "China-Kazakhstan logistics base".
_LOWER_HEAD = r"(?:\s+(?:province|district|autonomous region|county|prefecture|(?:[a-z]+\s+)?(?:base|zone|port|park)|project)\b)?"
_CAP_SPAN = re.compile(rf"{_WORD}(?:(?:\s+|\s*-\s*)(?:{_JOINERS}\s+)*(?:{_WORD}|\d+(?=\s+[A-Z])))*{_LOWER_HEAD}")


_WHEN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|" \
        r"July|August|September|October|November|December)"
# "... Summit on 5 May in Hanoi", "... Forum on the 12th of May": the day before its month goes with it.
_TRAILING_WHEN = re.compile(rf"\s+(?:(?:on|in|since|by|from|until|last|next|this)\s+)?(?:the\s+)?"
                            rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_WHEN}\b.*$")
# A preposition or adverb that opens a sentence is capitalised but names nothing: "Under the MoU", "In Laos".
_LEADING_WORD = re.compile(r"^(?:According to|Under|In|On|At|As|During|With|By|From|After|Before|Through|Among|Following|"
                           r"Via|Since|For|Of|To|Like|Unlike|Besides|Meanwhile|Today|Yesterday|Now|Also|Here|There|"
                           r"Last|Next|This|These|Those|Both|Such|Every|Each|Many|Some|Several|Other|Another|"
                           r"Its|Their|Our|His|Her)\s+(?:(?:the|a|an)\s+)?(?=[A-Z0-9])")


def capitalised_spans(sentence: Span) -> list[Span]:
    """Maximal runs of capitalised words (joined by of/for/on/the/and...) inside a sentence, without a
    leading preposition ("Under the MoU") or a trailing day or month ("China Daily on Tuesday")."""
    spans = []
    for match in _CAP_SPAN.finditer(sentence.text):
        text = match.group()
        start = sentence.start + match.start()
        lead = _LEADING_WORD.match(text)
        if lead:
            text, start = text[lead.end():], start + lead.end()
        text = _TRAILING_WHEN.sub("", text) if not re.match(_WHEN + r"\b", text) else text
        text = text.rstrip(".'’")
        end = start - sentence.start + len(text)
        if re.search(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$", text) and sentence.text[end:end + 1] == ".":
            text += "."  # "U.S." keeps the full stop of its last initial ("China." loses its own)
        text = re.sub(r"(?:\s+" + _JOINERS + r")+\s+\S+['’]s$", "", text)  # "... on the SCO's"
        text = re.sub(r"(?:\s+" + _JOINERS + r")+$", "", text)
        if text:
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
