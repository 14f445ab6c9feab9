"""The query rewrites for Virtuoso keep what they must not touch: strings, IRIs, comments, paths inside
FILTER (NOT) EXISTS, paths with no given end, DISTINCT subqueries with modifiers, sort keys that are
not variables of the outer query (their rows on a real Virtuoso: test_named_rows.py)."""

from __future__ import annotations

from kg.store.virtuoso_dataset import unlisted_graphs_as
from kg.store.virtuoso_order import order_as_text
from kg.store.virtuoso_rewrite import distinct_subqueries_grouped, transitive_paths_grouped


def test_a_transitive_path_after_other_patterns_or_from_a_term_becomes_a_grouped_subquery() -> None:
    bound = "SELECT * WHERE { VALUES ?b { <urn:b> } ?o <urn:sub>* ?b ; <urn:label> ?l . }"
    assert transitive_paths_grouped(bound) == (
        "SELECT * WHERE { VALUES ?b { <urn:b> } { SELECT ?o ?b WHERE { ?o <urn:sub>* ?b } GROUP BY ?o ?b } "
        "?o <urn:label> ?l . }")
    assert transitive_paths_grouped("SELECT * WHERE { ?o <urn:sub>+ <urn:b> }") == (
        "SELECT * WHERE { { SELECT ?o WHERE { ?o <urn:sub>+ <urn:b> } GROUP BY ?o } }")


def test_paths_virtuoso_could_not_start_or_that_sit_in_filters_strings_or_comments_stay() -> None:
    kept = ["SELECT * WHERE { { ?a <urn:p> ?b } UNION { ?a <urn:sub>+ ?w . ?w <urn:q> ?b } }",  # no given end
            "SELECT * WHERE { ?a <urn:p> ?b FILTER NOT EXISTS { ?b <urn:sub>+ ?a } }",
            'SELECT * WHERE { ?a <urn:p> "?x <urn:sub>* ?y ." }',
            "SELECT * WHERE { ?a <urn:p> ?b . # ?b <urn:sub>* ?c .\n }"]
    assert [transitive_paths_grouped(text) for text in kept] == kept


def test_only_a_plain_distinct_subquery_becomes_a_group() -> None:
    assert distinct_subqueries_grouped("SELECT * WHERE { { SELECT DISTINCT ?a ?b WHERE { ?a ?p ?b } } ?a ?q ?c }") == (
        "SELECT * WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } GROUP BY ?a ?b } ?a ?q ?c }")
    kept = ["SELECT * WHERE { { SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3 } }",
            "SELECT DISTINCT ?a WHERE { ?a ?p ?b }",  # the query itself: Virtuoso answers it right
            "SELECT * WHERE { { SELECT DISTINCT (STR(?a) AS ?s) WHERE { ?a ?p ?b } } }"]
    assert [distinct_subqueries_grouped(text) for text in kept] == kept


def test_a_graph_outside_the_dataset_is_asked_as_the_empty_one() -> None:
    text = 'SELECT * WHERE { GRAPH <urn:g1> { ?s ?p ?o } GRAPH <urn:hidden> { ?s ?q "GRAPH <urn:x>" } }'
    assert unlisted_graphs_as(text, ["urn:g1"], "urn:none") == (
        'SELECT * WHERE { GRAPH <urn:g1> { ?s ?p ?o } GRAPH <urn:none> { ?s ?q "GRAPH <urn:x>" } }')


RANK = ("IF(BOUND({v}), IF(isLiteral({v}), IF(isNumeric({v}), {v}, 1e308), IF(isIRI({v}), -1e307, -1e308)), "
        "-1.7e308)")


def _sorted_as_text(variable: str, direction: str = "ASC") -> str:
    return f"{direction}({RANK.format(v=variable)}) {direction}(STR({variable}))"


def test_the_outer_order_by_sorts_variables_as_terms_and_keeps_everything_else() -> None:
    text = ('SELECT ?a ?b WHERE { { SELECT ?a WHERE { ?a ?p "ORDER BY ?z" } ORDER BY ?a LIMIT 2 } ?a ?q ?b } '
            "ORDER BY DESC(STR(?b)) ?a DESC(?b) LIMIT 5")
    assert order_as_text(text) == (
        'SELECT ?a ?b WHERE { { SELECT ?a WHERE { ?a ?p "ORDER BY ?z" } ORDER BY ?a LIMIT 2 } ?a ?q ?b } '
        f"ORDER BY DESC(STR(?b)) {_sorted_as_text('?a')} {_sorted_as_text('?b', 'DESC')} LIMIT 5")
    unordered = "SELECT * WHERE { ?a ?p ?b } # ORDER BY ?a"
    assert order_as_text(unordered) == unordered


def test_an_aggregate_and_keys_past_virtuosos_twenty_stay_as_they_are() -> None:
    grouped = "SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a ORDER BY ?n ?a"
    assert order_as_text(grouped) == (
        f"SELECT ?a (COUNT(?b) AS ?n) WHERE {{ ?a ?p ?b }} GROUP BY ?a ORDER BY ?n {_sorted_as_text('?a')}")
    many = "SELECT * WHERE { } ORDER BY " + " ".join(f"?v{n}" for n in range(12))
    written = order_as_text(many)
    assert written.count("STR(") == 8 and written.endswith(" ?v8 ?v9 ?v10 ?v11")  # 8 x 2 + 4 = 20 keys


def test_a_type_path_as_a_named_type_and_a_class_path_gives_the_same_rows() -> None:
    """Without an inferred graph the `a/rdfs:subClassOf*` path is spelled as `a ?t` plus `?t
    rdfs:subClassOf* C` at its group's end (for the class table): whatever follows the path in its
    triple (`;`, `.`, the group's end, a comment) the rewritten query is SPARQL and answers alike."""
    import pyoxigraph as ox

    from kg.store.virtuoso_classes import type_paths_as_subclass_paths

    data = ("<urn:x> a <urn:Official> ; <urn:name> \"X\" . <urn:y> a <urn:Person> . <urn:z> a <urn:Event> . "
            "<urn:Official> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:Person> .")
    engine = ox.Store()
    engine.load(data.encode(), ox.RdfFormat.TURTLE)
    sub = "a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
    for query in [f"SELECT ?s WHERE {{ ?s {sub} <urn:Person> }}",
                  f"SELECT ?s ?n WHERE {{ ?s {sub} <urn:Person> ; <urn:name> ?n . }}",
                  f"SELECT ?s ?c WHERE {{ ?s {sub} ?c . # a comment }}\n }}",
                  f"SELECT ?s WHERE {{ ?s <urn:name> ?n FILTER NOT EXISTS {{ ?s {sub} <urn:Event> }} }}"]:
        rewritten = type_paths_as_subclass_paths(query)
        assert "_kg_type0" in rewritten and "a/" not in rewritten, rewritten
        assert sorted(map(str, engine.query(rewritten))) == sorted(map(str, engine.query(query))), rewritten
