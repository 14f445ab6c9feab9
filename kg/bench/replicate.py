"""Ten million triples as renamed copies of a smaller synthetic graph, written as N-Quads text.

Generating ten million triples through kg.bench.synthetic and kg.graph.assemble would hold them
all as rdflib terms (many GiB, and minutes of Python). So the base graph of `kg bench`
(kg.bench.dataset, 1M by default) is generated once and replicated as text, block by block:
copy n gets every entity, source, claim and source-graph IRI renamed (`id/person/x` ->
`id/person/s3-x`), so the copies share only the ontology, the vocabulary and the special graphs
(claims, ontology, inferred), as ten corpora of the same shape would. Copy 0 keeps its IRIs, so
the named queries' parameters (chosen from the base data) still name busy entities.

The renaming is plain `bytes.replace` over 16 MiB blocks (C speed, a few hundred MB/s), not a
regular expression or a parser: nothing but the block in hand is held in memory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from kg import atomic
from kg.namespaces import ENTITY_KINDS, GRAPH_PATH, SPECIAL_GRAPHS

BLOCK = 1 << 24
# Every kind of IRI a corpus mints under {base}id/: entities, and sources, claims and graphs.
RENAMED_KINDS = (*ENTITY_KINDS, "source", "claim", "graph")


def copy_renamed(block: bytes, copy: int, base: str) -> bytes:
    """N-Quads with every `{base}id/KIND/NAME` IRI renamed `{base}id/KIND/sN-NAME`, but the special graphs'."""
    if copy == 0:
        return block
    tag = f"s{copy}-".encode()
    for kind in RENAMED_KINDS:
        prefix = f"<{base}id/{kind}/".encode()
        block = block.replace(prefix, prefix + tag)
    graphs = f"<{base}{GRAPH_PATH}".encode()
    for special in sorted(SPECIAL_GRAPHS):  # claims, ontology, inferred keep their names (kg.layers)
        for end in (b">", b"/"):
            block = block.replace(graphs + tag + special.encode() + end, graphs + special.encode() + end)
    return block


def replicated(base_file: Path, copies: int, base_iri: str, target: Path,
               progress: Callable[[str], None] = lambda _: None) -> Path:
    """`base_file` (N-Quads) `copies` times, renamed, as `target` (kept: a second run reuses it)."""
    if target.is_file():
        progress(f"  reusing {target}")
        return target
    temporary = atomic.temp_dir_beside(target) / target.name
    try:
        with open(base_file, "rb") as source, open(temporary, "wb") as out:
            for copy in range(copies):
                source.seek(0)
                while block := source.read(BLOCK):
                    block += source.readline()  # whole lines only
                    out.write(copy_renamed(block, copy, base_iri))
                progress(f"  copy {copy + 1} of {copies} written ({out.tell() / 2**20:,.0f} MiB)")
        os.replace(temporary, target)
    finally:
        shutil.rmtree(temporary.parent, ignore_errors=True)
    return target
