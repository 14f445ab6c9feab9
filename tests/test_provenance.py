"""A claim says no more than its source (issue 12, item 2): a name is credited to a document only where
its quote writes it; what a curator composed is credited to the registry file and line, as a source of
its own kind; `kg validate` reports a claim whose quote lacks its name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.settings import Settings
from kg.store.base import Store
from tests.conftest import REPO, run_kg

NAMES = """
SELECT ?claim ?predicate ?wording ?quote ?source ?origin WHERE {
  ?claim a srk:Claim ; rdf:predicate ?predicate ; rdf:object ?wording ; srk:quote ?quote ;
         prov:wasDerivedFrom ?source .
  OPTIONAL { ?claim srk:curatedIn ?origin }
  VALUES ?predicate { skos:prefLabel skos:altLabel srk:description }
}"""


def _rows(store: Store, sparql: str) -> list[dict[str, str]]:
    from kg.api import run_sparql

    result = run_sparql(store, sparql)
    return [{v: ("" if t is None else str(t)) for v, t in zip(result.variables, row)} for row in result.rows]


def test_every_name_and_description_claim_of_the_seed_graph_quotes_what_it_credits(store: Store) -> None:
    rows = _rows(store, NAMES)
    unsourced = _rows(store, "SELECT ?e WHERE { GRAPH ?g { ?e skos:prefLabel ?l } "
                             "FILTER NOT EXISTS { ?c rdf:subject ?e ; rdf:predicate skos:prefLabel } }")
    assert unsourced == [] and len(rows) > 250, "every name of the graph has its claim"
    broken = [r for r in rows if r["wording"] not in r["quote"]]
    assert broken == [], f"{len(broken)} of {len(rows)} claims quote less than they credit: {broken[:3]}"


def test_each_quote_stands_at_its_offsets_in_its_sources_file(store: Store) -> None:
    rows = _rows(store, """SELECT ?quote ?start ?end ?file WHERE {
      ?c a srk:Claim ; srk:quote ?quote ; srk:quoteStart ?start ; srk:quoteEnd ?end ;
         prov:wasDerivedFrom/srk:textFile ?file }""")
    texts: dict[str, str] = {}
    kinds = set()
    for row in rows:
        text = texts.setdefault(row["file"], (REPO / row["file"]).read_text(encoding="utf-8"))
        assert text[int(row["start"]):int(row["end"])] == row["quote"], row
        kinds.add(row["file"].split("/")[1])
    assert kinds == {"articles", "curated"}


def test_a_name_no_document_writes_is_credited_to_its_registry_line(store: Store) -> None:
    # "GCBEC" is written by one seed article only; no other is credited with it.
    rows = _rows(store, 'SELECT ?source ?quote WHERE { ?c rdf:predicate skos:altLabel ; rdf:object "GCBEC"@en ; '
                        "prov:wasDerivedFrom/srk:textFile ?source ; srk:quote ?quote }")
    for row in rows:
        assert "GCBEC" in (REPO / row["source"]).read_text(encoding="utf-8")
    # The preferred label "Global Cross-border E-commerce Conference" of the series, as composed.
    registry = _rows(store, """SELECT ?wording ?origin WHERE {
      ?c rdf:predicate skos:prefLabel ; rdf:object ?wording ; srk:curatedIn ?origin ;
         prov:wasDerivedFrom ?source . ?source a srk:Registry . FILTER NOT EXISTS { ?source a srk:Document } }""")
    assert registry, "no name is credited to the registry"
    for row in registry:
        path, _, line = row["origin"].partition("#L")
        assert row["wording"] in (REPO / path).read_text(encoding="utf-8").splitlines()[int(line) - 1], row


def test_composed_statistic_labels_and_descriptions_are_the_registrys(store: Store) -> None:
    label = "World-leading e-commerce companies (of thirteen) belonging to China and the US, 2021"
    rows = _rows(store, f'SELECT ?kind WHERE {{ ?c rdf:predicate skos:prefLabel ; rdf:object "{label}"@en ; '
                        "prov:wasDerivedFrom ?s . ?s a ?kind . FILTER(?kind IN (srk:Document, srk:Registry)) }")
    assert [r["kind"].rsplit("#", 1)[1] for r in rows] == ["Registry"]
    described = _rows(store, "SELECT ?kind WHERE { ?c rdf:predicate srk:description ; prov:wasDerivedFrom ?s . "
                             "?s a ?kind . FILTER(?kind IN (srk:Document, srk:Registry)) }")
    assert described and {r["kind"].rsplit("#", 1)[1] for r in described} == {"Registry"}


def test_query_results_say_which_kind_of_source(built: Settings) -> None:
    done = run_kg("query", "entity_facts", "-p", "entity=Long Yongtu", "-f", "csv", settings=built)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    kinds = {(r["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], r["kind"]) for r in rows}
    assert ("description", "registry") in kinds and ("spokeAt", "document") in kinds, kinds
    assert any(r["kind"] == "registry" and "Curated registry" in r["source"] for r in rows)


def test_the_build_summary_and_sources_overview_count_the_same(project: Settings) -> None:
    done = run_kg("build", "--no-validate", settings=project)
    assert done.code == 0, done.stderr
    lines = done.stderr.splitlines()
    start = lines.index("Facts per source") + 1
    summary = {}
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        slug, count = line.split()
        summary[slug] = int(count)
    overview = run_kg("query", "sources_overview", "-f", "csv", settings=project)
    counted = {r["source"].rsplit("/", 1)[1]: int(r["facts"]) for r in csv.DictReader(io.StringIO(overview.stdout))}
    assert counted == summary
    assert {"registry", "sco-secretary-general-gcbec-2021"} <= set(summary)


def test_kg_validate_reports_a_claim_whose_quote_lacks_its_name(project: Settings) -> None:
    facts = project.root / "sources/curated/facts/sco-secretary-general-gcbec-2021.yaml"
    text = facts.read_text(encoding="utf-8")
    old = "      - [person/vladimir-norov, spokeAt, event/gcbec-2021]\n"
    assert old in text
    facts.write_text(text.replace(old, old + "      - [person/vladimir-norov, altLabel, Comrade Norov]\n", 1),
                     encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 2
    done = run_kg("validate", settings=project)
    assert done.code == 2
    assert f"{Path('sources/curated/facts/sco-secretary-general-gcbec-2021.yaml')}:{line}:" in done.stdout, done.stdout
    assert "Comrade Norov" in done.stdout and "quote does not contain" in done.stdout
