"""`kg build`: provenance on every fact, determinism, idempotence, the summary."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from kg.build import build, publish
from kg.store import open_store
from tests.conftest import copy_project, run_kg

SRK = "https://w3id.org/silkroad-kg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# Every triple in a source's graph that is not about the source itself must be backed by a
# claim record of that very source, with a quote and a method: "curated" in the source's
# graph, an extraction rule's name in its `/extracted` graph ("gazetteer" for the coordinates that
# kg.geofacts credits to the gazetteer packages, in their own source's graph). A source's own
# description (an article's metadata, the gazetteer's packages) needs no claim.
UNSOURCED = f"""
SELECT ?g ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ ?s a <{SRK}Source> }}
  FILTER(!STRENDS(STR(?g), "/ontology") && !STRENDS(STR(?g), "/inferred") && !STRENDS(STR(?g), "/claims"))
  BIND(IRI(REPLACE(REPLACE(STR(?g), "/extracted$", ""), "/id/graph/", "/id/source/")) AS ?source)
  FILTER NOT EXISTS {{
    ?c <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
       <{PROV}wasDerivedFrom> ?source ; <{SRK}quote> ?q ; <{SRK}method> ?m .
    FILTER(STRENDS(STR(?g), "/extracted") = (?m NOT IN ("curated", "gazetteer")))
  }}
}}"""

# And the other way: every claim record's fact stands in its source's graph.
UNBACKED = f"""
SELECT ?c WHERE {{
  ?c a <{SRK}Claim> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
     <{PROV}wasDerivedFrom> ?source ; <{SRK}method> ?m .
  BIND(IRI(CONCAT(REPLACE(STR(?source), "/id/source/", "/id/graph/"), IF(?m IN ("curated", "gazetteer"), "", "/extracted"))) AS ?g)
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }}
}}"""


def test_every_fact_has_a_claim_with_source_quote_and_method(store) -> None:
    assert len(store) > 1000
    assert store.query(UNSOURCED).rows == ()


def test_every_claim_record_is_backed_by_its_fact_in_its_source_graph(store) -> None:
    assert len(store.query(f"SELECT ?c WHERE {{ ?c a <{SRK}Claim> }}").rows) > 500
    assert store.query(UNBACKED).rows == ()


def test_claim_offsets_point_at_the_quote_in_the_article(store, built) -> None:
    rows = store.query(f"""
      SELECT DISTINCT ?quote ?start ?end ?file WHERE {{
        ?c <{SRK}quote> ?quote ; <{SRK}quoteStart> ?start ; <{SRK}quoteEnd> ?end ;
           <{PROV}wasDerivedFrom>/<{SRK}textFile> ?file }}""").rows
    assert len(rows) > 200
    texts: dict[str, str] = {}
    for quote, start, end, file in rows:
        text = texts.setdefault(str(file), (built.root / str(file)).read_text(encoding="utf-8"))
        assert text[int(start):int(end)] == str(quote)


def test_each_source_has_its_own_named_graph(store, built) -> None:
    graphs = store.graph_names()
    for slug in ("sco-secretary-general-gcbec-2021", "unossc-china-seminar-cbec-2023"):
        assert f"{built.base_iri}id/graph/{slug}" in graphs
    norov_spoke = store.query(f"""
      ASK {{ GRAPH <{built.base_iri}id/graph/sco-secretary-general-gcbec-2021> {{
        <{built.base_iri}id/person/vladimir-norov> <{SRK}spokeAt> <{built.base_iri}id/event/gcbec-2021> }} }}""")
    assert norov_spoke.boolean is True


def test_build_is_byte_identical_twice(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "a")
    second = copy_project(tmp_path / "b")
    for settings in (first, second):
        publish(build(settings), settings)
    for name in ("silkroad.ttl", "silkroad.trig", "graph.html"):
        assert (first.dist_dir / name).read_bytes() == (second.dist_dir / name).read_bytes(), name


def test_the_same_fact_twice_adds_nothing(project) -> None:
    publish(build(project), project)
    before = len(open_store(project.store_url, read_only=True))
    facts = project.curated_dir / "facts" / "sco-secretary-general-gcbec-2021.yaml"
    # The same claim again, as a second curator might add it.
    facts.write_text(facts.read_text(encoding="utf-8") + """
  - quote: "SCO Secretary-General Vladimir Norov took part in the conference and gave his remarks."
    facts:
      - [person/vladimir-norov, spokeAt, event/gcbec-2021]
""", encoding="utf-8")
    publish(build(project), project)
    assert len(open_store(project.store_url, read_only=True)) == before


def test_build_command_prints_a_summary_and_writes_outputs(project) -> None:
    done = run_kg("build", settings=project)
    assert done.code == 0, done.stderr
    assert "Entities per class" in done.stderr and "Facts per source" in done.stderr
    assert "SHACL violations 0" in done.stderr
    assert "sco-secretary-general-gcbec-2021" in done.stderr
    for name in ("silkroad.ttl", "silkroad.trig", "graph.html"):
        assert (project.dist_dir / name).stat().st_size > 1000
    html = (project.dist_dir / "graph.html").read_text(encoding="utf-8")
    assert "Vladimir Norov" in html
    assert "<script src=\"http" not in html and "cdn." not in html


def test_entities_carry_their_ontology_class(store, built) -> None:
    rows = store.query(f"""
      SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ <{built.base_iri}id/org/sco> a ?c }}
                                  FILTER(!STRENDS(STR(?g), "/inferred")) }}""").column("c")  # as asserted
    assert rows == [f"{SRK}InternationalOrganisation"]
    assert isinstance(URIRef(rows[0]), URIRef)
