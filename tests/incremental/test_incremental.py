"""`kg build` re-reads only the articles whose files changed and replaces only the changed graphs,
and what it writes is byte for byte what a full build writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import yaml

from kg.incremental import manifest_path
from kg.namespaces import Ids
from kg.store import open_store
from tests.incremental.conftest import assert_same_as_a_full_build, run_build, store_quads

ARTICLE = "unossc-china-seminar-cbec-2023"
NEW = "incremental-test-article"


def add_article(settings, slug: str = NEW, text: str = "Officials met in Zhengzhou to discuss e-commerce.\n"):
    articles = settings.articles_dir
    (articles / f"{slug}.txt").write_text(text, encoding="utf-8")
    meta = {"title": "A test article", "publisher": "Test Daily", "date": "2024-03-01", "language": "en"}
    (articles / f"{slug}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")


def test_a_changed_article_alone_is_read_again_and_the_result_is_a_full_builds(project_built) -> None:
    text = project_built.articles_dir / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph added by an editor.\n", encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({ARTICLE})"
    assert report.reread == (ARTICLE,)
    # Its graph holds its text's new hash; no other source's graph changed.
    assert report.replaced == (Ids(project_built.base_iri).graph(ARTICLE),)
    assert_same_as_a_full_build(project_built)
    # Its curated facts file is its own too: one fact less is an incremental build, with the
    # claim records' graph (shared by every source) rewritten as well.
    facts = project_built.curated_dir / "facts" / f"{ARTICLE}.yaml"
    lines_of = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    fact = next(i for i, line in enumerate(lines_of) if line.lstrip().startswith("- [") and "participatedIn" in line)
    facts.write_text("".join(lines_of[:fact] + lines_of[fact + 1:]), encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({ARTICLE})"
    ids = Ids(project_built.base_iri)
    assert ids.graph(ARTICLE) in report.replaced and ids.graph("claims") in report.replaced
    assert_same_as_a_full_build(project_built)


def test_nothing_changed_reads_nothing_and_replaces_nothing(project_built) -> None:
    before = store_quads(project_built)
    report, lines = run_build(project_built)
    assert lines[0] == "incremental build: none of 5 sources changed"
    assert report.reread == () and report.replaced == ()
    assert store_quads(project_built) == before


def test_an_added_then_deleted_article_has_its_graph_and_then_none(project_built) -> None:
    graph = Ids(project_built.base_iri).graph(NEW)
    add_article(project_built)
    report, _ = run_build(project_built)
    assert report.reread == (NEW,)
    assert graph in open_store(project_built.store_url, read_only=True).graph_names()
    for suffix in (".txt", ".meta.yaml"):
        (project_built.articles_dir / f"{NEW}{suffix}").unlink()
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 0 of 5 sources changed, 1 removed ({NEW})"
    assert graph not in open_store(project_built.store_url, read_only=True).graph_names()
    assert_same_as_a_full_build(project_built)


@pytest.mark.parametrize("changed", ["ontology/silkroad.ttl", "ontology/shapes.ttl", "sources/curated/entities.yaml"])
def test_a_change_to_the_ontology_the_shapes_or_a_registry_makes_a_full_build(project_built, changed) -> None:
    path = project_built.root / changed
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0].startswith("full build: the ontology, the shapes, the curated files"), lines[0]
    assert len(report.reread) == 5 and report.replaced is None
    if changed.endswith("shapes.ttl"):
        assert_same_as_a_full_build(project_built)


def test_a_deleted_article_takes_its_names_from_the_registries_and_its_places_from_the_gazetteer(
        project_built) -> None:
    """What every article feeds (the registries' composed claims, the gazetteer's places) is made again,
    while the other articles' graphs are kept (its facts file defines no entity)."""
    ids = Ids(project_built.base_iri)
    gone = "cities-project-cbec-forum-2019"
    for path in (*project_built.articles_dir.glob(f"{gone}.*"), project_built.curated_dir / "facts" / f"{gone}.yaml"):
        path.unlink()
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 0 of 4 sources changed, 1 removed ({gone})"
    assert ids.graph(gone) not in open_store(project_built.store_url, read_only=True).graph_names()
    assert set(report.replaced or ()) == {ids.graph("claims"), ids.graph("gazetteer"), ids.graph("registry")}
    assert gone not in report.facts_per_source
    assert_same_as_a_full_build(project_built)


def test_a_build_failing_while_it_patches_its_copy_leaves_the_store_and_dist_as_they_were(project_built,
                                                                                       monkeypatch) -> None:
    from kg.incremental import store as incremental_store

    facts = project_built.curated_dir / "facts" / f"{ARTICLE}.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("participatedIn", "organised", 1), encoding="utf-8")
    before = store_quads(project_built)
    dist = project_built.dist_dir
    files = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    folders = sorted(p.name for p in dist.iterdir())

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003
        raise OSError("disk gone")

    monkeypatch.setattr(incremental_store, "swap_records", broken)
    with pytest.raises(OSError):
        run_build(project_built)
    assert store_quads(project_built) == before
    assert {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()} == files
    assert sorted(p.name for p in dist.iterdir()) == folders  # no copy of the store left behind
    monkeypatch.undo()
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({ARTICLE})"
    assert_same_as_a_full_build(project_built)


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_missing_or_corrupt_manifest_makes_a_full_build_with_one_line(project_built, damage) -> None:
    path = manifest_path(project_built.dist_dir / "store")
    if damage == "missing":
        path.unlink()
    else:
        path.write_text('{"format": 1, "inputs": 3, "sources": {"x"', encoding="utf-8")
    add_article(project_built)
    report, lines = run_build(project_built)
    assert lines[0].startswith(f"full build: {'no manifest at' if damage == 'missing' else 'the manifest'} "), lines
    assert "\n" not in lines[0] and len(report.reread) == 6
    if damage == "garbage":
        assert_same_as_a_full_build(project_built)


def test_a_store_changed_behind_the_manifest_makes_a_full_build(project_built) -> None:
    """Another program wrote the store: an incremental build would keep what it wrote."""
    store = open_store(project_built.store_url)
    store.replace_graph("https://example.org/stray", [])
    store.update("INSERT DATA { GRAPH <https://example.org/stray> { <urn:a> <urn:b> <urn:c> } }")
    store.close()
    report, lines = run_build(project_built)
    assert "full build: the store's graphs are not those of the manifest (written by another program?)" in lines
    assert report.replaced is None
    assert "https://example.org/stray" not in open_store(project_built.store_url, read_only=True).graph_names()


def test_a_build_killed_midway_leaves_the_store_usable_and_the_next_build_right(project_built) -> None:
    add_article(project_built)
    before = store_quads(project_built)
    env = {**os.environ, "KG_ROOT": str(project_built.root), "KG_DIST": str(project_built.dist_dir)}
    child = subprocess.Popen([sys.executable, "-m", "kg", "build"], env=env, stderr=subprocess.PIPE, text=True,
                             cwd=str(project_built.root))
    assert child.stderr is not None
    for line in child.stderr:  # killed once its copy of the store is changed, before it is swapped in
        if "validating against the SHACL shapes" in line:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert store_quads(project_built) == before  # the previous store, whole
    assert len(open_store(project_built.store_url, read_only=True)) > 0
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 6 sources changed ({NEW})"
    assert_same_as_a_full_build(project_built)


def test_a_build_failing_while_the_store_is_swapped_makes_the_next_a_full_build(project_built, monkeypatch) -> None:
    from kg import atomic

    add_article(project_built)

    def broken(new, target):  # noqa: ANN001
        raise OSError("disk gone")

    monkeypatch.setattr(atomic, "replace_dir", broken)
    with pytest.raises(OSError):
        run_build(project_built)
    monkeypatch.undo()
    report, lines = run_build(project_built)
    assert lines[0].startswith("full build: no manifest at"), lines[0]
    assert NEW in report.facts_per_source


def test_full_flag_forces_a_full_build(project_built) -> None:
    report, lines = run_build(project_built, full=True)
    assert lines[0] == "full build: asked for (--full)"
    assert len(report.reread) == 5 and report.replaced is None
