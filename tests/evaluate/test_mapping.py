"""kg.evaluate.mapping: how an extraction's parties to an agreement become the gold's signed_with pairs.

Two parties signed with each other only where one sentence names both signing ("Cambodia and China signed
the MoU"); a third party named elsewhere in the article (the minister who inked it, in another sentence)
is a party too, but signed with neither of them as far as one sentence says."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.claims import Claim, Entity
from kg.evaluate.mapping import predict
from kg.extract import Extraction
from kg.namespaces import SRK, Ids
from kg.ontology import load_ontology
from kg.settings import load_settings

IDS = Ids("https://w3id.org/silkroad-kg/")
SIGNING = "Laos and China signed the MoU on Monday."
INKING = "The MoU was inked by Minister Khampheng Saysompheng."


def _claim(subject: str, predicate: str, obj: str, quote: str) -> Claim:
    start = (SIGNING + " " + INKING).index(quote)
    return Claim(URIRef(IDS.entity(subject)), predicate if predicate == RDF.type else URIRef(str(SRK) + predicate),
                 URIRef(IDS.entity(obj)) if predicate != RDF.type else URIRef(str(SRK) + obj), "made-up", quote,
                 start, start + len(quote), method="rule-test", confidence=0.5)


def _signed_with(claims: list[Claim], entities: dict[str, Entity]) -> set[tuple[str, str]]:
    settings = load_settings()
    prediction = predict(Extraction("made-up", entities, tuple(claims)), {}, (), load_ontology(settings.ontology_file),
                         IDS)
    return {(f.subject, f.object) for f in prediction.facts if f.relation == "signed_with"}


def test_parties_named_signing_in_one_sentence_signed_with_each_other_and_no_one_else() -> None:
    entities = {
        "agreement/laos-china-mou": Entity("agreement/laos-china-mou", str(SRK) + "Agreement", "Laos-China MoU"),
        "place/laos": Entity("place/laos", str(SRK) + "Country", "Laos"),
        "place/china": Entity("place/china", str(SRK) + "Country", "China"),
        "person/khampheng": Entity("person/khampheng", str(SRK) + "Person", "Khampheng Saysompheng"),
    }
    claims = [_claim(ref, RDF.type, entity.cls.rsplit("#", 1)[-1], entity.label if entity.label in SIGNING + INKING
                     else SIGNING) for ref, entity in entities.items()]
    claims += [_claim("place/laos", "partyTo", "agreement/laos-china-mou", SIGNING),
               _claim("agreement/laos-china-mou", "hasParty", "place/china", SIGNING),  # the inverse reads the same
               _claim("person/khampheng", "partyTo", "agreement/laos-china-mou", INKING)]
    # one pair, ordered by ref, once: not Khampheng with Laos or China (another sentence), not China with itself
    assert _signed_with(claims, entities) == {("place/china", "place/laos")}


def test_one_party_alone_signed_with_no_one() -> None:
    entities = {"agreement/mou": Entity("agreement/mou", str(SRK) + "Agreement", "MoU"),
                "place/laos": Entity("place/laos", str(SRK) + "Country", "Laos")}
    claims = [_claim("place/laos", "partyTo", "agreement/mou", SIGNING),
              _claim("place/laos", "partyTo", "agreement/mou", SIGNING)]  # the same party stated twice
    assert _signed_with(claims, entities) == set()
