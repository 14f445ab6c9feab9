"""The whole flow, from the files in the repository to a store and outputs.

`build()` does all the work in a temporary store and in memory; `publish()`
then swaps the store into place and writes each output by rename. A failure
anywhere before `publish()` leaves the previous store and dist/ untouched.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from kg import atomic
from kg.claims import Claim, Entity
from kg.geofacts import coordinate_claims, with_coordinates
from kg.curation import load_curation
from kg.errors import Collector, KgError
from kg.extract import conflicts, queue_claims
from kg.graph import GraphSet, assemble, curated_claims_per_source, curated_part
from kg.layers import EXTRACTED, layer_of
from kg.namespaces import Ids
from kg.ontology import Ontology, load_ontology
from kg.provenance import entity_origins, origin_path, registry_sources
from kg.reason import ReasonReport, inferred_graph, materialise, reasoning_predicates
from kg.resolution import MERGES_FILE, apply_merges, load_decisions, merge_groups
from kg.settings import Settings
from kg.incremental import Manifest, Plan, manifest_path, plan_build, write_manifest
from kg.incremental.plan import changed_during_build
from kg.incremental.coordinates import cached_coordinates, coordinates_path
from kg.incremental.sources import load_sources_reusing, metadata_of
from kg.incremental.delta import Delta, graph_delta
from kg.incremental.outputs import last_outputs, render_groups, unchanged_on_disk
from kg.outputs import output_groups, render_outputs  # noqa: F401 (render_outputs: kg.build's API)
from kg.incremental.store import apply_changes, copy_store, graph_changes, graph_texts, matches, stored_quads
from kg.incremental.validation import origins_of, validate_change, violation_records, violations_from
from kg.sources import META_SUFFIX, Source, source_slug
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore
from kg.validate import Violation, quote_rule, validate_store

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


@dataclass(frozen=True)
class BuildReport:
    entities_per_class: dict[str, int]
    facts_per_source: dict[str, int]
    quads: int
    violations: tuple[Violation, ...]
    outputs: tuple[str, ...] = ()
    extracted: int = 0  # unreviewed extracted facts, in their own named graphs
    reasoning: ReasonReport | None = None  # with --reason: what was inferred, and consistency
    inferred: int = 0  # triples of the inferred graph every build makes (the ontology's entailments)
    conflicts: tuple[str, ...] = ()  # extracted facts that contradict curated ones (not stored over them)
    plan: str = ""  # full or incremental, and why (kg.incremental)
    reread: tuple[str, ...] = ()  # the articles read and checked afresh
    replaced: tuple[str, ...] | None = None  # the graphs an incremental build replaced (None: all loaded)


@dataclass
class Built:
    graphs: GraphSet
    report: BuildReport
    store_dir: Path | None  # the freshly loaded temporary store (None for a remote store)
    outputs: dict[str, bytes] = field(default_factory=dict)
    manifest: Manifest | None = None  # what the new store is built from (embedded stores)
    coordinates: str | None = None  # the gazetteer's claims to keep beside the store, when new


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
    curation = load_curation(settings.curated_dir, sources, ontology, ids, errors, broken)
    errors.raise_any()
    # Reviewed merge decisions (sources/curated/merges.yaml) rewrite merged ids to the kept one.
    decisions = load_decisions(settings.curated_dir / MERGES_FILE)
    entities, claims, same_as = apply_merges(curation.entities, curation.claims, decisions, ontology, ids)
    kept = merge_groups(curation.entities, decisions, ontology)
    sources = {slug: replace(s, publisher_id=kept.get(s.publisher_id, s.publisher_id)) if s.publisher_id else s
               for slug, s in sources.items()}
    return Inputs(ontology, sources, entities, tuple(claims) + tuple(same_as), kept_of=kept,
                  registries=registry_sources(entities.values(), _curated_texts(settings, entities)), reread=reread)


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
    ids = Ids(settings.base_iri)
    graphs = assemble((*inputs.claims, *extra_claims), inputs.entities, inputs.sources, ids, inputs.ontology.graph,
                      inputs.registries)
    # Coordinates of the places the graph has, credited to the gazetteer packages (kg.geofacts).
    if coordinates is None:
        coordinates = coordinate_claims(inputs.entities.values(), inputs.ontology, ids)
    return with_coordinates(graphs, coordinates, ids)


def report_for(inputs: Inputs, graphs: GraphSet, violations: list[Violation], extracted: tuple[Claim, ...] = (),
               conflicts: tuple[str, ...] = ()) -> BuildReport:
    used_classes = Counter(inputs.ontology.label(e.cls) for e in inputs.entities.values())
    facts = curated_claims_per_source(graphs)
    return BuildReport(
        entities_per_class=dict(sorted(used_classes.items())),
        # Every article (0 if it supports nothing yet), then the registries and the gazetteer that are credited.
        facts_per_source={slug: facts.get(slug, 0)
                          for slug in (*inputs.sources, *sorted(set(facts) - set(inputs.sources)))},
        quads=len(graphs),
        violations=tuple(violations),
        extracted=len(extracted),
        conflicts=conflicts,
    )


def build(settings: Settings, progress: Progress = lambda _: None, check_shapes: bool = True,
          render: Callable[[OxigraphStore, Settings], dict[str, bytes]] | None = None,
          reason: bool = False, full: bool = False) -> Built:
    """Everything up to, not including, replacing the published store and outputs.

    Incremental unless `full` (kg.incremental): the articles unchanged since the store in place
    are not parsed again; the new store is a copy of that one with only the changed graphs
    replaced; validation, inference and the outputs are remade only as far as the change
    (kg.incremental.delta) reaches them, so that everything is what a full build makes."""
    plan = plan_build(settings, {}, full=full)
    progress(plan.summary())
    inputs = load_inputs(settings, progress, plan)
    progress("adding the review queue's extracted facts")
    extracted = queue_claims(settings, inputs)
    clashes = tuple(conflicts(extracted, inputs.claims, inputs.ontology))
    ids = Ids(settings.base_iri)
    coordinates, coordinates_text = cached_coordinates(
        inputs.entities.values(), inputs.ontology, ids, None if plan.store_dir is None else coordinates_path(plan.store_dir))
    graphs = assemble_inputs(inputs, settings, extracted, coordinates)
    report = replace(report_for(inputs, graphs, [], extracted, clashes), reread=inputs.reread)
    inferred_name = inferred_graph(ids)
    texts = graph_texts(graphs, inferred_name) if plan.store_dir is not None else {}
    digests = {name: hashlib.sha256(text).hexdigest() for name, text in texts.items()}
    store, store_dir, plan, replaced, delta = _new_store(settings, graphs, texts, digests, plan, progress)
    report = replace(report, plan=plan.summary(), replaced=replaced)
    previous = plan.previous
    try:
        shape_violations: list[Violation] | None = None
        if check_shapes:
            progress("validating against the SHACL shapes")
            limited = None
            if delta is not None and previous is not None and previous.violations is not None:
                # Only the nodes the change reaches (kg.incremental.validation); the rest as stored.
                limited = validate_change(store, delta, violations_from(previous.violations), previous.origins,
                                          settings.shapes_file, inputs.ontology.graph, inputs.entities, ids)
            if limited is not None:
                shape_violations = limited[0]
                progress(f"validated {limited[1]} nodes the change reaches again")
            else:
                # The asserted layer only (validate_store leaves out unreviewed extracted candidates,
                # which may be incomplete by nature, and entailments), read from the store just loaded.
                shape_violations = validate_store(store, settings.shapes_file, inputs.ontology.graph,
                                                  inputs.entities, ids)
            # The store holds no GraphSet: the quote rule reads the claim records assembled above.
            report = replace(report, violations=tuple(sorted(set(shape_violations) | set(quote_rule(graphs)))))
        # Every build materialises the entailments (so `?e a srk:Event` finds conferences); the
        # OWL reasoner's consistency check (HermiT, a JVM start) only with --reason.
        progress("inferring what the ontology entails (class and property hierarchy, inverses, chains)")
        if delta is not None and not reason and not delta.predicates() & reasoning_predicates(inputs.ontology):
            progress("the change reaches no fact the rules read: the inferred graph stays")
            report = replace(report, inferred=len(store.graph_ntriples(inferred_name).splitlines()))
        else:
            before = store.graph_ntriples(inferred_name) if delta is not None else b""
            reasoning = materialise(store, inputs.ontology, ids, check_owl=reason)
            report = replace(report, reasoning=reasoning if reason else None, inferred=reasoning.inferred)
            if delta is not None:
                delta = delta | graph_delta({inferred_name: before}, {inferred_name: store.graph_ntriples(inferred_name)})
        graphs = GraphSet({**graphs.graphs, **_inferred(store, settings)})
        progress("writing the outputs")
        records: dict = {}
        reads: dict = {}
        if render is not None:
            outputs = render(store, settings)
        else:
            outputs, records, reads = render_groups(
                store, settings, output_groups(), last_outputs(plan), delta, progress)
        manifest = None if store_dir is None else Manifest(
            plan.inputs, plan.digests, {slug: metadata_of(s) for slug, s in inputs.sources.items()}, digests,
            stored_quads(store), records, reads,
            None if shape_violations is None else violation_records(shape_violations), origins_of(inputs.entities, ids))
    except BaseException:
        store.close()
        if store_dir:
            shutil.rmtree(store_dir, ignore_errors=True)
        raise
    store.close()
    return Built(graphs, report, store_dir, outputs, manifest, coordinates_text)


def _new_store(settings: Settings, graphs: GraphSet, texts: dict[str, bytes], digests: dict[str, str], plan: Plan,
               progress: Progress) -> tuple[OxigraphStore, Path | None, Plan, tuple[str, ...] | None, Delta | None]:
    """The store to validate, reason over and publish: a copy of the one in place with the changed graphs
    replaced (incremental, with what changed), else a fresh one with every graph loaded; and the plan as
    carried out."""
    if plan.store_dir is None:  # render from memory; publish() pushes to the remote store
        store = OxigraphStore(None, with_extracted=settings.with_extracted)
        progress(f"loading {len(graphs)} quads into the store")
        store.load(graphs.quads())
        return store, None, plan, None, None
    if plan.previous is not None:
        copied = copy_store(plan.store_dir)
        store = OxigraphStore(copied, with_extracted=settings.with_extracted)
        try:
            why = matches(store, plan.previous, inferred_graph(Ids(settings.base_iri)))
            if not why:
                changes = graph_changes(plan.previous, digests)
                progress(changes.summary(len(digests)))
                old = {name: store.graph_ntriples(name) for name in (*changes.replaced, *changes.dropped)}
                apply_changes(store, graphs, changes)
                # The new graphs as the store spells them (a decimal is written as Oxigraph writes it).
                new = {name: store.graph_ntriples(name) for name in changes.replaced}
                return store, copied, plan, changes.replaced, graph_delta(old, new)
        except BaseException:
            store.close()
            shutil.rmtree(copied, ignore_errors=True)
            raise
        store.close()
        shutil.rmtree(copied, ignore_errors=True)
        plan = replace(plan, previous=None, reason=why)
        progress(plan.summary())
    store_dir = atomic.temp_dir_beside(plan.store_dir)
    store = OxigraphStore(store_dir, with_extracted=settings.with_extracted)
    try:
        progress(f"loading {len(graphs)} quads into the store")
        store.load(graphs.quads())
    except BaseException:
        store.close()
        shutil.rmtree(store_dir, ignore_errors=True)
        raise
    return store, store_dir, plan, None, None


def _inferred(store: OxigraphStore, settings: Settings) -> dict[str, tuple]:
    """The inferred graph as it now is in the store (so a remote publish carries it too)."""
    name = inferred_graph(Ids(settings.base_iri))
    found = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", name="inferred")
    return {name: tuple(sorted(found.triples or ()))}


def discard(built: Built) -> None:
    """Drop a build that will not be published (e.g. --strict found violations): nothing stays behind."""
    if built.store_dir is not None:
        shutil.rmtree(built.store_dir, ignore_errors=True)


def publish(built: Built, settings: Settings, progress: Progress = lambda _: None) -> BuildReport:
    """Swap the new store into place and write the outputs, each by an atomic rename."""
    if built.manifest is not None:
        changed = changed_during_build(settings, built.manifest, {})
        if changed:
            discard(built)  # the store and dist/ in place stay as they were
            raise KgError(changed)
    if built.store_dir is not None:
        progress("replacing the store")
        target = Path(settings.store_url.removeprefix("oxigraph:"))
        # No manifest while the store is swapped: a build killed here is followed by a full one.
        manifest_path(target).unlink(missing_ok=True)
        atomic.replace_dir(built.store_dir, target)
        if built.manifest is not None:
            write_manifest(manifest_path(target), built.manifest)
        if built.coordinates is not None:
            atomic.write_text(coordinates_path(target), built.coordinates)
    else:
        progress(f"pushing the graphs to {settings.store_url}")
        remote = open_store(settings.store_url)
        for name, triples in built.graphs.graphs.items():
            # A remote store answers with whatever it holds: unreviewed graphs go there only when asked.
            if settings.with_extracted or layer_of(name) != EXTRACTED:
                remote.replace_graph(name, triples)
    written = []
    for name, data in sorted(built.outputs.items()):
        if not unchanged_on_disk(settings.dist_dir / name, data):  # a file is rewritten only when its bytes change
            atomic.write_bytes(settings.dist_dir / name, data)
        written.append(str(settings.dist_dir / name))
    return BuildReport(**{**built.report.__dict__, "outputs": tuple(written)})
