"""A new entity's type and label, built from the review queue, are credited to a quote that names it:
every fact says no more than its source, and the first candidate about the entity may quote a sentence
that names it only by description."""

from __future__ import annotations

from rdflib.namespace import RDF, SKOS

from kg.build import load_inputs
from kg.review.queue import QUEUE_HEADER, item_id, load_queue_for_build, queue_file, write_items
from kg.settings import Settings

SOURCE = "sco-secretary-general-gcbec-2021"
# the first quote describes the summit without its name; the second names it
DESCRIBED = "the summit of the Council of Heads of State of the SCO Member States that took place on 10 November 2020"
NAMED = "during the Moscow summit, the SCO heads of state"
NEW = {"id": "event/made-up-moscow-summit", "type": "Summit", "label": "Moscow summit"}


def _item(settings: Settings, fact: list[str], quote: str) -> dict:  # type: ignore[type-arg]
    text = (settings.root / "sources" / "articles" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    start = text.index(quote)
    return {"id": item_id(SOURCE, fact), "source": SOURCE, "fact": fact, "quote": quote, "start": start,
            "end": start + len(quote), "method": "made-up-rule", "confidence": 0.6, "entities": [dict(NEW)]}


def test_a_new_entity_s_label_quotes_a_passage_that_names_it(project: Settings) -> None:
    items = [_item(project, [NEW["id"], "startDate", "2020-11-10"], DESCRIBED),
             _item(project, ["org/sco", "organised", NEW["id"]], NAMED)]
    items.sort(key=lambda i: i["start"])  # the describing quote comes first in the article, and in the queue
    assert items[0]["quote"] == DESCRIBED
    write_items(queue_file(project), items, QUEUE_HEADER)
    queue = load_queue_for_build(project, load_inputs(project))
    naming = {c.predicate: c.quote for c in queue.claims if str(c.subject).endswith(NEW["id"])
              and c.predicate in (RDF.type, SKOS.prefLabel)}
    assert naming == {RDF.type: NAMED, SKOS.prefLabel: NAMED}
