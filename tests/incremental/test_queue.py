"""A curated fact in one article takes the review queue's candidate of the same fact out of another
article's extracted graph: the incremental build makes that other article again too."""

from __future__ import annotations

import pyoxigraph as ox
import yaml

from kg.incremental import manifest_path
from kg.incremental.manifest import read_manifest
from kg.namespaces import Ids
from tests.incremental.conftest import assert_same_as_a_full_build, run_build

CURATING = "cities-project-cbec-forum-2019"  # its facts file defines no entity: the others are kept
EXTRACTED_IN = "henan-business-daily-gcbec-2020"
FACT = ["org/sstc-cities-project", "participatedIn", "event/gcbec-2020-press-conference"]


def _extracted(settings, slug: str) -> list[str]:
    """The triples of an article's extracted graph in the store (none if the graph is gone)."""
    store = ox.Store.read_only(settings.store_url.removeprefix("oxigraph:"))
    graph = ox.NamedNode(Ids(settings.base_iri).graph(f"{slug}/extracted"))
    return sorted(str(quad.triple) for quad in store.quads_for_pattern(None, None, None, graph))


def test_a_curated_fact_in_one_article_removes_the_queue_claim_of_another(project_built) -> None:
    queue = project_built.root / "sources" / "review" / "queue.yaml"
    queue.write_text(yaml.safe_dump([{"id": "x-press-conference", "source": EXTRACTED_IN, "fact": FACT,
                                      "quote": "At the press conference", "confidence": 0.7}]), encoding="utf-8")
    run_build(project_built)  # the queue is in the fingerprint: a full build
    ids = Ids(project_built.base_iri)
    subject, obj = ids.entity(FACT[0]), ids.entity(FACT[2])
    assert any(subject in row and obj in row for row in _extracted(project_built, EXTRACTED_IN))
    # The curator states the same fact in another article (quoting its own text).
    facts = project_built.curated_dir / "facts" / f"{CURATING}.yaml"
    text = facts.read_text(encoding="utf-8")
    stated = "      - [org/sstc-cities-project, participatedIn, event/china-50-members-cbec-forum-2019]\n"
    assert stated in text
    facts.write_text(text.replace(stated, stated + f"      - [{', '.join(FACT)}]\n", 1), encoding="utf-8")
    _, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({CURATING})", lines[0]
    # The queue's candidate is gone from the other article's extracted graph (and its record with it).
    assert not any(subject in row and obj in row for row in _extracted(project_built, EXTRACTED_IN))
    manifest, _ = read_manifest(manifest_path(project_built.dist_dir / "store"))
    assert manifest is not None and manifest.pieces[EXTRACTED_IN]["extracted"] == ""
    assert_same_as_a_full_build(project_built)
