"""Wholes and their parts, and members:

- an event that is one of the activities of another ("One of the key activities of the 5th Shopping
  Festival, the carnival ..."; "the carnival, part of the festival"), an event or initiative under the
  framework of an initiative, an initiative described as a platform or measure under another ("X, a new
  platform under the BRI"), an initiative launched or unveiled at an event (srk:announcedAt);
- a country or body that is a member of an organisation ("Kazakhstan, a member of the SCO"; "Rwanda joined
  the SCO"), and countries that launch, co-launch or join an initiative or platform together ("Alibaba and
  the government of Rwanda launched the eWTP"; "China and seven other countries co-launched an initiative").

The words between the two names, or the verb that governs both, say it; nearness alone never does.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.syntax import Tree, agents, clause_prepositional, lemma, patients, prepositional, with_conjuncts
from kg.extract.text import Span

_PART_NOUNS = r"(?:activities|events|highlights|sessions|parts|components|activity|event|highlight|session|part)"
# "One of the key activities of", "As part of", "a highlight of": before the whole
_PART_OF = re.compile(rf"(?:\b(?:as\s+)?(?:an?\s+|one\s+of\s+the\s+)?(?:[a-z-]+\s+){{0,2}}{_PART_NOUNS}\s+of\s+"
                      r"(?:the\s+)?(?:[A-Z][\w'’]*['’]s\s+)?|\bunder\s+the\s+(?:framework|umbrella)\s+of\s+(?:the\s+)?)$",
                      re.I)
WHOLES = ("Event", "Initiative")
_MEMBER_OF = re.compile(r",\s+(?:a|an|the)\s+(?:founding\s+|full\s+|permanent\s+)?member(?:\s+(?:state|country|economy))?"
                        r"\s+of\s+(?:the\s+)?$")
JOIN = frozenset({"join", "accede"})
LAUNCH = frozenset({"launch", "initiate", "found", "establish", "sign"})
ANNOUNCE = frozenset({"unveil", "announce", "propose", "launch", "initiate"})
# "X is an essential part of the BRI", "X is becoming a defining feature of BRI cooperation", "a new engine
# for cooperation in BRI construction": what an initiative is described as being within another
_PART_NOUNS = frozenset({"part", "component", "feature", "pillar", "element", "engine"})
MEMBERS = ("Place", "Organisation")
_NUMBERS = {w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), start=2)}


def parts_in_sentence(tree: Tree, sentence: Span, mentions: list[Mention]) -> None:
    """Called by kg.extract.affiliations for each sentence (one pass over the parse for both)."""
    _event_parts(tree.doc, sentence, mentions)
    _members(tree.doc, sentence, mentions)
    for token in tree.tokens(sentence.start, sentence.end) or ():
        if token.pos_ == "VERB" and lemma(token) in JOIN:
            _joined(tree, sentence, token)
        if token.pos_ == "VERB" and lemma(token) in JOIN | LAUNCH:
            _launched_together(tree, sentence, token)
        if token.pos_ == "VERB" and lemma(token) in LAUNCH | ANNOUNCE:
            _launched_at(tree, sentence, token)
        if lemma(token) == "member" and (token.dep_ == "attr" or (token.dep_ == "pobj" and token.head.lower_ == "as")):
            _member_predicate(tree, sentence, token)
        if token.lower_ == "under" and token.dep_ == "prep":
            _under_initiative(tree, sentence, token)
        if lemma(token) in _PART_NOUNS and token.dep_ == "attr":
            _described_as_part(tree, sentence, token)


def _event_parts(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    events = [m for m in mentions if doc.family(m) in WHOLES]
    for whole in events:
        lead = doc.text[max(sentence.start, whole.start - 60):whole.start]
        if not _PART_OF.search(lead):
            continue
        # "..., part of the Festival": the event just before; "One of the activities of the Festival, the
        # carnival ...": the event named right after the whole (a sentence opening with the part phrase)
        before = [m for m in events if m.end <= whole.start and
                  re.fullmatch(r",\s+", doc.text[m.end:whole.start - len(_PART_OF.search(lead).group())])]
        after = [m for m in events if m.start > whole.end and re.fullmatch(r",\s+", doc.text[whole.end:m.start])]
        opening = doc.text[sentence.start:whole.start - len(_PART_OF.search(lead).group())].strip() == ""
        part = before[-1] if before else (after[0] if after and opening else None)
        if part is None or doc.ref(part) == doc.ref(whole):
            continue
        if doc.family(whole) == "Initiative":  # "..., under the framework of the BRI": a part of the initiative
            doc.add(doc.ref(part), "partOfInitiative", doc.ref(whole), sentence, "part-of-initiative", 0.6)
        elif doc.family(part) == "Event":
            doc.add(doc.ref(part), "partOfEvent", doc.ref(whole), sentence, "event-part-of-event", 0.65)


def _members(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Kazakhstan, a member of the SCO": the member before the apposition, the organisation after it."""
    for member, whole in zip(mentions, mentions[1:]):
        if doc.family(member) in MEMBERS and doc.family(whole) == "Organisation" and \
                _MEMBER_OF.fullmatch(doc.text[member.end:whole.start]):
            doc.add(doc.ref(member), "memberOf", doc.ref(whole), sentence, "member-apposition", 0.7)


def _joined(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"Rwanda and Laos joined the SCO": the subjects are members of the organisation they joined."""
    wholes = [m for t in patients(verb) if (m := tree.named(t, ("Organisation",))) is not None]
    members = [m for t in agents(verb) if (m := tree.named(t, MEMBERS)) is not None]
    for whole in wholes[:1]:
        for member in members:
            tree.doc.add(tree.doc.ref(member), "memberOf", tree.doc.ref(whole), sentence, "joined-organisation", 0.65)


def initiative_of(tree: Tree, token) -> str | None:  # type: ignore[no-untyped-def]
    """The initiative a noun names: its mention, an acronym the article gave it ("the eWTP", "the eWTP
    initiative"), or a description whose words the article's one named initiative has ("a digital economy
    cooperation initiative": the "Digital Economy International Cooperation Initiative")."""
    doc = tree.doc
    named = tree.named(token, ("Initiative",))
    if named is not None:
        return doc.ref(named)
    words = [token, *(c for c in token.children if c.dep_ == "compound")]
    for m in doc.mentions:
        entity = doc.entity(doc.ref(m))
        bracket = re.match(r"\s*\(([^()]{2,12})\)", doc.text[m.end:m.end + 16])
        if entity is not None and doc.family(m) == "Initiative" and m.end <= token.idx and any(
                w.text in entity.aliases or (bracket is not None and bracket.group(1) == w.text) for w in words):
            return entity.ref
    if lemma(token) not in ("initiative", "platform"):
        return None
    described = {t.lower_ for t in token.subtree if t.i < token.i and t.dep_ in ("amod", "compound")} - {"new", "joint"}
    if len(described) < 2:  # "the initiative", "a new platform": too little to say which
        return None
    fits = {doc.ref(m) for m in doc.mentions if doc.family(m) == "Initiative" and
            described <= {w.lower() for w in re.findall(r"[\w-]+", m.text)}}
    return fits.pop() if len(fits) == 1 else None


def _countries(tree: Tree, token) -> list[str]:  # type: ignore[no-untyped-def]
    """The countries a subject names: "Laos", "the government of Rwanda" (the country acting through it),
    and "seven other countries" (the article's list of eight that includes the others named with it)."""
    doc = tree.doc
    named = tree.named(token, ("Place",))
    if named is not None:
        return [doc.ref(named)] if named.cls == "Country" else []
    if lemma(token) == "government":
        return [r for t in prepositional(token, ("of",)) for r in _countries(tree, t)]
    return []


def _counted_list(tree: Tree, token, named: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """"China and seven other countries": the coordinated list of eight countries, China among them, the
    article names (in the sentences next to it); nothing when there is none."""
    count = next((_NUMBERS.get(c.lower_) for c in token.children if c.dep_ == "nummod"), None)
    if lemma(token) != "country" or count is None or not any(c.lower_ == "other" for c in token.children):
        return []
    doc = tree.doc
    for other in doc.sentences:
        if abs(other.start - token.idx) > 600:
            continue
        run = _coordinated(tree, other)
        if len(run) == count + len(named) and set(named) <= set(run):
            return run
    return []


def _coordinated(tree: Tree, sentence: Span) -> list[str]:
    """The longest list of countries coordinated by commas and "and" in a sentence ("A, B, C and D")."""
    doc = tree.doc
    countries = [m for m in doc.in_span(sentence, ("Place",)) if m.cls == "Country"]
    best: list[Mention] = []
    run: list[Mention] = []
    for m in countries:
        if run and re.fullmatch(r"(?:\s*\([^()]{1,12}\))?\s*(?:,\s*(?:and\s+)?|and\s+)", doc.text[run[-1].end:m.start]):
            run.append(m)
        else:
            run = [m]
        best = run if len(run) > len(best) else best
    return list(dict.fromkeys(doc.ref(m) for m in best)) if len(best) > 2 else []


def _launched_together(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"Alibaba and the government of Rwanda launched the eWTP", "China and seven other countries co-launched
    an initiative", "Laos joined the initiative": the countries that launch an initiative or platform together
    (or join or sign up to it) are its members. One country launching its own initiative is its promoter
    (kg.extract.affiliations), not a member."""
    doc = tree.doc
    objects = patients(verb) + list(prepositional(verb, ("to",)))
    initiatives = [r for t in objects if (r := initiative_of(tree, t)) is not None]
    if not initiatives:
        return
    head = verb.head if verb.dep_ in ("advcl", "conj") and verb.head.lower_ == "co" else verb  # "co-launched"
    # "China's e-commerce giant Alibaba and the government of Rwanda": the parser may hang the second
    # subject on a word inside the first
    doers = list(dict.fromkeys([*agents(verb), *agents(head)]))
    doers += [t for d in doers for t in d.subtree if t.dep_ == "conj" and t not in doers]
    countries = list(dict.fromkeys(r for t in doers for r in _countries(tree, t)))
    countries += [r for t in doers for r in _counted_list(tree, t, countries) if r not in countries]
    signed_up = lemma(verb) == "sign" and any(p.lower_ == "up" for p in verb.children)
    if lemma(verb) == "sign" and not signed_up:
        return  # "signed the initiative" may be a document signed; "signed up to" is joining
    together = lemma(verb) in JOIN or signed_up or len(doers) > 1 or head is not verb or \
        any(c.lower_ in ("jointly", "together") for c in verb.children)
    if not together:
        return
    for country in countries:
        doc.add(country, "memberOf", initiatives[0], sentence, f"{lemma(verb)}-initiative-together", 0.6)


def _under_initiative(tree: Tree, sentence: Span, under) -> None:  # type: ignore[no-untyped-def]
    """"X, a new platform ... under the Belt and Road Initiative", "As an important measure under the BRI, X
    has ...", "X is a key programme under the BRI": the initiative X is described as is part of the one it is
    under."""
    doc = tree.doc
    wholes = [r for t in under.children if t.dep_ == "pobj" and (r := initiative_of(tree, t)) is not None]
    noun = under.head
    for _ in range(3):  # "a platform for economic cooperation under ...": up to the noun that describes X
        if noun.dep_ in ("appos", "attr", "pobj") or noun.head == noun:
            break
        noun = noun.head
    if not wholes or noun.pos_ != "NOUN":
        return
    if noun.dep_ == "appos":
        subjects = [noun.head]
    elif noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "as"):
        verb = noun.head if noun.dep_ == "attr" else noun.head.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    else:
        return
    for subject in subjects:
        part = tree.named(subject, ("Initiative",))
        if part is not None and doc.ref(part) != wholes[0]:
            doc.add(doc.ref(part), "partOfInitiative", wholes[0], sentence, "described-under-initiative", 0.6)


def _described_as_part(tree: Tree, sentence: Span, noun) -> None:  # type: ignore[no-untyped-def]
    """"Silk Road e-commerce has ..., becoming a defining feature of BRI cooperation": the initiative the
    verb's subject is (or becomes) a part, feature or engine of, named within two prepositions of the noun;
    the subject of "becoming" is that of the clause it hangs on."""
    doc = tree.doc
    verb = noun.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("advcl", "xcomp", "conj"):
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    heads, wholes = [noun], []
    for _ in range(2):  # "an engine for cooperation in BRI construction": two prepositions down
        objects = [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "for")
                   for o in p.children if o.dep_ == "pobj"]
        wholes += [r for o in objects for t in o.subtree if t.i <= o.i and (r := initiative_of(tree, t)) is not None]
        heads = objects
    for subject in subjects:
        part = tree.named(subject, ("Initiative",))
        whole = next((w for w in wholes if part is not None and w != doc.ref(part)), None)
        if part is not None and whole is not None:
            doc.add(doc.ref(part), "partOfInitiative", whole, sentence, "described-as-part", 0.55)


def _launched_at(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"co-launched a digital economy initiative at the 4th World Internet Conference", "the platform was
    unveiled at the expo": the initiative was announced at that event."""
    doc = tree.doc
    initiatives = [r for t in patients(verb) if (r := initiative_of(tree, t)) is not None]
    events = [m for t in clause_prepositional(verb, ("at", "during")) if (m := tree.named(t, ("Event",))) is not None]
    for initiative in initiatives[:1]:
        for event in events[:1]:
            doc.add(initiative, "announcedAt", doc.ref(event), sentence, f"{lemma(verb)}-at-event", 0.6)


def _member_predicate(tree: Tree, sentence: Span, member) -> None:  # type: ignore[no-untyped-def]
    """"Kazakhstan became a member of the SCO", "Laos is a founding member of the eWTP", "China, as a member
    of the WTO, backs ...": the subject is a member of the organisation or initiative the "of" phrase names."""
    doc = tree.doc
    wholes = [r for t in prepositional(member, ("of",)) if (r := _whole_of(tree, t)) is not None]
    verb = member.head if member.dep_ == "attr" else member.head.head  # "X is a member of", "X, as a member of"
    subjects = [m for c in verb.children if c.dep_ == "nsubj" for t in with_conjuncts(c)
                if (m := tree.named(t, MEMBERS + ("Person",))) is not None]
    for whole in wholes[:1]:
        for subject in subjects:
            doc.add(doc.ref(subject), "memberOf", whole, sentence, "member-predicate", 0.65)


def _whole_of(tree: Tree, token) -> str | None:  # type: ignore[no-untyped-def]
    body = tree.named(token, ("Organisation",))
    return tree.doc.ref(body) if body is not None else initiative_of(tree, token)
