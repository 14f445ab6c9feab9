"""`kg dedupe`: proposals from the registry, and decisions recorded in merges.yaml."""

from __future__ import annotations

import json

from kg.errors import KgError
from kg.resolution import load_decisions, propose
from kg.resolution.workflow import decide, merges_file, open_proposals, registry
from kg.settings import Settings
from tests.conftest import run_kg

import pytest


def test_the_added_duplicate_is_proposed_with_its_reason(duplicated: Settings) -> None:
    proposals = open_proposals(duplicated)
    pairs = {(p.first, p.second): p for p in proposals}
    found = pairs[("person/long-yongtu", "person/yongtu-long")]
    assert found.score >= 0.9 and "another order" in found.reason


def test_entities_of_unrelated_classes_are_never_proposed(duplicated: Settings) -> None:
    entities, ontology = registry(duplicated)
    # A Forum named exactly like the Conference: one name, two classes that cannot be one thing.
    from dataclasses import replace

    conference = entities["event/gcbec-2021"]
    twin = replace(conference, ref="event/gcbec-2021-forum", cls=ontology.resolve_class("Forum"))
    pairs = {(p.first, p.second) for p in propose({**entities, twin.ref: twin}, ontology)}
    assert ("event/gcbec-2021", "event/gcbec-2021-forum") not in pairs
    same_class = replace(twin, cls=conference.cls)
    pairs = {(p.first, p.second) for p in propose({**entities, twin.ref: same_class}, ontology)}
    assert ("event/gcbec-2021", "event/gcbec-2021-forum") in pairs


def test_cli_lists_records_and_then_stops_proposing(duplicated: Settings) -> None:
    listed = run_kg("dedupe", "--format", "json", settings=duplicated)
    assert listed.code == 0, listed.stderr
    assert {"first": "person/long-yongtu", "second": "person/yongtu-long"}.items() <= json.loads(listed.stdout)[0].items()

    path = merges_file(duplicated)
    before = path.read_text(encoding="utf-8")
    run = run_kg("dedupe", "same", "Long Yongtu", "Yongtu Long", "--note", "given name first", settings=duplicated)
    assert run.code == 0, run.stderr
    after = path.read_text(encoding="utf-8")
    header = before.replace("[]\n", "")
    assert after.startswith(header)  # the comments stay as they were
    assert after[len(header):] == '- same: [person/long-yongtu, person/yongtu-long]\n  note: "given name first"\n'
    (decision,) = load_decisions(path)
    assert decision.same and decision.first == "person/long-yongtu" and decision.note == "given name first"

    again = run_kg("dedupe", settings=duplicated)
    assert again.code == 0 and "yongtu-long" not in again.stdout
    flip = run_kg("dedupe", "different", "person/yongtu-long", "person/long-yongtu", settings=duplicated)
    assert flip.code == 1 and "already decided (same) at" in flip.stderr
    assert path.read_text(encoding="utf-8") == after


def test_second_decision_is_appended_below_the_first(duplicated: Settings) -> None:
    decide(duplicated, True, "person/long-yongtu", "person/yongtu-long")
    first = merges_file(duplicated).read_text(encoding="utf-8")
    decide(duplicated, False, "person/xi-jinping", "person/xu-liyi")
    second = merges_file(duplicated).read_text(encoding="utf-8")
    assert second == first + "- different: [person/xi-jinping, person/xu-liyi]\n"


def test_a_merge_across_classes_is_refused_and_not_recorded(duplicated: Settings) -> None:
    with pytest.raises(KgError, match=r"cannot merge org/sco \(International organisation\) into "
                                      r"person/long-yongtu \(Person\): different classes"):
        decide(duplicated, True, "person/long-yongtu", "org/sco")
    assert load_decisions(merges_file(duplicated)) == ()
    run = run_kg("dedupe", "same", "person/nobody", "person/long-yongtu", settings=duplicated)
    assert run.code == 1 and "unknown entity 'person/nobody'" in run.stderr


def test_seed_merges_file_is_valid() -> None:
    # The repository's own decisions load and apply to its own registry.
    from kg.resolution import merge_groups
    from kg.settings import load_settings
    from tests.conftest import REPO

    repo = load_settings({"KG_ROOT": str(REPO)})
    entities, ontology = registry(repo)
    merge_groups(entities, load_decisions(merges_file(repo)), ontology)
