"""SHACL value and count constraints as SPARQL: expressions on one value ?v, and patterns on the
values of one property of ?focus. Anything not listed here is refused by name (KgError)."""

from __future__ import annotations

from typing import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.errors import KgError
from kg.export import nt_term
from kg.namespaces import SH

# Said of a shape, but no constraint: names, documentation, the path itself.
NOT_CONSTRAINTS = {SH.message, SH.name, SH.description, SH.path, SH.order, SH.group, RDF.type,
                   RDFS.label, RDFS.comment}
# Datatypes whose lexical forms SPARQL can check by a cast (an ill-typed literal fails it).
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime,
             XSD.gYear, XSD.gYearMonth, XSD.time, XSD.duration}
_NODE_KINDS = {SH.IRI: "isIRI(?v)", SH.BlankNode: "isBlank(?v)", SH.Literal: "isLiteral(?v)",
               SH.BlankNodeOrIRI: "!isLiteral(?v)", SH.BlankNodeOrLiteral: "!isIRI(?v)",
               SH.IRIOrLiteral: "!isBlank(?v)"}


def constraints_of(shapes: Graph, shape: Node) -> list[tuple[Node, Node]]:
    """(constraint, argument) pairs of a shape, in a stable order; a severity other than
    sh:Violation or a deactivation is refused, since kg reports violations only."""
    found = []
    for constraint, argument in sorted(shapes.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
        if constraint in NOT_CONSTRAINTS:
            continue
        if (constraint, argument) == (SH.severity, SH.Violation):
            continue
        if constraint in (SH.severity, SH.deactivated):
            unsupported(shape, constraint)
        found.append((constraint, argument))
    return found


def unsupported(shape: Node, constraint: Node) -> None:
    raise KgError(f"shape {shape}: {constraint} is not supported by kg's SHACL engine "
                  "(kg.shacl refuses what it cannot check rather than skip it)")


def component(constraint: Node) -> str:
    """sh:minCount -> "MinCount", the constraint component's local name."""
    name = URIRef(constraint).fragment
    return name[0].upper() + name[1:]


def count_pattern(constraint: Node, bound: int, targets: str, p: str) -> str:
    """Focus nodes with fewer (minCount) or more (maxCount) distinct values than `bound`."""
    # The usual bound, 1, by hash joins over the property's triples (no lookup per focus node);
    # any other by counting per focus node.
    if constraint == SH.minCount and bound == 1:
        return f"SELECT ?focus WHERE {{ {targets} MINUS {{ ?focus {p} ?v }} }}"
    if constraint == SH.maxCount and bound == 1:  # the data is a set: COUNT(*) counts distinct values
        return (f"SELECT ?focus WHERE {{ {{ SELECT ?focus WHERE {{ ?focus {p} ?v }} GROUP BY ?focus "
                f"HAVING (COUNT(*) > 1) }} FILTER EXISTS {targets} }}")
    compare, optional = ("<", "OPTIONAL ") if constraint == SH.minCount else (">", "")
    return (f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {targets} "
            f"{optional}{{ ?focus {p} ?v }} }} GROUP BY ?focus }} FILTER(?n {compare} {bound}) }}")


def value_condition(shapes: Graph, constraint: Node, argument: Node, where: Node) -> str:
    """A SPARQL expression on ?v, true when the value conforms (errors count as not conforming).

    Each mention of ?v costs Oxigraph a read of the term's text (a long string's from disk: about
    a microsecond), so the term's kind is tested only where an error would not already fail the
    value: STR() of a blank node, datatype() or lang() of a non-literal are errors, and the
    callers take an error for a value that does not conform."""
    conditions: dict[Node, Callable[[Node], str]] = {
        SH.datatype: _datatype,
        SH["class"]: lambda c: f"EXISTS {{ ?v a {nt_term(c)} }}",
        SH.nodeKind: lambda kind: _NODE_KINDS[kind],  # type: ignore[index]
        SH.minLength: lambda n: f"(STRLEN(STR(?v)) >= {int(n)})",  # type: ignore[call-overload]
        SH.maxLength: lambda n: f"(STRLEN(STR(?v)) <= {int(n)})",  # type: ignore[call-overload]
        SH.pattern: lambda pattern: f"REGEX(STR(?v), {nt_term(Literal(str(pattern)))})",
        SH.minInclusive: lambda x: f"(?v >= {nt_term(x)})",
        SH.maxInclusive: lambda x: f"(?v <= {nt_term(x)})",
        SH.minExclusive: lambda x: f"(?v > {nt_term(x)})",
        SH.maxExclusive: lambda x: f"(?v < {nt_term(x)})",
        SH.languageIn: lambda tags: "(" + " || ".join(
            f'langMatches(lang(?v), "{tag}")' for tag in Collection(shapes, tags)) + ")",  # type: ignore[arg-type]
        SH["or"]: lambda members: "(" + " || ".join(
            _conjunction(shapes, member) for member in Collection(shapes, members)) + ")",  # type: ignore[arg-type]
    }
    if constraint not in conditions:
        unsupported(where, constraint)
    return conditions[constraint](argument)


def _conjunction(shapes: Graph, member: Node) -> str:
    """A member shape of a value-level sh:or: all of its constraints on the same value."""
    if shapes.value(member, SH.path) is not None:  # a property of the value: not a condition on ?v
        unsupported(member, SH.path)
    parts = [f"COALESCE({value_condition(shapes, c, a, member)}, false)" for c, a in constraints_of(shapes, member)]
    return "(" + " && ".join(parts or ["true"]) + ")"


def _datatype(datatype: Node) -> str:
    if datatype == RDF.langString:
        return '(lang(?v) != "")'
    check = f"(sameTerm(datatype(?v), {nt_term(datatype)})"
    if datatype in _CASTABLE:  # well-formed too, as SHACL requires: "abc"^^xsd:integer fails
        check += f" && isLiteral({nt_term(datatype)}(STR(?v)))"
    return check + ")"
