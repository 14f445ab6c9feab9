"""Settings: one frozen value read from the environment, with sensible defaults.

Every path and the base IRI come from here; nothing else hard-codes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.errors import KgError

DEFAULT_BASE_IRI = "https://w3id.org/silkroad-kg/"


def is_project(folder: Path) -> bool:
    """A project is a folder with ontology/ and sources/ (what `kg init` makes)."""
    return (folder / "ontology").is_dir() and (folder / "sources").is_dir()


def find_project(start: Path) -> Path | None:
    """The nearest folder from `start` up that is a project, as git finds a repository."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_project(folder)), None)


@dataclass(frozen=True)
class Settings:
    root: Path  # the project folder: ontology/ and sources/
    base_iri: str = DEFAULT_BASE_IRI
    # A store URL: "oxigraph:PATH" (embedded, on disk), "memory:" or an http(s) SPARQL endpoint.
    store: str = ""
    dist: Path = Path("dist")
    query_timeout_s: float = 30.0
    result_limit: int = 10_000
    query_memory_mb: int = 512  # per query worker (KG_QUERY_MEMORY, MiB)
    workers: int = 6  # query worker processes of `kg serve` (KG_WORKERS)
    # Unreviewed extracted facts answer queries, views and pages only when asked (kg.layers).
    with_extracted: bool = False
    extract_timeout_s: float = 60.0  # per article in `kg extract` (KG_EXTRACT_TIMEOUT): past it, skipped

    def require_project(self) -> None:
        """Fail with a clear message when `root` is not a project."""
        if not is_project(self.root):
            raise KgError(f"no silkroad-kg project at {self.root} or above it (a folder with ontology/ and "
                          "sources/): cd into one, set KG_ROOT, or start one with `kg init DIR`")

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "silkroad.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def articles_dir(self) -> Path:
        return self.root / "sources" / "articles"

    @property
    def curated_dir(self) -> Path:
        return self.root / "sources" / "curated"

    @property
    def dist_dir(self) -> Path:
        return self.dist if self.dist.is_absolute() else self.root / self.dist

    @property
    def store_url(self) -> str:
        return self.store or f"oxigraph:{self.dist_dir / 'store'}"

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from KG_* environment variables."""
    env = dict(os.environ if env is None else env)
    # KG_ROOT wins; else the project around the working directory. Outside any project the
    # working directory stands in, so that the commands needing one say what is missing.
    root = Path(env.get("KG_ROOT") or find_project(Path.cwd()) or Path.cwd()).resolve()
    base = env.get("KG_BASE_IRI", DEFAULT_BASE_IRI)
    if not base.endswith("/"):
        base += "/"
    return Settings(
        root=root,
        base_iri=base,
        store=env.get("KG_STORE", ""),
        dist=Path(env.get("KG_DIST", "dist")),
        query_timeout_s=_positive(env, "KG_QUERY_TIMEOUT", "30", float),
        result_limit=_positive(env, "KG_RESULT_LIMIT", "10000", int),
        query_memory_mb=_positive(env, "KG_QUERY_MEMORY", "512", int),
        workers=_positive(env, "KG_WORKERS", str(max(4, 3 * (os.cpu_count() or 1))), int),
        with_extracted=env.get("KG_WITH_EXTRACTED", "").strip().lower() in {"1", "true", "yes", "on"},
        extract_timeout_s=_positive(env, "KG_EXTRACT_TIMEOUT", "60", float),
    )


def _positive(env: dict[str, str], key: str, default: str, kind: type) -> Any:
    text = env.get(key) or default
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or value <= 0:
        raise KgError(f"{key}={text!r}: expected a positive {'whole ' if kind is int else ''}number")
    return value
