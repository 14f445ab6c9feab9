"""The curated facts files' checked claims, kept beside the store between builds (`store.facts.json`).

Parsing a thousand facts files (YAML) and checking every claim against the ontology, the
registry and its article's text costs most of a second; an incremental build changes one file.
What a file's claims are depends on its bytes, its article's files (the quotes' offsets; the
article's digest), the registry's classes (a fact's subject must fit its predicate's domain),
and what the inputs fingerprint covers (ontology, entities.yaml, code). So each file's claims
are kept under the hash of its bytes and its article's digest, and the whole cache under a hash
of the fingerprint and the registry's classes (its *context*): a file whose key matches is not
read at all, if the registry read from the other files gives the same context. A file that
defines entities is always read (the registry needs them). The cache is a header line (format,
context, the sha256 of the rest) and the files' entries: anything unexpected (an old format, a
damaged or truncated file, a checksum that fails) means no cache, and every file is read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Literal, URIRef

from kg.claims import Claim, Entity

FORMAT = 1

Row = list  # one claim as JSON: subject, predicate, object (see _row), source, quote, start, end, origin


def facts_cache_path(store_dir: Path) -> Path:
    return store_dir.with_name(f"{store_dir.name}.facts.json")


@dataclass(frozen=True)
class CachedFile:
    digest: str  # sha256 of the facts file's bytes
    source: str  # the digest of its article's files (kg.incremental.fingerprint.source_digests)
    rows: tuple[Row, ...]  # its claims, as _row writes them

    def claims(self) -> list[Claim]:
        return [_claim(row) for row in self.rows]

    @property
    def slug(self) -> str:
        return str(self.rows[0][6])


@dataclass(frozen=True)
class FactsCache:
    context: str  # context_of the claims' checks
    files: dict[str, CachedFile]  # facts file name -> its claims


def context_of(fingerprint: str, entities: Mapping[str, Entity]) -> str:
    """What every cached claim was checked against besides its own file and article."""
    classes = sorted((ref, entity.cls) for ref, entity in entities.items())
    return hashlib.sha256(json.dumps([FORMAT, fingerprint, classes]).encode()).hexdigest()


def _row(claim: Claim) -> Row:
    obj = claim.object
    if isinstance(obj, Literal):
        value = ["literal", str(obj), "" if obj.datatype is None else str(obj.datatype), obj.language or ""]
    else:
        value = ["iri", str(obj), "", ""]
    return [str(claim.subject), str(claim.predicate), *value, claim.source, claim.quote, claim.start, claim.end,
            claim.origin]


def _claim(row: Row) -> Claim:
    subject, predicate, kind, value, datatype, language, source, quote, start, end, origin = row
    obj = URIRef(value) if kind == "iri" else Literal(value, datatype=URIRef(datatype) if datatype else None,
                                                      lang=language or None)
    return Claim(URIRef(subject), URIRef(predicate), obj, source, quote, int(start), int(end), origin=origin)


def _same(claim: Claim, back: Claim) -> bool:
    """`back` is `claim` to the letter (n3: a literal's lexical form, datatype and language)."""
    return (claim.key(), claim.quote, claim.start, claim.end, claim.method, claim.confidence, claim.origin) == \
        (back.key(), back.quote, back.start, back.end, back.method, back.confidence, back.origin)


def read_cache(path: Path) -> FactsCache | None:
    """The cache, or None when there is none or it is not one this code wrote (then nothing is trusted)."""
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        header = json.loads(head)
        if header["format"] != FORMAT or not isinstance(header["context"], str) \
                or header["sha256"] != hashlib.sha256(body).hexdigest():
            return None
        files = {}
        for name, entry in json.loads(body).items():
            rows = entry["rows"]
            if not (isinstance(name, str) and isinstance(entry["digest"], str) and isinstance(entry["source"], str)
                    and isinstance(rows, list) and rows and all(isinstance(r, list) and len(r) == 11 for r in rows)):
                return None
            files[name] = CachedFile(entry["digest"], entry["source"], tuple(rows))
        return FactsCache(header["context"], files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of each facts file's bytes, by name."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.yaml"))}


def reusable(cache: FactsCache | None, digests: Mapping[str, str], sources: Mapping[str, str]) -> dict[str, CachedFile]:
    """The cached files whose bytes and article are unchanged (`digests`: file_digests; `sources`: the
    articles' digests by slug, of the articles that are read)."""
    if cache is None:
        return {}
    return {name: entry for name, entry in cache.files.items()
            if digests.get(name) == entry.digest and sources.get(entry.slug) == entry.source}


def cache_text(context: str, claims: Iterable[Claim], digests: Mapping[str, str], sources: Mapping[str, str],
               defining: set[str], kept: Mapping[str, CachedFile]) -> str | None:
    """The new cache: the claims (of every facts file, by their origins) of the files that define no entity
    (`defining`: file names); `kept`: entries reused as they are. None when a claim would not read back
    to the letter (no cache is better than a wrong one)."""
    by_file: dict[str, list[Claim]] = {}
    for claim in claims:
        by_file.setdefault(claim.origin.rsplit("#", 1)[0].rsplit("/", 1)[-1], []).append(claim)
    files = {}
    for name, found in sorted(by_file.items()):
        if name in kept:
            entry = kept[name]
            files[name] = {"digest": entry.digest, "source": entry.source, "rows": list(entry.rows)}
            continue
        slugs = {claim.source for claim in found}
        if name not in digests or name in defining or len(slugs) != 1 or next(iter(slugs)) not in sources:
            continue
        rows = [_row(claim) for claim in found]
        if not all(_same(claim, _claim(row)) for claim, row in zip(found, rows)):
            return None
        files[name] = {"digest": digests[name], "source": sources[next(iter(slugs))], "rows": rows}
    body = json.dumps(files, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    header = {"format": FORMAT, "context": context, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header) + "\n" + body.decode()
