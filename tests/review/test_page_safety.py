"""The review page's HTTP surface under attack and bad input: a 4xx with a message, nothing written."""

from __future__ import annotations

import json

import httpx
import pytest

from kg.review.queue import queue_file, read_items
from kg.review.session import Session
from kg.review.web import Running, start
from kg.resolution.workflow import decide
from kg.settings import Settings
from tests.conftest import run_kg
from tests.review.conftest import MINTED_SEMINAR, NEW_POST, queue_a_new_post_for_a_registry_one

pytestmark = pytest.mark.server

SEMINAR = MINTED_SEMINAR


def _snapshot(project: Settings) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((project.root / "sources").rglob("*.yaml"))}


def _page_headers(running: Running) -> dict[str, str]:
    host = running.url.split("/")[2]
    return {"Host": host, "Origin": f"http://{host}", "X-Review-Token": running.guard.csrf,
            "Content-Type": "application/json"}


def _post(running: Running, body: object, **changes: str | None) -> httpx.Response:
    headers = {k: v for k, v in {**_page_headers(running), **changes}.items() if v is not None}
    content = body if isinstance(body, str) else json.dumps(body)
    return httpx.post(running.url + "api/decide", content=content, headers=headers)


def test_writes_from_elsewhere_are_refused_and_change_nothing(queued: Settings, served: Running) -> None:
    item = read_items(queue_file(queued))[0]
    body = {"action": "reject", "id": item["id"]}
    before = _snapshot(queued)
    refused = {
        "no page token": _post(served, body, **{"X-Review-Token": None}),
        "a wrong page token": _post(served, body, **{"X-Review-Token": "guess"}),
        "no Origin": _post(served, body, Origin=None),
        "another Origin": _post(served, body, Origin="http://evil.example"),
        "a rebinding Host": _post(served, body, Host="evil.example:80", Origin="http://evil.example:80"),
    }
    for why, response in refused.items():
        assert response.status_code in (400, 403), why
        assert response.json()["error"], why
    assert refused["a rebinding Host"].status_code == 400
    reading = httpx.get(served.url + "api/state", headers={"Host": "evil.example"})
    assert reading.status_code == 400 and "Host" in reading.json()["error"]  # no reads by rebinding either
    assert _snapshot(queued) == before
    assert _post(served, body).status_code == 200  # the page's own request passes


@pytest.mark.parametrize("body, expected", [
    ("{not json", "not JSON"),
    ("[1, 2]", "JSON object"),
    ({"action": "delete", "id": "x"}, "unknown action"),
    ({"action": "accept"}, "needs the candidate's 'id'"),
    ({"action": "accept", "id": ["a"]}, "must be a text"),
    ({"action": "accept", "id": "x" * 5000}, "must be a text"),
    ({"action": "link", "id": "ID"}, "link needs"),
    ({"action": "edit", "id": "ID", "ref": SEMINAR, "type": "NoSuchClass"}, "unknown class"),
    ({"action": "edit", "id": "ID", "ref": SEMINAR, "type": "City"}, "cannot be the subject of"),
    ({"action": "edit", "id": "ID", "object": "24 July"}, "start date"),
    ({"action": "edit", "id": "ID", "ref": SEMINAR, "label": "two\nlines"}, "one line"),
    ({"action": "link", "id": "ID", "ref": SEMINAR, "target": "place/beijing"}, "never one"),
    ({"action": "link", "id": "ID", "ref": SEMINAR, "target": "event/no-such-event"}, "unknown entity"),
])
def test_bad_input_is_a_400_with_a_message_and_writes_nothing(queued: Settings, served: Running,
                                                               body: object, expected: str) -> None:
    item = next(i for i in read_items(queue_file(queued)) if i["fact"][:2] == [SEMINAR, "startDate"])
    if isinstance(body, dict) and body.get("id") == "ID":
        body = {**body, "id": item["id"]}
    before = _snapshot(queued)
    response = _post(served, body)
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]
    assert _snapshot(queued) == before


def test_a_decision_on_a_stale_view_is_a_409(queued: Settings, served: Running) -> None:
    item = read_items(queue_file(queued))[0]
    response = _post(served, {"action": "accept", "id": item["id"], "version": "0000"})
    assert response.status_code == 409 and "changed since this page showed it" in response.json()["error"]


def test_wrong_content_type_and_method(served: Running) -> None:
    headers = {**_page_headers(served), "Content-Type": "text/plain"}
    assert httpx.post(served.url + "api/decide", content="{}", headers=headers).status_code == 415
    assert httpx.get(served.url + "api/decide", headers={"Host": headers["Host"]}).status_code == 405


def test_beyond_loopback_needs_a_token(queued: Settings) -> None:
    run = run_kg("review", "--web", "--no-open", "--host", "0.0.0.0", settings=queued, timeout=60)
    assert run.code == 1 and "--token" in run.stderr and "Traceback" not in run.stderr


def test_the_token_is_asked_on_first_visit(queued: Settings) -> None:
    running = start(queued, token="s3cret-token")
    try:
        host = running.url.split("/")[2]
        with httpx.Client(base_url=running.url, headers={"Host": host}) as client:
            first = client.get("/")
            assert first.status_code == 200 and 'name=token' in first.text and running.guard.csrf not in first.text
            assert client.get("/api/state").status_code == 401
            origin = {"Origin": f"http://{host}"}
            wrong = client.post("/login", data={"token": "guess"}, headers=origin)
            assert wrong.status_code == 403 and "not the review token" in wrong.text
            right = client.post("/login", data={"token": "s3cret-token"}, headers=origin)
            assert right.status_code == 303 and "httponly" in right.headers["set-cookie"].lower()
            assert client.get("/api/state").status_code == 200
            assert running.guard.csrf in client.get("/").text
    finally:
        running.stop()


def test_the_page_shows_merged_entities_as_the_kept_one(queued: Settings) -> None:
    session = Session(queued)
    accepted = next(c for c in session.candidates() if c["fact"][:2] == [SEMINAR, "heldIn"])
    session.decide({"action": "accept", "id": accepted["id"], "version": accepted["version"]})
    decide(queued, True, "event/south-south-cbec-seminar-2023", SEMINAR)
    shown = session.candidates()
    assert not any(SEMINAR in c["fact"] for c in shown)
    merged = [c for c in shown if c["fact"][:2] == ["event/south-south-cbec-seminar-2023", "startDate"]]
    assert merged and merged[0]["terms"][0]["new"] is False  # the kept seminar, not a new entity
    outcome = session.decide({"action": "accept", "id": merged[0]["id"], "version": merged[0]["version"]})
    assert outcome["outcome"]["action"] == "accepted"


def test_build_after_a_review_session_has_the_graph_the_decisions_describe(queued: Settings) -> None:
    from rdflib import URIRef

    from kg.build import build
    from kg.namespaces import Ids

    queue_a_new_post_for_a_registry_one(queued)
    session = Session(queued)
    shown = {c["id"]: c for c in session.candidates()}
    holds = next(c for c in shown.values() if c["fact"] == ["person/yang-guifang", "holds", NEW_POST])
    target = "post/henan-business-daily-chief-reporter"
    linked = session.decide({"action": "link", "id": holds["id"], "version": holds["version"],
                             "ref": holds["fact"][2], "target": target})["outcome"]["ids"][0]
    relinked = next(c for c in session.candidates() if c["id"] == linked)
    session.decide({"action": "accept", "id": linked, "version": relinked["version"]})
    rejected = next(c for c in session.candidates() if c["fact"][:2] == [SEMINAR, "heldIn"])
    session.decide({"action": "reject", "id": rejected["id"], "version": rejected["version"]})
    built = build(queued, check_shapes=False, render=lambda store, settings: {})
    ids = Ids(queued.base_iri)
    source = holds["source"]
    asserted = set(built.graphs.graphs[ids.graph(source)])
    person, post = URIRef(ids.entity("person/yang-guifang")), URIRef(ids.entity(target))
    assert any(s == person and o == post and str(p).endswith("holds") for s, p, o in asserted)
    new_post = URIRef(ids.entity("post/chief-reporter-of-henan-business-daily"))
    assert not any(new_post in (s, o) for g in built.graphs.graphs.values() for s, p, o in g)
    extracted = built.graphs.graphs.get(ids.graph(rejected["source"]) + "/extracted")
    seminar, beijing = URIRef(ids.entity(SEMINAR)), URIRef(ids.entity(rejected["fact"][2]))
    assert extracted is not None and not any(s == seminar and o == beijing for s, p, o in extracted)


def test_linking_a_registry_entity_records_a_merge_that_the_queue_follows(queued: Settings) -> None:
    session = Session(queued)
    merged, kept = "org/zhengzhou-airport", "org/zhengzhou-airport-zone"
    shown = next(c for c in session.candidates()
                 if merged in c["fact"] and any(o["ref"] == kept for t in c["terms"] for o in t["options"]))
    answer = session.decide({"action": "link", "id": shown["id"], "version": shown["version"],
                             "ref": merged, "target": kept})
    (written,) = answer["outcome"]["written"]
    merges = (queued.curated_dir / "merges.yaml").read_text(encoding="utf-8").splitlines()
    line = int(written["where"].rsplit(":", 1)[1])
    assert written["where"].startswith("sources/curated/merges.yaml:")
    assert merges[line - 1] == f"- same: [{kept}, {merged}]"
    assert not any(merged in c["fact"] for c in session.candidates())
    session.decide({"action": "undo"})
    assert f"- same: [{kept}, {merged}]" not in (queued.curated_dir / "merges.yaml").read_text(encoding="utf-8")
    assert any(merged in c["fact"] for c in session.candidates())


def test_bound_to_every_address_the_token_guards_the_page(queued: Settings) -> None:
    running = start(queued, host="0.0.0.0", token="s3cret-token")
    try:
        port = running.url.rsplit(":", 1)[1].strip("/")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Host": f"review.example:{port}"}) as client:
            assert client.get("/api/state").status_code == 401  # any name reaches it, none reads without the token
            signed = client.post("/login", data={"token": "s3cret-token"},
                                 headers={"Origin": f"http://review.example:{port}"})
            assert signed.status_code == 303
            assert client.get("/api/state").status_code == 200
    finally:
        running.stop()
