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
from typing import Callable, Mapping

from kg import atomic
from kg.claims import Claim
from kg.errors import KgError
from kg.extract import conflicts, queue_claims
from kg.graph import GraphSet, curated_claims_per_source, curated_part  # noqa: F401 (curated_part: kg.build's API)
from kg.inputs import Inputs, assemble_inputs, assemble_with_uses, load_inputs  # noqa: F401 (kg.build's API)
from kg.layers import EXTRACTED, layer_of
from kg.namespaces import Ids
from kg.reason import ReasonReport, inferred_graph, materialise, reasoning_predicates
from kg.settings import Settings
from kg.incremental import Manifest, Plan, manifest_path, plan_build, write_manifest
from kg.incremental.plan import changed_during_build
from kg.incremental.coordinates import cached_coordinates, coordinates_path
from kg.incremental.facts import facts_cache_path
from kg.incremental.sources import metadata_of
from kg.incremental.delta import graph_delta
from kg.incremental.outputs import last_outputs, render_groups, unchanged_on_disk
from kg.outputs import output_groups, output_patchers, render_outputs  # noqa: F401 (render_outputs: kg.build's API)
from kg.incremental.assembly import (Partial, Piece, claims_graphs, defining, extracted_digests, owned_graphs,
                                     partial_graphs, pieces_of)
from kg.incremental.store import NewStore, fresh_store, graph_texts, open_copy, patched_store, stored_quads
from kg.incremental.validation import origins_of, validate_change, violation_records, violations_from
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore
from kg.validate import Violation, quote_rule, validate_store

Progress = Callable[[str], None]


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
    graphs: GraphSet  # every graph; after an incremental build, those it made again (the store holds all)
    report: BuildReport
    store_dir: Path | None  # the freshly loaded temporary store (None for a remote store)
    outputs: dict[str, bytes] = field(default_factory=dict)
    manifest: Manifest | None = None  # what the new store is built from (embedded stores)
    coordinates: str | None = None  # the gazetteer's claims to keep beside the store, when new
    facts: str | None = None  # the facts files' claims to keep beside it (kg.incremental.facts)


def report_for(inputs: Inputs, facts: dict[str, int], quads: int, extracted: tuple[Claim, ...] = (),
               conflicts: tuple[str, ...] = ()) -> BuildReport:
    """`facts`: curated claim records per source (kg.graph.curated_claims_per_source); `quads`: assembled."""
    used_classes = Counter(inputs.ontology.label(e.cls) for e in inputs.entities.values())
    return BuildReport(
        entities_per_class=dict(sorted(used_classes.items())),
        # Every article (0 if it supports nothing yet), then the registries and the gazetteer that are credited.
        facts_per_source={slug: facts.get(slug, 0)
                          for slug in (*inputs.sources, *sorted(set(facts) - set(inputs.sources)))},
        quads=quads,
        violations=(),
        extracted=len(extracted),
        conflicts=conflicts,
    )


def build(settings: Settings, progress: Progress = lambda _: None, check_shapes: bool = True,
          render: Callable[[OxigraphStore, Settings], dict[str, bytes]] | None = None,
          reason: bool = False, full: bool = False) -> Built:
    """Everything up to, not including, replacing the published store and outputs.

    Incremental unless `full` (kg.incremental): the articles unchanged since the store in place
    are not parsed again, nor assembled (kg.incremental.assembly); the new store is a copy of that
    one with only the changed graphs and claim records replaced; validation, inference and the
    outputs are remade (the exports patched) only as far as the change (kg.incremental.delta)
    reaches them, so that everything is what a full build makes."""
    plan = plan_build(settings, {}, full=full)
    progress(plan.summary())
    inputs = load_inputs(settings, progress, plan)
    progress("adding the review queue's extracted facts")
    extracted = queue_claims(settings, inputs)
    clashes = tuple(conflicts(extracted, inputs.claims, inputs.ontology))
    ids = Ids(settings.base_iri)
    coordinates, coordinates_text = cached_coordinates(
        inputs.entities.values(), inputs.ontology, ids, None if plan.store_dir is None else coordinates_path(plan.store_dir))
    inferred_name = inferred_graph(ids)
    copy, copied, plan = open_copy(plan, inferred_name, settings.with_extracted, progress)
    try:
        made, graphs, partial, pieces = _store_of(settings, inputs, extracted, coordinates, plan, copy, copied,
                                                  progress)
    except BaseException:
        if copy is not None:
            copy.close()
            shutil.rmtree(copied, ignore_errors=True)  # type: ignore[arg-type]
        raise
    store, store_dir, delta, previous = made.store, made.store_dir, made.delta, plan.previous
    changed_graphs = (*(made.replaced or ()), *made.dropped)  # what the exports' patcher writes again
    report = replace(report_for(inputs, partial.facts() if partial else curated_claims_per_source(graphs),
                                partial.quads() if partial else len(graphs), extracted, clashes),
                     reread=inputs.reread, plan=plan.summary(), replaced=made.replaced)
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
            quotes = partial.quote_violations() if partial else quote_rule(graphs)
            report = replace(report, violations=tuple(sorted(set(shape_violations) | set(quotes))))
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
                after = store.graph_ntriples(inferred_name)
                delta = delta | graph_delta({inferred_name: before}, {inferred_name: after})
                changed_graphs += (inferred_name,) if after != before else ()
        if partial is None:  # an incremental build's graphs are those it made again (the store has the rest)
            graphs = GraphSet({**graphs.graphs, **_inferred(store, settings)})
        progress("writing the outputs")
        records: dict = {}
        reads: dict = {}
        if render is not None:
            outputs = render(store, settings)
        else:
            outputs, records, reads = render_groups(store, settings, output_groups(), last_outputs(plan), delta,
                                                    progress, output_patchers(), changed_graphs,
                                                    analyse_all=delta is None and store_dir is not None)
        manifest = None if store_dir is None else Manifest(
            plan.inputs, plan.digests, {slug: metadata_of(s) for slug, s in inputs.sources.items()}, made.digests,
            stored_quads(store), records, reads,
            None if shape_violations is None else violation_records(shape_violations), origins_of(inputs.entities, ids),
            {slug: piece.to_json() for slug, piece in pieces.items()})
    except BaseException:
        store.close()
        if store_dir:
            shutil.rmtree(store_dir, ignore_errors=True)
        raise
    store.close()
    return Built(graphs, report, store_dir, outputs, manifest, coordinates_text, inputs.facts_cache)


def _store_of(settings: Settings, inputs: Inputs, extracted: tuple[Claim, ...], coordinates: list[Claim], plan: Plan,
              copy: OxigraphStore | None, copied: Path | None, progress: Progress
              ) -> tuple[NewStore, GraphSet, Partial | None, Mapping[str, Piece]]:
    """The graphs and the new store: with a `copy` of the store in place (incremental), the graphs made
    again (kg.incremental.assembly) patched into it; else every graph, loaded into a new store. Also every
    article's piece, now (none for a remote store: no manifest)."""
    ids = Ids(settings.base_iri)
    leave_out = inferred_graph(ids)
    if copy is None or plan.previous is None:
        graphs, uses = assemble_with_uses(inputs, settings, extracted, coordinates)
        texts = graph_texts(graphs, leave_out) if plan.store_dir is not None else {}
        digests = {name: hashlib.sha256(text).hexdigest() for name, text in texts.items()}
        pieces = {} if plan.store_dir is None else pieces_of(graphs, inputs.sources, ids, defining(inputs),
                                                             extracted_digests(extracted), uses)
        return fresh_store(graphs, digests, plan, settings.with_extracted, progress), graphs, None, pieces
    kept = {slug: Piece.from_json(value) for slug, value in plan.previous.pieces.items()}
    partial = partial_graphs(inputs, extracted, ids, coordinates, plan.changed, kept)
    records = claims_graphs(ids)
    texts = graph_texts(GraphSet({n: t for n, t in partial.graphs.graphs.items() if n not in records}), leave_out)
    digests = {name: hashlib.sha256(text).hexdigest() for name, text in texts.items()}
    made = patched_store(copy, copied, plan.previous, partial.graphs, digests,  # type: ignore[arg-type]
                         {n for slug in partial.kept for n in owned_graphs(slug, ids)},
                         {ids.source(slug) for slug in partial.kept}, records, progress)
    return made, partial.graphs, partial, partial.pieces


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
        for path, text in ((coordinates_path(target), built.coordinates), (facts_cache_path(target), built.facts)):
            if text is not None:  # caches keyed by what they were made from: right beside any store
                atomic.write_text(path, text)
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
