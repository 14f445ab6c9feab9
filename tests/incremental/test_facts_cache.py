"""An incremental build reads only the facts files that changed (the others' claims are cached beside the
store), and a cache that is damaged, or was checked against another registry, is not trusted."""

from __future__ import annotations

import pytest
import yaml

from kg import curation
from kg.errors import KgError
from kg.incremental.facts import facts_cache_path
from tests.incremental.conftest import assert_same_as_a_full_build, run_build

ARTICLE = "cities-project-cbec-forum-2019"  # its facts file defines no entity
DEFINING = "unossc-china-seminar-cbec-2023"  # defines the statistic below
NEW = "facts-cache-article"
STATISTIC = "statistic/cbec-pilot-zones-in-china-2023-07"


@pytest.fixture
def with_new_article(project_built):
    """The project with one more article whose facts file defines no entity, built (so it is cached)."""
    articles = project_built.articles_dir
    (articles / f"{NEW}.txt").write_text("China counts 165 pilot zones.\n", encoding="utf-8")
    meta = {"title": "Pilot zones", "publisher": "Test Daily", "date": "2024-03-01", "language": "en"}
    (articles / f"{NEW}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    facts = {"source": NEW, "claims": [{"quote": "China counts 165 pilot zones.",
                                        "facts": [[STATISTIC, "unit", "pilot zones"]]}]}
    (project_built.curated_dir / "facts" / f"{NEW}.yaml").write_text(yaml.safe_dump(facts), encoding="utf-8")
    run_build(project_built)
    return project_built


def _facts_files_read(monkeypatch) -> list[str]:
    read: list[str] = []
    original = curation.load_yaml

    def spy(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        read.append(path.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(curation, "load_yaml", spy)
    return read


def _edit_text(settings, slug: str) -> None:
    text = settings.articles_dir / f"{slug}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph added by an editor.\n", encoding="utf-8")


def test_the_unchanged_facts_files_are_not_read_again(with_new_article, monkeypatch) -> None:
    read = _facts_files_read(monkeypatch)
    _edit_text(with_new_article, ARTICLE)
    _, lines = run_build(with_new_article)
    assert lines[0] == f"incremental build: 1 of 6 sources changed ({ARTICLE})"
    assert f"{ARTICLE}.yaml" in read  # its article changed: the quotes' offsets may have
    assert f"{NEW}.yaml" not in read  # unchanged, and defines no entity
    assert f"{DEFINING}.yaml" in read  # defines entities: always read
    monkeypatch.undo()
    assert_same_as_a_full_build(with_new_article)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_a_damaged_cache_is_not_trusted(with_new_article, monkeypatch, damage) -> None:
    path = facts_cache_path(with_new_article.dist_dir / "store")
    data = path.read_bytes()
    assert b"pilot zones" in data
    path.write_bytes({"garbage": b"{not json", "truncated": data[: len(data) * 2 // 3],
                      "flipped": data.replace(b"pilot zones", b"pilot zonez")}[damage])
    read = _facts_files_read(monkeypatch)
    _edit_text(with_new_article, ARTICLE)
    run_build(with_new_article)
    assert f"{NEW}.yaml" in read
    monkeypatch.undo()
    assert_same_as_a_full_build(with_new_article)


def test_a_cached_claim_is_checked_again_when_another_file_changes_the_registry(with_new_article) -> None:
    # The statistic becomes a place: the cached fact (a statistic's unit) no longer fits its domain.
    facts = with_new_article.curated_dir / "facts" / f"{DEFINING}.yaml"
    text = facts.read_text(encoding="utf-8")
    entry = f"  - id: {STATISTIC}\n    type: Statistic\n"
    assert entry in text
    facts.write_text(text.replace(entry, f"  - id: {STATISTIC}\n    type: Place\n"), encoding="utf-8")
    with pytest.raises(KgError) as raised:
        run_build(with_new_article)
    found = [str(error) for error in getattr(raised.value, "errors", (raised.value,))]
    assert any(f"{NEW}.yaml:" in line and "not in the domain of unit" in line for line in found), found
