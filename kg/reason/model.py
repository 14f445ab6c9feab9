"""What reasoning reports: the entailments added, and every inconsistency with the
facts, sources, quotes and curated lines that cause it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.term import Node


@dataclass(frozen=True, order=True)
class ClaimRef:
    """Where a fact comes from: the source, the quote and the curated line."""

    source: str
    quote: str
    origin: str  # "path#Lline" of the curated fact or registry entry, "" for extracted facts
    method: str

    def __str__(self) -> str:
        where = f"{_editor_location(self.origin)}: " if self.origin else ""
        return f'{where}{self.source}: "{self.quote}" ({self.method})'


@dataclass(frozen=True)
class Fact:
    """A triple that contributes to a clash, why it matters, and its claim records."""

    subject: Node
    predicate: Node
    object: Node | None  # None: the fact is "has some value of predicate" (a datatype property)
    why: str  # e.g. "typed Person", "subject of holds (domain Person)"
    claims: tuple[ClaimRef, ...] = ()

    def __str__(self) -> str:
        value = self.object.n3() if self.object is not None else "…"
        return f"{self.subject.n3()} {self.predicate.n3()} {value}  [{self.why}]"


@dataclass(frozen=True)
class Clash:
    """An entity that must belong to two classes the ontology declares disjoint."""

    entity: str
    label: str
    first: tuple[str, ...]  # class (or alternatives) one group of facts puts it in
    second: tuple[str, ...]
    facts: tuple[Fact, ...]

    @property
    def message(self) -> str:
        return (f"{self.label} would be both {' or '.join(self.first)} and {' or '.join(self.second)}, "
                "which the ontology declares disjoint")


@dataclass(frozen=True)
class OwlCheck:
    """The result of the OWL reasoner on the entity part of the graph."""

    reasoner: str  # "HermiT", "owlrl" (no Java) or "none" (skipped)
    consistent: bool | None  # None when not checked
    message: str = ""
    disagreements: tuple[str, ...] = ()  # classifications the reasoner and the store rules disagree on
    seconds: float = 0.0


@dataclass(frozen=True)
class ReasonReport:
    graph: str  # the IRI of the inferred graph
    inferred: int  # triples in the inferred graph
    per_property: dict[str, int]  # inferred triples by property (rdf:type by class), by short name
    rounds: int
    rules: int
    clashes: tuple[Clash, ...]
    owl: OwlCheck
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return not self.clashes and self.owl.consistent is not False


def _editor_location(origin: str) -> str:
    """"path#L12" as "path:12", the form editors and terminals make clickable."""
    path, sep, line = origin.rpartition("#L")
    return f"{path}:{line}" if sep and line.isdigit() else origin
