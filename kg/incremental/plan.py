"""Deciding what a build must redo: a full build, or which sources changed since the store in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.incremental.fingerprint import facts_dir, inputs_fingerprint, source_digests
from kg.incremental.manifest import Manifest, manifest_path, read_manifest
from kg.settings import Settings


@dataclass(frozen=True)
class Plan:
    inputs: str  # the fingerprint of everything but the articles, now
    digests: dict[str, str]  # slug -> hash of its files, now
    previous: Manifest | None  # None: a full build
    reason: str = ""  # why the build is a full one
    store_dir: Path | None = None  # the store in place (embedded stores only)
    changed: tuple[str, ...] = field(default=())  # sources added or edited since the store in place
    removed: tuple[str, ...] = field(default=())  # sources deleted since

    @property
    def full(self) -> bool:
        return self.previous is None

    def unchanged(self, slug: str) -> bool:
        """The source's files are those the store in place was built from (its metadata is in the manifest)."""
        return (self.previous is not None and slug in self.previous.metadata
                and self.previous.sources.get(slug) == self.digests.get(slug))

    def summary(self) -> str:
        if self.full:
            return f"full build: {self.reason}"
        if not self.changed and not self.removed:
            return f"incremental build: none of {len(self.digests)} sources changed"
        return (f"incremental build: {len(self.changed)} of {len(self.digests)} sources changed"
                + (f", {len(self.removed)} removed" if self.removed else "")
                + f" ({', '.join([*self.changed, *self.removed][:5])}{', ...' if len(self.changed) + len(self.removed) > 5 else ''})")


def plan_build(settings: Settings, options: dict[str, object], full: bool = False) -> Plan:
    """Compare the files with the manifest beside the store in place."""
    digests = source_digests(settings.articles_dir, facts_dir(settings))
    fingerprint = inputs_fingerprint(settings, options)
    if not settings.store_url.startswith("oxigraph:"):
        return Plan(fingerprint, digests, None, f"the store {settings.store_url} is not an embedded one")
    store_dir = Path(settings.store_url.removeprefix("oxigraph:"))
    if full:
        return Plan(fingerprint, digests, None, "asked for (--full)", store_dir)
    if not store_dir.is_dir():
        return Plan(fingerprint, digests, None, f"no store at {store_dir} yet", store_dir)
    previous, why = read_manifest(manifest_path(store_dir))
    if previous is None:
        return Plan(fingerprint, digests, None, why, store_dir)
    if previous.inputs != fingerprint:
        return Plan(fingerprint, digests, None, "the ontology, the shapes, the curated files, the review queue, "
                    "the code or the settings changed since the last build", store_dir)
    changed = tuple(slug for slug, digest in digests.items() if previous.sources.get(slug) != digest)
    removed = tuple(sorted(set(previous.sources) - set(digests)))
    return Plan(fingerprint, digests, previous, "", store_dir, changed, removed)


def changed_during_build(settings: Settings, manifest: Manifest, options: dict[str, object]) -> str:
    """What of the files the build read has changed since it hashed them ('' if nothing): the
    build read a mix of old and new, so it must not be published."""
    now = source_digests(settings.articles_dir, facts_dir(settings))
    for slug in sorted(set(now) | set(manifest.sources)):
        if now.get(slug) != manifest.sources.get(slug):
            return (f"sources/articles/{slug} (its text, metadata or facts file) changed while the build ran; "
                    "nothing was published: run kg build again")
    if inputs_fingerprint(settings, options) != manifest.inputs:
        return ("the ontology, the shapes, the curated files or the code changed while the build ran; "
                "nothing was published: run kg build again")
    return ""
