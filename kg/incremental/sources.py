"""Reading the articles, reusing the parsed metadata of those whose files did not change."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import Collector, KgError, at
from kg.incremental.plan import Plan
from kg.sources import META_SUFFIX, Source, read_source, source_slug


def metadata_of(source: Source) -> dict[str, str | None]:
    """What `read_source` parsed from the metadata file, as plain strings (for the manifest)."""
    date = source.date
    return {"title": source.title, "publisher": source.publisher, "publisher_id": source.publisher_id,
            "date": None if date is None else str(date),
            "datatype": None if date is None or date.datatype is None else str(date.datatype),
            "url": source.url, "language": source.language}


def _from_metadata(meta_file: Path, slug: str, meta: dict[str, str | None]) -> Source:
    text_file = meta_file.with_name(f"{slug}.txt")
    date = None if meta["date"] is None else Literal(meta["date"], datatype=URIRef(meta["datatype"]) if
                                                     meta.get("datatype") else None)
    try:
        text = text_file.read_text(encoding="utf-8")  # as read_source reads it (newlines translated)
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read article text: {exc}", at(text_file)) from exc
    return Source(slug=slug, title=str(meta["title"]), publisher=str(meta["publisher"]),
                  publisher_id=meta.get("publisher_id"), date=date, url=meta.get("url"),
                  language=str(meta["language"]), text=text, text_file=text_file, meta_file=meta_file,
                  path=f"sources/articles/{text_file.name}")


def load_sources_reusing(articles_dir: Path, errors: Collector, plan: Plan | None) -> tuple[dict[str, Source],
                                                                                           tuple[str, ...]]:
    """As kg.sources.load_sources with a collector; also the slugs read and checked afresh."""
    if not articles_dir.is_dir():
        raise KgError("articles folder not found", at(articles_dir))
    found: dict[str, Source] = {}
    reread = []
    for meta_file in sorted(articles_dir.glob(f"*{META_SUFFIX}")):
        slug = source_slug(meta_file)
        with errors.check():
            if plan is not None and plan.unchanged(slug):
                assert plan.previous is not None
                found[slug] = _from_metadata(meta_file, slug, plan.previous.metadata[slug])
            else:
                reread.append(slug)
                found[slug] = read_source(meta_file)
    return found, tuple(reread)
