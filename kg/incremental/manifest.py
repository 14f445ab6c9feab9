"""The hash manifest beside the store: what the store in place was built from.

Invariant: when a manifest exists, it describes the store beside it. `publish` removes
the old manifest before swapping the store and writes the new one after, so a build
killed in between leaves no manifest, and the next build is a full one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from kg import atomic

FORMAT = 4  # 4: each piece has its Uses (kg.graph)


@dataclass(frozen=True)
class Manifest:
    inputs: str  # kg.incremental.fingerprint.inputs_fingerprint
    sources: dict[str, str]  # slug -> hash of its files
    metadata: dict[str, dict[str, str | None]]  # slug -> its parsed metadata (so it is not parsed again)
    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI -> hash of its sorted N-Triples (or PATCHED)
    quads: int = 0  # quads of the store, inferred graph included (a cheap check that it is this store)
    outputs: dict[str, dict] = field(default_factory=dict)  # output group -> files' hashes, queries (kg.incremental.outputs)
    reads: dict[str, dict] = field(default_factory=dict)  # query key -> its text and what it reads (kg.incremental.reads)
    violations: list[dict] | None = None  # the shapes' violations of this store (None: not validated)
    origins: dict[str, str] = field(default_factory=dict)  # entity IRI -> its registry line (validation's)
    pieces: dict[str, dict] = field(default_factory=dict)  # article slug -> its piece (kg.incremental.assembly)

    def to_json(self) -> str:
        # Not asdict (a deep copy of every piece) and no indent (the pure-Python encoder): each cost
        # more than a second for a thousand articles; the fields hold JSON values already.
        return json.dumps({"format": FORMAT, **{f.name: getattr(self, f.name) for f in fields(self)}},
                          sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not a format-{FORMAT} manifest")
        inputs, sources, meta, graphs, quads = (document.get(k) for k in
                                                ("inputs", "sources", "metadata", "graphs", "quads"))
        if not (isinstance(inputs, str) and isinstance(quads, int) and _str_map(sources) and _str_map(graphs)
                and isinstance(meta, dict) and all(isinstance(v, dict) for v in meta.values())):
            raise ValueError("a field is missing or of the wrong type")
        outputs, reads, violations, origins, pieces = (document.get(k) for k in
                                                       ("outputs", "reads", "violations", "origins", "pieces"))
        if not (isinstance(outputs, dict) and isinstance(reads, dict) and _str_map(origins)
                and (violations is None or isinstance(violations, list))
                and isinstance(pieces, dict) and all(isinstance(v, dict) for v in pieces.values())):
            raise ValueError("a field is missing or of the wrong type")
        return cls(inputs, sources, meta, graphs, quads, outputs, reads, violations, origins, pieces)


def _str_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def manifest_path(store_dir: Path) -> Path:
    return store_dir.with_name(f"{store_dir.name}.manifest.json")


def read_manifest(path: Path) -> tuple[Manifest | None, str]:
    """The manifest, or None and why it cannot be used (one line)."""
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, f"no manifest at {path}"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"the manifest {path} is unreadable ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"


def write_manifest(path: Path, manifest: Manifest) -> None:
    atomic.write_text(path, manifest.to_json())
