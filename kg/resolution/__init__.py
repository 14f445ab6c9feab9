"""Entity resolution: propose likely duplicates, record reviewed decisions, apply the merges.

The build wires it in after the curation is loaded:

    decisions = load_decisions(settings.curated_dir / MERGES_FILE)
    entities, claims, same_as = apply_merges(curation.entities, curation.claims, decisions, ontology, ids)
"""

from __future__ import annotations

from kg.resolution.decisions import MERGES_FILE, Decision, load_decisions, record_decision
from kg.resolution.merge import apply_merges, merge_groups
from kg.resolution.names import Name, compare, name_of
from kg.resolution.proposals import Proposal, mergeable, propose, undecided

__all__ = [
    "MERGES_FILE", "Decision", "Name", "Proposal", "apply_merges", "compare", "load_decisions",
    "merge_groups", "mergeable", "name_of", "propose", "record_decision", "undecided",
]
