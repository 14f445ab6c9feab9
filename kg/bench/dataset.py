"""Benchmark data sets: a synthetic corpus assembled into our named graphs,
written once as N-Quads (cached by size, seed and generator version), with
the parameters the named queries will be run with, chosen from the data.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from kg import atomic
from kg.bench.synthetic import Corpus, make_corpus
from kg.bench.world import make_world
from kg.export import to_nquads
from kg.graph import GraphSet, assemble
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.queries import list_queries
from kg.settings import Settings

GENERATOR_VERSION = 3  # bump when the generator's output changes, to invalidate cached files
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
TRIPLES_PER_ARTICLE = 1_100  # measured average; only sizes the pools, the corpus stops at the target

# Which facts make an entity a good (busy) value for a query parameter of this name:
# (property local name, the entity's position). The kind comes from the parameter's default.
PARAM_RULES: dict[str, tuple[str, str]] = {
    "entity": ("spokeAt", "subject"),
    "place": ("locatedIn", "object"),
    "initiative": ("promotes", "object"),
    "body": ("subOrganizationOf", "object"),
    "organisation": ("subOrganizationOf", "object"),
    "post": ("holds", "object"),
    "series": ("partOfSeries", "object"),
    "event": ("spokeAt", "object"),
    "metric": ("metric", "object"),
}


@dataclass(frozen=True)
class SyntheticGraph:
    """A generated data set on disk and what is known about it."""

    size: str
    target: int
    seed: int
    path: str  # the N-Quads file
    quads: int
    sources: int
    entities: int
    claims: int
    params: dict[str, dict[str, str]]  # query name -> parameter -> value ("kind/slug" or literal text)
    seconds: dict[str, float]  # generation timings: corpus, assemble, write

    @classmethod
    def read(cls, path: Path) -> "SyntheticGraph":
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def parse_size(text: str) -> tuple[str, int]:
    """"10k", "100k", "1M" or a plain number of triples."""
    if text in SIZES:
        return text, SIZES[text]
    number = text.lower().replace("_", "")
    factor = 1_000_000 if number.endswith("m") else 1_000 if number.endswith("k") else 1
    value = int(float(number.rstrip("mk")) * factor)
    return text, value


def generate(target: int, seed: int, settings: Settings) -> tuple[Corpus, GraphSet, dict[str, float]]:
    ontology = load_ontology(settings.ontology_file)
    ids = Ids(settings.base_iri)
    started = time.perf_counter()
    rng = random.Random(seed)
    world = make_world(ontology, rng, max(1, target // TRIPLES_PER_ARTICLE))
    corpus = make_corpus(world, ids, target - len(ontology.graph))
    made = time.perf_counter()
    graphs = assemble(corpus.claims, corpus.entities, corpus.sources, ids, ontology.graph)
    assembled = time.perf_counter()
    return corpus, graphs, {"corpus": made - started, "assemble": assembled - made}


def choose_params(corpus: Corpus, ids: Ids, dates: list[str]) -> dict[str, dict[str, str]]:
    """For every parameterised named query, values that exist in the data (the busiest entity)."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for claim in corpus.claims:
        name = str(claim.predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        for position, term in (("subject", claim.subject), ("object", claim.object)):
            ref = ids.ref_of(str(term))
            if ref:
                counts.setdefault((name, position), Counter())[ref] += 1
                counts.setdefault(("*", "*"), Counter())[ref] += 1
    chosen: dict[str, dict[str, str]] = {}
    for query in list_queries():
        values = {}
        for param in query.params:
            if param.type == "date":
                values[param.name] = sorted(dates)[len(dates) // 2]  # the median source date
            elif param.type == "iri":
                kind = (param.default or "").partition("/")[0]
                tally = counts.get(PARAM_RULES.get(param.name, ("*", "*")), counts[("*", "*")])
                candidates = [(-n, ref) for ref, n in tally.items() if ref.startswith(f"{kind}/")]
                if candidates:
                    values[param.name] = min(candidates)[1]
            elif param.default is not None:
                values[param.name] = param.default
        if query.params:
            chosen[query.name] = values
    return chosen


def prepare(size: str, seed: int, settings: Settings, data_dir: Path) -> SyntheticGraph:
    """The data set of this size and seed, generated now or read from `data_dir`."""
    name, target = parse_size(size)
    stem = f"synthetic-{target}-seed{seed}-v{GENERATOR_VERSION}"
    meta_file, data_file = data_dir / f"{stem}.json", data_dir / f"{stem}.nq"
    if meta_file.is_file() and data_file.is_file():
        cached = SyntheticGraph.read(meta_file)
        return SyntheticGraph(**{**asdict(cached), "size": name})
    corpus, graphs, seconds = generate(target, seed, settings)
    started = time.perf_counter()
    atomic.write_text(data_file, to_nquads(graphs.quads()))
    seconds["write"] = time.perf_counter() - started
    ids = Ids(settings.base_iri)
    dates = [str(s.date) for s in corpus.sources.values()]
    meta = SyntheticGraph(
        size=name, target=target, seed=seed, path=str(data_file), quads=len(graphs),
        sources=len(corpus.sources), entities=len(corpus.entities), claims=len(corpus.claims),
        params=choose_params(corpus, ids, dates), seconds={k: round(v, 3) for k, v in seconds.items()},
    )
    atomic.write_text(meta_file, json.dumps(asdict(meta), indent=2, sort_keys=True) + "\n")
    return meta
