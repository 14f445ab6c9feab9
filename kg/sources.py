"""Source documents: the cleaned article text that quotes point into, and its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from kg.errors import Collector, KgError, at
from kg.literals import LiteralError, date_literal
from kg.namespaces import SPECIAL_GRAPHS, is_slug
from kg.yamlfile import Mapping, Text, load_yaml

META_SUFFIX = ".meta.yaml"
DOCUMENT = "document"
REGISTRY = "registry"
REGISTRY_PREFIX = "registry"  # slugs of registry sources; reserved, no article may take them
REQUIRED_META = ("title", "publisher", "date", "language")


@dataclass(frozen=True)
class Source:
    slug: str
    title: str
    publisher: str
    publisher_id: str | None  # an entity ref ("org/sco") when the publisher is in the graph
    date: Literal | None  # None only for a registry, which is not published on a date
    url: str | None
    language: str
    text: str
    text_file: Path
    meta_file: Path
    kind: str = DOCUMENT  # DOCUMENT (an article of the corpus) or REGISTRY (a curated file, kg.provenance)
    path: str = ""  # the text file's path in the project ("sources/articles/x.txt")

    @property
    def is_registry(self) -> bool:
        return self.kind == REGISTRY

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def find(self, quote: str) -> int:
        """Offset of the first occurrence of `quote` in the text, or -1."""
        return self.text.find(quote) if quote else -1


def read_source(meta_file: Path) -> Source:
    slug = source_slug(meta_file)
    if not is_slug(slug):
        raise KgError(f"source name {slug!r} is not a slug (lower-case ASCII and hyphens)", at(meta_file))
    if slug in SPECIAL_GRAPHS or slug == REGISTRY_PREFIX or slug.startswith(f"{REGISTRY_PREFIX}-"):
        raise KgError(f"source name {slug!r} is reserved (the graph of that name is not a source's): rename it",
                      at(meta_file))
    meta = load_yaml(meta_file)
    if not isinstance(meta, Mapping):
        raise KgError("metadata must be a mapping of fields", at(meta_file, 1))
    for field in REQUIRED_META:
        if not isinstance(meta.get(field), Text) or not meta[field].strip():
            raise KgError(f"metadata field {field!r} is missing or empty", at(meta_file, meta.line))
    try:
        date = date_literal(meta["date"].strip())
    except LiteralError as exc:
        raise KgError(str(exc), at(meta_file, meta["date"].line)) from exc
    text_file = meta_file.with_name(f"{slug}.txt")
    try:
        text = text_file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise KgError(f"article text {text_file.name} is missing", at(meta_file)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read article text: {exc}", at(text_file)) from exc
    return Source(
        slug=slug,
        title=str(meta["title"]).strip(),
        publisher=str(meta["publisher"]).strip(),
        publisher_id=str(meta["publisher_id"]) if isinstance(meta.get("publisher_id"), Text) else None,
        date=date,
        url=str(meta["url"]) if isinstance(meta.get("url"), Text) else None,
        language=str(meta["language"]).strip(),
        text=text,
        text_file=text_file,
        meta_file=meta_file,
        path=f"sources/articles/{text_file.name}",
    )


def load_sources(articles_dir: Path, errors: Collector | None = None) -> dict[str, Source]:
    """Every article with metadata under `articles_dir`, by slug, in name order.

    With `errors`, a broken article is reported there and left out, so the run goes on to
    find the other problems; without, the first error is raised.
    """
    if not articles_dir.is_dir():
        raise KgError("articles folder not found", at(articles_dir))
    collector = errors if errors is not None else Collector()
    found: dict[str, Source] = {}
    for meta_file in sorted(articles_dir.glob(f"*{META_SUFFIX}")):
        with collector.check():
            source = read_source(meta_file)
            found[source.slug] = source
    if errors is None:
        collector.raise_any()
    return found


def source_slug(meta_file: Path) -> str:
    return meta_file.name[: -len(META_SUFFIX)]
