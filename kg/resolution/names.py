"""Name forms for entity resolution: normalisation, honorifics, name order, initials, acronyms.

Names in the sources come as "Mr. Mu", "Mr Yongtu" (Long Yongtu's given name with an
honorific), "Yongtu Long" (given name first), "Xi Jin-ping", "V. Norov" or "SCO".
Each test here is a pure function of two names and says why it matched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

# Leading words that address a person rather than name them.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "madame", "dame",
    "h e", "his excellency", "her excellency", "excellency", "ambassador", "comrade",
})  # fmt: skip
STOPWORDS = frozenset({"of", "the", "for", "and", "on", "in", "at", "to", "a", "an", "de", "du", "la"})
_NUMBER_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class Name:
    """One name of an entity, normalised: lower-case ASCII tokens without honorifics."""

    text: str  # as written
    tokens: tuple[str, ...]
    addressed: bool  # it began with an honorific ("Mr Yongtu"): a person named by part of their name

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(_NUMBER_RE.findall(" ".join(self.tokens)))


def fold(text: str) -> str:
    """Lower-case ASCII: transliteration variants that differ only by accents or case compare equal."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_of(text: str) -> Name:
    words = re.findall(r"[a-z0-9]+", fold(text))
    addressed = False
    while words:  # "H.E. Mr. X": strip every leading honorific, longest first
        two = " ".join(words[:2])
        if two in HONORIFICS:
            words, addressed = words[2:], True
        elif words[0] in HONORIFICS and len(words) > 1:
            words, addressed = words[1:], True
        else:
            break
    return Name(text, tuple(words), addressed)


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _tokens_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same tokens in the same order, where an initial matches a word it starts ("v" ~ "vladimir")."""
    return len(a) == len(b) and all(
        x == y or (_is_initial(x) and y.startswith(x)) or (_is_initial(y) and x.startswith(y))
        for x, y in zip(a, b)
    )


def _family_name_moves(name: Name) -> set[str]:
    """The letters with the first or last word moved to the other end ("Xi Jin Ping" -> "jinpingxi")."""
    t = name.tokens
    return {"".join(t[1:] + t[:1]), "".join(t[-1:] + t[:-1])} if len(t) > 1 else set()


def acronym(name: Name) -> str:
    return "".join(t[0] for t in name.tokens if t not in STOPWORDS)


def compare(a: Name, b: Name) -> tuple[float, str] | None:
    """How likely two names name the same thing (0..1) and why; None when nothing suggests it."""
    if not a.tokens or not b.tokens:
        return None
    if a.tokens == b.tokens:
        return 1.0, f"same name {a.text!r} / {b.text!r}" if a.text != b.text else f"shared name {a.text!r}"
    if a.numbers != b.numbers:  # "GCBEC 2020" vs "GCBEC 2021", "4th" vs "5th": different things
        return None
    if a.joined == b.joined:
        return 0.95, f"same letters, other spacing or hyphens: {a.text!r} / {b.text!r}"
    if len(a.tokens) > 1 and sorted(a.tokens) == sorted(b.tokens):
        return 0.95, f"same name in another order (given/family): {a.text!r} / {b.text!r}"
    if a.joined in _family_name_moves(b) or b.joined in _family_name_moves(a):
        return 0.9, f"same name in another order and spacing: {a.text!r} / {b.text!r}"
    initials = any(_is_initial(t) for t in a.tokens + b.tokens)
    if initials and (_tokens_match(a.tokens, b.tokens) or _tokens_match(a.tokens, b.tokens[::-1])):
        return 0.85, f"same name with initials: {a.text!r} / {b.text!r}"
    for short, full in ((a, b), (b, a)):
        # "Mr Yongtu" for Long Yongtu: an honorific and one word of the full name.
        if short.addressed and len(short.tokens) == 1 and len(full.tokens) > 1 and short.tokens[0] in full.tokens:
            return 0.8, f"honorific with part of the name: {short.text!r} / {full.text!r}"
        # "SCO" for Shanghai Cooperation Organisation.
        if len(short.tokens) == 1 and len(short.joined) >= 2 and len(full.tokens) >= 2 \
                and short.joined == acronym(full):
            return 0.8, f"acronym: {short.text!r} / {full.text!r}"
    if len(a.tokens) == len(b.tokens):
        # Transliteration variants ("Norov"/"Norow"): every word close, the whole very close.
        for other in {b.tokens, tuple(reversed(b.tokens))}:
            words_close = all(difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 for x, y in zip(a.tokens, other))
            whole = difflib.SequenceMatcher(None, a.joined, "".join(other)).ratio()
            if words_close and whole >= 0.88:
                return round(0.9 * whole, 3), f"similar spelling ({whole:.0%}): {a.text!r} / {b.text!r}"
    return None


def block_keys(name: Name) -> set[str]:
    """Keys that any likely match shares with this name (so we never compare all pairs)."""
    keys = {t[:4] for t in name.tokens if t not in STOPWORDS and not _is_initial(t)}
    keys.add(name.joined[:4])
    if len(name.tokens) == 1:
        keys.add("acr:" + name.joined)
    if len(name.tokens) >= 2:
        keys.add("acr:" + acronym(name))
    return keys
