"""Each named query answers an analyst's question with the rows a reader of the
articles expects (asserted by label on the real seed data)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SKOS

from kg.api import run_named
from kg.bench.dataset import prepare
from kg.bench.operations import bindings_for
from kg.errors import KgError
from kg.namespaces import Ids
from kg.queries import get_query, list_queries
from kg.settings import load_settings
from kg.store.oxigraph import OxigraphStore
from tests.conftest import run_kg

XSD = "http://www.w3.org/2001/XMLSchema#"


def rows(store, settings, name: str, **params: str) -> list[dict[str, str]]:
    result = run_named(store, name, params, settings)
    return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in result.records()]


def test_at_least_twelve_named_queries_with_headers() -> None:
    queries = list_queries()
    assert len(queries) >= 12
    for query in queries:
        assert query.title and query.description, query.name


def test_every_named_query_runs_with_its_defaults(store, built) -> None:
    for query in list_queries():
        assert rows(store, built, query.name), f"{query.name} returned nothing on the seed graph"


def test_speakers_at_the_5th_gcbec_with_their_posts(store, built) -> None:
    found = rows(store, built, "speakers_at_event", event="5th Global Cross-border E-commerce Conference")
    names = {r["name"] for r in found}
    assert {"Vladimir Norov", "Xu Liyi", "Long Yongtu"} <= names
    norov = [r for r in found if r["name"] == "Vladimir Norov"]
    assert norov[0]["post"] == "Secretary-General of the Shanghai Cooperation Organisation"
    assert norov[0]["organisation"] == "Shanghai Cooperation Organisation"
    assert "Vladimir Norov" in norov[0]["quote"]


def test_events_held_in_zhengzhou_by_date(store, built) -> None:
    found = rows(store, built, "events_in_place", place="Zhengzhou")
    names = [r["name"] for r in found]
    assert "4th China 50 Members Cross-Border E-Commerce Forum" in names
    assert "5th Global Cross-border E-commerce Conference" in names
    starts = [r["start"] for r in found if r["start"]]
    assert starts == sorted(starts)
    forum = next(r for r in found if r["name"].startswith("4th China 50"))
    assert forum["start"] == "2019-05-10"


def test_officials_in_un_bodies(store, built) -> None:
    found = rows(store, built, "officials_in_un_bodies")
    assert {"Dima Al-Khatib"} <= {r["name"] for r in found}
    assert all("Vladimir Norov" != r["name"] for r in found)  # the SCO is not a UN body


def test_cooperation_mechanisms_over_time_keep_month_precision(store, built) -> None:
    result = run_named(store, "statistic_time_series", {}, built)
    series = [(str(r["asOf"]), int(float(r["value"]))) for r in result.records()]
    assert series == [("2020-09", 22), ("2021-04", 22), ("2023-07", 28)]
    assert {str(r["asOf"].datatype) for r in result.records()} == {f"{XSD}gYearMonth"}


def test_who_promotes_the_belt_and_road_initiative(store, built) -> None:
    names = {r["name"] for r in rows(store, built, "initiative_promoters", initiative="BRI")}
    assert "Silk Road E-commerce" in names
    assert "Zhengzhou Airport Economic Comprehensive Experimental Zone" in names


def test_everything_about_an_entity_with_sources(store, built) -> None:
    found = rows(store, built, "entity_facts", entity="Vladimir Norov")
    spoke = [r for r in found if r["predicate"].endswith("spokeAt")]
    assert spoke and spoke[0]["object"] == "5th Global Cross-border E-commerce Conference"
    assert spoke[0]["source"].startswith("SCO Secretary-General speaks")
    assert {r["method"] for r in found} == {"curated"}


def test_gcbec_editions_in_order(store, built) -> None:
    found = rows(store, built, "series_editions", series="GCBEC")
    assert [r["edition"] for r in found] == ["3", "4", "5"]
    assert found[1]["start"] == "2020-09-22"


def test_who_met_whom_at_the_seminar_of_2023(store, built) -> None:
    pairs = {frozenset((r["nameA"], r["nameB"])) for r in rows(store, built, "who_met_whom")}
    assert frozenset(("Vladimir Norov", "Xu Liyi")) in pairs
    assert frozenset(("Diao Jiandong", "Lei Hao")) in pairs
    # Dima Al-Khatib addressed the seminar by video message: she met no one there (tests/test_answers.py).
    assert not [p for p in pairs if "Dima Al-Khatib" in p]
    assert frozenset(("Vladimir Norov", "Lei Hao")) not in pairs


def test_post_holders_on_a_date(store, built) -> None:
    later = rows(store, built, "post_holders_on_date", date="2022-01-01")
    assert [r["name"] for r in later] == ["Vladimir Norov"]
    assert rows(store, built, "post_holders_on_date", date="2020-01-01") == []


def test_side_events_and_parts(store, built) -> None:
    found = rows(store, built, "side_events")
    forum = next(r for r in found if r["name"].startswith("4th China 50"))
    assert forum["parentName"] == "3rd Global Cross-border E-commerce Conference"
    assert forum["relation"] == "sideline of"


def test_sources_overview_and_parts_and_places(store, built) -> None:
    sources = rows(store, built, "sources_overview")
    assert len([r for r in sources if r["kind"] == "document"]) == 5
    assert {r["title"] for r in sources if r["kind"] == "registry"} >= {"Curated registry (sources/curated/entities.yaml)"}
    assert any(r["url"] == "http://en.people.cn/n3/2021/0422/c90000-9841848.html" for r in sources)
    parts = {r["name"] for r in rows(store, built, "organisation_parts", organisation="MOFCOM")}
    assert "Academy for International Business Officials" in parts
    places = rows(store, built, "places")
    assert {"name": "Zhengzhou", "withinName": "China"}.items() <= next(
        r for r in places if r["name"] == "Zhengzhou" and r["withinName"] == "China").items()


def test_event_roles_and_statistics(store, built) -> None:
    roles = rows(store, built, "event_roles")
    assert any(r["actorName"] == "United Nations Office for South-South Cooperation" and r["role"] == "partner in"
               for r in roles)
    values = {(r["value"], r["unit"]) for r in rows(store, built, "statistics")}
    assert ("226", "countries and regions") in {(v.split(".")[0], u) for v, u in values}


def test_unknown_parameter_entity_is_a_clear_error(store, built) -> None:
    with pytest.raises(KgError, match="unknown entity 'Vladimir Norow'.*did you mean 'Vladimir Norov'"):
        run_named(store, "entity_facts", {"entity": "Vladimir Norow"}, built)


def test_query_command_formats(built) -> None:
    as_json = run_kg("query", "speakers_at_event", "--format", "json", settings=built)
    assert as_json.code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert "name" in data["head"]["vars"] and data["results"]["bindings"]
    as_csv = run_kg("query", "speakers_at_event", "-f", "csv", settings=built)
    assert as_csv.stdout.splitlines()[0].startswith("person,name,post")
    as_tsv = run_kg("query", "speakers_at_event", "-f", "tsv", settings=built)
    assert as_tsv.stdout.splitlines()[0].startswith("?person\t?name")
    inline = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/silkroad-kg/ontology#Document> }",
                    "-f", "csv", settings=built)
    assert inline.stdout.splitlines()[1] == "5"  # the five articles (the place gazetteer is an srk:Gazetteer)
    listing = run_kg("query", "--list", settings=built)
    assert "speakers_at_event" in listing.stdout and "event=event/gcbec-2021" in listing.stdout


def test_query_from_a_file(built, tmp_path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    done = run_kg("query", str(path), settings=built)
    assert done.code == 0 and done.stdout.strip() == "yes"


# The documented sort keys of each named query, read from its description (an expression names its
# variable: "str" compares the lexical form, "desc-str" the same, latest first). events_in_place is
# left out: its first key is the event's start or, for a part of an event, the whole event's, which
# is not among its columns.
DOCUMENTED_KEYS: dict[str, list[str | tuple[str, str]]] = {
    "entity_facts": ["predicate", "object", "source"],
    "event_roles": ["eventName", "role", "actorName"],
    "events_timeline": ["start", "name"],
    "initiative_promoters": ["class", "name"],
    "official_posts": ["name", "post", ("str", "asOf")],
    "officials_in_un_bodies": ["name"],
    "organisation_parts": ["parentName", "name"],
    "places": ["name", "withinName"],
    "post_holders_on_date": [("desc-str", "asOf")],
    "posts_held": ["name", "asOf"],
    "series_editions": ["edition", "start"],
    "side_events": ["parentName", "name"],
    "sources_overview": ["kind", "date", "source"],
    "speakers_at_event": ["name", "post"],
    "statistic_time_series": [("str", "asOf"), "about"],
    "statistics": ["metric", ("str", "asOf"), "statistic"],
    "statistics_time_series": ["metric", "about", ("str", "asOf"), "statistic", "source"],
    "who_met_whom": ["eventName", "nameA", "nameB"],
}
NUMERIC = {f"{XSD}{t}" for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def _sparql_key(term: object) -> tuple:
    """SPARQL's order of terms (unbound, blank nodes, IRIs, literals; numbers by value)."""
    if term is None:
        return (0,)
    if isinstance(term, BNode):
        return (1, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    assert isinstance(term, Literal)
    if str(term.datatype) in NUMERIC:
        return (3, 0, Decimal(str(term)), "")
    return (3, 1, str(term), term.language or "")


def _python_order(variables: tuple[str, ...], rows: list[tuple], keys: list[str | tuple[str, str]]) -> list[tuple]:
    """The rows sorted by the documented keys, then by every other column in the order projected."""
    plain = {key for key in keys if isinstance(key, str)}
    spec = [*keys, *(v for v in variables if v not in plain)]
    ordered = list(rows)
    for key in reversed(spec):  # stable sorts, the last key first
        how, name = ("plain", key) if isinstance(key, str) else key
        column = variables.index(name)
        if how == "plain":
            ordered.sort(key=lambda row: _sparql_key(row[column]))
        else:
            ordered.sort(key=lambda row: (0, "") if row[column] is None else (1, str(row[column])),
                         reverse=how == "desc-str")
    return ordered


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> tuple[OxigraphStore, dict[str, dict[str, str]]]:
    """The synthetic 20k graph plus a twin of every other labelled entity: the same triples, the same
    labels, another IRI, so rows tie on every key made of names, dates and figures."""
    settings = load_settings()
    data = prepare("20k", 1, settings, tmp_path_factory.mktemp("tied"))
    store = OxigraphStore(None)
    store.load_file(Path(data.path), ox.RdfFormat.N_QUADS, lenient=True)
    quads = list(store.quads())
    labelled = sorted({str(s) for s, p, _, _ in quads if p == SKOS.prefLabel})
    twins = {URIRef(iri): URIRef(iri + "-twin") for iri in labelled[::2]}
    store.load([(twins.get(s, s), p, twins.get(o, o), g) for s, p, o, g in quads  # type: ignore[arg-type]
                if s in twins or o in twins])
    return store, data.params


def test_named_queries_order_tied_rows_as_a_python_sort_does(tied) -> None:
    store, params = tied
    ids = Ids(load_settings().base_iri)
    tying, wrong = [], []  # tying: rows equal on the documented keys, which the tie-breakers order
    for name, keys in DOCUMENTED_KEYS.items():
        result = store.query(get_query(name).sparql, bindings_for(name, params.get(name, {}), ids), name=name)
        rows = list(result.rows)
        if rows != _python_order(result.variables, rows, keys):
            wrong.append(name)
        documented = [result.variables.index(k if isinstance(k, str) else k[1]) for k in keys]
        if len({tuple(str(row[c]) for c in documented) for row in rows}) < len(set(rows)):
            tying.append(name)
    assert not wrong, ", ".join(wrong)
    assert len(tying) >= 10, tying
