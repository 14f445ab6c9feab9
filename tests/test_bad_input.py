"""Bad input stops `kg` with one line naming the file and line (or query and
position), a non-zero exit, and the previous store and dist/ left intact."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from kg.settings import Settings, load_settings
from tests.conftest import copy_project, run_kg

FACTS = Path("sources/curated/facts/sco-secretary-general-gcbec-2021.yaml")


def _fingerprint(settings: Settings) -> dict[str, str]:
    """Hashes of every file of dist/, the store included."""
    return {
        str(p.relative_to(settings.dist_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(settings.dist_dir.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed project built once by `kg build` (13-18 s at CI's load: once, not once per test)."""
    template = copy_project(tmp_path_factory.mktemp("bad-input-built"))
    done = run_kg("build", "--no-validate", settings=template)
    assert done.code == 0, done.stderr
    return template


@pytest.fixture
def built_project(built_template: Settings, tmp_path: Path) -> Settings:
    """A private copy of the built project (sources, ontology and dist/, the store included) to break."""
    for part in ("ontology", "sources", "dist"):
        shutil.copytree(built_template.root / part, tmp_path / part)
    return load_settings({"KG_ROOT": str(tmp_path), "KG_DIST": str(tmp_path / "dist")})


def _replace(settings: Settings, relative: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file; return its line number."""
    path = settings.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _assert_fails_cleanly(settings: Settings, expected: str, *args: str) -> str:
    before = _fingerprint(settings)
    done = run_kg(*(args or ("build", "--no-validate")), settings=settings)
    assert done.code != 0
    assert "Traceback" not in done.stderr
    assert expected in done.stderr, done.stderr
    assert _fingerprint(settings) == before, "a failed run changed dist/"
    query = run_kg("query", "sources_overview", "-f", "csv", settings=settings)
    documents = [line for line in query.stdout.splitlines() if ",document," in line]
    assert query.code == 0 and len(documents) == 5, "the previous store no longer answers"
    return done.stderr


def test_yaml_syntax_error_names_file_and_line(built_project: Settings) -> None:
    line = _replace(built_project, FACTS, "    facts:\n", "    facts: [\n")
    _assert_fails_cleanly(built_project, f"{FACTS}:")
    assert line > 0


def test_unknown_entity_names_file_and_line(built_project: Settings) -> None:
    line = _replace(built_project, FACTS, "[person/vladimir-norov, spokeAt", "[person/vladimir-norow, spokeAt")
    err = _assert_fails_cleanly(built_project, f"{FACTS}:{line}: unknown entity 'person/vladimir-norow'")
    assert len([l for l in err.splitlines() if l.startswith("error:")]) == 1


def test_a_date_that_is_not_a_date(built_project: Settings) -> None:
    line = _replace(built_project, FACTS, "startDate, 2021-05-10]", "startDate, 2021-13-45]")
    _assert_fails_cleanly(built_project, f"{FACTS}:{line}: start date: '2021-13-45' is not a real date")


def test_a_quote_not_in_its_source(built_project: Settings) -> None:
    line = _replace(built_project, FACTS, "took part in the conference", "took part in the summit")
    _assert_fails_cleanly(built_project, f"{FACTS}:{line}: quote not found in source sco-secretary-general-gcbec-2021")


def test_a_missing_article(built_project: Settings) -> None:
    (built_project.articles_dir / "sco-secretary-general-gcbec-2021.txt").unlink()
    _assert_fails_cleanly(built_project, "article text sco-secretary-general-gcbec-2021.txt is missing")


def test_a_source_named_like_a_special_graph(built_project: Settings) -> None:
    # Its graph would be the claim records' graph: refused, naming the file.
    articles = built_project.articles_dir
    for suffix in (".meta.yaml", ".txt"):
        (articles / f"claims{suffix}").write_bytes((articles / f"sco-secretary-general-gcbec-2021{suffix}").read_bytes())
    _assert_fails_cleanly(built_project, "claims.meta.yaml: source name 'claims' is reserved")


def test_malformed_turtle_in_the_ontology(built_project: Settings) -> None:
    path = built_project.ontology_file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(60, "srk:Broken a owl:Class ;; ]] .\n")
    path.write_text("".join(lines), encoding="utf-8")
    stderr = _assert_fails_cleanly(built_project, "silkroad.ttl:61:11: turtle syntax error: objectList expected")
    assert "<>" not in stderr


def test_a_wrong_class_for_the_domain(built_project: Settings) -> None:
    line = _replace(built_project, FACTS, "[person/vladimir-norov, spokeAt", "[org/sco, spokeAt")
    _assert_fails_cleanly(built_project, f"{FACTS}:{line}: org/sco is a International organisation, not in the domain")


def test_unknown_named_query(built_project: Settings) -> None:
    _assert_fails_cleanly(built_project, "unknown named query 'speakers_at_evnt'", "query", "speakers_at_evnt")


def test_sparql_syntax_error_names_the_position(built_project: Settings) -> None:
    # The triple that lacks its object starts at column 19 (Oxigraph said 26, past the end).
    _assert_fails_cleanly(built_project, "query:1:19: SPARQL syntax error", "query", "SELECT ?x WHERE { ?x ?y }")


def test_sparql_syntax_error_in_a_file_names_file_line_and_column(built_project: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }\n", encoding="utf-8")
    err = _assert_fails_cleanly(built_project, f"{path}:", "query", str(path))
    assert "bad.rq:3:3: SPARQL syntax error: cannot read the query from here (found 'FILTER')" in err, err


def test_unknown_entity_parameter_suggests(built_project: Settings) -> None:
    _assert_fails_cleanly(built_project, "did you mean 'Vladimir Norov'", "query", "entity_facts",
                          "--param", "entity=Vladimir Norow")


def test_query_without_a_built_store(project: Settings) -> None:
    done = run_kg("query", "sources_overview", settings=project)
    assert done.code != 0 and "run `kg build` first" in done.stderr
