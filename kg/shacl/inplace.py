"""kg.shacl on the user's store itself: no copy of the data.

`kg.shacl.validate_store` writes its RDFS entailments and focus-node marks into the store it runs
on, so it needs a private copy of the data (at ten million triples on disk: a dump and a bulk load,
566 of its 1,021 s). Here the data is read where it lies, as a query dataset (the store's set-union
default graph and its claim records' graph), and what validation adds goes into one private named
graph, WORK, dropped afterwards whatever happens: the ontology's triples the data lacks, and the
RDFS entailments the data lacks (each only if no data graph holds it, so the union of the dataset
stays a set: `sh:maxCount 1` counts rows).

The rules and checks are kg.shacl's own text: the rules run as CONSTRUCT on the dataset, their
triples added in bulk; the checks find their focus nodes by the targets' patterns rather than in a
graph of marks. The results are the copy's (tests/validate/test_in_place.py).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import Graph

from kg import shacl
from kg.shacl import parallel
from kg.store.terms import to_ox

WORK = "urn:kg:validation:work"  # the ontology and entailments the data lacks
PRIVATE = (WORK,)  # the graphs validation writes, gone when it returns
GraphName = ox.NamedNode | ox.DefaultGraph


@contextmanager
def private_graphs(engine: ox.Store) -> Iterator[None]:
    """Validation's private graphs for the time of a block: none before (a killed run's are
    dropped), none after, even when the block fails."""
    _drop(engine)
    try:
        yield
    finally:
        _drop(engine)


def _drop(engine: ox.Store) -> None:
    for name in PRIVATE:
        engine.remove_graph(ox.NamedNode(name))


def validate_in_place(engine: ox.Store, data: Sequence[GraphName], shapes: Graph, ontology: Graph,
                      progress: Callable[[str], None] = lambda _: None, path: Path | None = None,
                      processes: int | None = None) -> list[shacl.Result]:
    """Every result of the shapes on the data held by these graphs of the engine, with RDFS
    inference over the ontology, as `kg.shacl.validate_store` on a copy of them and the ontology.
    Call it inside `private_graphs(engine)`.

    `path`: where the engine's store is on disk, if it is: then the checks of a large store run in
    several processes (kg.shacl.parallel), as many as `processes` says (None: as it decides)."""
    started = time.perf_counter()
    work = ox.NamedNode(WORK)
    dataset = {"default_graph": [*data, work], "named_graphs": []}
    _add_ontology(engine, data, ontology, work)
    for template, pattern in shacl.closure_rules(shacl.types_asked(shapes)):
        _add_missing(engine, dataset, template, pattern, work)
    targeted = set(shapes.objects(None, shacl.SH.targetClass))
    # Each check finds its shape's focus nodes by the targets' patterns: where it scans a property
    # first, only for the values that fail. Marking them in a graph first (as on a copy) wrote and then
    # removed a quad per claim record: 11 s and 7 s of 90 at 1M on disk.
    compiled = shacl.compile_shapes(shapes, shacl.literal_members(engine, targeted, **dataset), marked=False)
    if processes is None:
        processes = parallel.processes_for(engine, path, dataset)
    progress(f"  ontology and RDFS entailments added in {time.perf_counter() - started:.1f} s; "
             f"{len(compiled.checks)} checks to run in {processes} process{'es' if processes > 1 else ''}")
    answers = parallel.run_checks(engine, [(c.sparql, c.names_value) for c in compiled.checks], dataset, path,
                                  processes)
    found = [shacl.Result(focus, check.path, value, check.message, check.component, check.shape, check.about,
                          check.constraint)
             for check, rows in zip(compiled.checks, answers) for focus, value in rows]
    progress(f"  checks run at {time.perf_counter() - started:.1f} s: {len(found):,} results")
    return found


def _add_ontology(engine: ox.Store, data: Sequence[GraphName], ontology: Graph, work: ox.NamedNode) -> None:
    """The ontology's triples into WORK, but those a data graph already holds."""
    triples = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ontology]
    engine.bulk_extend(ox.Quad(s, p, o, work) for s, p, o in triples  # type: ignore[arg-type]
                       if not any(ox.Quad(s, p, o, g) in engine for g in data))  # type: ignore[arg-type]


def _add_missing(engine: ox.Store, dataset: dict, template: str, pattern: str, work: ox.NamedNode) -> None:
    """One rule's conclusions that no graph of the dataset holds yet, into WORK. They are all read
    before any is written: the query reads WORK too.

    A type (`?x a ?c`) is left out by MINUS, one hash anti-join with the types' triples: a lookup
    per conclusion in each graph of the dataset took ten times as long at 1M on disk. Other
    conclusions (a variable predicate: MINUS would read every triple) by a lookup each."""
    anti = "MINUS" if template.split()[1] == "a" else "FILTER NOT EXISTS"
    query = f"{shacl.PREFIXES}CONSTRUCT {{ {template} }} WHERE {{ {{ {pattern} }} {anti} {{ {template} }} }}"
    found = list(engine.query(query, **dataset))  # type: ignore[union-attr]
    engine.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, work) for t in found)
