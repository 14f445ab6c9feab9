"""The extraction workflow on a project: extract into the review queue, accept, reject.

Accepting writes the curated format (a quote with its facts, new entities into the file's
`entities:` section) and checks the result with kg.curation before anything is replaced.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib.namespace import RDF

from kg import atomic
from kg.build import Inputs, load_inputs
from kg.curation import FACTS_DIR, load_curation
from kg.errors import KgError
from kg.extract import Gazetteer
from kg.extract.parallel import Progress, Refused, extract_many
from kg.namespaces import Ids
from kg.review import (QUEUE_HEADER, REJECTED_HEADER, Conflict, candidate, find_conflicts, queue_file, read_items,
                       rejected_file, write_items)
from kg.settings import Settings


@dataclass(frozen=True)
class ExtractSummary:
    queued: dict[str, int]  # source -> candidates now in the queue
    skipped_curated: int  # already stated by a curated fact
    skipped_rejected: int
    conflicts: tuple[Conflict, ...]
    refused: tuple[Refused, ...] = ()  # articles not extracted (too large), with the reason


def run_extract(settings: Settings, slugs: list[str] | None = None, inputs: Inputs | None = None,
                progress: Progress | None = None, workers: int | None = None) -> ExtractSummary:
    """Extract the given articles (all when none) and put their candidates in the review queue.
    Articles are extracted on every core (kg.extract.parallel); `progress` hears of each one done."""
    inputs = inputs or load_inputs(settings)
    unknown = [s for s in slugs or [] if s not in inputs.sources]
    if unknown:
        raise KgError(f"unknown article {', '.join(unknown)}; known: {', '.join(inputs.sources)}")
    ids = Ids(settings.base_iri)
    gazetteer = Gazetteer.build(inputs.entities)
    rejected = {i["id"] for i in read_items(rejected_file(settings))}
    curated = {(str(c.subject), str(c.predicate), c.object.n3()) for c in inputs.claims}
    chosen = slugs or list(inputs.sources)
    previous = read_items(queue_file(settings))
    queue = [i for i in previous if i.get("source") not in chosen]
    counts: dict[str, int] = {}
    skipped_curated = skipped_rejected = 0
    conflicts: list[Conflict] = []
    refused: list[Refused] = []
    for extraction in extract_many({s: inputs.sources[s] for s in chosen}, gazetteer, inputs.ontology, ids,
                                   progress, workers):
        if isinstance(extraction, Refused):
            refused.append(extraction)
            continue
        slug = extraction.source
        facts = tuple(c for c in extraction.claims if c.predicate != RDF.type)
        conflicts += find_conflicts(facts, inputs.claims, inputs.ontology)
        counts[slug] = 0
        for claim in facts:
            if (str(claim.subject), str(claim.predicate), claim.object.n3()) in curated:
                skipped_curated += 1
                continue
            item = candidate(claim, ids, inputs.ontology, extraction.entities)
            if item["id"] in rejected:
                skipped_rejected += 1
                continue
            queue.append(item)
            counts[slug] += 1
    kept = {r.slug for r in refused}  # a refused article keeps the candidates it had
    queue += [i for i in previous if i.get("source") in kept]
    write_items(queue_file(settings), queue, QUEUE_HEADER)
    return ExtractSummary(counts, skipped_curated, skipped_rejected, tuple(conflicts), tuple(refused))


def list_queue(settings: Settings) -> list[dict]:  # type: ignore[type-arg]
    return sorted(read_items(queue_file(settings)), key=lambda i: (i["source"], i["start"], i["id"]))


def _take(settings: Settings, wanted: list[str]) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
    queue = read_items(queue_file(settings))
    by_id = {i["id"]: i for i in queue}
    missing = [w for w in wanted if w not in by_id]
    if missing:
        raise KgError(f"not in the review queue: {', '.join(missing)} (see `kg review`)")
    return [by_id[w] for w in dict.fromkeys(wanted)], [i for i in queue if i["id"] not in wanted]


def reject(settings: Settings, wanted: list[str]) -> list[dict]:  # type: ignore[type-arg]
    """Move candidates to the rejected list (later extraction runs skip them)."""
    taken, rest = _take(settings, wanted)
    rejected = read_items(rejected_file(settings))
    known = {i["id"] for i in rejected}
    rejected += [{k: v for k, v in i.items() if k != "entities"} for i in taken if i["id"] not in known]
    write_items(rejected_file(settings), rejected, REJECTED_HEADER)
    write_items(queue_file(settings), rest, QUEUE_HEADER)
    return taken


def accept(settings: Settings, wanted: list[str]) -> list[Path]:
    """Move candidates into the curated facts files; returns the files changed."""
    taken, rest = _take(settings, wanted)
    inputs = load_inputs(settings)
    facts_dir = settings.curated_dir / FACTS_DIR
    texts: dict[Path, str] = {}
    added: set[str] = set()
    for slug in sorted({i["source"] for i in taken}):
        path = facts_dir / f"{slug}.yaml"
        text = texts.get(path) or (path.read_text(encoding="utf-8") if path.exists() else f"source: {slug}\n")
        items = [i for i in taken if i["source"] == slug]
        entities = []
        for item in items:
            for entity in item.get("entities") or []:
                if entity["id"] not in inputs.entities and entity["id"] not in added:
                    entities.append(entity)
                    added.add(entity["id"])
        texts[path] = _append_claims(_add_entities(text, entities, path), items)
    _check(settings, inputs, texts)
    for path, text in texts.items():
        atomic.write_text(path, text)
    write_items(queue_file(settings), rest, QUEUE_HEADER)
    return sorted(texts)


def _add_entities(text: str, entities: list[dict], path: Path) -> str:  # type: ignore[type-arg]
    if not entities:
        return text
    block = "".join("  " + line + "\n" for line in
                    yaml.safe_dump(entities, sort_keys=False, allow_unicode=True, width=1000).splitlines())
    claims = re.search(r"^claims:[ \t]*$", text, re.M)
    if claims is None:
        section = "" if re.search(r"^entities:[ \t]*$", text, re.M) else "entities:\n"
        return text.rstrip("\n") + "\n" + section + block
    if re.search(r"^entities:[ \t]*$", text[:claims.start()], re.M):
        return text[:claims.start()] + block + text[claims.start():]
    if re.search(r"^entities:", text, re.M):
        raise KgError("cannot add entities: the 'entities:' section is not a block before 'claims:'", path)
    return text[:claims.start()] + "entities:\n" + block + text[claims.start():]


def _append_claims(text: str, items: list[dict]) -> str:  # type: ignore[type-arg]
    claims = re.search(r"^claims:[ \t]*$", text, re.M)
    if claims is None:
        text = text.rstrip("\n") + "\nclaims:\n"
    elif re.search(r"^[A-Za-z_]+:", text[claims.end():], re.M):
        raise KgError("cannot append claims: 'claims:' is not the last section of the facts file")
    out = [text.rstrip("\n")]
    for quote in dict.fromkeys(i["quote"] for i in items):
        group = [i for i in items if i["quote"] == quote]
        rules = ", ".join(sorted({f"{i['method']} {i['confidence']}" for i in group}))
        out.append(f"  # accepted from extraction ({rules}; review {', '.join(i['id'] for i in group)})")
        out.append(f"  - quote: {json.dumps(quote, ensure_ascii=False)}")
        out.append("    facts:")
        out += [f"      - [{', '.join(json.dumps(str(t), ensure_ascii=False) for t in i['fact'])}]" for i in group]
    return "\n".join(out) + "\n"


def _check(settings: Settings, inputs: Inputs, texts: dict[Path, str]) -> None:
    """Load the curation as it would be after the change; an error leaves every file as it was."""
    scratch = Path(tempfile.mkdtemp(prefix="kg-accept-"))
    try:
        copy = scratch / "curated"
        shutil.copytree(settings.curated_dir, copy)
        for path, text in texts.items():
            (copy / FACTS_DIR / path.name).write_text(text, encoding="utf-8")
        load_curation(copy, inputs.sources, inputs.ontology, Ids(settings.base_iri))
    except KgError as exc:
        raise KgError(f"accepting would break the curated facts, nothing was changed: {exc.message}",
                      exc.location) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
