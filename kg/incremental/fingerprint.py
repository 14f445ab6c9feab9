"""Content hashes: of each article's files, and of everything else a build reads.

A source is its metadata file and its text (the `.orig.txt` is never read by a build).
Everything else is hashed together into one fingerprint, as every source's claims may
depend on it: the ontology folder (ontology and shapes), every file under sources/ but the
articles (curated registries and facts, merges.yaml, the review queue), the code of the
`kg` package (queries, page assets and bundles included), the installed distributions
and their versions (the gazetteer packages, pyoxigraph, rdflib), and the settings and
options that change what a build writes.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from kg.settings import Settings
from kg.sources import META_SUFFIX, source_slug

_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def folder_digests(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Digest of every file under `folder` (byte code caches left out), by path relative to it."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or any(path.is_relative_to(s) for s in skip):
            continue
        found[path.relative_to(folder).as_posix()] = file_digest(path)
    return found


def source_digests(articles_dir: Path) -> dict[str, str]:
    """Per article slug, the hash of its metadata and its text (a missing text hashes as empty)."""
    found = {}
    for meta_file in sorted(articles_dir.glob(f"*{META_SUFFIX}")) if articles_dir.is_dir() else ():
        slug = source_slug(meta_file)
        digest = hashlib.sha256(meta_file.read_bytes())
        digest.update(b"\0")
        text_file = meta_file.with_name(f"{slug}.txt")
        if text_file.is_file():
            digest.update(text_file.read_bytes())
        found[slug] = digest.hexdigest()
    return found


def _distributions() -> list[str]:
    return sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})


def inputs_fingerprint(settings: Settings, options: dict[str, object]) -> str:
    """One hash of everything but the articles that decides what a build writes."""
    import kg

    code_dir = Path(kg.__file__).parent
    parts = {
        "ontology": folder_digests(settings.root / "ontology"),
        "sources": folder_digests(settings.root / "sources", skip=(settings.articles_dir,)),
        "code": folder_digests(code_dir),
        "distributions": _distributions(),
        # Not the paths: the store holds project-relative ones, and a copied project keeps its manifest.
        "settings": {"base_iri": settings.base_iri, "with_extracted": settings.with_extracted},
        "options": options,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
