"""Name forms for entity resolution: normalisation, honorifics, name order, initials, acronyms.

Names in the sources come as "Mr. Mu", "Mr Yongtu" (Long Yongtu's given name with an
honorific), "Yongtu Long" (given name first), "Xi Jin-ping", "V. Norov" or "SCO"; organisations as
"the Shanghai Cooperation Organization (SCO)" or "Ministry of Commerce of the People's Republic of
China"; editions as "Sixth", "6th" or "6". `normalise` gives the one key all those forms share, and
`compare` is a pure function of two names that says why they matched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Leading words that address a person rather than name them.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "madame", "dame",
    "h e", "his excellency", "her excellency", "excellency", "ambassador", "comrade", "mme", "mister",
})  # fmt: skip
STOPWORDS = frozenset({"of", "the", "for", "and", "on", "in", "at", "to", "a", "an", "de", "du", "la"})
_NUMBER_RE = re.compile(r"\d+")
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
# Spellings that name the same thing: British/American, joined forms.
_VARIANTS = (
    (re.compile(r"organization"), "organisation"),
    (re.compile(r"\bcenter\b"), "centre"),
    (re.compile(r"\bprogram\b"), "programme"),
    (re.compile(r"\bround[ -]?table\b"), "roundtable"),
    (re.compile(r"\bmacau\b"), "macao"),
    (re.compile(r"\be[ -]?commerce\b"), "ecommerce"),
    (re.compile(r"\bcross[ -]border\b"), "crossborder"),
    (re.compile(r"\bsecretary[ -]general\b"), "secretarygeneral"),
    (re.compile(r"\bmemorandum of understanding\b"), "mou"),
    (re.compile(r"&"), " and "),
)
_BRACKETED = re.compile(r"\s*\(([^()]*)\)")
_EVENT_ON = re.compile(r"^(.*?)\b(conference|forum|summit|seminar|exhibition|expo|symposium) on (.+)$")


def fold(text: str) -> str:
    """Lower-case ASCII with straight quotes: variants that differ only by accents or case compare equal."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def bracketed_acronyms(text: str) -> tuple[str, ...]:
    """The abbreviations a name gives in brackets: "Shanghai Cooperation Organisation (SCO)" -> ("SCO",)."""
    return tuple(inner for m in _BRACKETED.finditer(text) if is_acronym(inner := m.group(1).strip()))


def is_acronym(word: str) -> bool:
    """"SCO", "MoU", "eWTP", "U.S.": mostly capitals, no spaces; "China" and "Shanghai" are not."""
    capitals = sum(c.isupper() for c in word)
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z&.-]{1,11}", word)) and capitals >= 2 and \
        capitals * 2 >= sum(c.isalpha() for c in word)


def ordinal_number(word: str) -> int | None:
    """6 for "Sixth", "6th", "sixth" or "twenty-first" -> 21; None for anything else."""
    word = fold(word).strip(".")
    match = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    if match:
        return int(match.group(1))
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in ORDINAL_WORDS and ORDINAL_WORDS[unit] < 10:
        return _TENS[tens] + ORDINAL_WORDS[unit]
    return None


def _ordinals_as_numbers(text: str) -> str:
    return re.sub(r"\b(?:[a-z]+-)?[a-z0-9]+(?:st|nd|rd|th)\b",
                  lambda m: str(n) if (n := ordinal_number(m.group())) is not None else m.group(), text)


@lru_cache(maxsize=1)
def _country_forms() -> tuple[dict[str, str], re.Pattern[str]]:
    """Long country names ("the people's republic of china", "republic of tajikistan") -> short ones."""
    from kg.gazetteer import country_names  # the maintained ISO list, loaded only when names are compared

    forms = []
    for long_name, short in country_names().items():
        long_key, short_key = _plain(long_name), _plain(short)
        if long_key != short_key and " " in long_key:
            forms.append((long_key, short_key))
    forms.sort(key=lambda f: -len(f[0]))
    return dict(forms), re.compile(r"\b(?:%s)\b" % "|".join(re.escape(long) for long, _ in forms))


def _plain(text: str) -> str:
    text = re.sub(r"'s\b", "", fold(text)).replace("'", "")
    text = re.sub(r"\bthe\b", " ", text)
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9+]+", " ", text)).strip()


def _strip_honorifics(words: list[str]) -> tuple[list[str], bool]:
    addressed = False
    while words:  # "H.E. Mr. X": strip every leading honorific, longest first
        two = " ".join(words[:2])
        if two in HONORIFICS and len(words) > 2:
            words, addressed = words[2:], True
        elif words[0] in HONORIFICS and len(words) > 1:
            words, addressed = words[1:], True
        else:
            break
    return words, addressed


def normalise(name: str) -> str:
    """The key that every written form of one name shares: lower-case ASCII words without honorifics,
    articles, possessives or bracketed abbreviations; ordinal words as numbers ("Sixth" = "6th" = "6");
    British spelling ("Organization" = "Organisation"); long country names short ("of the People's
    Republic of China" = "of China"); "Conference on X" = "X Conference"."""
    words, _ = _normalised_words(name)
    return " ".join(words)


# Extraction asks for the key of the same few thousand names over and over (every mention, every
# registry label, every article): the regular expressions behind it were ~30 % of extraction time.
@lru_cache(maxsize=1 << 16)
def _normalised_words(name: str) -> tuple[tuple[str, ...], bool]:
    text = _BRACKETED.sub(" ", fold(name))
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    text = _plain(_ordinals_as_numbers(text))
    words, addressed = _strip_honorifics(text.split())
    text = " ".join(words)
    shorts, pattern = _country_forms()
    text = pattern.sub(lambda m: shorts[m.group()], text)
    text = _EVENT_ON.sub(r"\1\3 \2", text)
    return tuple(text.split()), addressed


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


def name_of(text: str) -> Name:
    """The name's normalised words (see `normalise`), and whether it began with an honorific."""
    words, addressed = _normalised_words(text)
    return Name(text, words, addressed)


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
