"""What an incremental build changed in the store: the triples added and removed, as N-Triples.

The graphs a build replaces are few (the changed articles' own, and the claim records' when
facts changed), so their old text is read from the copied store before they are replaced and
compared line by line with the new. Everything downstream that can be limited to the change
(validation, inference, the outputs) reads this one object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

Spelled = tuple[str, str, str]  # subject, predicate, object in canonical N-Triples


def split_triple(line: str) -> Spelled:
    """A canonical N-Triples line as its three terms (IRIs and blank nodes hold no space)."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-2] if rest.endswith(" .") else rest.rstrip(" .")


def _lines(text: bytes) -> set[str]:
    return {line for line in text.decode("utf-8").split("\n") if line}


@dataclass(frozen=True)
class Delta:
    added: frozenset[Spelled]
    removed: frozenset[Spelled]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def __or__(self, other: "Delta") -> "Delta":
        return Delta(self.added | other.added, self.removed | other.removed)

    def triples(self) -> Iterator[Spelled]:
        yield from sorted(self.added | self.removed)

    def predicates(self) -> set[str]:
        """The predicates (as IRIs, no brackets) of every changed triple."""
        return {p[1:-1] for _, p, _ in self.triples()}

    def summary(self) -> str:
        return f"{len(self.added)} triples added, {len(self.removed)} removed"


EMPTY = Delta(frozenset(), frozenset())


def graph_delta(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> Delta:
    """The change from `old` to `new` (graph IRI -> N-Triples text; a graph absent on one side is empty)."""
    added: set[str] = set()
    removed: set[str] = set()
    for name in set(old) | set(new):
        before, after = _lines(old.get(name, b"")), _lines(new.get(name, b""))
        added |= after - before
        removed |= before - after
    # A triple moved between graphs is in both sets: it changed for whoever reads graphs.
    return Delta(frozenset(map(split_triple, added)), frozenset(map(split_triple, removed)))


def matching(triples: Iterable[Spelled], pattern: tuple[str | None, str | None, str | None]) -> bool:
    """Any of `triples` matches `pattern` (None: any term)."""
    return any(all(want is None or want == got for want, got in zip(pattern, triple)) for triple in triples)
