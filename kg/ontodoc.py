"""The ontology as one self-contained HTML page: classes with their hierarchy,
properties with domains, ranges, inverses and characteristics, definitions, and
a few example facts per property taken from the store (with labels).

    html = ontology_html(ontology, store, ids)   # the build writes it to dist/ontology.html

Everything comes from ontology/silkroad.ttl through kg.ontology and its graph;
every text is escaped; no script, font or style sheet is fetched.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import PREFIXES, SRK, Ids
from kg.ontology import Ontology
from kg.store.base import Store

EXAMPLES_PER_PROPERTY = 3
INSTANCES_PER_CLASS = 5

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} h2{border-bottom:2px solid #ddd;margin-top:2.5rem}
section.term{border-top:1px solid #eee;padding:.6rem 0} section.term h3{margin:.2rem 0}
code{background:#f4f4f4;padding:0 .2rem;border-radius:3px} .iri{color:#666;font-size:.85em}
dl{display:grid;grid-template-columns:11rem 1fr;gap:.15rem .8rem;margin:.4rem 0} dt{color:#555}
dd{margin:0} ul.tree{list-style:none;padding-left:1.2rem} ul.examples{margin:.2rem 0}
.badge{display:inline-block;background:#eef;border-radius:3px;padding:0 .3rem;font-size:.8em;margin-left:.3rem}
nav a{margin-right:1rem}
"""


def ontology_html(ontology: Ontology, store: Store | None = None, ids: Ids | None = None,
                  examples: int = EXAMPLES_PER_PROPERTY) -> str:
    """The documentation page; example facts and instances come from `store` when given."""
    doc = _Doc(ontology, store, ids, examples)
    return doc.page()


class _Doc:
    def __init__(self, ontology: Ontology, store: Store | None, ids: Ids | None, examples: int) -> None:
        self.onto = ontology
        self.graph: Graph = ontology.graph
        self.store = store
        self.inferred = ids.graph("inferred") if ids else None
        self.examples = examples
        own = str(SRK)
        self.own_classes = sorted((c for c in ontology.classes if c.startswith(own)), key=self.name)
        self.other_classes = sorted((c for c in ontology.classes if not c.startswith(own)), key=self.name)
        self.properties = sorted(ontology.properties.values(), key=lambda p: (p.kind, self.name(p.iri)))

    # -- names and links -----------------------------------------------------
    def name(self, iri: str) -> str:
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def anchor(self, iri: str) -> str:
        return self.name(iri).replace(":", "-")

    def link(self, iri: str) -> str:
        known = iri in self.onto.classes or iri in self.onto.properties
        text = f"<code>{escape(self.name(iri))}</code>"
        return f'<a href="#{escape(self.anchor(iri))}">{text}</a>' if known else text

    def links(self, iris: object) -> str:
        return ", ".join(self.link(i) for i in sorted(iris, key=self.name)) or "—"  # type: ignore[call-overload]

    def text(self, iri: str, predicate: URIRef) -> str:
        value = self.graph.value(URIRef(iri), predicate)
        return str(value) if value is not None else ""

    # -- the page ------------------------------------------------------------
    def page(self) -> str:
        header = next(self.graph.subjects(RDF.type, OWL.Ontology), None)
        title = self.text(str(header), DCTERMS.title) if header else "Ontology"
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
        ]
        if header is not None:
            parts.append(self.header(str(header)))
        parts.append('<nav><a href="#classes">Classes</a><a href="#object-properties">Object properties</a>'
                     '<a href="#datatype-properties">Datatype properties</a>'
                     '<a href="#annotation-properties">Annotation properties</a></nav>')
        parts.append('<h2 id="classes">Classes</h2>' + self.tree())
        parts += [self.class_section(c) for c in self.own_classes]
        parts.append("<h3>Classes reused from other vocabularies</h3>")
        parts += [self.class_section(c) for c in self.other_classes]
        for kind, heading in (("object", "Object properties"), ("datatype", "Datatype properties"),
                              ("annotation", "Annotation properties")):
            parts.append(f'<h2 id="{kind}-properties">{heading}</h2>')
            parts += [self.property_section(p) for p in self.properties if p.kind == kind]
        parts.append("</body></html>\n")
        return "\n".join(parts)

    def header(self, iri: str) -> str:
        rows = [("IRI", f"<code>{escape(iri)}</code>"),
                ("Version", escape(self.text(iri, OWL.versionInfo))),
                ("Namespace", f"<code>{escape(str(SRK))}</code> (prefix <code>srk:</code>)"),
                ("Licence", escape(self.text(iri, DCTERMS.license)))]
        description = self.text(iri, DCTERMS.description)
        return f"<p>{escape(description)}</p>" + _dl(rows)

    def tree(self) -> str:
        children: dict[str, list[str]] = defaultdict(list)
        roots = []
        for cls in self.own_classes:
            parents = [str(p) for p in self.graph.objects(URIRef(cls), RDFS.subClassOf)
                       if str(p) in self.own_classes]
            for parent in parents:
                children[parent].append(cls)
            if not parents:
                roots.append(cls)

        def branch(items: list[str]) -> str:
            return '<ul class="tree">' + "".join(
                f"<li>{self.link(c)} {escape(self.onto.label(c))}{branch(children[c]) if children[c] else ''}</li>"
                for c in sorted(items, key=self.name)) + "</ul>"
        return branch(roots)

    def class_section(self, cls: str) -> str:
        node = URIRef(cls)
        direct = [str(p) for p in self.graph.objects(node, RDFS.subClassOf) if isinstance(p, URIRef)]
        subclasses = [str(s) for s in self.graph.subjects(RDFS.subClassOf, node) if isinstance(s, URIRef)]
        in_domain = [p.iri for p in self.properties if cls in p.domain]
        in_range = [p.iri for p in self.properties if cls in p.range]
        rows = [("Definition", escape(self.text(cls, SKOS.definition)) or "—"),
                ("Subclass of", self.links(direct)), ("Subclasses", self.links(subclasses))]
        comment = self.text(cls, RDFS.comment)
        if comment:
            rows.append(("Note", escape(comment)))
        for expression in self.graph.objects(node, OWL.equivalentClass):
            if isinstance(expression, BNode):
                rows.append(("Defined as", escape(self.expression(expression))))
        disjoint = self.disjoint_with(cls)
        if disjoint:
            rows.append(("Disjoint with", self.links(disjoint)))
        rows += [("Domain of", self.links(in_domain)), ("Range of", self.links(in_range))]
        instances = self.instances(cls)
        if instances:
            rows.append(("Examples", ", ".join(escape(i) for i in instances)))
        return self.section(cls, "", rows)

    def property_section(self, prop) -> str:  # type: ignore[no-untyped-def]
        node = URIRef(prop.iri)
        traits = [t for t, on in (("transitive", prop.transitive), ("symmetric", prop.symmetric)) if on]
        rows = [("Definition", escape(self.text(prop.iri, SKOS.definition)) or "—")]
        if prop.kind != "annotation":
            rows += [("Domain", self.links(prop.domain)), ("Range", self.links(prop.range))]
        if prop.inverse:
            rows.append(("Inverse", self.link(prop.inverse)))
        parents = [str(p) for p in self.graph.objects(node, RDFS.subPropertyOf)]
        if parents:
            rows.append(("Sub-property of", self.links(parents)))
        for chain in self.graph.objects(node, OWL.propertyChainAxiom):
            rows.append(("Chain", " then ".join(self.link(str(x)) for x in Collection(self.graph, chain))))
        examples = self.example_facts(prop.iri) if prop.kind != "annotation" else []
        if examples:
            rows.append(("Example facts", "<ul class=\"examples\">" + "".join(f"<li>{e}</li>" for e in examples)
                         + "</ul>"))
        badges = "".join(f'<span class="badge">{t}</span>' for t in (prop.kind, *traits))
        return self.section(prop.iri, badges, rows)

    def section(self, iri: str, badges: str, rows: list[tuple[str, str]]) -> str:
        return (f'<section class="term" id="{escape(self.anchor(iri))}"><h3>{escape(self.onto.label(iri))} '
                f'<code>{escape(self.name(iri))}</code>{badges}</h3><div class="iri">{escape(iri)}</div>'
                f"{_dl(rows)}</section>")

    # -- class expressions and disjointness -------------------------------------
    def expression(self, node: Node) -> str:
        g = self.graph
        if isinstance(node, URIRef):
            return self.name(str(node))
        if (items := g.value(node, OWL.intersectionOf)) is not None:
            return "(" + " and ".join(self.expression(i) for i in Collection(g, items)) + ")"
        if (items := g.value(node, OWL.unionOf)) is not None:
            return "(" + " or ".join(self.expression(i) for i in Collection(g, items)) + ")"
        prop, filler = g.value(node, OWL.onProperty), g.value(node, OWL.someValuesFrom)
        if prop is not None and filler is not None:
            return f"{self.name(str(prop))} some {self.expression(filler)}"
        return "(a class expression)"

    def disjoint_with(self, cls: str) -> list[str]:
        found = set()
        for group in self.graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = [str(m) for m in Collection(self.graph, self.graph.value(group, OWL.members))]
            if cls in members:
                found.update(m for m in members if m != cls)
        found.update(str(o) for o in self.graph.objects(URIRef(cls), OWL.disjointWith))
        found.update(str(s) for s in self.graph.subjects(OWL.disjointWith, URIRef(cls)))
        return sorted(found)

    # -- data from the store ---------------------------------------------------
    def example_facts(self, prop: str) -> list[str]:
        if self.store is None:
            return []
        inferred = (f"OPTIONAL {{ GRAPH <{self.inferred}> {{ ?s <{prop}> ?o }} BIND(true AS ?inferred) }}"
                    if self.inferred else "")
        result = self.store.query(
            f"SELECT DISTINCT ?s ?sl ?o ?ol ?inferred WHERE {{ ?s <{prop}> ?o . "
            f"OPTIONAL {{ ?s <{SKOS.prefLabel}> ?sl }} OPTIONAL {{ ?o <{SKOS.prefLabel}> ?ol }} {inferred} "
            f"FILTER NOT EXISTS {{ ?s a <{SRK.Claim}> }} FILTER NOT EXISTS {{ ?s a <{SRK.Source}> }} }} "
            f"ORDER BY ?s ?o LIMIT {self.examples}", name=f"ontodoc: examples of {self.name(prop)}")
        facts = []
        for s, sl, o, ol, inferred_flag in result.rows:
            subject = escape(str(sl or self.name(str(s))))
            value = escape(str(ol)) if ol is not None else escape(str(o) if not isinstance(o, URIRef)
                                                                  else self.name(str(o)))
            mark = ' <span class="badge">inferred</span>' if inferred_flag is not None else ""
            facts.append(f"{subject} — <em>{escape(self.onto.label(prop))}</em> → {value}{mark}")
        return facts

    def instances(self, cls: str) -> list[str]:
        if self.store is None:
            return []
        result = self.store.query(
            f"SELECT DISTINCT ?l WHERE {{ ?x a <{cls}> ; <{SKOS.prefLabel}> ?l }} ORDER BY ?l "
            f"LIMIT {INSTANCES_PER_CLASS}", name=f"ontodoc: instances of {self.name(cls)}")
        return [str(row[0]) for row in result.rows]


def _dl(rows: list[tuple[str, str]]) -> str:
    """A definition list; values are already escaped HTML."""
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
