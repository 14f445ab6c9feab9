"""Settings: one frozen value read from the environment, with sensible defaults.

Every path and the base IRI come from here; nothing else hard-codes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/silkroad-kg/"


def _project_root() -> Path:
    """The checkout the package lives in, else the working directory."""
    here = Path(__file__).resolve().parent.parent
    if (here / "ontology").is_dir() and (here / "sources").is_dir():
        return here
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    root: Path
    base_iri: str = DEFAULT_BASE_IRI
    # A store URL: "oxigraph:PATH" (embedded, on disk), "memory:" or an http(s) SPARQL endpoint.
    store: str = ""
    dist: Path = Path("dist")
    query_timeout_s: float = 30.0
    result_limit: int = 10_000

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
    root = Path(env.get("KG_ROOT") or _project_root()).resolve()
    base = env.get("KG_BASE_IRI", DEFAULT_BASE_IRI)
    if not base.endswith("/"):
        base += "/"
    return Settings(
        root=root,
        base_iri=base,
        store=env.get("KG_STORE", ""),
        dist=Path(env.get("KG_DIST", "dist")),
        query_timeout_s=float(env.get("KG_QUERY_TIMEOUT", "30")),
        result_limit=int(env.get("KG_RESULT_LIMIT", "10000")),
    )
