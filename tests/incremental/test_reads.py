"""Which changed triples a query can see (kg.incremental.reads): what decides whether an output is remade."""

from __future__ import annotations

import pyoxigraph as ox

from kg.incremental.delta import Delta, graph_delta
from kg.incremental.reads import analyse, ask_sparql, relevant

P, LABEL, TYPE = "<urn:p>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", \
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
STORE = b"""<urn:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A" <urn:g> .
<urn:src> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:Source> <urn:g> .
<urn:src> <urn:p> "old" <urn:g> .
"""


def _ask():
    store = ox.Store()
    store.load(STORE, format=ox.RdfFormat.N_QUADS)
    return lambda pattern: bool(store.query(ask_sparql(pattern)))


def _added(*triples: tuple[str, str, str]) -> Delta:
    return Delta(frozenset(triples), frozenset())


def test_a_change_no_pattern_matches_is_not_seen() -> None:
    reads = analyse(f"SELECT ?l WHERE {{ ?x {LABEL} ?l }}")
    assert not relevant(reads, _added(("<urn:b>", P, '"x"')), _ask())
    assert relevant(reads, _added(("<urn:b>", LABEL, '"B"')), _ask())


def test_a_companion_that_cannot_match_hides_the_change() -> None:
    """`?s ?p ?o` read only for labelled subjects: a change of an unlabelled one is not seen; a labelled one's is."""
    reads = analyse(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . ?s {LABEL} [] }}")
    assert not relevant(reads, _added(("<urn:src>", P, '"new"')), _ask())
    assert relevant(reads, _added(("<urn:a>", P, '"new"')), _ask())
    # A label removed is a change: the subject had one before.
    assert relevant(reads, Delta(frozenset({("<urn:c>", P, '"x"')}), frozenset({("<urn:c>", LABEL, '"C"')})),
                    _ask())


def test_filter_not_exists_of_one_triple_that_holds_before_and_after_hides_the_change() -> None:
    query = f"SELECT ?s ?o WHERE {{ ?s {P} ?o FILTER NOT EXISTS {{ ?s a <urn:Source> }} }}"
    delta = graph_delta({"urn:g": b'<urn:src> <urn:p> "old" .\n'}, {"urn:g": b'<urn:src> <urn:p> "new" .\n'})
    assert not relevant(analyse(query), delta, _ask())
    # The type added by the change itself did not hold before: the old value was an answer.
    typed = delta | _added(("<urn:src>", TYPE, "<urn:Source>"))
    assert relevant(analyse(query), typed, _ask())
    # With a FILTER inside, NOT EXISTS may hold though the triple does: no longer a blocker.
    inner = f"SELECT ?s ?o WHERE {{ ?s {P} ?o FILTER NOT EXISTS {{ ?s a ?c FILTER(?c = <urn:Other>) }} }}"
    assert relevant(analyse(inner), delta, _ask())


def test_what_is_not_understood_sees_every_change() -> None:
    change = _added(("<urn:zzz>", "<urn:q>", '"x"'))
    assert relevant(analyse(f"SELECT ?x WHERE {{ ?x {P}* ?y }}"), change, _ask())  # a path that may be empty
    assert relevant(analyse("SELECT ?x WHERE { ?x !<urn:p> ?y }"), change, _ask())  # a negated path
    assert relevant(analyse("not sparql at all"), change, _ask())
    # A sub-select's variables are its own: the outer label does not hide a change inside it.
    nested = f"SELECT ?s WHERE {{ ?s {LABEL} ?l {{ SELECT ?s WHERE {{ ?t <urn:q> ?s }} }} }}"
    assert relevant(analyse(nested), change, _ask())
