"""`kg bench --incremental N`: one changed article among N, rebuilt incrementally, against the full build.

The project is the repository's own (ontology, registry, the seed articles and their facts) plus
synthetic articles up to N (kg.bench.extraction's texts), each with a curated facts file: who took
part in which event, quoted from a sentence of the article, so every article adds its own graph,
claim records and names. One article's text is then changed (a paragraph added) and the project
rebuilt; then another one, and rebuilt again (the first incremental build after a full one also
analyses the outputs' queries, once). Every build is timed whole (read, assemble, load, validate,
infer, render, publish), one after the other in the same process, and the incremental result is
checked byte for byte against a second full build (not timed).
"""

from __future__ import annotations

import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import yaml

from kg.bench.extraction import synthetic_articles
from kg.build import build, load_inputs, publish
from kg.extract.gazetteer import family_of
from kg.settings import Settings

OUTPUTS = ("silkroad.ttl", "silkroad.trig", "graph.html", "ontology.html")


@dataclass(frozen=True)
class IncrementalResult:
    articles: int
    quads: int
    full_s: float
    incremental_s: float
    full_cpu_s: float  # this process's CPU time: on a loaded machine, what the build itself cost
    incremental_cpu_s: float
    reread: tuple[str, ...]  # what the incremental build read again (the changed article alone)
    replaced: int  # graphs it replaced
    identical: bool  # store and dist/ byte-identical to a full build
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average before and after (shared cores)
    kept: tuple[str, ...] = ()  # what the incremental build did not redo (its progress lines saying so)
    again_s: float = 0.0  # a second article changed after the first incremental build (steady state)
    again_cpu_s: float = 0.0

    @property
    def ratio(self) -> float:
        return self.incremental_s / self.full_s


def make_project(root: Path, articles: int, settings: Settings, seed: int = 1) -> Settings:
    """A copy of the project with synthetic articles (and their facts files) up to `articles`."""
    shutil.rmtree(root, ignore_errors=True)
    for part in ("ontology", "sources"):
        shutil.copytree(settings.root / part, root / part)
    inputs = load_inputs(settings)
    families: dict[str, list[tuple[str, str]]] = {"Agent": [], "Event": []}
    for ref, entity in sorted(inputs.entities.items()):
        family = family_of(entity.cls, inputs.ontology)
        if family in ("Person", "Organisation"):
            families["Agent"].append((ref, entity.label))
        elif family == "Event":
            families["Event"].append((ref, entity.label))
    rng = random.Random(seed)
    for slug, source in synthetic_articles(max(0, articles - len(inputs.sources)), inputs, seed).items():
        facts = []
        sentences = []
        for _ in range(3):
            (agent, agent_label), (event, event_label) = rng.choice(families["Agent"]), rng.choice(families["Event"])
            sentence = f"{agent_label} took part in {event_label}."
            sentences.append(sentence)
            facts.append({"quote": sentence, "facts": [[agent, "participatedIn", event]]})
        text = source.text + "\n" + " ".join(sentences) + "\n"
        folder = root / "sources" / "articles"
        (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
        meta = {"title": source.title, "publisher": source.publisher, "date": str(source.date), "language": "en"}
        (folder / f"{slug}.meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        (root / "sources" / "curated" / "facts" / f"{slug}.yaml").write_text(
            yaml.safe_dump({"source": slug, "claims": facts}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return settings.with_(root=root, dist=root / "dist", store="")


def _timed_build(settings: Settings, full: bool, lines: list[str] | None = None) -> tuple[float, float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    progress = (lines.append if lines is not None else lambda _: None)
    report = publish(build(settings, full=full, progress=progress), settings)
    return time.perf_counter() - started, time.process_time() - cpu, report


def _snapshot(settings: Settings) -> tuple[list[bytes], list[bytes]]:
    store = ox.Store.read_only(settings.store_url.removeprefix("oxigraph:"))
    quads = sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())
    return quads, [(settings.dist_dir / name).read_bytes() for name in OUTPUTS]


def measure_incremental(articles: int, settings: Settings, data_dir: Path, seed: int = 1,
                        progress: Callable[[str], None] = lambda _: None) -> IncrementalResult:
    load_before = os.getloadavg()[0]
    progress(f"incremental: writing a project of {articles} articles in {data_dir}")
    project = make_project(data_dir / f"incremental-{articles}", articles, settings, seed)
    progress("incremental: full build")
    full_s, full_cpu_s, full_report = _timed_build(project, full=True)
    changed = sorted(project.articles_dir.glob("bench-article-*.txt"))
    target = changed[len(changed) // 2] if changed else next(project.articles_dir.glob("*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\nA paragraph added by an editor.\n", encoding="utf-8")
    progress(f"incremental: {target.stem} changed; incremental build")
    lines: list[str] = []
    incremental_s, incremental_cpu_s, report = _timed_build(project, full=False, lines=lines)
    kept = tuple(line for line in lines if line.startswith(("kept the outputs", "validated ", "the change reaches")))
    # A second edit, of another article: the first incremental build after a full one also analyses
    # the outputs' queries (kept in the manifest), so this is what every later edit costs.
    other = changed[len(changed) // 3] if len(changed) > 2 else target
    other.write_text(other.read_text(encoding="utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
    progress(f"incremental: {other.stem} changed; incremental build again")
    again_s, again_cpu_s, _ = _timed_build(project, full=False)
    progress("incremental: checking against a second full build (not timed)")
    reference = project.with_(dist=project.root / "dist-full")
    shutil.rmtree(reference.dist_dir, ignore_errors=True)
    publish(build(reference, full=True), reference)
    identical = _snapshot(project) == _snapshot(reference)
    return IncrementalResult(articles, full_report.quads, full_s, incremental_s,  # type: ignore[attr-defined]
                             full_cpu_s, incremental_cpu_s,
                             report.reread, len(report.replaced or ()), identical,  # type: ignore[attr-defined]
                             (load_before, os.getloadavg()[0]), kept, again_s, again_cpu_s)


def incremental_lines(result: IncrementalResult) -> list[str]:
    verdict = "met" if max(result.incremental_s, result.again_s) < 5 and result.identical and len(result.reread) == 1 \
        else "missed"
    return [
        f"Incremental build: {result.articles} articles, {result.quads} quads",
        f"  full build          {result.full_s:8.2f} s  (CPU {result.full_cpu_s:.2f} s)",
        f"  one article changed {result.incremental_s:8.2f} s  (CPU {result.incremental_cpu_s:.2f} s; "
        f"{result.ratio:.2f}x the full build, CPU {result.incremental_cpu_s / max(result.full_cpu_s, 1e-9):.2f}x; "
        f"re-read {len(result.reread)} article, replaced {result.replaced} graphs)",
        *(f"    {line}" for line in result.kept),
        f"  another one changed {result.again_s:8.2f} s  (CPU {result.again_cpu_s:.2f} s; "
        f"{result.again_s / max(result.full_s, 1e-9):.2f}x the full build, "
        f"CPU {result.again_cpu_s / max(result.full_cpu_s, 1e-9):.2f}x: every later edit)",
        f"  byte-identical to a full build: {'yes' if result.identical else 'NO'}",
        f"  machine load (1-minute average) before / after: {result.load[0]:.1f} / {result.load[1]:.1f} "
        f"on {os.cpu_count()} cores (wall time counts the other processes' share; CPU time does not)",
        f"  target: under 5 s, identical: {verdict}",
    ]
