"""Read the graph a view shows out of a store: entities, facts between them, and their evidence.

A handful of SPARQL queries over the graphs of the layers shown (asserted facts
unless inferred or extracted ones are asked for, kg.layers), then plain Python
to put the rows into kg.views.model values, each fact marked with its layer. Labels of classes and properties come from the
ontology, never from this file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.claims import CURATED
from kg.layers import ASSERTED, INFERRED, best_layer, graph_filter, layer_of, shown_layers
from kg.namespaces import ORG
from kg.ontology import Ontology
from kg.store.base import Store
from kg.views.model import Evidence, Fact, PostHeld, SourceInfo, ViewEdge, ViewGraph, ViewNode, overall_span

_PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

# Entities are typed by the layers shown: the inferred superclasses would only repeat the asserted class.
_NODES = _PREFIXES + """
SELECT DISTINCT ?node ?label ?class ?g WHERE { GRAPH ?g { ?node a ?class } FILTER(%(typed)s)
  ?node skos:prefLabel ?label }"""
_ALIASES = _PREFIXES + "SELECT DISTINCT ?node ?alias WHERE { ?node skos:prefLabel [] ; skos:altLabel ?alias }"
# Facts of the layers shown (kg.layers), each with the graphs that hold it, to tell its layer.
_STATEMENTS = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER(%(layers)s)
  ?s skos:prefLabel [] .
  FILTER(?p NOT IN (rdf:type, skos:prefLabel, skos:altLabel))
}"""
_CLAIMS = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?source ?quote ?method ?confidence WHERE {
  GRAPH ?g { ?claim a srk:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                    prov:wasDerivedFrom ?source ; srk:quote ?quote .
             OPTIONAL { ?claim srk:method ?method } OPTIONAL { ?claim srk:confidence ?confidence } }
  FILTER(%(typed)s)
}"""
_SOURCES = _PREFIXES + """
SELECT ?source ?title ?publisher ?issued ?file ?url WHERE {
  ?source a srk:Source .
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source dcterms:publisher ?publisher FILTER(isLiteral(?publisher)) }
  OPTIONAL { ?source dcterms:issued ?issued }
  OPTIONAL { ?source srk:textFile ?file }
  OPTIONAL { ?source schema:url ?url }
}"""

_IDENTITY = frozenset({str(RDF.type), str(SKOS.prefLabel), str(SKOS.altLabel)})
Key = tuple[str, str, str]  # subject, predicate, object (an IRI or a literal's N3 form)


def _key(s: object, p: object, o: object) -> Key:
    return str(s), str(p), o.n3() if isinstance(o, Literal) else str(o)


@dataclass(frozen=True)
class _Rows:
    """The raw material, indexed, before it becomes nodes and edges."""

    labels: dict[str, str]
    classes: dict[str, str]
    aliases: dict[str, list[str]]
    literals: list[tuple[str, str, Literal]]
    links: list[tuple[str, str, str]]
    evidence: dict[Key, list[Evidence]]
    sources: dict[str, SourceInfo]
    layers: dict[Key, str]  # the facts not asserted: inferred, or unreviewed extracted (kg.layers)


def gather(store: Store, ontology: Ontology, title: str = "silkroad-kg", inferred: bool = False,
           extracted: bool = False) -> ViewGraph:
    """The whole graph: every labelled entity, every fact between two, with their evidence.

    Asserted facts only, unless asked: `inferred` adds what the ontology entails,
    `extracted` the unreviewed candidates; each such fact is marked with its layer.
    """
    rows = _read(store, ontology, shown_layers(inferred, extracted))
    return _assemble(rows, ontology, title)


def _most_specific(ontology: Ontology, classes: list[str]) -> str:
    return max(sorted(classes), key=lambda c: len(ontology.superclasses.get(c, ())))


def _read(store: Store, ontology: Ontology, shown: frozenset[str]) -> _Rows:
    fill = {"typed": graph_filter("g", shown - {INFERRED}), "layers": graph_filter("g", shown)}
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = defaultdict(list)
    for node, label, cls, _ in store.query(_NODES % fill, name="view-nodes").rows:
        if isinstance(node, URIRef) and str(cls) in ontology.classes:
            # One label per entity is the rule; should a store break it, take the least, deterministically.
            labels[str(node)] = min(labels.get(str(node), str(label)), str(label))
            types[str(node)].append(str(cls))
    classes = {n: _most_specific(ontology, cs) for n, cs in types.items()}
    labels = {n: l for n, l in labels.items() if n in classes}
    aliases: dict[str, list[str]] = defaultdict(list)
    for node, alias in store.query(_ALIASES, name="view-aliases").rows:
        if str(node) in labels and str(alias) != labels[str(node)]:
            aliases[str(node)].append(str(alias))
    held_in: dict[Key, set[str]] = defaultdict(set)
    statements: dict[Key, tuple[str, str, URIRef | Literal]] = {}
    for s, p, o, g in store.query(_STATEMENTS % fill, name="view-statements").rows:
        if str(s) in labels and (isinstance(o, Literal) or (isinstance(o, URIRef) and str(o) in labels)):
            held_in[_key(s, p, o)].add(layer_of(str(g)))
            statements[_key(s, p, o)] = (str(s), str(p), o)  # type: ignore[assignment]
    literals = [(s, p, o) for s, p, o in statements.values() if isinstance(o, Literal)]
    links = [(s, p, str(o)) for s, p, o in statements.values() if not isinstance(o, Literal)]
    layers = {key: layer for key, found in held_in.items() if (layer := best_layer(found)) != ASSERTED}
    evidence: dict[Key, list[Evidence]] = defaultdict(list)
    for s, p, o, source, quote, method, confidence in store.query(_CLAIMS % fill, name="view-claims").rows:
        evidence[_key(s, p, o)].append(Evidence(_slug(str(source)), str(quote), str(method or CURATED),
                                                None if confidence is None else float(confidence)))
    sources = {}
    for source, title, publisher, issued, text_file, url in store.query(_SOURCES, name="view-sources").rows:
        slug = _slug(str(source))
        sources[slug] = SourceInfo(slug, str(title or slug), str(publisher or ""), str(issued or ""),
                                   str(text_file or ""), str(url) if url else None)
    return _Rows(labels, classes, dict(aliases), sorted(literals, key=lambda t: (t[0], t[1], str(t[2]))),
                 sorted(links), {k: sorted(set(v), key=_ev_order) for k, v in evidence.items()}, sources, layers)


def _slug(source_iri: str) -> str:
    return source_iri.rstrip("/").rsplit("/", 1)[-1]


def _ev_order(e: Evidence) -> tuple[str, str, str]:
    return e.source, e.quote, e.method


def _assemble(rows: _Rows, ontology: Ontology, title: str) -> ViewGraph:
    prop_label = lambda iri: ontology.properties[iri].label if iri in ontology.properties else ontology.label(iri)  # noqa: E731
    dated = {iri for iri, p in ontology.properties.items()
             if p.kind == "datatype" and p.range and p.range <= ontology.date_datatypes()}
    facts: dict[str, list[Fact]] = defaultdict(list)
    dates: dict[str, list[str]] = defaultdict(list)
    declared = set(ontology.properties)
    for s, p, o in without_restatements(rows.literals, rows.layers, declared):  # type: ignore[assignment, arg-type]
        key = _key(s, p, o)
        facts[s].append(Fact(prop_label(p), str(o), tuple(rows.evidence.get(key, ())),
                             layer=rows.layers.get(key, ASSERTED)))
        if p in dated and key not in rows.layers:
            dates[s].append(str(o))
    edges = []
    for s, p, o in without_restatements(rows.links, rows.layers, declared):  # type: ignore[assignment, arg-type]
        key = _key(s, p, o)
        ev, layer = tuple(rows.evidence.get(key, ())), rows.layers.get(key, ASSERTED)
        edges.append(ViewEdge(s, o, p, prop_label(p), ev, layer))
        facts[s].append(Fact(prop_label(p), rows.labels[o], ev, other=o, layer=layer))
        inverse = ontology.properties[p].inverse if p in ontology.properties else None
        facts[o].append(Fact(prop_label(inverse) if inverse else f"{prop_label(p)} (of)", rows.labels[s], ev,
                             other=s, inverse=True, layer=layer))
    named_in: dict[str, set[Evidence]] = defaultdict(set)
    node_sources: dict[str, set[str]] = defaultdict(set)
    for (s, p, o), evs in rows.evidence.items():
        for ev in evs:
            node_sources[s].add(ev.source)
            if o in rows.labels:
                node_sources[o].add(ev.source)
            if p in _IDENTITY:
                named_in[s].add(ev)
    posts = _posts(rows, dates)
    nodes = tuple(
        ViewNode(
            iri=iri, label=rows.labels[iri], cls=rows.classes[iri],
            aliases=tuple(sorted(set(rows.aliases.get(iri, ())))),
            span=overall_span(dates.get(iri, ())),
            facts=tuple(facts.get(iri, ())), posts=posts.get(iri, ()),
            named_in=tuple(sorted(named_in.get(iri, ()), key=_ev_order)),
            sources=frozenset(node_sources.get(iri, ())),
        )
        for iri in sorted(rows.labels)
    )
    return ViewGraph(nodes, tuple(edges), dict(sorted(rows.sources.items())), title)


def without_restatements(statements: list[tuple[str, str, object]], layers: dict[Key, str],
                         declared: frozenset[str] | set[str]) -> list[tuple[str, str, object]]:
    """The statements without inferred ones that only restate another.

    Each fact is shown at both its ends already (the object's panel reads it by the
    inverse property), so an entailed `org:heldBy` beside the stated `org:holds`
    would repeat it, and so would a super-property (`dcterms:description` beside
    `srk:description`, `participated in` beside `spoke at`). What is left says
    something no source states in so many words (a chain: `official of`; a
    transitive step: located in China), once per pair of ends, by a property of the
    ontology's own where there is one.
    """
    def ends(s: str, p: str, o: object) -> frozenset[str]:
        return frozenset((s, o if isinstance(o, str) else _key(s, p, o)[2]))

    inferred = [t for t in statements if layers.get(_key(*t)) == INFERRED]
    stated = {ends(*t) for t in statements if layers.get(_key(*t)) != INFERRED}
    chosen: dict[frozenset[str], tuple[str, str, object]] = {}
    for s, p, o in sorted(inferred, key=lambda t: (t[1] not in declared, t[1], t[0], str(t[2]))):
        if ends(s, p, o) not in stated:
            chosen.setdefault(ends(s, p, o), (s, p, o))
    kept = set(chosen.values())
    return [t for t in statements if layers.get(_key(*t)) != INFERRED or t in kept]


def _posts(rows: _Rows, dates: dict[str, list[str]]) -> dict[str, tuple[PostHeld, ...]]:
    """Who holds which post in which organisation, dated by the post or by the sources that say so."""
    holds, post_in = str(ORG.holds), str(ORG.postIn)
    organisation = {s: o for s, p, o in rows.links if p == post_in}
    held: dict[str, list[PostHeld]] = defaultdict(list)
    for s, p, o in rows.links:
        if p != holds:
            continue
        own = sorted(dates.get(o, ()))
        as_of = sorted({f"as of {rows.sources[e.source].date}" for e in rows.evidence.get((s, p, o), ())
                        if e.source in rows.sources and rows.sources[e.source].date})
        org = organisation.get(o)
        held[s].append(PostHeld(rows.labels[o], rows.labels[org] if org else None, tuple(own or as_of), o))
    return {k: tuple(v) for k, v in held.items()}
