"""The files of dist/, by what makes them: each group a function of the store and the settings."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from kg.export import export_store
from kg.export.splice import patch_trig, patch_turtle
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

Renderer = Callable[[OxigraphStore, Settings], dict[str, bytes]]
# A group's files patched where the store changed: (store, settings, the files as the store was,
# the subjects of the changed triples, the changed graphs) -> the files as a renderer makes them now.
Patcher = Callable[[OxigraphStore, Settings, Mapping[str, bytes], Iterable[str], Iterable[str]], dict[str, bytes]]


def output_groups() -> dict[str, Renderer]:
    """The files of dist/, by what makes them (kg.incremental.outputs remakes a group only when needed):
    the union graph as Turtle and every named graph as TriG, the view pages (network, timeline, map),
    and the ontology's documentation."""
    from kg.ontodoc import ontology_html  # imported here: only the build renders pages
    from kg.views import dist_pages

    return {
        "rdf": lambda store, settings: {"silkroad.ttl": export_store(store, "ttl", settings.base_iri),
                                        "silkroad.trig": export_store(store, "trig", settings.base_iri)},
        "pages": lambda store, settings: {name: html.encode() for name, html in dist_pages(store, settings).items()},
        "ontology": lambda store, settings: {"ontology.html": ontology_html(
            load_ontology(settings.ontology_file), store, Ids(settings.base_iri)).encode()},
    }


def output_patchers() -> dict[str, Patcher]:
    """The groups that an incremental build patches rather than remakes: the exports (kg.export.splice)."""
    return {"rdf": lambda store, settings, old, subjects, graphs: {
        "silkroad.ttl": patch_turtle(store, old["silkroad.ttl"], subjects, settings.base_iri),
        "silkroad.trig": patch_trig(store, old["silkroad.trig"], graphs, settings.base_iri)}}


def render_outputs(store: OxigraphStore, settings: Settings) -> dict[str, bytes]:
    """Every file of dist/, made afresh."""
    return {name: data for group in output_groups().values() for name, data in group(store, settings).items()}
