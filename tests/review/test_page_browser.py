"""The review page in Debian's Chromium, on a scratch copy of the project with an extracted queue:
each key's decision, the YAML diff it leaves, and the file and line the page says it wrote."""

from __future__ import annotations

import pytest
import yaml

from kg.review.queue import queue_file, read_items, rejected_file
from kg.settings import Settings
from tests.review.conftest import MINTED_SEMINAR, NEW_POST, changed_lines, queue_a_new_post_for_a_registry_one

pytestmark = [pytest.mark.browser, pytest.mark.server]

HENAN = "henan-business-daily-gcbec-2020"
SEMINAR = MINTED_SEMINAR


def _facts(project: Settings, slug: str) -> str:
    return (project.curated_dir / "facts" / f"{slug}.yaml").read_text(encoding="utf-8")


def _queue(project: Settings) -> str:
    return queue_file(project).read_text(encoding="utf-8")


def _item(project: Settings, predicate: str, term: str | None = None) -> dict:
    return next(i for i in read_items(queue_file(project))
                if i["fact"][1] == predicate and (term is None or term in i["fact"]))


def _written_line(status: str, path: str) -> int:
    """The line number the page says it wrote in `path`."""
    assert f"wrote {path}:" in status, status
    return int(status.split(f"wrote {path}:")[1].split()[0])


def test_accept_writes_the_fact_under_its_quote_and_shows_the_next_candidate(queued: Settings, open_tab) -> None:
    tab = open_tab()
    item = _item(queued, "startDate", SEMINAR)
    slug = item["source"]
    before, queue_before = _facts(queued, slug), _queue(queued)
    tab.go_to(item["id"])
    following = tab.page.evaluate("S.filtered[S.pos + 1].id")
    tab.press("a")
    after = _facts(queued, slug)
    added, removed = changed_lines(before, after)
    assert removed == []
    assert f'      - ["{SEMINAR}", "startDate", "2023-07-24"]' in added
    assert f'  - quote: "{item["quote"]}"' in added
    assert f"  - id: {SEMINAR}" in added  # the new entity, into the file's entities section
    line = _written_line(tab.status(), f"sources/curated/facts/{slug}.yaml")
    assert after.splitlines()[line - 1] == f'      - ["{SEMINAR}", "startDate", "2023-07-24"]'
    assert item["id"] not in {i["id"] for i in read_items(queue_file(queued))}
    assert len(read_items(queue_file(queued))) == len(yaml.safe_load(queue_before)) - 1
    assert tab.current() == following
    assert tab.errors == []


def test_reject_moves_the_candidate_to_rejected_yaml(queued: Settings, open_tab) -> None:
    tab = open_tab()
    item = _item(queued, "heldIn")
    rejected_before = rejected_file(queued).read_text(encoding="utf-8")
    tab.go_to(item["id"])
    tab.press("r")
    rejected_after = rejected_file(queued).read_text(encoding="utf-8")
    added, removed = changed_lines(rejected_before, rejected_after)
    assert f"- id: {item['id']}" in added
    assert removed in ([], ["[]"])  # appended: only an empty list's "[]" may give way
    kept = {entry["id"] for entry in yaml.safe_load(rejected_before) or []}
    assert kept | {item["id"]} == {entry["id"] for entry in yaml.safe_load(rejected_after)}
    line = _written_line(tab.status(), "sources/review/rejected.yaml")
    assert rejected_after.splitlines()[line - 1] == f"- id: {item['id']}"
    assert item["id"] not in {i["id"] for i in read_items(queue_file(queued))}


def test_link_a_new_entity_to_a_registry_entity_adds_an_alias_and_relinks_the_queue(queued: Settings,
                                                                                   open_tab) -> None:
    queue_a_new_post_for_a_registry_one(queued)
    tab = open_tab()
    new, target = NEW_POST, "post/henan-business-daily-chief-reporter"
    item = _item(queued, "holds", new)
    registry = queued.curated_dir / "entities.yaml"
    before = registry.read_text(encoding="utf-8")
    tab.go_to(item["id"])
    number = tab.page.get_attribute(f'#terms li[data-ref="{new}"][data-target="{target}"]', "data-n")
    tab.press("l", number)
    after = registry.read_text(encoding="utf-8")
    added, removed = changed_lines(before, after)
    assert removed == [] and added == ['  aliases: ["Henan Business Daily Chief Reporter"]']
    line = _written_line(tab.status(), "sources/curated/entities.yaml")
    assert after.splitlines()[line - 1] == added[0]
    assert after.splitlines()[line - 4] == f"- id: {target}"  # id, type, label, then the new aliases
    queue = read_items(queue_file(queued))
    assert not any(new in i["fact"] for i in queue)
    assert any(i["fact"] == ["person/yang-guifang", "holds", target] for i in queue)
    assert "person/yang-guifang" in tab.page.inner_text("#current") and target in tab.page.inner_text("#terms")


def test_edit_a_new_entitys_type_in_every_candidate_then_accept_it(queued: Settings, open_tab) -> None:
    tab = open_tab()
    item = _item(queued, "startDate", SEMINAR)
    before = _queue(queued)
    carrying = sum(1 for i in read_items(queue_file(queued)) if any(e["id"] == SEMINAR for e in i.get("entities") or []))
    tab.go_to(item["id"])
    tab.page.keyboard.press("e")
    tab.page.select_option("#e-ref", SEMINAR)
    tab.page.select_option("#e-type", "Forum")
    tab.press("Enter")
    added, removed = changed_lines(before, _queue(queued))
    assert added == ["    type: Forum"] * carrying and removed == ["    type: Seminar"] * carrying
    _written_line(tab.status(), "sources/review/queue.yaml")
    assert tab.current() == item["id"]  # the type is not part of the fact: same candidate, new version
    tab.press("a")
    accepted = yaml.safe_load(_facts(queued, item["source"]))
    assert {e["id"]: e["type"] for e in accepted["entities"]}[SEMINAR] == "Forum"


def test_undo_puts_every_file_back(queued: Settings, open_tab) -> None:
    tab = open_tab()
    item = _item(queued, "startDate", SEMINAR)
    files = [queue_file(queued), queued.curated_dir / "facts" / f"{item['source']}.yaml"]
    before = [f.read_bytes() for f in files]
    tab.go_to(item["id"])
    tab.press("a")
    assert [f.read_bytes() for f in files] != before
    tab.press("u")
    assert [f.read_bytes() for f in files] == before
    assert tab.current() == item["id"]
    assert "undone" in tab.status()


def test_two_tabs_never_lose_or_double_a_decision(queued: Settings, open_tab) -> None:
    first, second = open_tab(), open_tab()
    item = _item(queued, "startDate", SEMINAR)
    first.go_to(item["id"])
    second.go_to(item["id"])
    first.press("a")
    second.press("a")  # the same candidate, already accepted in the other tab
    assert "no longer in the queue" in second.status()
    assert _facts(queued, item["source"]).count(f'["{SEMINAR}", "startDate", "2023-07-24"]') == 1
    # Both tabs deciding different candidates at the same moment: both decisions land.
    others = [i for i in read_items(queue_file(queued)) if i["source"] == HENAN][:2]
    first.go_to(others[0]["id"])
    second.go_to(others[1]["id"])
    sent = [(tab, tab.send("r")) for tab in (first, second)]  # both requests in flight together
    for tab, before in sent:
        tab.wait(before)
    rejected = {i["id"] for i in read_items(rejected_file(queued))}
    assert {others[0]["id"], others[1]["id"]} <= rejected
    assert not {others[0]["id"], others[1]["id"]} & {i["id"] for i in read_items(queue_file(queued))}


def test_a_write_without_the_pages_token_is_refused(queued: Settings, open_tab) -> None:
    tab = open_tab()
    item = _item(queued, "heldIn")
    before = [queue_file(queued).read_bytes(), rejected_file(queued).read_bytes()]
    status, body = tab.page.evaluate("""async (id) => {
        const r = await fetch('/api/decide', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                            body: JSON.stringify({action: 'reject', id})});
        return [r.status, (await r.json()).error]; }""", item["id"])
    assert status == 403 and "token" in body
    assert [queue_file(queued).read_bytes(), rejected_file(queued).read_bytes()] == before
