"""`kg eval --corpus DIR --gold DIR`: extraction on articles it has never seen, scored against gold facts.

The texts are ingested (kg.ingest, as a user would add them) into a scratch copy of the project's
ontology/ and sources/ in a temporary folder, so the user's project is never touched; then the
extraction runs on them with the project's registry as its gazetteer, exactly as `kg extract` would,
and each article's extraction is scored against its gold file (kg.evaluate.score). A text without a
Date line is dated by the latest year its body mentions (the gold's derived dates say no more).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.build import Inputs, load_inputs
from kg.errors import KgError, at
from kg.evaluate.gold import GOLD_RELATIONS, GOLD_TYPES, CorpusText, GoldArticle, read_corpus
from kg.evaluate.mapping import predict
from kg.evaluate.score import ArticleScore, Score, Totals, score_article, total
from kg.extract import Extraction, Gazetteer
from kg.extract.parallel import Progress, Refused, extract_many
from kg.ingest import ingest
from kg.namespaces import Ids
from kg.settings import Settings

# The targets on the development corpus.
TARGETS = {"entities": (0.85, 0.75), "relations": (0.7, 0.5)}  # (precision, recall)

Extractor = Callable[[Inputs, Ids, list[str], Progress | None], dict[str, Extraction]]


@dataclass(frozen=True)
class CorpusReport(Totals):
    articles: dict[str, ArticleScore]  # gold file name -> score
    quotes_found: int  # gold evidence quotes that are exact substrings of their body
    quotes: int
    assumed_dates: dict[str, str]  # texts without a Date line -> the date used
    seconds_extraction: float

    @property
    def per_type(self) -> dict[str, Score]:
        return {t: total([a.per_type[t] for a in self.articles.values()]) for t in GOLD_TYPES}

    @property
    def per_relation(self) -> dict[str, Score]:
        return {r: total([a.per_relation[r] for a in self.articles.values()]) for r in GOLD_RELATIONS if r != "type"}

    def targets_met(self) -> dict[str, bool]:
        return {name: score.precision >= TARGETS[name][0] and score.recall >= TARGETS[name][1]
                for name, score in (("entities", self.entities), ("relations", self.relations))}

    def as_dict(self) -> dict[str, object]:
        def article(score: ArticleScore) -> dict[str, object]:
            return {"entities": score.entities.as_dict(), "relations": score.relations.as_dict(),
                    "misses": [m.__dict__ for m in score.misses],
                    "false_hits": [f.__dict__ for f in score.false_hits], "not_scored": score.not_scored}

        return {"entities": {**self.entities.as_dict(), "per_type": {k: v.as_dict() for k, v in self.per_type.items()}},
                "relations": {**self.relations.as_dict(),
                              "per_relation": {k: v.as_dict() for k, v in self.per_relation.items()}},
                "targets": {name: {"precision": p, "recall": r, "met": self.targets_met()[name]}
                            for name, (p, r) in TARGETS.items()},
                "per_article": {name: article(score) for name, score in self.articles.items()},
                "evidence_quotes_found": f"{self.quotes_found}/{self.quotes}",
                "assumed_dates": self.assumed_dates, "seconds_extraction": round(self.seconds_extraction, 3)}


def default_extractor(inputs: Inputs, ids: Ids, slugs: list[str], progress: Progress | None) -> dict[str, Extraction]:
    gazetteer = Gazetteer.build(inputs.entities)
    results: dict[str, Extraction] = {}
    for result in extract_many({s: inputs.sources[s] for s in slugs}, gazetteer, inputs.ontology, ids, progress):
        if isinstance(result, Refused):
            raise KgError(f"cannot extract {result.slug}: {result.reason}")
        results[result.source] = result
    return results


def evaluate_corpus(settings: Settings, corpus_dir: Path, gold_dir: Path, extractor: Extractor = default_extractor,
                    progress: Progress | None = None) -> CorpusReport:
    pairs = read_corpus(corpus_dir, gold_dir)
    quotes = [(f.quote, text.body) for text, gold in pairs for f in gold.facts]
    scratch = Path(tempfile.mkdtemp(prefix="kg-eval-"))
    try:
        project = _scratch_project(settings, scratch)
        slugs, assumed = _ingest_all(project, pairs, scratch / "texts")
        inputs = load_inputs(project)
        ids = Ids(project.base_iri)
        started = time.perf_counter()
        extractions = extractor(inputs, ids, list(slugs.values()), progress)
        seconds = time.perf_counter() - started
        articles = {text.name: score_article(gold, predict(extractions[slugs[text.name]], inputs.entities,
                                                            inputs.claims, inputs.ontology, ids))
                    for text, gold in pairs}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return CorpusReport(articles, sum(q in body for q, body in quotes), len(quotes), assumed, seconds)


def _scratch_project(settings: Settings, scratch: Path) -> Settings:
    for part in ("ontology", "sources"):
        shutil.copytree(settings.root / part, scratch / "project" / part)
    return settings.with_(root=scratch / "project", store="memory:", dist=scratch / "project" / "dist")


def _ingest_all(project: Settings, pairs: list[tuple[CorpusText, GoldArticle]],
                folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each text ingested as an article of the scratch project: gold name -> slug, and assumed dates."""
    folder.mkdir(parents=True)
    slugs: dict[str, str] = {}
    assumed: dict[str, str] = {}
    for text, _gold in pairs:
        body_file = folder / f"{text.name}.txt"
        body_file.write_text(text.body, encoding="utf-8")
        date = text.date or _latest_year(text)
        if not text.date:
            assumed[text.name] = date
        result = ingest(project, [body_file], text.title, date, text.publisher, text.url)[0]
        if result.slug is None:
            raise KgError(f"cannot ingest it: {result.message}", at(text.file))
        slugs[text.name] = result.slug
    return slugs, assumed


def _latest_year(text: CorpusText) -> str:
    years = re.findall(r"\b((?:19|20)\d\d)\b", text.body)
    if not years:
        raise KgError("no Date line and no year in the text to date it by", at(text.file))
    return max(years)

