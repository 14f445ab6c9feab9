"""The curated data itself: every quote is in its source, every alias names one entity.

These tests read the YAML with PyYAML directly rather than through kg.curation,
so a bug in the loader cannot hide a bad quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.lookup import resolve_entity
from kg.namespaces import Ids

REPO = Path(__file__).resolve().parent.parent
FACT_FILES = sorted((REPO / "sources" / "curated" / "facts").glob("*.yaml"))


def _claims(path: Path) -> list[dict]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["claims"]


def test_the_five_seed_articles_are_curated() -> None:
    assert len(FACT_FILES) == 5
    for path in FACT_FILES:
        assert (REPO / "sources" / "articles" / f"{path.stem}.txt").is_file()
        assert (REPO / "sources" / "articles" / f"{path.stem}.orig.txt").is_file()


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: p.stem)
def test_every_curated_quote_occurs_in_its_source(path: Path) -> None:
    text = (REPO / "sources" / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
    missing = [c["quote"] for c in _claims(path) if c["quote"] not in text]
    assert missing == []


def test_cleaned_text_has_no_page_boilerplate() -> None:
    for path in (REPO / "sources" / "articles").glob("*.txt"):
        if path.name.endswith(".orig.txt"):
            continue
        text = path.read_text(encoding="utf-8")
        for junk in ("图片关键词", "<table", "<a href", "Powered by MetInfo", "Netizens commentary", "Click Num"):
            assert junk not in text, f"{path.name} still has {junk!r}"


def test_every_seed_file_is_kept_byte_for_byte() -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    originals = {p.read_bytes() for p in (REPO / "sources" / "articles").glob("*.orig.txt")}
    assert {p.read_bytes() for p in seeds.glob("*.txt")} == originals


@pytest.mark.parametrize(
    ("alias", "label"),
    [
        ("SCO", "Shanghai Cooperation Organisation"),
        ("UNOSSC", "United Nations Office for South-South Cooperation"),
        ("GCBEC", "Global Cross-border E-commerce Conference"),
        ("MOC", "Ministry of Commerce of the People's Republic of China"),
        ("MOFCOM", "Ministry of Commerce of the People's Republic of China"),
        ("Mr. Mu", "Mu Jingchuan"),
        ("Mr Yongtu", "Long Yongtu"),
        ("BRI", "Belt and Road Initiative"),
        ("vladimir norov", "Vladimir Norov"),
    ],
)
def test_aliases_resolve_to_one_entity(store, built, alias: str, label: str) -> None:
    iri = resolve_entity(store, alias, Ids(built.base_iri))
    labels = store.query(
        "SELECT DISTINCT ?l WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        {"e": iri},
    ).column("l")
    assert labels == [label]
