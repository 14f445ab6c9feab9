"""One thing named in two articles gets one id: new entities are matched across articles, against the
registry and against the review queue (normalised names, ordinal words vs numerals, long and short
country names, acronyms) before their ids are kept."""

from __future__ import annotations

import pytest
import yaml
from rdflib import URIRef

from kg.claims import Claim, Entity
from kg.extract import Extraction
from kg.extract.gazetteer import family_of
from kg.extract.pipeline import run_extract
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.resolution.across import match_across
from kg.settings import load_settings
from tests.conftest import REPO

IDS = Ids("https://w3id.org/silkroad-kg/")
HELD_IN = URIRef("https://w3id.org/silkroad-kg/ontology#heldIn")


@pytest.fixture(scope="module")
def ontology():  # type: ignore[no-untyped-def]
    return load_ontology(load_settings({"KG_ROOT": str(REPO)}).ontology_file)


def _article(slug: str, ontology, *entities: tuple[str, str, str]) -> Extraction:  # type: ignore[no-untyped-def]
    """An extraction whose every entity is said to be held in Vientiane (one claim each)."""
    made = {ref: Entity(ref, ontology.resolve_class(cls), label) for ref, cls, label in entities}
    claims = tuple(Claim(URIRef(IDS.entity(ref)), HELD_IN, URIRef(IDS.entity("place/vientiane")), slug, "q", 0, 1,
                         method="rule", confidence=0.5) for ref in made)
    return Extraction(slug, made, claims)


def _ids(extractions: list[Extraction]) -> list[set[str]]:
    return [{IDS.ref_of(str(c.subject)) for c in e.claims} for e in extractions]


@pytest.mark.parametrize("first, second", [
    (("org/mofcom-prc", "GovernmentBody", "Ministry of Commerce of the People's Republic of China"),
     ("org/mofcom-china", "GovernmentBody", "Ministry of Commerce of China")),
    (("event/sixth-forum", "Forum", "Sixth China-Laos Digital Trade Forum"),
     ("event/6th-forum", "Forum", "6th China-Laos Digital Trade Forum")),
    (("org/kaec-full", "InternationalOrganisation", "Kyrgyz Association of Electronic Commerce"),
     ("org/kaec", "InternationalOrganisation", "KAEC")),
    (("org/kaec", "InternationalOrganisation", "KAEC"),
     ("org/kaec-full", "InternationalOrganisation", "Kyrgyz Association of Electronic Commerce")),
    (("org/tj-long", "GovernmentBody", "Ministry of Industry and Trade of the Republic of Tajikistan"),
     ("org/tj", "GovernmentBody", "the Ministry of Industry and Trade of Tajikistan")),
])
def test_one_thing_named_two_ways_in_two_articles_gets_one_id(ontology, first, second) -> None:  # type: ignore[no-untyped-def]
    a, b = match_across([_article("a", ontology, first), _article("b", ontology, second)], {},
                        lambda cls: family_of(cls, ontology), IDS)
    assert _ids([a]) == _ids([b]) == [{first[0]}]
    (entity,) = b.entities.values()  # the survivor, with every name it was written with
    assert {first[2], second[2]} <= {entity.label, *entity.aliases}
    assert not any(c.isupper() for c in entity.label.split()[-1]) or len(entity.label.split()) > 1  # full name wins


@pytest.mark.parametrize("first, second", [
    (("event/5th-forum", "Forum", "5th China-Laos Digital Trade Forum"),
     ("event/6th-forum", "Forum", "Sixth China-Laos Digital Trade Forum")),  # two editions
    (("org/moc-laos", "GovernmentBody", "Ministry of Commerce of Laos"),
     ("org/moc-lagos", "GovernmentBody", "Ministry of Commerce of Lagos")),  # a near spelling is not a name
    (("org/kaec-body", "InternationalOrganisation", "Kyrgyz Association of Electronic Commerce"),
     ("event/kaec-forum", "Forum", "Kyrgyz Association of Electronic Commerce")),  # another family
    (("statistic/a", "Statistic", "21.9 percent"), ("statistic/b", "Statistic", "21.9 percent")),
])
def test_different_things_keep_their_ids(ontology, first, second) -> None:  # type: ignore[no-untyped-def]
    a, b = match_across([_article("a", ontology, first), _article("b", ontology, second)], {},
                        lambda cls: family_of(cls, ontology), IDS)
    assert _ids([a, b]) == [{first[0]}, {second[0]}]


def test_an_acronym_two_known_names_share_is_not_guessed(ontology) -> None:  # type: ignore[no-untyped-def]
    known = {r: Entity(r, ontology.resolve_class("InternationalOrganisation"), label) for r, label in
             (("org/kaec", "Kyrgyz Association of Electronic Commerce"), ("org/kaec-2", "Kazakh Association of Electronic Commerce"))}
    (b,) = match_across([_article("b", ontology, ("org/new", "InternationalOrganisation", "KAEC"))], known,
                        lambda cls: family_of(cls, ontology), IDS)
    assert _ids([b]) == [{"org/new"}]


def _write(project, slug: str, text: str) -> None:  # type: ignore[no-untyped-def]
    articles = project.root / "sources" / "articles"
    (articles / f"{slug}.meta.yaml").write_text(yaml.safe_dump(
        {"title": slug, "publisher": "Nobody", "date": "2024-05-04", "language": "en"}), encoding="utf-8")
    (articles / f"{slug}.txt").write_text(text, encoding="utf-8")


def _queued_ids(project) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    queue = yaml.safe_load((project.root / "sources" / "review" / "queue.yaml").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for item in queue:
        for data in item.get("entities") or []:
            found.setdefault(item["source"], set()).add(data["id"])
    return found


def test_kg_extract_gives_an_edition_and_a_ministry_one_id_across_articles_and_runs(project) -> None:  # type: ignore[no-untyped-def]
    _write(project, "forum-a", "The Sixth China-Laos Digital Trade Forum was held in Vientiane on 3 May 2024. "
                               "It was organised by the Ministry of Industry and Trade of the Republic of Tajikistan.")
    _write(project, "forum-b", "The 6th China-Laos Digital Trade Forum, organised by the Ministry of Industry and "
                               "Trade of Tajikistan, opened in Vientiane.")
    run_extract(project, ["forum-a", "forum-b"], workers=1)
    queued = _queued_ids(project)
    events = {r for refs in queued.values() for r in refs if r.startswith("event/")}
    ministries = {r for refs in queued.values() for r in refs if "ministry-of-industry" in r}
    assert len(events) == 1 and len(ministries) == 1, queued
    assert events <= queued["forum-a"] and events <= queued["forum-b"]
    # a later run on one article alone meets the entities the queue holds for the other
    _write(project, "forum-c", "The sixth China-Laos Digital Trade Forum closed in Vientiane.")
    run_extract(project, ["forum-c"], workers=1)
    assert {r for r in _queued_ids(project)["forum-c"] if r.startswith("event/")} == events
