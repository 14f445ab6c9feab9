"""Bodies that are parts of other bodies, and programmes that are parts of programmes:

- a body named by another body's name or acronym and a body noun: "SCO Secretariat", "the UNOSSC Cities
  Project", and, written in lower case, "an SCO special working group for e-commerce", "the Business 20 (B20)
  SME development taskforce" (a new body, named so);
- a department, bureau or office at, of or under another body: "the Department of Eurasian Affairs at the
  Chinese Ministry of Commerce" (the part also gets the name "Department of ..., Ministry of Commerce of
  China", the form registries write: "Chongyang Institute ..., Renmin University of China"); a unit named
  right after its body, the two named apart ("the UNOSSC Cities Project"), or after its possessive ("the
  Ministry of Commerce's Department of E-commerce"), or whose own name ends with its body's ("Department of
  Electronic Commerce of the Ministry of Commerce"), or which the text describes so ("Cainiao, a subsidiary
  of Alibaba", "the Academy, an institution under the Ministry of Commerce");
- a programme for a region or group named after another programme the article names: "the Online Lectures
  for ASEAN" are part of "the Online Lectures".

Each states org:subOrganizationOf (srk:partOfEvent, srk:partOfInitiative for programmes), from the words
that join the two names, never from nearness alone.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.syntax import Tree
from kg.extract.text import Span, normalise

# the nouns that make a name a part of a larger body: "SCO Secretariat", "the UN Development Programme"
BODY_PART = re.compile(r"\b(?:secretariat|taskforce|task force|working group|department|bureau|office|"
                       r"commission|committee|council|division|project|programme|program|centre|center|"
                       r"business council|unit)\b", re.I)
_UNIT_HEAD = re.compile(r"^(?:the\s+)?(?:department|bureau|office|division|unit|secretariat|directorate)\b", re.I)
# after a body's name: lower-case (or capitalised) words and a body noun, and what it is for
_NAMED_AFTER = re.compile(r"(?:\s*\((?P<acronym>[A-Za-z0-9]{2,10})\))?\s+(?P<words>(?:(?:[A-Za-z][\w-]*)\s+){0,3}?"
                          r"(?:special\s+)?(?:working group|task ?force|taskforce|committee|secretariat|project))"
                          r"(?P<purpose>\s+(?:for|on)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})?\b")
_NOUNISH = ("NN", "NNS", "NNP", "NNPS", "JJ", "VBG", "HYPH")
# "Cainiao, a subsidiary of Alibaba", "the Academy, an institution under the Ministry of Commerce"
_DESCRIBED_UNIT = re.compile(r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:subsidiary|unit|department|division|arm|branch|"
                             r"affiliate|institution|agency|body|bureau|office)\s+(?:of|under)\s+(?:the\s+)?"
                             r"(?:[A-Z][a-z]+(?:['’]s)?\s+)?$")
_OF_BODY = re.compile(r"\s+(?:at|of|under)\s+(?:the\s+)?(?:[A-Z][a-z]+(?:['’]s)?\s+)?")  # "at the Chinese Ministry"


def apply_units(doc: Document, tree: Tree) -> dict[tuple[int, int], str]:
    """The rules above; returns the new bodies named in lower case, by the text span that names them
    (no mention covers them), for rules that read them later (kg.extract.roles: "who chairs the ...")."""
    _parts_by_name(doc)
    named: dict[tuple[int, int], str] = {}
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        named.update(_lower_case_parts(tree, sentence, mentions))
        _units_of_bodies(doc, sentence, mentions)
    _programmes_for(doc)
    return named


def sentence_of(doc: Document, mention: Mention) -> Span:
    return next(s for s in doc.sentences if s.start <= mention.start < s.end)


def _names_of_bodies(doc: Document) -> dict[str, str]:
    names: dict[str, str] = {}
    for m in doc.mentions:
        if doc.family(m) == "Organisation":
            entity = doc.entity(doc.ref(m))
            for name in (m.text, *((entity.label, *entity.aliases) if entity else ())):
                names.setdefault(normalise(name), doc.ref(m))
    return names


def _parts_by_name(doc: Document) -> None:
    """"SCO Secretariat": an organisation whose name (as the article writes it, or its label) is another
    organisation's name or acronym followed by a body noun is a part of that organisation (the larger body
    must be named in the article)."""
    names = _names_of_bodies(doc)
    for m in doc.mentions:  # "UNOSSC Cities Project": the larger body named only inside the unit's name
        for word in m.text.split()[:-1] if doc.family(m) == "Organisation" else ():
            known = doc.gazetteer.lookup(word, "Organisation", doc.ontology)
            if known is not None and word.isupper():
                names.setdefault(normalise(word), known.ref)
    seen: set[str] = set()
    for m in doc.mentions:
        if doc.family(m) != "Organisation" or doc.ref(m) in seen:
            continue
        seen.add(doc.ref(m))
        entity = doc.entity(doc.ref(m))
        for label in dict.fromkeys((re.sub(r"^the\s+", "", m.text, flags=re.I), entity.label if entity else m.text)):
            parent = _parent_by_prefix(names, label, doc.ref(m))
            if parent:
                doc.add(doc.ref(m), "subOrganizationOf", parent, sentence_of(doc, m), "body-named-after-body", 0.6)
                break


def _parent_by_prefix(names: dict[str, str], label: str, own: str) -> str | None:
    words = normalise(label).split()
    for cut in range(min(len(words) - 1, 5), 0, -1):
        parent = names.get(" ".join(words[:cut]))
        if parent and parent != own and BODY_PART.search(" ".join(words[cut:])):
            return parent
    return None


def _lower_case_parts(tree: Tree, sentence: Span, mentions: list[Mention]) -> dict[tuple[int, int], str]:
    """"an SCO special working group for e-commerce", "the Business 20 (B20) SME development taskforce": a
    body the article names by another's name and lower-case words is a new body, part of that one. The
    words between are nouns and adjectives only ("the SCO held a project" names no body)."""
    doc = tree.doc
    named: dict[tuple[int, int], str] = {}
    for parent in (m for m in mentions if doc.family(m) == "Organisation"):
        found = _NAMED_AFTER.match(doc.text, parent.end, sentence.end)
        if not found or any(m.start < found.end() and m.end > parent.end for m in mentions if m is not parent):
            continue
        words = tree.tokens(found.start("words"), found.end("words")) or ()
        if any(t.tag_ not in _NOUNISH for t in words):
            continue
        end, purpose = found.end("words"), ""
        if found.group("purpose"):  # "for e-commerce", up to the first word that is no noun ("was created")
            tokens = list(tree.tokens(found.start("purpose"), found.end("purpose")) or ())
            kept = [t for t in tokens[1:][:next((i for i, t in enumerate(tokens[1:]) if t.tag_ not in _NOUNISH),
                                                len(tokens) - 1)]]
            if kept:
                end = kept[-1].idx + len(kept[-1].text)
                purpose = " " + doc.text[tokens[0].idx:end]
        short = found.group("acronym") or parent.text
        label = f"{short} {found.group('words')}{purpose}"
        if len(label.split()) < 3:  # "the Alibaba project" is a project of Alibaba's, not a body
            continue
        part = doc.new_entity(label, "Organisation", 0.55)
        doc.add(part, "subOrganizationOf", doc.ref(parent), sentence, "body-named-after-body-lower-case", 0.55)
        named[(parent.start, end)] = part
    return named


def _units_of_bodies(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"the Department of Eurasian Affairs at the Chinese Ministry of Commerce": a department (bureau,
    office, ...) at, of or under a body is part of it."""
    for unit in (m for m in mentions if doc.family(m) == "Organisation" and _UNIT_HEAD.match(m.text)):
        parent = _parent_in_name(doc, unit)
        if parent is not None:
            doc.add(doc.ref(unit), "subOrganizationOf", parent, sentence, "unit-named-of-body", 0.6)
    for unit, parent in zip(mentions, mentions[1:]):
        if doc.family(unit) != "Organisation" or doc.family(parent) != "Organisation":
            continue
        between = doc.text[unit.end:parent.start]
        if _DESCRIBED_UNIT.fullmatch(between):
            doc.add(doc.ref(unit), "subOrganizationOf", doc.ref(parent), sentence, "described-unit-of-body", 0.65)
            continue
        if (between == " " and BODY_PART.search(parent.text.split()[-1])) or \
                (re.fullmatch(r"['’]s\s+", between) and _UNIT_HEAD.match(parent.text)):
            # "the UNOSSC Cities Project", named as two: the body, then its unit; "the Ministry of Commerce's
            # Department of E-commerce"
            doc.add(doc.ref(parent), "subOrganizationOf", doc.ref(unit), sentence, "unit-after-body", 0.6)
            continue
        if not _UNIT_HEAD.match(unit.text) or not _OF_BODY.fullmatch(doc.text[unit.end:parent.start]):
            continue
        doc.add(doc.ref(unit), "subOrganizationOf", doc.ref(parent), sentence, "unit-of-body", 0.65)
        entity = doc.entity(doc.ref(parent))
        name = re.sub(r"^the\s+", "", unit.text, flags=re.I)
        doc.add_alias(doc.ref(unit), f"{name}, {entity.label if entity else parent.text}")


def _parent_in_name(doc: Document, unit: Mention) -> str | None:
    """"Department of Electronic Commerce of the Ministry of Commerce": the body a unit's own name ends with
    (an "of" phrase that is another organisation's whole name in the article or the registry)."""
    for of in re.finditer(r"\s+of\s+(?:the\s+)?", unit.text):
        rest = unit.text[of.end():]
        known = next((doc.ref(m) for m in doc.mentions if doc.family(m) == "Organisation" and m is not unit and
                      normalise(re.sub(r"^the\s+", "", m.text, flags=re.I)) == normalise(rest)), None)
        registered = doc.gazetteer.lookup(rest, "Organisation", doc.ontology)
        parent = known or (registered.ref if registered else None)
        if parent is not None and parent != doc.ref(unit):
            return parent
    return None


_PROGRAMMES = {"Event": "partOfEvent", "Initiative": "partOfInitiative"}


def _programmes_for(doc: Document) -> None:
    """"the Silk Road E-Commerce Online Lectures for ASEAN" and "the Silk Road E-Commerce Online Lectures":
    a programme named "X for <a place or body>" is part of X, when the article names X as well."""
    by_name: dict[tuple[str, str], str] = {}
    for m in doc.mentions:
        if doc.family(m) in _PROGRAMMES:
            entity = doc.entity(doc.ref(m))
            for name in (m.text, *((entity.label,) if entity else ())):
                by_name.setdefault((doc.family(m), normalise(name)), doc.ref(m))
    for m in doc.mentions:
        family = doc.family(m)
        found = re.fullmatch(r"(?P<whole>.+?)\s+for\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}", m.text)
        whole = by_name.get((family, normalise(found.group("whole")))) if found and family in _PROGRAMMES else None
        if whole is not None and whole != doc.ref(m):
            doc.add(doc.ref(m), _PROGRAMMES[family], whole, sentence_of(doc, m), "programme-for", 0.6)
