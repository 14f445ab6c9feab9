"""Leave-one-out on the seeds (kg.evaluate.seeds): typed entities scored per class family, so a user sees
which kinds of names the extraction finds, as `kg eval --corpus` shows for the dev corpus. The article
and its "extraction" are hand-made, so the expected counts depend on the scorer alone."""

from __future__ import annotations

from types import SimpleNamespace

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.claims import Claim, Entity
from kg.evaluate.score import Score
from kg.evaluate.seeds import _compare
from kg.extract import Extraction
from kg.namespaces import SRK, Ids
from kg.ontology import load_ontology
from kg.settings import load_settings

IDS = Ids("https://w3id.org/silkroad-kg/")
ORG = "http://www.w3.org/ns/org#"


def _claim(subject: str, predicate: str, obj: str | Literal) -> Claim:
    target = obj if isinstance(obj, Literal) else URIRef(IDS.entity(obj)) if "/" in obj else URIRef(str(SRK) + obj)
    return Claim(URIRef(IDS.entity(subject)), URIRef(predicate), target, "made-up", "a quote", 0, 7, method="test")


def test_typed_entities_are_scored_per_class_family() -> None:
    entities = {ref: Entity(ref, str(SRK) + cls, label) for ref, cls, label in (
        ("person/li-ming", "Official", "Li Ming"), ("post/director", "Post", "Director"),
        ("place/nanning", "City", "Nanning"), ("place/kunming", "City", "Kunming"),
        ("event/trade-forum", "Forum", "Silk Road Trade Forum"))}
    gold = (_claim("person/li-ming", ORG + "holds", "post/director"),
            _claim("event/trade-forum", str(SRK) + "heldIn", "place/nanning"))
    # found: Li Ming (the same registry entity), the forum by its name under another id, and Kunming,
    # which the curators never named; missed: the post and Nanning
    found = {"event/the-trade-forum": Entity("event/the-trade-forum", str(SRK) + "Forum", "Silk Road Trade Forum")}
    claims = (_claim("person/li-ming", str(RDF.type), "Official"),
              _claim("event/the-trade-forum", str(RDF.type), "Forum"),
              _claim("event/the-trade-forum", str(SRK) + "heldIn", "place/kunming"),
              _claim("event/the-trade-forum", "https://schema.org/startDate", Literal("2024-05-12")))
    inputs = SimpleNamespace(entities=entities, ontology=load_ontology(load_settings().ontology_file))
    per_type, per_relation = _compare(Extraction("made-up", found, claims), gold, inputs, IDS)  # type: ignore[arg-type]
    assert per_type == {"Person": Score(1, 1, 1), "Post": Score(0, 0, 1), "Event": Score(1, 1, 1),
                        "Place": Score(0, 1, 1)}
    assert dict(per_relation["heldIn"]) == {"predicted": 1, "gold": 1, "tp": 0}  # Kunming is not Nanning
