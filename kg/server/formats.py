"""Content negotiation and the wire formats of the SPARQL 1.1 Protocol."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef

from kg.export import prefixes_for, to_ntriples, to_turtle
from kg.graph import Triple
from kg.results import to_csv, to_sparql_json, to_tsv
from kg.store.base import QueryResult


@dataclass(frozen=True)
class Format:
    key: str  # what ?format= takes
    media_type: str
    kinds: frozenset[str]  # QueryResult kinds it can carry: "bindings", "boolean", "graph"


_TABLE = frozenset({"bindings", "boolean"})
FORMATS = (
    Format("json", "application/sparql-results+json", _TABLE),
    Format("xml", "application/sparql-results+xml", _TABLE),
    Format("csv", "text/csv", frozenset({"bindings"})),
    Format("tsv", "text/tab-separated-values", frozenset({"bindings"})),
    Format("ttl", "text/turtle", frozenset({"graph"})),
    Format("jsonld", "application/ld+json", frozenset({"graph"})),
    Format("nt", "application/n-triples", frozenset({"graph"})),
)
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
           "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples",
           "application/x-turtle": "text/turtle"}
# ?format= values clients send (SPARQLWrapper sends format=turtle, format=json, ...).
FORMAT_ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt", "tab": "tsv"}
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges by preference (highest q first, then the client's order)."""
    ranges = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((position, ALIASES.get(media.lower(), media.lower()), quality))
    ranges.sort(key=lambda r: (-r[2], r[0]))
    return [(media, q) for _, media, q in ranges if q > 0]


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (the first offered for */*), else None."""
    for media, _ in parse_accept(accept):
        if media in offered:
            return media
        major = media.split("/")[0]
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            match = next((o for o in offered if o.startswith(major + "/")), None)
            if match:
                return match
    return None


def result_format(result: QueryResult, accept: str | None, format_key: str | None) -> Format | None:
    """The format to send `result` in: ?format= wins over Accept; None means 406."""
    usable = [f for f in FORMATS if result.kind in f.kinds]
    key = FORMAT_ALIASES.get((format_key or "").lower(), (format_key or "").lower())
    if any(key in (f.key, f.media_type) for f in FORMATS):  # an unknown ?format= leaves it to Accept
        return next((f for f in usable if key in (f.key, f.media_type)), None)
    media = choose(accept, [f.media_type for f in usable])
    return next((f for f in usable if f.media_type == media), None)


def to_sparql_xml(result: QueryResult) -> str:
    root = ET.Element("sparql", xmlns=SPARQL_RESULTS_NS)
    head = ET.SubElement(root, "head")
    if result.boolean is not None:
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for name in result.variables:
            ET.SubElement(head, "variable", name=name)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            solution = ET.SubElement(results, "result")
            for name, term in zip(result.variables, row):
                if term is None:
                    continue
                binding = ET.SubElement(solution, "binding", name=name)
                if isinstance(term, URIRef):
                    ET.SubElement(binding, "uri").text = str(term)
                elif isinstance(term, BNode):
                    ET.SubElement(binding, "bnode").text = str(term)
                else:
                    attributes = {}
                    if isinstance(term, Literal) and term.language:
                        attributes["{http://www.w3.org/XML/1998/namespace}lang"] = term.language
                    elif isinstance(term, Literal) and term.datatype:
                        attributes["datatype"] = str(term.datatype)
                    ET.SubElement(binding, "literal", attributes).text = str(term)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def triples_jsonld(triples: tuple[Triple, ...], base_iri: str) -> str:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    prefixes = prefixes_for(base_iri)
    text = graph.serialize(format="json-ld", context=prefixes, sort_keys=True)
    return json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_result(result: QueryResult, fmt: Format, base_iri: str) -> str:
    if fmt.key == "json":
        return to_sparql_json(result, indent=None) + "\n"  # for programs: compact is faster to write
    if fmt.key == "xml":
        return to_sparql_xml(result)
    if fmt.key == "csv":
        return to_csv(result)
    if fmt.key == "tsv":
        return to_tsv(result)
    triples = result.triples or ()
    if fmt.key == "ttl":
        return to_turtle(triples, prefixes_for(base_iri))
    if fmt.key == "jsonld":
        return triples_jsonld(triples, base_iri)
    return to_ntriples(triples)
