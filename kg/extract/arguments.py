"""What a verb's arguments name: the verbs that hold, organise, sign or attend something, and the events,
bodies and subjects their clauses govern (shared by kg.extract.clauses and kg.extract.dated)."""

from __future__ import annotations

import re

from kg.extract.mentions import Mention
from kg.extract.syntax import Tree, lemma, patients

ORGANISE = frozenset({"organize", "organise", "co-organize", "co-organise", "sponsor", "convene", "stage"})
HOST = frozenset({"host", "co-host"})
HOLD = frozenset({"hold", "take", "open", "kick", "start", "begin", "launch", "co-launch", "run", "convene", "hold",
                  "inaugurate", "unveil", "host", "organize", "organise", "stage", "commence"})
CLOSE = frozenset({"close", "end", "conclude", "wrap", "finish"})
SIGN = frozenset({"sign", "ink", "conclude", "adopt", "approve", "publish", "release", "issue", "seal"})
SPEAK = frozenset({"say", "note", "tell", "stress", "highlight", "emphasize", "emphasise", "underline", "add",
                   "remark", "state", "speak", "address", "deliver", "announce", "point", "explain", "urge", "call",
                   "observe", "welcome", "greet"})
ATTEND = frozenset({"attend", "join", "participate", "witness", "visit"})
# not "online": "online platforms" are no speech, and a speaker at an online forum is its speaker
REMOTE = re.compile(r"\b(?:video (?:message|link|address|speech|call)|videoconference|virtually|remotely)\b",
                     re.I)
AGENTS = ("Person", "Organisation")
START_NOUNS = frozenset({"launch", "opening", "establishment", "founding", "inception", "inauguration", "creation"})


def verb_lemma(token) -> str:  # type: ignore[no-untyped-def]
    return lemma(token).replace("co-", "")


def is_co(token) -> bool:  # type: ignore[no-untyped-def]
    """"co-organized" is three tokens; the verb is the last."""
    return token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "co"


def events_of(tree: Tree, tokens: list) -> list[str]:  # type: ignore[no-untyped-def,type-arg]
    found = [tree.named(t, ("Event",)) or antecedent(tree, t) for t in tokens]
    return list(dict.fromkeys(tree.doc.ref(m) for m in found if m is not None))


def antecedent(tree: Tree, token) -> Mention | None:  # type: ignore[no-untyped-def]
    """"the roundtable ..., that will take place on 23-24 June": the event a relative pronoun follows (the
    small parser often loses the relative clause's noun, so the event named just before, in its sentence)."""
    if token.lower_ not in ("which", "that"):
        return None
    before = [m for m in tree.doc.mentions if token.idx - 120 < m.end <= token.idx and
              tree.doc.family(m) == "Event" and "." not in tree.doc.text[m.end:token.idx]]
    return before[-1] if before else None


def subject_of_clause(verb) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"The forum was co-organized by": the small model reads "organized" as a complement of "was"."""
    own = [t for t in patients(verb) if not (t.lower_ == "place" and verb_lemma(verb) == "take")]  # "took place"
    if own:
        return own
    if verb.dep_ in ("acomp", "attr", "xcomp", "advcl") or (verb.dep_ == "ROOT" and lemma(verb) == "be"):
        # "Hosted by A, the seminar opened ...": the participle opening the sentence is about its subject
        return [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def by_phrase(tree: Tree, verb) -> list[Mention]:  # type: ignore[no-untyped-def]
    """The bodies named in a verb's "by" phrase: "by A, the B of X, C and D" (a long list the small parser
    often reads as appositions and nested prepositions, so every body in the phrase counts), but not one
    that only says whose another is ("the Consulate of Uzbekistan") or a partner ("in partnership with C")."""
    phrase = [c for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"]
    if not phrase and verb.dep_ == "acomp":
        phrase = [c for c in verb.head.children if c.dep_ == "agent"]
    found: list[Mention] = []
    for by in phrase:
        for token in by.subtree:
            mention = tree.mention(token, ("Organisation", "Place", "Person"))
            if mention is None or mention in found or _under(token, by, ("of", "with", "for", "from", "under")):
                continue
            found.append(mention)
    return found


def _under(token, top, words: tuple[str, ...]) -> bool:  # type: ignore[no-untyped-def]
    """Is the token inside a prepositional phrase of `words` below `top`?"""
    current = token
    while current != top and current.head != current:
        if current.dep_ == "prep" and current.lower_ in words:
            return True
        current = current.head
    return False

