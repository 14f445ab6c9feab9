"""What the graph is made from: the ontology, the articles, the curated facts and entities (merges
applied), and the registries as sources; and the named graphs assembled from them (kg.graph)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from kg.claims import Claim, Entity
from kg.curation import FACTS_DIR, Curation, load_curation
from kg.errors import Collector
from kg.geofacts import coordinate_claims, with_coordinates
from kg.graph import GraphSet, Uses, graphs_of, identity_and_uses
from kg.incremental import facts as cache
from kg.incremental.plan import Plan
from kg.incremental.sources import load_sources_reusing
from kg.namespaces import Ids
from kg.ontology import Ontology, load_ontology
from kg.provenance import entity_origins, origin_path, registry_sources
from kg.resolution import MERGES_FILE, apply_merges, load_decisions, merge_groups
from kg.settings import Settings
from kg.sources import META_SUFFIX, Source, source_slug

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Inputs:
    ontology: Ontology
    sources: dict[str, Source]
    entities: dict[str, Entity]
    claims: tuple[Claim, ...]
    kept_of: dict[str, str] = field(default_factory=dict)  # merged entity id -> the kept one (merges.yaml)
    registries: dict[str, Source] = field(default_factory=dict)  # the curated files, as sources (kg.provenance)
    reread: tuple[str, ...] = ()  # the articles read and checked afresh (all, but in an incremental build)
    facts_cache: str | None = None  # the facts files' claims to keep beside the store (kg.incremental.facts)


def load_inputs(settings: Settings, progress: Progress = lambda _: None, plan: Plan | None = None) -> Inputs:
    """Everything the graph is made from. With a `plan`, the articles it knows unchanged are not parsed again."""
    settings.require_project()
    ids = Ids(settings.base_iri)
    progress("reading the ontology")
    ontology = load_ontology(settings.ontology_file)
    progress("reading the articles")
    errors = Collector()  # every problem of the articles and the curation, reported together
    sources, reread = load_sources_reusing(settings.articles_dir, errors, plan)
    broken = frozenset(source_slug(m) for m in settings.articles_dir.glob(f"*{META_SUFFIX}")) - set(sources)
    progress("checking the curated facts and their quotes")
    curation, facts_cache = _curation(settings, sources, ontology, ids, errors, broken, plan)
    errors.raise_any()
    # Reviewed merge decisions (sources/curated/merges.yaml) rewrite merged ids to the kept one.
    decisions = load_decisions(settings.curated_dir / MERGES_FILE)
    entities, claims, same_as = apply_merges(curation.entities, curation.claims, decisions, ontology, ids)
    kept = merge_groups(curation.entities, decisions, ontology)
    sources = {slug: replace(s, publisher_id=kept.get(s.publisher_id, s.publisher_id)) if s.publisher_id else s
               for slug, s in sources.items()}
    return Inputs(ontology, sources, entities, tuple(claims) + tuple(same_as), kept_of=kept,
                  registries=registry_sources(entities.values(), _curated_texts(settings, entities)), reread=reread,
                  facts_cache=facts_cache)


def _curation(settings: Settings, sources: dict[str, Source], ontology: Ontology, ids: Ids, errors: Collector,
              broken: frozenset[str], plan: Plan | None) -> tuple[Curation, str | None]:
    """The curation, with the claims of the facts files unchanged since the last build taken from the cache
    beside the store when it was checked against the same registry (an incremental plan only: a full build
    reads everything); and the cache's new text (None: none to write)."""
    folder = settings.curated_dir / FACTS_DIR
    if plan is None or plan.store_dir is None or not folder.is_dir():
        return load_curation(settings.curated_dir, sources, ontology, ids, errors, broken), None
    path = cache.facts_cache_path(plan.store_dir)
    digests = cache.file_digests(folder)
    articles = {slug: digest for slug, digest in plan.digests.items() if slug in sources}
    found = None if plan.full else cache.read_cache(path)
    kept = cache.reusable(found, digests, articles)
    curation = load_curation(settings.curated_dir, sources, ontology, ids, errors, broken,
                             skip=lambda facts_file: facts_file.name in kept)
    context = cache.context_of(plan.inputs, curation.entities)
    if kept and found is not None and found.context != context:  # checked against another registry: read them
        kept = {}
        curation = load_curation(settings.curated_dir, sources, ontology, ids, errors, broken)
    if kept:
        curation = replace(curation, claims=tuple(sorted((*curation.claims, *(c for e in kept.values()
                                                                             for c in e.claims())))))
    defining = {Path(origin_path(o)).name for e in curation.entities.values() for o in entity_origins(e)
                if origin_path(o).startswith(f"sources/curated/{FACTS_DIR}/")}
    return curation, cache.cache_text(context, curation.claims, digests, articles, defining, kept)


def _curated_texts(settings: Settings, entities: dict[str, Entity]) -> dict[str, str]:
    """The text of every curated file an entity comes from, by project path (for registry quotes)."""
    paths = {origin_path(o) for e in entities.values() for o in entity_origins(e)}
    texts = {}
    for path in sorted(paths):
        try:
            texts[path] = (settings.root / path).read_text(encoding="utf-8")
        except OSError:
            continue  # an entity not from a project file (a test's): its claims get no offsets
    return texts


def assemble_inputs(inputs: Inputs, settings: Settings, extra_claims: tuple[Claim, ...] = (),
                    coordinates: list[Claim] | None = None) -> GraphSet:
    """The named graphs; `coordinates`: the gazetteer's claims if known (kg.incremental.coordinates)."""
    return assemble_with_uses(inputs, settings, extra_claims, coordinates)[0]


def assemble_with_uses(inputs: Inputs, settings: Settings, extra_claims: tuple[Claim, ...] = (),
                       coordinates: list[Claim] | None = None) -> tuple[GraphSet, dict[str, Uses]]:
    """assemble_inputs, and what each source gives the registry's composed claims (kg.graph.Uses: an
    incremental build keeps it per article)."""
    ids = Ids(settings.base_iri)
    identity, uses = identity_and_uses((*inputs.claims, *extra_claims), inputs.entities, inputs.sources, ids,
                                       inputs.registries)
    graphs = graphs_of(identity, inputs.sources, inputs.registries, ids, inputs.ontology.graph)
    # Coordinates of the places the graph has, credited to the gazetteer packages (kg.geofacts).
    if coordinates is None:
        coordinates = coordinate_claims(inputs.entities.values(), inputs.ontology, ids)
    return with_coordinates(graphs, coordinates, ids), uses
