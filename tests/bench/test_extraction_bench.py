"""`kg bench`'s extraction measurement: synthetic articles on one core and on all, the same facts both ways,
and the real articles timed after start-up (the 1,000-article figure itself is `kg bench`'s, not a test's)."""

from __future__ import annotations

from kg.bench.extraction import extraction_lines, measure_extraction, synthetic_articles
from kg.build import load_inputs
from tests.conftest import REPO

TINY_CORPUS = REPO / "tests" / "data" / "eval-tiny" / "corpus"


def test_synthetic_articles_are_seeded_news_sized_and_name_registry_entities(project) -> None:  # type: ignore[no-untyped-def]
    inputs = load_inputs(project)
    first, again = synthetic_articles(5, inputs, seed=2), synthetic_articles(5, inputs, seed=2)
    assert [s.text for s in first.values()] == [s.text for s in again.values()]
    assert all(1500 < len(s.text) < 4000 for s in first.values())
    labels = {e.label for e in inputs.entities.values()}
    assert any(label in s.text for s in first.values() for label in labels if len(label) > 6)


def test_measurement_reports_both_timings_and_the_targets(project) -> None:  # type: ignore[no-untyped-def]
    result = measure_extraction(16, project, corpus=TINY_CORPUS, workers=2)
    assert result.status == "ok", result.error
    assert result.articles == 16 and result.workers == 2 and result.candidates > 16
    assert result.one_core_s and result.all_cores_s and result.corpus_s is not None
    assert result.corpus_articles == len(load_inputs(project).sources) + 2  # the seeds and the two tiny texts
    lines = extraction_lines(result)
    assert "target < 180 s" in lines[1] and "real articles extracted" in lines[2]
