"""apply_merges: what the build does with "same" decisions, checked on a built project copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.build import assemble_inputs, load_inputs
from kg.errors import KgError
from kg.namespaces import SRK, Ids
from kg.resolution import apply_merges, load_decisions
from kg.resolution.workflow import merges_file
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.validate import validate


def write_decisions(settings: Settings, text: str) -> Path:
    path = merges_file(settings)
    path.write_text("# test decisions\n" + text, encoding="utf-8")
    return path


def merged_build(settings: Settings):  # type: ignore[no-untyped-def]
    """The build's own inputs (kg.build.load_inputs applies merges.yaml) and the assembled graphs."""
    inputs = load_inputs(settings)
    return inputs, assemble_inputs(inputs, settings)


def test_merged_duplicate_becomes_one_entity_with_same_as(duplicated: Settings) -> None:
    write_decisions(duplicated, "- same: [person/long-yongtu, person/yongtu-long]\n")
    inputs, graphs = merged_build(duplicated)
    ids = Ids(duplicated.base_iri)
    kept, gone = URIRef(ids.entity("person/long-yongtu")), URIRef(ids.entity("person/yongtu-long"))
    event = URIRef(ids.entity("event/gcbec-2021"))

    assert "person/yongtu-long" not in inputs.entities
    long_yongtu = inputs.entities["person/long-yongtu"]
    assert long_yongtu.label == "Long Yongtu"
    assert {"Yongtu Long", "Mr. Long", "Mr Yongtu"} <= set(long_yongtu.aliases)
    assert long_yongtu.cls == str(SRK.Official)  # the more specific of Person and Official

    store = OxigraphStore(None)
    store.load(graphs.quads())
    ask = lambda s, p, o: store.query(f"ASK {{ {s.n3()} {p.n3()} {o.n3()} }}").boolean  # noqa: E731
    assert ask(kept, SRK.participatedIn, event)  # the duplicate's fact now belongs to the kept entity
    assert ask(kept, SRK.spokeAt, event)
    assert ask(kept, OWL.sameAs, gone)
    assert ask(kept, SKOS.altLabel, Literal("Yongtu Long", lang="en"))
    assert not store.query(f"ASK {{ {gone.n3()} ?p ?o }}").boolean  # nothing left about the old IRI
    quote = store.query(f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?quote ?origin WHERE {{ ?c rdf:subject {kept.n3()} ; rdf:predicate {OWL.sameAs.n3()} ;
          <{SRK.quote}> ?quote ; <{SRK.curatedIn}> ?origin }}""").rows
    assert [str(q) for q, _ in quote] == ["According to Mr Yongtu, exports make imports necessary."]
    assert str(quote[0][1]).endswith("merges.yaml#L2")
    assert validate(graphs, duplicated.shapes_file, inputs.ontology.graph) == []


def test_without_decisions_nothing_changes(duplicated: Settings) -> None:
    inputs = load_inputs(duplicated)
    entities, claims, same_as = apply_merges(inputs.entities, inputs.claims, (), inputs.ontology,
                                             Ids(duplicated.base_iri))
    assert entities == inputs.entities and claims == inputs.claims and same_as == ()


def test_a_fact_stated_by_both_names_counts_once(duplicated: Settings) -> None:
    facts = duplicated.curated_dir / "facts" / "sco-secretary-general-gcbec-2021.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "[person/yongtu-long, participatedIn, event/gcbec-2021]", "[person/yongtu-long, spokeAt, event/gcbec-2021]"),
        encoding="utf-8")
    write_decisions(duplicated, "- same: [person/long-yongtu, person/yongtu-long]\n")
    inputs, _ = merged_build(duplicated)
    kept = Ids(duplicated.base_iri).entity("person/long-yongtu")
    spoke = [c for c in inputs.claims if str(c.subject) == kept and c.predicate == SRK.spokeAt]
    assert len(spoke) == 1


@pytest.mark.parametrize(("decisions", "line", "message"), [
    ("- same: [person/long-yongtu, org/sco]\n", 2, "different classes"),
    ("- same: [person/long-yongtu, person/nobody]\n", 2, "unknown entity person/nobody"),
    ("- same: [person/long-yongtu, person/yongtu-long]\n- same: [person/yongtu-long, person/xi-jinping]\n"
     "- different: [person/long-yongtu, person/xi-jinping]\n", 4, "marked different"),
    ("- same: [person/long-yongtu, person/yongtu-long]\n- different: [person/yongtu-long, person/long-yongtu]\n",
     3, "already decided"),
    ("- same: [person/long-yongtu]\n", 2, "a list of two entity ids"),
    ("- merge: [person/long-yongtu, person/yongtu-long]\n", 2, "exactly one of 'same' or 'different'"),
])
def test_bad_decisions_fail_with_file_and_line(duplicated: Settings, decisions: str, line: int, message: str) -> None:
    write_decisions(duplicated, decisions)
    with pytest.raises(KgError, match=message) as caught:
        load_inputs(duplicated)  # the build applies merges.yaml
    assert caught.value.location is not None
    assert caught.value.location.where.endswith("merges.yaml") and caught.value.location.line == line
