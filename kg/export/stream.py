"""Exports of stores too large for memory: the same bytes as `export_store`, streamed through files.

`export_store` sorts the N-Triples lines in Python and hands the whole text to Oxigraph: at ten
million triples that is several GiB of bytes objects. Here every stage works on files, in bounded
memory, with the same order (kg.export.rdf): the engine dumps the union graph to a file, the
rdf:type predicates are marked to sort first, `sort -u` (C locale: byte order, as Python sorts
bytes; it spills to disk beyond its buffer) orders and deduplicates the lines, the marks are
undone, and for Turtle Oxigraph's serialiser reads the sorted file and writes the output file,
whose @prefix lines are then put in kg's order. The result is byte-identical to
`export_store(store, fmt, base_iri)` (tested); written beside the target, then renamed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from kg import atomic
from kg.export.rdf import body_start, mark_types, prefix_header, prefixes_for, unmark_types

STREAMED_FORMATS = ("ttl", "nt")  # the union graph; the graph formats would sort per graph
BLOCK = 1 << 24
SORT_BUFFER = "512M"  # sort's memory before it spills sorted runs to disk (counted in the tree's peak)


def _blocks(source: BinaryIO) -> Iterator[bytes]:
    """The file in blocks of whole lines (no line is cut, so no mark is either)."""
    while block := source.read(BLOCK):
        yield block + source.readline()


def _copy(source: Path, target: BinaryIO, change: Callable[[bytes], bytes], skip: int = 0) -> None:
    with open(source, "rb") as read:
        read.seek(skip)
        for block in _blocks(read):
            target.write(change(block))


def sorted_lines(unsorted: Path, target: Path, work_dir: Path) -> None:
    """N-Triples lines of `unsorted`, distinct and in export order, as `target`."""
    env = {**os.environ, "LC_ALL": "C"}
    with open(target, "wb") as out:
        sorter = subprocess.Popen(["sort", "-u", "-S", SORT_BUFFER, "-T", str(work_dir)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, env=env)
        assert sorter.stdin is not None and sorter.stdout is not None
        with open(unsorted, "rb") as feed:  # sort reads all its input before it writes: no deadlock
            for block in _blocks(feed):
                sorter.stdin.write(mark_types(block))
        unsorted.unlink()
        sorter.stdin.close()
        first = True
        for block in _blocks(sorter.stdout):
            if first and block.startswith(b"\n"):  # an empty line sorts first: a dump has none, export_store drops it
                block = block[1:]
            first = False
            out.write(unmark_types(block))
        if sorter.wait() != 0:
            raise OSError(f"sort failed with exit code {sorter.returncode}")


def export_to_file(store: object, fmt: str, base_iri: str, target: Path,
                   progress: Callable[[str], None] = lambda _: None) -> int:
    """The union graph of a store (OxigraphStore) as Turtle or N-Triples in `target`; its size in bytes."""
    if fmt not in STREAMED_FORMATS:
        raise ValueError(f"streamed export writes {' or '.join(STREAMED_FORMATS)}, not {fmt!r}")
    work = atomic.temp_dir_beside(target)
    try:
        dumped, ordered = work / "union.nt", work / "sorted.nt"
        with open(dumped, "wb") as out:
            store.dump_ntriples(out)  # type: ignore[attr-defined]
        progress(f"  dumped by the engine ({dumped.stat().st_size / 2**20:,.0f} MiB)")
        sorted_lines(dumped, ordered, work)
        progress("  sorted (sort -u, C locale)")
        if fmt == "nt":
            os.replace(ordered, target)
            return target.stat().st_size
        prefixes = prefixes_for(base_iri)
        written = work / "oxigraph.ttl"
        ox.serialize(ox.parse(path=str(ordered), format=ox.RdfFormat.N_TRIPLES, lenient=True), str(written),
                     ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
        ordered.unlink()
        progress("  written by Oxigraph's Turtle serialiser")
        with open(written, "rb") as head:
            skip = body_start(head.read(1 << 16), prefixes)
        final = work / target.name
        with open(final, "wb") as out:
            out.write(prefix_header(prefixes))
            _copy(written, out, lambda block: block, skip)
        os.replace(final, target)
        return target.stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)
