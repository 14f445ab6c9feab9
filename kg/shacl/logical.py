"""Node-level logical constraints (sh:xone, sh:or, sh:and, sh:not) as SPARQL.

Each member shape becomes a boolean expression on ?focus, true when the focus node conforms to
it: a member with a path by its counts and value constraints on that path's values, a member
without one by its value constraints on the focus node itself, its sh:property members and its
own logical constraints (nested). Counts other than 0 or 1 and anything else are refused."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import KgError
from kg.export import nt_term
from kg.namespaces import SH
from kg.shacl.conditions import constraints_of, unsupported, value_condition

LOGICAL = {SH.xone, SH["or"], SH["and"], SH["not"]}


def violation_query(shapes: Graph, shape: Node, constraint: Node, argument: Node, targets: str) -> str:
    """SELECT the focus nodes of `targets` that break this logical constraint of `shape`."""
    test = logical_expression(shapes, shape, constraint, argument)
    return f"SELECT DISTINCT ?focus WHERE {{ {targets} FILTER(!COALESCE({test}, false)) }}"


def logical_expression(shapes: Graph, shape: Node, constraint: Node, argument: Node) -> str:
    """True when ?focus satisfies `constraint` (one of LOGICAL) with this argument."""
    members = [conforms(shapes, member) for member in _members(shapes, constraint, argument)]
    if not members:
        raise KgError(f"shape {shape}: {constraint} has no member shapes")
    if constraint == SH.xone:
        return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)"
    if constraint == SH["not"]:
        return f"(!{members[0]})"
    joiner = " || " if constraint == SH["or"] else " && "
    return "(" + joiner.join(members) + ")"


def conforms(shapes: Graph, shape: Node) -> str:
    """True when ?focus conforms to `shape` (never an error: each part is COALESCEd to false)."""
    path = shapes.value(shape, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise KgError(f"property shape {shape}: only IRI paths are supported by kg's SHACL engine")
    parts = [_on_path(shapes, shape, nt_term(path), c, a) if path is not None else _on_focus(shapes, shape, c, a)
             for c, a in constraints_of(shapes, shape)]
    return "(" + " && ".join(f"COALESCE({part}, false)" for part in parts or ["true"]) + ")"


def _on_path(shapes: Graph, shape: Node, p: str, constraint: Node, argument: Node) -> str:
    if constraint in (SH.minCount, SH.maxCount):
        bound = int(argument)  # type: ignore[call-overload]
        if bound > 1:
            raise KgError(f"shape {shape}: {constraint} {bound} in a member of a logical constraint "
                          "is not supported by kg's SHACL engine (only 0 or 1)")
        if constraint == SH.minCount:
            return "true" if bound == 0 else f"EXISTS {{ ?focus {p} ?m }}"
        if bound == 0:
            return f"NOT EXISTS {{ ?focus {p} ?m }}"
        return f"NOT EXISTS {{ ?focus {p} ?m1 , ?m2 FILTER(!sameTerm(?m1, ?m2)) }}"
    if constraint in LOGICAL or constraint in (SH.property, SH.node):
        unsupported(shape, constraint)  # a logical constraint on each value: not compiled (yet)
    condition = value_condition(shapes, constraint, argument, shape)
    return f"NOT EXISTS {{ ?focus {p} ?v FILTER(!COALESCE({condition}, false)) }}"


def _on_focus(shapes: Graph, shape: Node, constraint: Node, argument: Node) -> str:
    if constraint == SH.property:
        return conforms(shapes, argument)
    if constraint in LOGICAL:
        return logical_expression(shapes, shape, constraint, argument)
    condition = value_condition(shapes, constraint, argument, shape)
    return f"EXISTS {{ BIND(?focus AS ?v) FILTER(COALESCE({condition}, false)) }}"


def _members(shapes: Graph, constraint: Node, argument: Node) -> list[Node]:
    return [argument] if constraint == SH["not"] else list(Collection(shapes, argument))


def describe(shapes: Graph, constraint: Node, argument: Node) -> str:
    """The constraint in words, by the properties of its members: "exactly one of postIn, postAt"."""
    names = ", ".join(_name(shapes, member) for member in _members(shapes, constraint, argument))
    words = {SH.xone: "exactly one of", SH["or"]: "at least one of", SH["and"]: "all of", SH["not"]: "not"}
    return f"{words[constraint]} {names}"  # type: ignore[index]


def paths_of(shapes: Graph, constraint: Node, argument: Node) -> tuple[str, ...]:
    """The properties the members speak of (to show what the graph has on them)."""
    found: list[str] = []
    pending = _members(shapes, constraint, argument)
    while pending:
        member = pending.pop(0)
        path = shapes.value(member, SH.path)
        if isinstance(path, URIRef):
            found.append(str(path))
        pending += list(shapes.objects(member, SH.property))
        for nested in sorted(LOGICAL, key=str):
            for argument_ in shapes.objects(member, nested):
                pending += _members(shapes, nested, argument_)
    return tuple(dict.fromkeys(found))


def _name(shapes: Graph, member: Node) -> str:
    path = shapes.value(member, SH.path)
    named = path if isinstance(path, URIRef) else member
    name = shapes.value(member, SH.name) if not isinstance(path, URIRef) else None
    if name is not None:
        return str(name)
    if isinstance(named, URIRef):
        return str(named).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "a shape"
