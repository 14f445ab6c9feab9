"""The graphs of an incremental build: those of the unchanged articles are not made again.

An article's graph, its extracted graph and its claim records are made of its own claims alone
(kg.graph.graphs_of), and its claims of its own files and of what the inputs fingerprint covers
(kg.incremental.fingerprint): an article whose files did not change has the graphs and records
that the store in place holds. What depends on every article is made again each time: the
registries' graphs and records (which entities the articles use, which names and classes they
state: kg.graph.identity_and_uses, of the changed articles' claims, with the kept articles' Uses
from their `Piece`), the gazetteer's (which places the graph names: the kept articles' named
subjects are in their `Piece`), and the ontology's. So the build assembles the changed articles and
that rest (the *partial* graphs); what the whole would add to the build's totals is in each kept
article's `Piece` (the manifest keeps them all).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

from rdflib import URIRef
from rdflib.namespace import PROV, SKOS

from kg.claims import Claim
from kg.curation import FACTS_DIR
from kg.geofacts import with_coordinates
from kg.graph import GraphSet, Triple, Uses, curated_claims_per_source, graphs_of, identity_and_uses
from kg.layers import EXTRACTED_SUFFIX, is_claims_graph
from kg.inputs import Inputs
from kg.namespaces import CLAIMS_GRAPH, Ids
from kg.provenance import entity_origins, origin_path
from kg.validate import Violation, quote_rule


@dataclass(frozen=True)
class Piece:
    """What one article's graphs and claim records add to the build's totals."""

    quads: int  # triples of its graph, its extracted graph and its claim records
    facts: int  # curated claim records credited to it (the report's facts per source)
    labelled: tuple[str, ...]  # the IRIs its graphs give a skos:prefLabel (the places the gazetteer credits)
    quotes: tuple[dict, ...]  # the quote rule's violations of its records (kg.validate.quote_rule)
    defines: bool = False  # its facts file defines entities (other articles may name them)
    extracted: str = ""  # hash of the review queue's claims on it (the queue drops what any article curates)
    uses: Uses = Uses()  # what its claims give the registry's composed claims

    def to_json(self) -> dict:
        # Not dataclasses.asdict: its deep copy of a thousand pieces costs more than the rest of the manifest.
        return {"quads": self.quads, "facts": self.facts, "labelled": list(self.labelled), "quotes": list(self.quotes),
                "defines": self.defines, "extracted": self.extracted,
                "uses": {"refs": list(self.uses.refs), "stated": [list(t) for t in self.uses.stated]}}

    @classmethod
    def from_json(cls, value: Mapping) -> "Piece":
        uses = Uses(tuple(map(str, value["uses"]["refs"])), tuple((str(s), str(p), str(o))
                                                                  for s, p, o in value["uses"]["stated"]))
        return cls(int(value["quads"]), int(value["facts"]), tuple(value["labelled"]),
                   tuple(dict(q) for q in value["quotes"]), bool(value["defines"]), str(value["extracted"]), uses)

    def violations(self) -> list[Violation]:
        return [Violation(**{**q, "also": tuple(q.get("also", ()))}) for q in self.quotes]


def owned_graphs(slug: str, ids: Ids) -> tuple[str, str]:
    """The named graphs made of one source's claims alone (its records stand in the claims graphs)."""
    return ids.graph(slug), ids.graph(slug + EXTRACTED_SUFFIX)


def claims_graphs(ids: Ids) -> tuple[str, str]:
    return ids.graph(CLAIMS_GRAPH), ids.graph(CLAIMS_GRAPH + EXTRACTED_SUFFIX)


def defining(inputs: Inputs) -> set[str]:
    """The articles whose facts files define entities: an edit of one may change what any article says of
    them (their names, the lines they are curated at)."""
    paths = {origin_path(o) for entity in inputs.entities.values() for o in entity_origins(entity)}
    return {slug for slug in inputs.sources if f"sources/curated/{FACTS_DIR}/{slug}.yaml" in paths}


def extracted_digests(claims: Iterable[Claim]) -> dict[str, str]:
    """Per article, a hash of the review queue's claims on it (kg.extract.queue_claims)."""
    found: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        found[claim.source].append(repr(claim))
    return {slug: hashlib.sha256("\n".join(sorted(texts)).encode()).hexdigest() for slug, texts in found.items()}


def pieces_of(graphs: GraphSet, slugs: Iterable[str], ids: Ids, defines: set[str] = frozenset(),  # type: ignore[assignment]
              extracted: Mapping[str, str] | None = None, uses: Mapping[str, Uses] | None = None) -> dict[str, Piece]:
    """The piece of each of `slugs` (articles) from graphs that hold all of theirs; `defines`: the articles
    whose facts files define entities; `extracted`: extracted_digests of the review queue's claims; `uses`:
    kg.graph.identity_and_uses's."""
    slugs = list(slugs)
    extracted = extracted or {}
    owner = {name: slug for slug in slugs for name in owned_graphs(slug, ids)}
    source_of = {URIRef(ids.source(slug)): slug for slug in slugs}
    quads: dict[str, int] = defaultdict(int)
    labelled: dict[str, set[str]] = defaultdict(set)
    records: dict[str, dict[str, list[Triple]]] = defaultdict(lambda: defaultdict(list))  # slug -> graph -> triples
    for name, triples in graphs.graphs.items():
        if is_claims_graph(name):
            by_node: dict[object, list[Triple]] = defaultdict(list)
            derived: dict[object, str] = {}
            for triple in triples:
                by_node[triple[0]].append(triple)
                if triple[1] == PROV.wasDerivedFrom and triple[2] in source_of:
                    derived[triple[0]] = source_of[triple[2]]  # type: ignore[index]
            for node, slug in derived.items():
                records[slug][name] += by_node[node]
                quads[slug] += len(by_node[node])
        elif name in owner:
            slug = owner[name]
            quads[slug] += len(triples)
            labelled[slug] |= {str(s) for s, p, _ in triples if p == SKOS.prefLabel and isinstance(s, URIRef)}
    facts = curated_claims_per_source(graphs)
    pieces = {}
    for slug in slugs:
        own = GraphSet({name: tuple(sorted(triples)) for name, triples in records[slug].items()})
        quotes = tuple(asdict(v) for v in quote_rule(own)) if own.graphs else ()
        pieces[slug] = Piece(quads[slug], facts.get(slug, 0), tuple(sorted(labelled[slug])), quotes,
                             slug in defines, extracted.get(slug, ""), (uses or {}).get(slug, Uses()))
    return pieces


@dataclass(frozen=True)
class Partial:
    """The graphs an incremental build made again, and the kept articles' totals beside them."""

    graphs: GraphSet  # the changed articles', the registries', the gazetteer's and the ontology's graphs;
    # the claims graphs hold the records of those alone
    kept: Mapping[str, Piece]  # the unchanged articles' pieces (as the manifest has them)
    pieces: Mapping[str, Piece]  # every article's piece, now (for the manifest)

    def quads(self) -> int:
        """The triples of every assembled graph, as a full build counts them (len of its GraphSet)."""
        return len(self.graphs) + sum(p.quads for p in self.kept.values())

    def facts(self) -> dict[str, int]:
        """Curated claim records per source, as kg.graph.curated_claims_per_source counts the whole."""
        return {**curated_claims_per_source(self.graphs), **{s: p.facts for s, p in self.kept.items() if p.facts}}

    def quote_violations(self) -> list[Violation]:
        return [*quote_rule(self.graphs), *(v for p in self.kept.values() for v in p.violations())]


def partial_graphs(inputs: Inputs, extracted: tuple[Claim, ...], ids: Ids, coordinates: list[Claim],
                   changed: Iterable[str], kept: Mapping[str, Piece]) -> Partial:
    """The partial graphs (see the module's text). `extracted`: the review queue's claims; `changed`: the
    articles read again; `kept`: the manifest's pieces. An article is made again when it changed, has no
    piece, or the queue's claims on it changed; every article is, when a changed or removed one defines
    entities (now or in the last build)."""
    sources = inputs.sources
    defines = defining(inputs)
    queued = extracted_digests(extracted)
    touched = set(changed) | (set(kept) - set(sources))
    if touched & defines or any(kept[slug].defines for slug in touched if slug in kept):
        redo = set(sources)
    else:
        redo = touched | {slug for slug in sources if slug not in kept or kept[slug].extracted != queued.get(slug, "")}
    kept = {slug: kept[slug] for slug in sources if slug not in redo}
    # The kept articles' claims are left out: what they give the registry's claims is in their pieces.
    identity, uses = identity_and_uses((c for c in (*inputs.claims, *extracted) if c.source not in kept),
                                       inputs.entities, sources, ids, inputs.registries,
                                       [piece.uses for piece in kept.values()])
    made = graphs_of(identity, {s: sources[s] for s in sources if s in redo}, inputs.registries, ids,
                     inputs.ontology.graph)
    labelled = {URIRef(iri) for piece in kept.values() for iri in piece.labelled}
    made = with_coordinates(made, coordinates, ids, labelled)
    return Partial(made, kept, {**kept, **pieces_of(made, sorted(redo & set(sources)), ids, defines, queued, uses)})
