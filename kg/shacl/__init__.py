"""SHACL Core, compiled to SPARQL and run by Oxigraph: validation at the engine's speed.

`compile_shapes` turns the shapes graph (ontology/shapes.ttl) into one SELECT per
constraint: the focus nodes of its shape that break it, with the offending value
where SHACL names one. `run` evaluates them on a store holding the data graph and
its RDFS entailments (`rdfs_closure`) in its default graph, so that the results are
pySHACL's with `inference="rdfs"`: entities typed by a subclass, a domain or a range
are targeted, and `sh:class` sees those types.

What is supported is what shapes.ttl uses, and anything else is refused by name
rather than skipped: targets `sh:targetClass` and `sh:targetSubjectsOf`; property
shapes with an IRI `sh:path`; `sh:minCount`, `sh:maxCount`, `sh:datatype`,
`sh:class`, `sh:nodeKind`, `sh:minLength`, `sh:pattern`, `sh:minInclusive`,
`sh:maxInclusive`, `sh:languageIn`, `sh:lessThanOrEquals` and `sh:or` of those; node-level
`sh:xone`, `sh:or`, `sh:and` and `sh:not` (kg.shacl.logical), reported without a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import KgError
from kg.export import nt_term
from kg.namespaces import SH
from kg.shacl import logical
from kg.shacl.conditions import component, constraints_of, count_pattern, unsupported, value_condition

ASSERTED_TYPES = "urn:kg:validation:asserted-types"  # rdf:type as the data states it (for explanations)
TARGETS = "urn:kg:validation:targets"  # focus node -> TARGET_OF -> shape, found once per node shape
TARGET_OF = "urn:kg:validation:targetOf"
# RDFS entailment as (template, pattern) rules, in an order that reaches the fixpoint in one pass:
# sub-properties first (their triples then meet domains and ranges), classes last.
_RDFS = [
    ("?s ?super ?o", "?p rdfs:subPropertyOf+ ?super . ?s ?p ?o"),
    ("?s a ?c", "?p rdfs:domain ?c . ?s ?p ?o"),
    ("?o a ?c", "?p rdfs:range ?c . ?s ?p ?o FILTER(!isLiteral(?o))"),
    ("?x a ?super", "?c rdfs:subClassOf+ ?super . ?x a ?c"),
]
PREFIXES = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n")


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a query for the focus nodes that break it."""

    shape: str  # the property shape's IRI (or blank node id), or the node shape's for a node-level one
    component: str  # SHACL constraint component, by local name: "MinCount", "Datatype", "Xone", ...
    path: str  # "" for a node-level constraint (pySHACL: no sh:resultPath)
    message: str
    sparql: str  # SELECT ?focus, and ?v when the check names the offending value
    names_value: bool = True
    about: tuple[str, ...] = ()  # node-level: the properties its members speak of
    constraint: str = ""  # node-level: the constraint in words ("exactly one of postIn, postAt")


@dataclass(frozen=True)
class Result:
    focus: ox.NamedNode | ox.BlankNode
    path: str
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: str
    component: str
    shape: str
    about: tuple[str, ...] = ()  # as in Check
    constraint: str = ""


def rdfs_closure(store: ox.Store, classes: set[Node] | None = None) -> None:
    """Add the RDFS entailments of the default graph (data + ontology) to it; the types as asserted
    are kept in the ASSERTED_TYPES graph. (One graph to query is twice as fast as a union of two.)

    `classes`: only the types in these classes are needed (what the shapes target or name in
    sh:class; no shape asks for another type), so only those are entailed, in one pass: at 100k,
    a thousand triples instead of thirty-five thousand, in a fifth of the time."""
    store.update(f"INSERT {{ GRAPH <{ASSERTED_TYPES}> {{ ?s a ?c }} }} WHERE {{ ?s a ?c }}")
    for template, pattern in closure_rules(classes):
        store.update(f"{PREFIXES}INSERT {{ {template} }} WHERE {{ {pattern} }}")


def closure_rules(classes: set[Node] | None = None) -> list[tuple[str, str]]:
    """The RDFS rules `rdfs_closure` applies, in order, as (triple template, pattern)."""
    if classes is None:
        return list(_RDFS)
    if not classes:
        return [_RDFS[0]]  # sub-properties first: their triples then meet domains and ranges
    return [_RDFS[0], ("?x a ?super", (
        f"SELECT DISTINCT ?x ?super WHERE {{ "
        f"VALUES ?super {{ {' '.join(map(nt_term, sorted(classes, key=str)))} }} ?c rdfs:subClassOf* ?super . "
        "{ ?x a ?c } UNION { ?p rdfs:domain ?c . ?x ?p ?o } UNION { ?p rdfs:range ?c . ?s ?p ?x FILTER(!isLiteral(?x)) } "
        "}"))]


def types_asked(shapes: Graph) -> set[Node]:
    """The classes whose instances the shapes need to know: targets and sh:class arguments."""
    return set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))


def literal_members(store: ox.Store, classes: set[Node], **dataset: object) -> dict[str, list[str]]:
    """Literals that RDFS makes instances of these classes: the object of a property whose range
    is the class (or a subclass). Entailed graphs cannot hold a literal subject, but pySHACL's
    RDFS inference types them, and then validates them as focus nodes; so do we."""
    if not classes:
        return {}
    query = (PREFIXES + f"SELECT DISTINCT ?class ?literal WHERE {{ VALUES ?class {{ {' '.join(map(nt_term, classes))} }} "
             "?range rdfs:subClassOf* ?class . ?p rdfs:range ?range . ?s ?p ?literal FILTER(isLiteral(?literal)) }")
    members: dict[str, list[str]] = {}
    for row in store.query(query, **dataset):  # type: ignore[union-attr, arg-type]
        members.setdefault(row["class"].value, []).append(str(row["literal"]))
    return {name: sorted(found) for name, found in members.items()}


@dataclass(frozen=True)
class Compiled:
    """The shapes as SPARQL: updates that find each node shape's focus nodes (once, into the
    TARGETS graph, rather than in every check), then one query per constraint."""

    targets: tuple[tuple[str, str], ...]  # (the shape's tag IRI, the pattern that binds its ?focus)
    checks: tuple[Check, ...]


def target_update(tag: str, found: str) -> str:
    """The update that marks a node shape's focus nodes in the TARGETS graph."""
    return f"INSERT {{ GRAPH <{TARGETS}> {{ ?focus <{TARGET_OF}> <{tag}> }} }} WHERE {{ {found} }}"


def validate_store(store: ox.Store, shapes: Graph) -> list[Result]:
    """Every result of the shapes on a store holding data and ontology in its default graph."""
    rdfs_closure(store, types_asked(shapes))
    targeted = set(shapes.objects(None, SH.targetClass))
    return list(run(store, compile_shapes(shapes, literal_members(store, targeted))))


def run(store: ox.Store, compiled: Compiled) -> Iterator[Result]:
    """Every result of every check, on the data and its entailments (the default graph)."""
    for tag, found in compiled.targets:
        store.update(target_update(tag, found))
    for check in compiled.checks:
        for row in store.query(check.sparql):  # type: ignore[union-attr]
            value = row["v"] if check.names_value else None
            yield Result(row["focus"], check.path, value, check.message, check.component, check.shape,  # type: ignore[arg-type]
                         check.about, check.constraint)


def compile_shapes(shapes: Graph, literals: Mapping[str, list[str]] | None = None, marked: bool = True) -> Compiled:
    """The target updates and one Check per constraint of every property shape of every node shape.

    `literals`: class IRI -> literals (in SPARQL syntax) that are instances of it (literal_members).
    `marked`: the checks read each shape's focus nodes from the TARGETS graph (the target updates
    must run first); else they find them by the targets' own patterns (kg.shacl.inplace).
    """
    updates, checks = [], []
    for number, node_shape in enumerate(_node_shapes(shapes)):
        found = _targets(shapes, node_shape)
        if found is None:
            continue  # a shape without targets validates nothing by itself (a member of another)
        tag = f"urn:kg:validation:shape:{number}"
        updates.append((tag, found))
        targets = f"{{ GRAPH <{TARGETS}> {{ ?focus <{TARGET_OF}> <{tag}> }} }}" if marked else f"{{ {found} }}"
        classes = shapes.objects(node_shape, SH.targetClass)
        members = sorted({literal for c in classes for literal in (literals or {}).get(str(c), ())})
        if members:  # literals cannot stand in the TARGETS graph: they join the checks as values
            targets = f"{{ {targets} UNION {{ VALUES ?focus {{ {' '.join(members)} }} }} }}"
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            checks.extend(_property_checks(shapes, prop, targets))
        checks.extend(_node_checks(shapes, node_shape, targets))
    return Compiled(tuple(updates), tuple(checks))


def _node_shapes(shapes: Graph) -> list[Node]:
    """Shapes that target focus nodes: typed sh:NodeShape, or the subject of a target (SHACL
    makes that a shape); a property shape with targets of its own is refused, not skipped."""
    targeting = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
                 for s in shapes.subjects(p, None)}
    for shape in targeting:
        if shapes.value(shape, SH.path) is not None:
            raise KgError(f"shape {shape}: a property shape with its own targets is not supported by "
                          "kg's SHACL engine (give it to a node shape with sh:property)")
    return sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) | targeting, key=str)


_OF_NODE_SHAPES = {SH.targetClass, SH.targetSubjectsOf, SH.property}


def _node_checks(shapes: Graph, shape: Node, targets: str) -> list[Check]:
    """The constraints a node shape states of its focus node itself: the logical ones."""
    message = str(shapes.value(shape, SH.message) or "does not conform")
    found = []
    for constraint, argument in constraints_of(shapes, shape):
        if constraint in _OF_NODE_SHAPES:
            continue
        if constraint not in logical.LOGICAL:
            unsupported(shape, constraint)
        found.append(Check(str(shape), component(constraint), "", message,
                           PREFIXES + logical.violation_query(shapes, shape, constraint, argument, targets),
                           names_value=False, about=logical.paths_of(shapes, constraint, argument),
                           constraint=logical.describe(shapes, constraint, argument)))
    return found


def _targets(shapes: Graph, shape: Node) -> str | None:
    parts = []
    classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
    if classes:
        parts.append(f"{{ VALUES ?class {{ {' '.join(map(nt_term, classes))} }} ?focus a ?class }}")
    parts += [f"{{ ?focus {nt_term(p)} ?any }}" for p in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)]
    unknown = {p for p in shapes.predicates(shape) if str(p).startswith(str(SH.target))} - {
        SH.targetClass, SH.targetSubjectsOf}
    if unknown:
        raise KgError(f"shape {shape}: {sorted(unknown)[0]} is not supported by kg's SHACL engine")
    if not parts:
        return None
    return " UNION ".join(parts)


def _property_checks(shapes: Graph, prop: Node, targets: str) -> list[Check]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise KgError(f"property shape {prop}: only IRI paths are supported by kg's SHACL engine")
    message = str(shapes.value(prop, SH.message) or "does not conform")
    p = nt_term(path)

    def check(component: str, sparql: str, names_value: bool = True) -> Check:
        return Check(str(prop), component, str(path), message, PREFIXES + sparql, names_value)

    # Scan the property's values first (Oxigraph's predicate index, cheap), test each, and look
    # up whether the subject is a focus node of the shape only for the values that fail: a
    # lookup per focus node first is three times slower at 100k. The failing values are a
    # subquery of their own: beside them in one group, Oxigraph ran the FILTER EXISTS for every
    # value (a quote's minLength at 1M on disk: 17.7 s, against 3.4 s as a subquery).
    def failing(values: str) -> str:
        return f"SELECT DISTINCT ?focus ?v WHERE {{ {{ SELECT ?focus ?v WHERE {{ {values} }} }} FILTER EXISTS {targets} }}"

    found = []
    for constraint, argument in constraints_of(shapes, prop):
        if constraint in (SH.minCount, SH.maxCount):
            found.append(check(component(constraint), count_pattern(constraint, int(argument), targets, p),  # type: ignore[call-overload]
                               names_value=False))
        elif constraint == SH.lessThanOrEquals:
            # Each property's values in a subquery of its own: Oxigraph then joins the two by hash;
            # as one group it looked the second value up per value of the first, in each graph of
            # the dataset (1.73 against 0.16 CPU-seconds at 1M on disk).
            found.append(check("LessThanOrEquals", failing(
                f"{{ SELECT ?focus ?v WHERE {{ ?focus {p} ?v }} }} "
                f"{{ SELECT ?focus ?w WHERE {{ ?focus {nt_term(argument)} ?w }} }} FILTER(!COALESCE(?v <= ?w, false))")))
        elif constraint == SH["class"]:  # values not of the class: an anti-join with its instances
            found.append(check("Class", failing(f"?focus {p} ?v MINUS {{ ?v a {nt_term(argument)} }}")))
        else:
            condition = value_condition(shapes, constraint, argument, prop)
            found.append(check(component(constraint), failing(
                f"?focus {p} ?v FILTER(!COALESCE({condition}, false))")))
    return found
