"""Outputs the change cannot reach are neither remade nor rewritten; a file edited while a build runs
stops it with one line, and nothing of the store or dist/ is lost."""

from __future__ import annotations

import pytest

from kg.build import build, publish
from kg.errors import KgError
from tests.incremental.conftest import OUTPUTS, assert_same_as_a_full_build, run_build, store_quads

ARTICLE = "unossc-china-seminar-cbec-2023"


def test_an_edited_text_remakes_the_exports_and_keeps_the_pages_untouched(project_built) -> None:
    dist = project_built.dist_dir
    before = {name: (dist / name).stat().st_ino for name in (*OUTPUTS, "timeline.html", "map.html")}
    text = project_built.articles_dir / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph added by an editor.\n", encoding="utf-8")
    report, lines = run_build(project_built)
    # The article's hash is in the exports; no page and no query of the ontology's page reads it.
    assert "kept the outputs the change cannot reach: pages, ontology" in lines, lines
    assert "the change reaches no fact the rules read: the inferred graph stays" in lines
    after = {name: (dist / name).stat().st_ino for name in before}
    assert after["silkroad.ttl"] != before["silkroad.ttl"] and after["silkroad.trig"] != before["silkroad.trig"]
    assert {n: after[n] for n in after if not n.startswith("silkroad.")} == \
        {n: before[n] for n in before if not n.startswith("silkroad.")}  # not rewritten: same files
    assert_same_as_a_full_build(project_built)


def test_a_file_edited_while_the_build_runs_stops_it_and_loses_nothing(project_built) -> None:
    text = project_built.articles_dir / f"{ARTICLE}.txt"
    quads = store_quads(project_built)
    outputs = {name: (project_built.dist_dir / name).read_bytes() for name in OUTPUTS}
    (project_built.articles_dir / "new-article.txt").write_text("Officials met in Zhengzhou.\n", encoding="utf-8")
    (project_built.articles_dir / "new-article.meta.yaml").write_text(
        "title: A test\npublisher: Test Daily\ndate: '2024-03-01'\nlanguage: en\n", encoding="utf-8")

    def edit_midway(line: str) -> None:
        if line == "validating against the SHACL shapes":
            text.write_text(text.read_text(encoding="utf-8") + "\nAn edit while the build runs.\n", encoding="utf-8")

    built = build(project_built, progress=edit_midway)
    with pytest.raises(KgError) as raised:
        publish(built, project_built)
    message = str(raised.value)
    assert message.startswith(f"sources/articles/{ARTICLE} (its text, metadata or facts file) changed while "
                              "the build ran; nothing was published") and "\n" not in message
    assert store_quads(project_built) == quads
    assert {name: (project_built.dist_dir / name).read_bytes() for name in OUTPUTS} == outputs
    assert built.store_dir is not None and not built.store_dir.exists()  # its temporary store is gone
    report, lines = run_build(project_built)
    assert set(report.reread) == {ARTICLE, "new-article"}, lines[0]
