"""Whose a figure is where the parse names no owner: a trade figure "between A and B" (the pair's: both of
them) and what an unnamed launch presents (the event the article reports)."""

from __future__ import annotations

from kg.extract.document import Document
from kg.extract.syntax import Tree, lemma, prepositional

_TRADE = frozenset({"trade", "volume", "turnover", "exchange"})


def at_the_launch(doc: Document, verb) -> str | None:  # type: ignore[no-untyped-def]
    """"Over 50 activities were introduced during the launch ceremony": what an unnamed launch or opening
    presents is the figure of the event the article reports (the first it names), whose launch it is."""
    for obj in prepositional(verb, ("during", "at")) if verb is not None else ():
        words = {lemma(obj), *(lemma(c) for c in obj.children if c.dep_ in ("compound", "amod"))}
        if lemma(obj) in ("ceremony", "launch", "opening") and words & {"launch", "launching", "opening"}:
            events = [m for m in doc.mentions if doc.family(m) == "Event"]
            return doc.ref(events[0]) if events else None
    return None


def passive_subjects(verb) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"Trade volume ... was expected to hit $5 billion": the subject of the passive verb above "hit"."""
    verbs = [verb, verb.head] if verb is not None and verb.dep_ in ("xcomp", "advcl") else [verb]
    return [c for v in verbs if v is not None for c in v.children if c.dep_ == "nsubjpass"]


def bilateral(doc: Document, tree: Tree, subjects: list) -> tuple[str, ...]:  # type: ignore[type-arg]
    """"Trade between Laos and China reached $3 billion": a two-country figure is the figure of the pair, so
    of both countries. Not of the one the article names more: "between A and B" says nothing of whose it is
    more than the other's (a Cambodian article's China-Cambodia trade is China's as much as Cambodia's)."""
    for subject in subjects:
        if lemma(subject) not in _TRADE:
            continue
        countries = [m for m in (tree.mention(t, ("Place",)) for t in prepositional(subject, ("between",)))
                     if m is not None and m.cls == "Country"]
        if len(countries) == 2:
            return tuple(dict.fromkeys(doc.ref(m) for m in countries))
    return ()
