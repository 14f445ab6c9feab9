"""`kg eval --corpus --gold`: the scorer proven on a tiny hand-made corpus whose scores were computed by hand.

tests/data/eval-tiny/ holds two texts and their gold files. The extraction is hand-made too (below), so
the expected precision, recall, misses and false hits depend on the scorer alone, not on the extractor
rules that are being tuned. The hand computation is written next to each extraction.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.claims import Claim, Entity
from kg.errors import KgError
from kg.evaluate.corpus import evaluate_corpus
from kg.evaluate.gold import read_corpus, read_gold
from kg.evaluate.labels import gold_forms, normalise_label
from kg.extract import Extraction
from kg.namespaces import SRK
from tests.conftest import REPO, run_kg

TINY = REPO / "tests" / "data" / "eval-tiny"
ORG = "http://www.w3.org/ns/org#"


class Hand:
    """Builds one article's hand-made Extraction: entities, their mention (rdf:type) claims and facts."""

    def __init__(self, ids, slug: str) -> None:  # type: ignore[no-untyped-def]
        self.ids, self.slug = ids, slug
        self.entities: dict[str, Entity] = {}
        self.claims: list[Claim] = []

    def entity(self, ref: str, cls: str, label: str, *aliases: str, new: bool = True) -> str:
        if new:
            self.entities[ref] = Entity(ref, str(SRK) + cls, label, aliases)
        self.claims.append(Claim(URIRef(self.ids.entity(ref)), RDF.type, URIRef(str(SRK) + cls), self.slug, label, 0,
                                 len(label), method="mention-test", confidence=0.9))
        return ref

    def fact(self, subject: str, predicate: str, obj: str, literal: bool = False) -> None:
        iri = predicate if predicate.startswith("http") else str(SRK) + predicate
        target = Literal(obj) if literal else URIRef(self.ids.entity(obj))
        self.claims.append(Claim(URIRef(self.ids.entity(subject)), URIRef(iri), target, self.slug,
                                 f"quote for {predicate}", 0, 1, method=f"rule-{predicate.rsplit('#', 1)[-1]}",
                                 confidence=0.5))

    def extraction(self) -> Extraction:
        return Extraction(self.slug, self.entities, tuple(self.claims))


def forum_article(hand: Hand) -> Extraction:
    """001. Entities: gold Forum, Vientiane, Li Ming, China (4). Predicted typed: the forum (Event, hit by
    its label without the gold's "(2024)"), Li Ming (hit), China (registry, hit), "Vientiane" typed as a
    Person (false hit; the gold Place is missed); the department only names the organisation inside the
    gold's post, so it is not counted. -> 3 hits, 4 predicted, 4 gold.
    Relations (gold 5): held_in hit (objects are matched by name, whatever their type), start_date hit,
    holds_post hit ("Director" of the post "Director of the Department ...", org:postIn it), spoke_at
    missed, has_statistic missed (as of 2024-03, the gold says 2024-03-05) and a false hit, attended
    (hadParticipant read backwards) a false hit. -> 3 hits, 5 predicted, 5 gold."""
    forum = hand.entity("event/tiny-forum", "Forum", "China-Laos E-commerce Forum")
    person = hand.entity("person/li-ming", "Official", "Li Ming")
    department = hand.entity("org/tiny-yunnan-commerce", "GovernmentBody", "Department of Commerce of Yunnan")
    city = hand.entity("person/vientiane", "Person", "Vientiane")
    china = hand.entity("place/china", "Country", "China", new=False)
    post = "post/tiny-director"
    hand.entities[post] = Entity(post, str(SRK) + "Post", "Director of the Department of Commerce of Yunnan")
    statistic = "statistic/tiny-mous"
    hand.entities[statistic] = Entity(statistic, str(SRK) + "Statistic", "30 countries")
    hand.fact(forum, "heldIn", city)
    hand.fact(forum, "http://schema.org/startDate", "2024-03-05", literal=True)
    hand.fact(person, ORG + "holds", post)
    hand.fact(post, ORG + "postIn", department)
    hand.fact(forum, "hadParticipant", person)
    hand.fact(statistic, "refersTo", china)
    hand.fact(statistic, "value", "30", literal=True)
    hand.fact(statistic, "asOf", "2024-03", literal=True)
    hand.fact(forum, "edition", "1", literal=True)
    return hand.extraction()


def mou_article(hand: Hand) -> Extraction:
    """002. Entities: gold Kenya, China, Nairobi, the MoU, eWTP, Jack Ma (6). Predicted typed: Kenya, China
    (hits), the MoU under the text's words (false hit; the gold MoU is missed), "Electronic World Trade
    Platform (eWTP)" (hit: a bracketed acronym is dropped), Jack Ma twice under two ids (one hit, one false
    hit); Nairobi is missed. -> 4 hits, 6 predicted, 6 gold.
    Relations (gold 4): signed_with hit (two parties of one agreement, either direction), promotes hit
    (proposedBy read backwards), start_date of the MoU a false hit and a miss (its subject is not the
    gold's), located_in missed. -> 2 hits, 3 predicted, 4 gold."""
    kenya = hand.entity("place/tiny-kenya", "Country", "Kenya")
    china = hand.entity("place/china", "Country", "China", new=False)
    mou = hand.entity("agreement/tiny-mou", "Agreement", "memorandum of understanding on e-commerce cooperation")
    ewtp = hand.entity("initiative/tiny-ewtp", "Initiative", "Electronic World Trade Platform (eWTP)", "eWTP")
    jack = hand.entity("person/tiny-jack-ma", "Person", "Jack Ma")
    hand.entity("person/tiny-jack-ma-2", "Person", "Ma", "Jack Ma")
    hand.fact(kenya, "partyTo", mou)
    hand.fact(china, "partyTo", mou)
    hand.fact(mou, "signedOn", "2019", literal=True)
    hand.fact(ewtp, "proposedBy", jack)
    return hand.extraction()


def hand_extractor(inputs, ids, slugs, progress):  # type: ignore[no-untyped-def]
    """Stands in for the extraction rules: the hand-made extraction of each ingested article, by title."""
    made = {"Tiny forum on e-commerce in Vientiane": forum_article, "Kenya and China sign an e-commerce MoU": mou_article}
    return {slug: made[inputs.sources[slug].title](Hand(ids, slug)) for slug in slugs}


@pytest.fixture(scope="module")
def report(tmp_path_factory):  # type: ignore[no-untyped-def]
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("project"))
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    result = evaluate_corpus(project, TINY / "corpus", TINY / "gold", extractor=hand_extractor)
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before, "project was changed"
    return result


def scores(score) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return (score.tp, score.predicted, score.gold)


def test_overall_scores_are_the_hand_computed_ones(report) -> None:  # type: ignore[no-untyped-def]
    assert scores(report.entities) == (7, 10, 10)
    assert report.entities.precision == pytest.approx(0.7) and report.entities.recall == pytest.approx(0.7)
    assert scores(report.relations) == (5, 8, 9)
    assert report.relations.precision == pytest.approx(5 / 8) and report.relations.recall == pytest.approx(5 / 9)
    assert report.relations.f1 == pytest.approx(2 * (5 / 8) * (5 / 9) / (5 / 8 + 5 / 9))


def test_per_type_and_per_relation(report) -> None:  # type: ignore[no-untyped-def]
    assert {t: scores(s) for t, s in report.per_type.items()} == {
        "Person": (2, 4, 2), "Organisation": (0, 0, 0), "Event": (1, 1, 1), "Initiative": (1, 1, 1),
        "Place": (3, 3, 5), "Agreement": (0, 1, 1)}
    assert {r: scores(s) for r, s in report.per_relation.items() if s.predicted or s.gold} == {
        "held_in": (1, 1, 1), "start_date": (1, 2, 2), "holds_post": (1, 1, 1), "spoke_at": (0, 0, 1),
        "has_statistic": (0, 1, 1), "attended": (0, 1, 0), "signed_with": (1, 1, 1), "promotes": (1, 1, 1),
        "located_in": (0, 0, 1)}


def test_per_article_misses_and_false_hits(report) -> None:  # type: ignore[no-untyped-def]
    forum, mou = report.articles["001_tiny_forum_2024"], report.articles["002_tiny_mou_2019"]
    assert (scores(forum.entities), scores(forum.relations)) == ((3, 4, 4), (3, 5, 5))
    assert (scores(mou.entities), scores(mou.relations)) == ((4, 6, 6), (2, 3, 4))
    assert [(m.subject, m.relation, m.object, m.line) for m in forum.misses] == [
        ("Vientiane", "type", "Place", 4),
        ("Li Ming", "spoke_at", "China-Laos E-commerce Forum (2024)", 7),
        ("China", "has_statistic", "countries with bilateral e-commerce cooperation MoUs = 30 as of 2024-03-05", 9)]
    assert {(f.subject, f.relation, f.object) for f in forum.false_hits} == {
        ("Vientiane", "type", "Person"), ("Li Ming", "attended", "China-Laos E-commerce Forum"),
        ("China", "has_statistic", "30 countries = 30 as of 2024-03")}
    assert [(m.subject, m.relation, m.object) for m in mou.misses] == [
        ("Nairobi", "type", "Place"), ("China–Kenya MoU on e-commerce cooperation (2019)", "type", "Agreement"),
        ("China–Kenya MoU on e-commerce cooperation (2019)", "start_date", "2019"), ("Nairobi", "located_in", "Kenya")]
    assert {(f.subject, f.relation, f.object) for f in mou.false_hits} == {
        ("memorandum of understanding on e-commerce cooperation", "type", "Agreement"), ("Ma", "type", "Person"),
        ("memorandum of understanding on e-commerce cooperation", "start_date", "2019")}
    assert forum.not_scored == {"edition": 1} and mou.not_scored == {}


def test_quotes_checked_and_missing_date_assumed(report) -> None:  # type: ignore[no-untyped-def]
    assert (report.quotes_found, report.quotes) == (18, 19)  # "in Nairobi, Kenya" is not in the text
    assert report.assumed_dates == {"002_tiny_mou_2019": "2019"}


def test_label_normalisation_rules() -> None:
    assert normalise_label("The Ministry of Commerce of the People’s Republic of China") == \
        normalise_label("Ministry of Commerce of China")
    assert normalise_label("World Internet Conference (WIC) Digital Silk Road Forum") == \
        "world internet conference digital silk road forum"
    assert normalise_label("China–ASEAN Expo") == "china-asean expo"
    assert "apec economic leaders meeting" in gold_forms("APEC Economic Leaders Meeting (Da Nang, 2017)")
    assert normalise_label("Department of Commerce of Hunan") != normalise_label("Department of Commerce of Hubei")


@pytest.mark.parametrize("line, message", [
    ("A\ttype\tPerson", "4 non-empty tab-separated columns"),
    ("A\tknows\tB\tA knows B", "unknown relation 'knows'"),
    ("A\ttype\tCountry\tA", "unknown type 'Country'"),
    ("A\tstart_date\tlast year\tA", "needs a date"),
    ("A\tholds_post\tDirector\tA", "Title @ Organisation"),
])
def test_bad_gold_lines_are_refused_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    gold = tmp_path / "001_bad.tsv"
    gold.write_text("B\ttype\tPlace\tB\n" + line + "\n", encoding="utf-8")
    with pytest.raises(KgError, match=message) as caught:
        read_gold(gold)
    assert caught.value.location is not None and caught.value.location.line == 2


def test_a_gold_file_without_its_text_or_a_text_without_header_is_refused(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold" / "001_x.tsv").write_text("B\ttype\tPlace\tB\n", encoding="utf-8")
    with pytest.raises(KgError, match="no text for 1 gold file"):
        read_corpus(tmp_path / "corpus", tmp_path / "gold")
    (tmp_path / "corpus" / "001_x.txt").write_text("Just a body without a header.\n", encoding="utf-8")
    with pytest.raises(KgError, match="starts with a title line"):
        read_corpus(tmp_path / "corpus", tmp_path / "gold")


def test_kg_eval_corpus_end_to_end_with_the_real_extractor(project) -> None:  # type: ignore[no-untyped-def]
    """The command as a user types it: JSON with every part, the gold counted whatever the extractor finds,
    and the user's project left as it was."""
    queue = project.root / "sources" / "review" / "queue.yaml"
    before = queue.read_bytes() if queue.exists() else None
    run = run_kg("eval", "--corpus", str(TINY / "corpus"), "--gold", str(TINY / "gold"), "--format", "json",
                 settings=project)
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["entities"]["gold"] == 10 and data["relations"]["gold"] == 9
    assert set(data["entities"]["per_type"]) == {"Person", "Organisation", "Event", "Initiative", "Place", "Agreement"}
    assert len(data["relations"]["per_relation"]) == 15
    china = [m for m in data["per_article"]["001_tiny_forum_2024"]["misses"] if m["subject"] == "China"]
    assert not [m for m in china if m["relation"] == "type"], "China is in the registry: the extractor links it"
    assert data["evidence_quotes_found"] == "18/19"
    assert (queue.read_bytes() if queue.exists() else None) == before
    assert not list((project.root / "sources" / "articles").glob("*tiny*"))
    table = run_kg("eval", "--corpus", str(TINY / "corpus"), "--gold", str(TINY / "gold"), settings=project)
    assert table.code == 0 and "entities (typed)" in table.stdout and "== 002_tiny_mou_2019" in table.stdout


def test_kg_eval_needs_both_folders(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_kg("eval", "--corpus", str(TINY / "corpus"), settings=project)
    assert run.code == 1 and "give both --corpus DIR and --gold DIR" in run.stderr
    run = run_kg("eval", "--corpus", str(tmp_path / "nowhere"), "--gold", str(TINY / "gold"), settings=project)
    assert run.code == 1 and "corpus folder not found" in run.stderr


def test_hostile_corpus_files_get_one_line_errors(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A binary gold file, and a 'text' too large to be an article: exit 1, one line naming the file."""
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    gold.mkdir()
    (gold / "001_x.tsv").write_bytes(b"\xff\xfe\x00binary")
    (corpus / "001_x.txt").write_text("T\nSource: P, https://example.org\n\nBody.\n", encoding="utf-8")
    run = run_kg("eval", "--corpus", str(corpus), "--gold", str(gold), settings=project)
    assert run.code == 1 and "001_x.tsv" in run.stderr and "cannot read gold file" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    (gold / "001_x.tsv").write_text("China\ttype\tPlace\tChina\n", encoding="utf-8")
    header = "Huge\nDate: 2020-01-01\nSource: P, https://example.org\n\n"
    (corpus / "001_x.txt").write_text(header + "China and Laos met. " * 60_000, encoding="utf-8")
    run = run_kg("eval", "--corpus", str(corpus), "--gold", str(gold), settings=project)
    assert run.code == 1 and "001_x.txt" in run.stderr and "too large for an article" in run.stderr
    assert not list((project.root / "sources" / "articles").glob("huge*"))


def test_windows_line_ends_are_read(tmp_path: Path) -> None:
    from kg.evaluate.gold import read_text

    path = tmp_path / "001_x.txt"
    path.write_bytes(b"Title\r\nDate: 2020-01-02\r\nSource: P, https://example.org\r\n\r\nBody line.\r\n")
    text = read_text(path)
    assert (text.title, text.date, text.publisher, text.url, text.body) == \
        ("Title", "2020-01-02", "P", "https://example.org", "Body line.\n")
