"""SHACL validation of a store too large to copy into memory: the same engine, on disk.

`kg.validate.validate_store` copies the asserted layer into a fresh in-memory Oxigraph (kg.shacl
adds entailments and focus-node marks to the store it runs on, so it must not be the user's
store). At ten million triples that copy alone held 6.4 GiB and grew. Here the copy is an on-disk
Oxigraph beside the store instead: each asserted graph is dumped by the engine to one N-Triples
file, the file is bulk-loaded (no Python terms, nothing held in memory), and the very same
compiled shapes (kg.shacl) run on it, with the same explanations (kg.validate). The copy is
removed afterwards. The results are `validate_store`'s (tested at a small size).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph

from kg import shacl
from kg.export import to_ntriples
from kg.layers import ASSERTED, layer_of
from kg.rdfparse import parse_turtle
from kg.store.oxigraph import OxigraphStore
from kg.validate import Asserted, Violation, _explain


def validate_on_disk(store: OxigraphStore, shapes_file: Path, ontology: Graph, work_dir: Path,
                     progress: Callable[[str], None] = lambda _: None) -> list[Violation]:
    """`kg.validate.validate_store` with its working copy on disk under `work_dir` (removed after)."""
    copy_dir, data = work_dir / "validation-store", work_dir / "validation-data.nt"
    shutil.rmtree(copy_dir, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    asserted = [g for g in store.graph_names() if layer_of(g) == ASSERTED]
    try:
        with open(data, "wb") as out:
            for graph in asserted:
                store.dump_ntriples(out, graph)
            out.write(to_ntriples(ontology).encode())
        progress(f"  {len(asserted):,} asserted graphs dumped ({data.stat().st_size / 2**20:,.0f} MiB) "
                 f"in {time.perf_counter() - started:.1f} s")
        engine = ox.Store(str(copy_dir))
        engine.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, lenient=True)  # N-Triples we wrote
        data.unlink()
        progress(f"  loaded into the working copy on disk at {time.perf_counter() - started:.1f} s")
        shapes = parse_turtle(shapes_file)
        shacl.rdfs_closure(engine, shacl.types_asked(shapes))
        targeted = set(shapes.objects(None, shacl.SH.targetClass))
        compiled = shacl.compile_shapes(shapes, shacl.literal_members(engine, targeted))
        progress(f"  entailments added at {time.perf_counter() - started:.1f} s; "
                 f"{len(compiled.checks)} checks to run")
        results = list(shacl.run(engine, compiled))
        progress(f"  checks run at {time.perf_counter() - started:.1f} s: {len(results):,} results")
        found = sorted(set(_explain(results, Asserted(engine), {})))
        del engine
        return found
    finally:
        data.unlink(missing_ok=True)
        shutil.rmtree(copy_dir, ignore_errors=True)
