"""Content hashes: of each article's files, and of everything else a build reads.

A source is its metadata file, its text (the `.orig.txt` is never read by a build) and its
curated facts file (`sources/curated/facts/SLUG.yaml`): editing one article's facts is an
incremental build (the claims are checked and assembled over the whole again, and only the
graphs that differ are written). Everything else is hashed together into one fingerprint, as
every source's claims may depend on it: the ontology folder (ontology and shapes), every file
under sources/ but the articles and facts files (the entity registry, merges.yaml, the review
queue), the code of the
`kg` package (queries, page assets and bundles included), the versions of the distributions
the project requires, directly or through another (the gazetteer packages, pyoxigraph, rdflib
and what they require; not whatever else sys.path holds), and the settings and options that
change what a build writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
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
    # os.walk with the skipped folders pruned, on strings: rglob, sorted Paths and a parents check per
    # file cost a third of a second for a thousand articles, twice a build.
    left_out = {str(path) for path in skip}
    found = {}
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__" and os.path.join(top, name) not in left_out]
        for name in files:
            path = os.path.join(top, name)
            if path not in left_out and os.path.isfile(path):
                found[Path(path).relative_to(folder).as_posix()] = file_digest(Path(path))
    return dict(sorted(found.items()))


def facts_dir(settings: Settings) -> Path:
    from kg.curation import FACTS_DIR

    return settings.curated_dir / FACTS_DIR


def source_digests(articles_dir: Path, facts: Path | None = None) -> dict[str, str]:
    """Per article slug, the hash of its metadata, its text and its facts file under `facts` (a missing
    file hashes as empty). A facts file of no article is in no digest: `inputs_fingerprint` has it."""
    found = {}
    for meta_file in sorted(articles_dir.glob(f"*{META_SUFFIX}")) if articles_dir.is_dir() else ():
        slug = source_slug(meta_file)
        digest = hashlib.sha256(meta_file.read_bytes())
        text_file = meta_file.with_name(f"{slug}.txt")
        for part in (text_file, *(() if facts is None else (facts / f"{slug}.yaml",))):
            digest.update(b"\0")
            if part.is_file():
                digest.update(part.read_bytes())
        found[slug] = digest.hexdigest()
    return found


PROJECT = "silkroad-kg"


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): 'PyYAML>=6' -> 'pyyaml'."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s;<>=!~\[(@]", requirement.strip(), maxsplit=1)[0]).lower()


@lru_cache(maxsize=None)
def _distributions(root: str = PROJECT) -> tuple[tuple[str, str | None], ...]:
    """The versions of `root` and of every distribution it requires, transitively (extras left out):
    what a build imports. None: required but not installed (a platform's marker, e.g. colorama).
    Once per process: reading the metadata of ~90 distributions costs about 0.1 s."""
    found: dict[str, str | None] = {}
    todo = [root]
    while todo:
        name = _name(todo.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found[name] = None
            continue
        found[name] = dist.version
        todo.extend(r for r in dist.requires or () if "extra ==" not in r)
    return tuple(sorted(found.items()))


def inputs_fingerprint(settings: Settings, options: dict[str, object]) -> str:
    """One hash of everything but the articles that decides what a build writes."""
    import kg

    code_dir = Path(kg.__file__).parent
    articles = {meta.name[: -len(META_SUFFIX)] for meta in settings.articles_dir.glob(f"*{META_SUFFIX}")}
    facts = facts_dir(settings)
    own_facts = tuple(facts / f"{slug}.yaml" for slug in sorted(articles))  # in their articles' digests
    parts = {
        "ontology": folder_digests(settings.root / "ontology"),
        "sources": folder_digests(settings.root / "sources", skip=(settings.articles_dir, *own_facts)),
        "code": folder_digests(code_dir),
        "distributions": _distributions(),
        # Not the paths: the store holds project-relative ones, and a copied project keeps its manifest.
        "settings": {"base_iri": settings.base_iri, "with_extracted": settings.with_extracted},
        "options": options,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
