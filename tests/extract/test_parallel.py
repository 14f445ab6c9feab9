"""Extraction of many articles: every core gives what one core gives, progress per article, and a huge
text placed by hand in sources/articles/ refused in bounded time with one line."""

from __future__ import annotations

import time

import yaml

from kg.bench.extraction import synthetic_articles
from kg.build import load_inputs
from kg.extract import Gazetteer
from kg.extract.parallel import MAX_CHARACTERS, Refused, extract_many
from kg.namespaces import Ids
from tests.conftest import run_kg


def test_all_cores_extract_exactly_what_one_core_extracts(project) -> None:  # type: ignore[no-untyped-def]
    inputs = load_inputs(project)
    sources = {**inputs.sources, **synthetic_articles(12, inputs, seed=3)}
    gazetteer, ids = Gazetteer.build(inputs.entities), Ids(project.base_iri)
    heard: list[tuple[int, int, str]] = []
    serial = list(extract_many(sources, gazetteer, inputs.ontology, ids, workers=1))
    parallel = list(extract_many(sources, gazetteer, inputs.ontology, ids, progress=lambda *a: heard.append(a),
                                 workers=2))
    assert [e.source for e in parallel] == list(sources)  # in the order asked, whatever order they finished in
    assert [e.claims for e in parallel] == [e.claims for e in serial]
    assert [e.entities for e in parallel] == [e.entities for e in serial]
    assert [n for n, _, _ in heard] == list(range(1, len(sources) + 1))
    assert {slug for _, _, slug in heard} == set(sources) and {total for _, total, _ in heard} == {len(sources)}


def test_a_huge_article_is_refused_in_bounded_time_and_the_others_extracted(project) -> None:  # type: ignore[no-untyped-def]
    articles = project.root / "sources" / "articles"
    paragraph = "The 5th China-Laos E-commerce Forum was held in Vientiane, hosted by the Ministry of Commerce. "
    (articles / "huge-dump.meta.yaml").write_text(yaml.safe_dump(
        {"title": "A dump", "publisher": "Nobody", "date": "2024-01-01", "language": "en"}), encoding="utf-8")
    (articles / "huge-dump.txt").write_text(paragraph * 3, encoding="utf-8")  # first an article of normal size
    queue = project.root / "sources" / "review" / "queue.yaml"
    assert run_kg("extract", "huge-dump", settings=project).code == 0
    earlier = [i for i in yaml.safe_load(queue.read_text(encoding="utf-8")) if i["source"] == "huge-dump"]
    assert earlier
    (articles / "huge-dump.txt").write_text(paragraph * (MAX_CHARACTERS // len(paragraph) + 10), encoding="utf-8")
    started = time.perf_counter()
    run = run_kg("extract", settings=project)
    assert time.perf_counter() - started < 60
    assert run.code == 1
    refused = [line for line in run.stderr.splitlines() if "refused" in line]
    assert len(refused) == 1 and "huge-dump" in refused[0] and f"over the {MAX_CHARACTERS:,}" in refused[0]
    queued = yaml.safe_load(queue.read_text(encoding="utf-8"))
    sources = {item["source"] for item in queued}
    assert "sco-secretary-general-gcbec-2021" in sources
    assert [i for i in queued if i["source"] == "huge-dump"] == earlier  # refused: its earlier candidates kept


def test_refused_articles_are_reported_by_the_runner(project) -> None:  # type: ignore[no-untyped-def]
    inputs = load_inputs(project)
    slug, source = next(iter(inputs.sources.items()))
    huge = {slug: source.__class__(**{**source.__dict__, "text": "x" * (MAX_CHARACTERS + 1)})}
    (result,) = extract_many(huge, Gazetteer.build({}), inputs.ontology, Ids(project.base_iri))
    assert isinstance(result, Refused) and result.slug == slug and "characters" in result.reason
