"""Which changes a SPARQL query can see: its triple patterns, from rdflib's algebra.

A query's answer over the new store differs from its answer over the old one only through
triples added or removed (kg.incremental.delta) that match one of its triple patterns. So an
output made from queries alone is remade only when some changed triple matches a pattern of
one of its queries; a matching triple is ignored when a pattern that every answer must match
beside it (a *companion*: the same group, same variable scope) cannot match in the old or new
store once the changed triple's terms are put in (the Turtle page's `?s ?p ?o` read only for
subjects with a `skos:prefLabel`: a source's `srk:sha256` cannot change it).

Sound rather than exact: anything not understood matches every triple (property paths that
may be empty, negated paths, literal constants); companions are taken only through joins,
filters and the left side of OPTIONAL and MINUS within the query's own scope, never into a
sub-select (its variables are other variables) or out of a UNION.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
import pathlib
from typing import Callable, Iterable, Iterator

from rdflib import BNode, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.incremental.delta import Delta, Spelled

Term = str | None  # "?name" a variable, "<iri>" a constant, None any term
Pattern = tuple[Term, Term, Term]
ANY: Pattern = (None, None, None)


@dataclass(frozen=True)
class Read:
    pattern: Pattern
    companions: tuple[Pattern, ...] = ()
    # FILTER NOT EXISTS { one triple } beside it: when that triple holds before and after, the
    # answers through this pattern are filtered out both times (a source's hash in ontodoc's examples).
    blockers: tuple[Pattern, ...] = ()

    def to_json(self) -> list:
        return [list(self.pattern), [list(c) for c in self.companions], [list(b) for b in self.blockers]]

    @classmethod
    def from_json(cls, value: list) -> "Read":
        return cls(tuple(value[0]), tuple(tuple(c) for c in value[1]),  # type: ignore[arg-type]
                   tuple(tuple(b) for b in (value[2] if len(value) > 2 else ())))


# The analysis of a query depends on its text and on this module: both are in its key, so a
# full build (new code, new ontology) still reuses the last manifest's analyses.
_THIS = hashlib.sha256(pathlib.Path(__file__).read_bytes()).hexdigest()


def query_key(sparql: str) -> str:
    return hashlib.sha256(f"{_THIS}\n{sparql}".encode()).hexdigest()


def analyse(sparql: str) -> tuple[Read, ...]:
    """Every triple pattern the query reads, with its companions. Unparsable: one Read of ANY."""
    try:
        algebra = translateQuery(parseQuery(sparql)).algebra
    except Exception:  # noqa: BLE001 (anything rdflib cannot read is taken to read everything)
        return (Read(ANY),)
    required = list(_required(algebra))
    blockers = tuple(_blockers(algebra))
    found: list[Read] = []
    for group in _groups(algebra):
        for pattern in group:
            others = required if pattern in required else group
            # A path's patterns (no subject) constrain nothing as companions.
            found.append(Read(pattern, tuple(c for c in others if c != pattern and c[0] is not None),
                              blockers if pattern in required else ()))
    return tuple(dict.fromkeys(found))


def _term(term: object) -> Term:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, BNode):
        return f"?_{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    return None  # a literal constant: compared loosely (any term), as its spelling may differ


def _path_patterns(path: object) -> list[Pattern] | None:
    """The predicates a path reads, as patterns; None when it may be empty or negated (any triple)."""
    if isinstance(path, URIRef):
        return [(None, f"<{path}>", None)]
    if isinstance(path, (SequencePath, AlternativePath)):
        parts = [_path_patterns(p) for p in path.args]
        return None if any(p is None for p in parts) else [x for p in parts for x in p]  # type: ignore[union-attr]
    if isinstance(path, InvPath):
        return _path_patterns(path.arg)
    if isinstance(path, MulPath):
        return _path_patterns(path.path) if path.mod == "+" else None
    return None  # NegatedPath, or anything else


def _triple(s: object, p: object, o: object) -> list[Pattern]:
    if isinstance(p, (Path, CompValue)):
        return _path_patterns(p) or [ANY]  # a path: any step may match; no companions
    return [(_term(s), _term(p), _term(o))]


def _groups(node: object) -> Iterator[list[Pattern]]:
    """The triple patterns of every basic graph pattern, anywhere (FILTER EXISTS's raw blocks too)."""
    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield [x for s, p, o in node.triples for x in _triple(s, p, o)]
        elif node.name == "TriplesBlock":
            group: list[Pattern] = []
            for triples in node.triples:
                items = list(triples)
                if len(items) % 3:
                    group.append(ANY)
                    continue
                for i in range(0, len(items), 3):
                    group.extend(_triple(*items[i:i + 3]))
            yield group
        elif node.name in ("ServiceGraphPattern", "DescribeQuery"):
            yield [ANY]
        for value in node.values():
            yield from _groups(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _groups(value)


_THROUGH = {"SelectQuery", "AskQuery", "ConstructQuery", "Distinct", "Reduced", "Slice", "OrderBy", "Extend",
            "Filter", "Graph", "Group", "AggregateJoin"}


def _scope(node: object, scoped: bool = False) -> Iterator[CompValue]:
    """The algebra nodes every answer of the query goes through: joins, filters and left sides, in
    the query's own scope (a second Project is a sub-select, with other variables)."""
    if not isinstance(node, CompValue):
        return
    yield node
    if node.name == "Project":
        if not scoped:
            yield from _scope(node.p, True)
    elif node.name == "Join":
        yield from _scope(node.p1, scoped)
        yield from _scope(node.p2, scoped)
    elif node.name in ("LeftJoin", "Minus"):
        yield from _scope(node.p1, scoped)
    elif node.name in _THROUGH and "p" in node:
        yield from _scope(node.p, scoped)


def _required(algebra: object) -> Iterator[Pattern]:
    """Patterns every answer of the query matches."""
    for node in _scope(algebra):
        if node.name == "BGP":
            for s, p, o in node.triples:
                if not isinstance(p, (Path, CompValue)):
                    yield from _triple(s, p, o)


def _blockers(algebra: object) -> Iterator[Pattern]:
    """The one-triple FILTER NOT EXISTS conjuncts of the filters every answer passes."""
    for node in _scope(algebra):
        if node.name == "Filter":
            yield from _not_exists(node.expr)


def _not_exists(expr: object) -> Iterator[Pattern]:
    if not isinstance(expr, CompValue):
        return
    if expr.name == "ConditionalAndExpression":
        for part in (expr.expr, *(expr.other or ())):
            yield from _not_exists(part)
    elif expr.name == "Builtin_NOTEXISTS":
        # Its group, translated or raw: a blocker only if it is one triple with an IRI predicate.
        graph = dict.get(expr, "graph")
        found = [p for group in _groups(graph) for p in group]
        if _plain(graph) and len(found) == 1 and found[0][0] is not None and found[0][1] is not None:
            yield found[0]


_PLAIN = {"BGP", "TriplesBlock", "GroupGraphPatternSub", "Join"}


def _plain(node: object) -> bool:
    """Only triples, no FILTER, OPTIONAL, GRAPH or anything else that could make it fail though they hold."""
    if isinstance(node, CompValue):
        return node.name in _PLAIN and all(_plain(v) for k, v in node.items() if k != "_vars")
    if isinstance(node, (list, tuple)):
        return all(_plain(v) for v in node)
    return True


def _bind(pattern: Pattern, triple: Spelled) -> dict[str, str] | None:
    bound: dict[str, str] = {}
    for want, got in zip(pattern, triple):
        if want is None:
            continue
        if want.startswith("?"):
            if bound.setdefault(want, got) != got:
                return None
        elif want != got:
            return None
    return bound


Ask = Callable[[Pattern], bool]  # whether the store holds a triple matching the pattern (in any graph)


def relevant(reads: Iterable[Read], delta: Delta, ask: Ask) -> bool:
    """Whether a changed triple can change the answer of a query with these reads."""
    removed = tuple(delta.removed)
    for read in reads:
        for triple in delta.triples():
            bound = _bind(read.pattern, triple)
            if bound is None or any(_blocked(_put(b, bound), delta, ask) for b in read.blockers):
                continue
            if all(_possible(_put(c, bound), removed, ask)
                   for c in read.companions):
                return True
    return False


def _put(pattern: Pattern, bound: dict[str, str]) -> Pattern:
    return tuple(bound.get(t, t) if t else None for t in pattern)  # type: ignore[return-value]


def _blocked(pattern: Pattern, delta: Delta, ask: Ask) -> bool:
    """The ground triple holds in the old store and in the new: in the new, and not just added."""
    if any(t is None or t.startswith("?") for t in pattern):
        return False
    return pattern not in delta.added and ask(pattern)


def _possible(pattern: Pattern, removed: tuple[Spelled, ...], ask: Ask) -> bool:
    """The pattern matches in the new store, or among the removed triples (the old store is in their union)."""
    if all(t is None or t.startswith("?") for t in pattern):
        return True  # nothing bound: taken to match (as it may)
    return any(_bind(pattern, t) is not None for t in removed) or ask(pattern)


def ask_sparql(pattern: Pattern) -> str:
    """The ASK of a companion, over every named graph (those of the union default graph and the claim records)."""
    terms = [t if t is not None else f"?any{i}" for i, t in enumerate(pattern)]
    terms = [t.replace("?_", "?b_") if t.startswith("?_") else t for t in terms]
    return f"ASK {{ GRAPH ?graph {{ {terms[0]} {terms[1]} {terms[2]} }} }}"
