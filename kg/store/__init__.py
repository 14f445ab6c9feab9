"""Stores behind one interface, chosen by URL:

- ``oxigraph:PATH`` embedded Oxigraph on disk (the default, ``dist/store``)
- ``memory:``       embedded Oxigraph in memory (tests, notebooks, benchmarks)
- ``http(s)://...`` any SPARQL 1.1 endpoint (see kg.store.remote)
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import KgError
from kg.store.base import QueryResult, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["QueryResult", "Store", "open_store"]


def open_store(url: str, read_only: bool = False, with_extracted: bool = False) -> Store:
    """Open the store a URL names. Its queries see asserted and inferred facts; the unreviewed
    extracted graphs only `with_extracted` (embedded or remote alike)."""
    if url in {"memory:", "memory"}:
        return OxigraphStore(None, with_extracted=with_extracted)
    if url.startswith("oxigraph:"):
        path = Path(url.removeprefix("oxigraph:"))
        if read_only and not path.exists():
            raise KgError(f"no store at {path}: run `kg build` first")
        return OxigraphStore(path, read_only=read_only, with_extracted=with_extracted)
    if url.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore  # imported lazily: only remote users need HTTP

        return RemoteStore(url, with_extracted=with_extracted)
    raise KgError(f"unknown store {url!r}: use oxigraph:PATH, memory: or an http(s) SPARQL endpoint")
