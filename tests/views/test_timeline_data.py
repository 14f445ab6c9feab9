"""The timeline's data without a browser: a large timeline shows each group a year at a time, and no
entity is lost on the way."""

from __future__ import annotations

from kg.bench.pages import synthetic_places
from kg.ontology import load_ontology
from kg.views.timeline import MAX_ITEMS, timeline_view


def test_a_large_timeline_groups_each_series_by_year_and_keeps_every_entity(built) -> None:  # type: ignore[no-untyped-def]
    ontology = load_ontology(built.ontology_file)
    view = synthetic_places(MAX_ITEMS * 3, ontology)
    dated = {n.iri: n for n in view.nodes if n.span}
    assert len(dated) > MAX_ITEMS
    timeline = timeline_view(view, ontology, built)
    assert timeline.members and len(timeline.items) < MAX_ITEMS
    listed = [iri for ids in timeline.members.values() for iri in ids]
    assert sorted(listed) == sorted(dated) and set(timeline.details) == set(dated)
    for item in timeline.items:  # each year's item spans its year and lists entities that start in it
        year = item["start"][:4]
        assert (item["type"], item["start"], item["end"][:10]) == ("range", f"{year}-01-01", f"{year}-12-31")
        assert all(dated[iri].span[0][:4] == year for iri in timeline.members[item["id"]])
        assert item["content"].startswith(f"{len(timeline.members[item['id']])} dated entit")
