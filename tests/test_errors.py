"""Errors that name their cause: every error of a build in one run, the parser's reason for an
ontology syntax error, unknown prefixes by name, the predeclared prefixes for .rq files and
the endpoint as for inline queries, and malformed SPARQL by what is wrong and where."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.settings import Settings
from tests.conftest import run_kg
from tests.server.conftest import start_kg_serve, stop
from tests.server.test_protocol import sparql

FACTS = Path("sources/curated/facts/sco-secretary-general-gcbec-2021.yaml")
ONTOLOGY = Path("ontology/silkroad.ttl")


def _edit(settings: Settings, relative: Path, old: str, new: str) -> int:
    """Replace the first `old`; return its line number."""
    path = settings.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_a_build_with_three_bad_facts_reports_all_three(project: Settings) -> None:
    unknown_entity = _edit(project, FACTS, "[event/gcbec-2021, heldIn, place/zhengzhou]",
                           "[event/gcbec-2021, heldIn, place/atlantis]")
    unknown_property = _edit(project, FACTS, "[event/gcbec-2021, partOfSeries, series/gcbec]",
                             "[event/gcbec-2021, partOfSerie, series/gcbec]")
    bad_quote = _edit(project, FACTS, "- quote: SCO Secretary-General Vladimir Norov took part",
                      "- quote: SCO Secretary-General Vladimir Norov did not take part")
    done = run_kg("build", "--no-validate", settings=project)
    assert done.code == 1 and "Traceback" not in done.stderr
    errors = _error_lines(done.stderr)
    assert len(errors) == 3, done.stderr
    assert any(f"{FACTS}:{unknown_entity}:" in e and "place/atlantis" in e for e in errors), errors
    assert any(f"{FACTS}:{unknown_property}:" in e and "partOfSerie" in e for e in errors), errors
    assert any(f"{FACTS}:{bad_quote}:" in e and "quote not found" in e for e in errors), errors
    assert not (project.dist_dir / "store").exists()


def test_errors_across_registry_articles_and_facts_in_one_run(project: Settings) -> None:
    registry = Path("sources/curated/entities.yaml")
    bad_class = _edit(project, registry, "  type: Official", "  type: Oficial")
    meta = next((project.articles_dir).glob("*.meta.yaml"))
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"(?m)^date:.*$", "date: someday", text, count=1), encoding="utf-8")
    bad_fact = _edit(project, FACTS, "[event/gcbec-2021, edition, 5]", "[event/gcbec-2021, edition, fifth]")
    done = run_kg("build", "--no-validate", settings=project)
    errors = _error_lines(done.stderr)
    assert done.code == 1
    assert any(f"{registry}:{bad_class}:" in e and "Oficial" in e for e in errors), errors
    assert any(meta.name in e for e in errors), errors
    if not meta.name.startswith(FACTS.stem):  # the broken article's own facts are skipped, not re-reported
        assert any(f"{FACTS}:{bad_fact}:" in e for e in errors), errors
    # The official whose class is wrong is not reported again for every fact that names it.
    assert not any("unknown entity 'person/mu-jingchuan'" in e for e in errors), errors


def test_an_ontology_syntax_error_keeps_the_parsers_reason(project: Settings) -> None:
    line = _edit(project, ONTOLOGY, 'rdfs:label "Forum"@en ;', 'rdfs:label "Forum"@en ; ;; ]')
    done = run_kg("build", "--no-validate", settings=project)
    assert done.code == 1
    message = _error_lines(done.stderr)[0]
    assert f"{ONTOLOGY}:{line}:" in message and "expected directive or statement" in message, message
    assert "<>" not in message


def test_an_unknown_prefix_in_the_ontology_is_named(project: Settings) -> None:
    line = _edit(project, ONTOLOGY, 'rdfs:label "Forum"@en ;', 'rdfs:label "Forum"@en ; foo:bar "x" ;')
    done = run_kg("build", "--no-validate", settings=project)
    message = _error_lines(done.stderr)[0]
    assert f"{ONTOLOGY}:{line}:" in message and 'unknown prefix "foo:"' in message, message


def test_an_unknown_prefix_in_a_query_is_named_plainly(built: Settings) -> None:
    done = run_kg("query", "SELECT ?s WHERE {\n  ?s foo:bar ?o }", settings=built)
    assert done.code == 1
    assert 'query:2:' in done.stderr and 'unknown prefix "foo:"' in done.stderr, done.stderr
    assert "\\u{" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_rq_files_get_the_predeclared_prefixes(built: Settings, tmp_path: Path) -> None:
    query = tmp_path / "officials.rq"
    query.write_text("SELECT ?name WHERE {\n  ?p org:holds ?post ; skos:prefLabel ?name .\n}\n", encoding="utf-8")
    done = run_kg("query", str(query), "-f", "json", settings=built)
    assert done.code == 0, done.stderr
    names = {row["name"]["value"] for row in json.loads(done.stdout)["results"]["bindings"]}
    assert "Vladimir Norov" in names
    query.write_text("SELECT ?name WHERE {\n  ?p org:holds ?post ;\n  bad:name ?name .\n}\n", encoding="utf-8")
    failed = run_kg("query", str(query), settings=built)
    assert failed.code == 1 and f"{query.name}:3:" in failed.stderr and 'unknown prefix "bad:"' in failed.stderr


# Malformed queries a user types, each with the line:column a reader points at (counted by hand:
# the keyword that is not one, the brace left open, the name whose prefix nobody declared...).
MALFORMED = [
    ("SELEC ?x", "query:1:1: not SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE (found 'SELEC')"),
    ("PREFIX ex: <urn:ex:>\n\n  DESCRIBES ex:a", "query:3:3: not SPARQL: expected SELECT, ASK, CONSTRUCT or "
     "DESCRIBE (found 'DESCRIBES')"),
    ("SELECT ?x WHERE {\n  ?x ?y ?z .\n", "query:1:17: SPARQL syntax error: '{' is never closed"),
    ("SELECT ?x WHERE { ?x ?y ?z . FILTER(?x > 3 }", "query:1:44: SPARQL syntax error: '}' where ')' was expected"),
    ("SELECT ?x WHERE { ?x ?y ?z } }", "query:1:30: SPARQL syntax error: '}' closes nothing"),
    ('SELECT ?x WHERE {\n  ?x ?y "Norov }', "query:2:9: SPARQL syntax error: string never closed"),
    ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  ?x foo:bar ?o }", 'query:3:6: SPARQL syntax error: unknown prefix "foo:"'),
    ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  ?x ?p }", "query:3:3: SPARQL syntax error: cannot read the query "
     "from here (found '?x')"),
    ("SELECT ?x WHERE { ?x ?y ?z } GROUP BY ?y", "query:1:41: SPARQL syntax error: the SELECT contains a "
     "variable that is unbound"),  # Oxigraph's rule, out of its list of expected tokens
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_malformed_sparql_names_what_and_where(built: Settings, text: str, expected: str) -> None:
    done = run_kg("query", text, settings=built)
    assert done.code == 1
    assert done.stderr.startswith(f"error: {expected}"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "[_]" not in done.stderr


def test_malformed_sparql_in_a_file_names_the_file(built: Settings, tmp_path: Path) -> None:
    query = tmp_path / "typo.rq"
    query.write_text("# who holds which post\nSELEC ?name WHERE { ?p org:holds ?post }\n", encoding="utf-8")
    done = run_kg("query", str(query), settings=built)
    assert done.code == 1
    assert f"{query.name}:2:1: not SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE (found 'SELEC')" in done.stderr


def test_the_endpoint_answers_malformed_sparql_with_400_and_the_same_line(built: Settings) -> None:
    served = start_kg_serve(built)
    try:
        for text, expected in MALFORMED:
            status, _, body, _ = sparql(served, text)
            assert (status, body) == (400, expected + body[len(expected):]), (text, status, body)
            assert body.count("\n") == 1, body
    finally:
        stop(served)
