"""Incremental builds: a build re-reads only the sources whose files changed and replaces
only the named graphs whose content changed, in a copy of the previous store.

What a source's graph depends on beyond its own files (the ontology, the shapes, the
curated registries and facts, the merge map, the review queue, the code and the
installed packages) is one fingerprint: when it changes, the build is a full one. Only the
changed articles are assembled again, with what depends on every article (registries,
gazetteer: kg.incremental.assembly); their graphs and claim records are patched into the
copy (kg.incremental.patch), the inferred graph is recomputed when the change reaches the
rules, and the exports are patched block by block (kg.export.splice), so the store and the
outputs are those a full build makes. The manifest of hashes stands beside the store
(`store.manifest.json`).
"""

from kg.incremental.manifest import Manifest, manifest_path, read_manifest, write_manifest
from kg.incremental.plan import Plan, plan_build

__all__ = ["Manifest", "Plan", "manifest_path", "plan_build", "read_manifest", "write_manifest"]
