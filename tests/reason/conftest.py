"""Fixtures for reasoning: the seed graph copied into a writable in-memory store and reasoned once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.build import assemble_inputs, load_inputs
from kg.claims import Claim
from kg.namespaces import Ids
from kg.ontology import Ontology, load_ontology
from kg.reason import ReasonReport, materialise
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore


@dataclass(frozen=True)
class Reasoned:
    store: OxigraphStore
    report: ReasonReport
    ids: Ids
    ontology: Ontology


@pytest.fixture(scope="session")
def reasoned(built: Settings, store) -> Reasoned:  # type: ignore[no-untyped-def]
    """The built seed graph in a private store, with `kg reason`'s entailments (HermiT included)."""
    writable = OxigraphStore(None)
    writable.load(store.quads())
    ids = Ids(built.base_iri)
    ontology = load_ontology(built.ontology_file)
    return Reasoned(writable, materialise(writable, ontology, ids), ids, ontology)


def store_of(settings: Settings, extra_claims: tuple[Claim, ...] = ()) -> OxigraphStore:
    """A project's curated graph (plus extra claims) in a fresh in-memory store, as `kg build` loads it."""
    inputs = load_inputs(settings)
    memory = OxigraphStore(None)
    memory.load(assemble_inputs(inputs, settings, extra_claims).quads())
    return memory
