"""The Turtle and TriG exports patched where the store changed, byte for byte what writing them whole gives.

Oxigraph writes the Turtle export (kg.export.rdf: sorted N-Triples lines) as one block per
subject, in the order of the subjects' N-Triples spellings, each block opening a line (its
other lines start with a tab, and literals are written on one line, `\\n` escaped); and the
TriG export as one block per named graph, by IRI, from `name {` to `}`. A block depends on its
own subject's (graph's) triples alone, so an export in which the blocks of the changed subjects
(graphs) are written again, and put in place of the old ones or between their neighbours, is the
export of the new store (tests/test_export.py compares the two). An incremental build
(kg.incremental.outputs) writes a few blocks instead of the whole file.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox

from kg.export.rdf import body_start, prefixes_for, split_lines, write

_UNESCAPE = re.compile(rb"\\(.)")  # PN_LOCAL_ESC: a backslash before a punctuation mark
_TURTLE_START = re.compile(rb"\n(?=[^\t])")  # a line that opens a subject's block
_TRIG_START = re.compile(rb"\n(?=[^\t}])")  # a line that opens a graph's block


def _spelled(token: bytes, prefixes: Mapping[bytes, bytes]) -> bytes:
    """A subject or graph name as Oxigraph wrote it (prefixed or not) in N-Triples spelling."""
    if token.startswith((b"<", b"_:")):
        return token
    name, _, local = token.partition(b":")
    return b"<" + prefixes[name] + _UNESCAPE.sub(rb"\1", local) + b">"


def splice(old: bytes, blocks: Mapping[bytes, bytes], prefixes: Mapping[str, str], trig: bool) -> bytes:
    """`old` (a whole Turtle or TriG export under `prefixes`) with the block of each key of `blocks`
    replaced by its value (b"": the block goes; a key not in `old`: the block is put in its place).
    Keys: a subject's N-Triples spelling followed by a space (Turtle: the order of the lines), or a
    graph's IRI (TriG: graphs sorted by IRI)."""
    head = body_start(old, prefixes)
    body = old[head:]
    starts = [0, *(m.end() for m in (_TRIG_START if trig else _TURTLE_START).finditer(body))] if body else []
    names = {p.encode(): ns.encode() for p, ns in prefixes.items()}
    keys: dict[int, bytes] = {}

    def key(index: int) -> bytes:  # the key of the index-th block, read from its first line
        if index not in keys:
            start = starts[index]
            token = body[start:body.index(b" ", start)]
            spelled = _spelled(token, names)
            keys[index] = spelled[1:-1] if trig else spelled + b" "
        return keys[index]

    parts: list[bytes] = []
    at = 0
    for wanted in sorted(blocks):
        low, high = 0, len(starts)
        while low < high:  # the first block whose key is not below the wanted one
            middle = (low + high) // 2
            if key(middle) < wanted:
                low = middle + 1
            else:
                high = middle
        begin = starts[low] if low < len(starts) else len(body)
        found = low < len(starts) and key(low) == wanted
        parts += [body[at:begin], blocks[wanted]]
        at = (starts[low + 1] if low + 1 < len(starts) else len(body)) if found else begin
    parts.append(body[at:])
    return old[:head] + b"".join(parts)


def block(lines: list[bytes], fmt: str, prefixes: Mapping[str, str], graph: str = "") -> bytes:
    """One subject's block (Turtle; `lines`: its N-Triples lines) or one graph's (TriG), as the whole
    export writes it; b"" for no lines."""
    if not lines:
        return b""
    written = write({graph: lines}, fmt, prefixes)
    return written[body_start(written, prefixes):]


def _term(spelled: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(spelled[2:]) if spelled.startswith("_:") else ox.NamedNode(spelled[1:-1])


def _ntriples(quads: Iterable[ox.Quad]) -> list[bytes]:
    triples = [q.triple for q in quads]
    return split_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)) if triples else []


def patch_turtle(store: object, old: bytes, subjects: Iterable[str], base_iri: str) -> bytes:
    """The union graph's Turtle export (`old`: the store's before) with the blocks of `subjects`
    (N-Triples spellings; literals, which are no subjects, are left out) written again from the store."""
    raw = store._store  # type: ignore[attr-defined]  # noqa: SLF001 (pattern reads: no rdflib term is made)
    union = store.dataset["default_graph"]  # type: ignore[attr-defined]  # what union_ntriples dumps
    prefixes = prefixes_for(base_iri)
    blocks = {}
    for subject in {s for s in subjects if s.startswith(("<", "_:"))}:
        term = _term(subject)
        lines = set(_ntriples(q for part in union for q in raw.quads_for_pattern(term, None, None, part)))
        blocks[subject.encode() + b" "] = block(sorted(lines), "ttl", prefixes)
    return splice(old, blocks, prefixes, trig=False)


def patch_trig(store: object, old: bytes, graphs: Iterable[str], base_iri: str) -> bytes:
    """The TriG export (`old`: the store's before) with the blocks of `graphs` written again from the store."""
    visible = set(store.graph_names())  # type: ignore[attr-defined]  # what export_store writes
    prefixes = prefixes_for(base_iri)
    graph_text: Callable[[str], bytes] = store.graph_ntriples  # type: ignore[attr-defined]
    blocks = {name.encode(): block(split_lines(graph_text(name)), "trig", prefixes, name) if name in visible else b""
              for name in set(graphs)}
    return splice(old, blocks, prefixes, trig=True)
