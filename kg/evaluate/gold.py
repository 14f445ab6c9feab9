"""Reading a gold corpus: NNN_slug.txt texts and NNN_slug.tsv gold facts (format of
shared/dev-corpus/README.md). Every problem is reported with its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, at

GOLD_TYPES = ("Person", "Organisation", "Event", "Initiative", "Place", "Agreement")
GOLD_RELATIONS = ("type", "holds_post", "signed_with", "has_statistic", "located_in", "attended", "part_of",
                  "start_date", "end_date", "held_in", "spoke_at", "partner_of", "promotes", "organised_by",
                  "member_of", "hosted_by")
LITERAL_RELATIONS = ("start_date", "end_date")
SYMMETRIC_RELATIONS = ("signed_with", "partner_of")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class GoldFact:
    subject: str
    relation: str
    object: str
    quote: str
    line: int


@dataclass(frozen=True)
class GoldArticle:
    name: str  # the file stem, "101_g20_communique_ewtp_2016"
    facts: tuple[GoldFact, ...]

    @property
    def types(self) -> tuple[GoldFact, ...]:
        return tuple(f for f in self.facts if f.relation == "type")

    @property
    def relations(self) -> tuple[GoldFact, ...]:
        return tuple(f for f in self.facts if f.relation != "type")


@dataclass(frozen=True)
class CorpusText:
    name: str
    title: str
    date: str | None
    publisher: str
    url: str
    body: str  # the text after the first blank line
    file: Path


def read_gold(path: Path) -> GoldArticle:
    facts = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read gold file: {exc}", at(path)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) != 4 or not all(c.strip() for c in columns):
            raise KgError(f"a gold fact has 4 non-empty tab-separated columns (subject, relation, object, quote); "
                          f"this line has {len(columns)}", at(path, number))
        subject, relation, obj, quote = (c.strip() for c in columns)
        if relation not in GOLD_RELATIONS:
            raise KgError(f"unknown relation {relation!r}; known: {', '.join(GOLD_RELATIONS)}", at(path, number))
        if relation == "type" and obj not in GOLD_TYPES:
            raise KgError(f"unknown type {obj!r}; known: {', '.join(GOLD_TYPES)}", at(path, number))
        if relation in LITERAL_RELATIONS and not _DATE.match(obj):
            raise KgError(f"{relation} needs a date YYYY, YYYY-MM or YYYY-MM-DD, not {obj!r}", at(path, number))
        if relation == "holds_post" and " @ " not in obj:
            raise KgError(f"holds_post needs 'Title @ Organisation', not {obj!r}", at(path, number))
        if relation == "has_statistic" and not re.search(r" = .+ as of \S+$", obj):
            raise KgError(f"has_statistic needs 'metric = value as of date', not {obj!r}", at(path, number))
        facts.append(GoldFact(subject, relation, obj, quote, number))
    if not facts:
        raise KgError("gold file has no facts", at(path))
    return GoldArticle(path.stem, tuple(facts))


def read_text(path: Path) -> CorpusText:
    """Title line, optional `Date: YYYY-MM-DD`, `Source: publisher, address`, a blank line, the body."""
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")  # Windows line ends read as Unix ones
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read corpus text: {exc}", at(path)) from exc
    head, blank, body = text.partition("\n\n")
    lines = head.split("\n")
    if not blank or not body.strip() or not 2 <= len(lines) <= 3 or not lines[0].strip():
        raise KgError("a corpus text starts with a title line, an optional 'Date:' line, a 'Source:' line and "
                      "one blank line, then the body", at(path, 1))
    date = None
    if len(lines) == 3:
        match = re.fullmatch(r"Date: (\d{4}(?:-\d{2}(?:-\d{2})?)?)", lines[1])
        if not match:
            raise KgError(f"line 2 should be 'Date: YYYY-MM-DD', not {lines[1]!r}", at(path, 2))
        date = match.group(1)
    source = lines[-1]
    publisher, _, url = source.removeprefix("Source: ").rpartition(", ")
    if not source.startswith("Source: ") or not publisher.strip() or not url.strip():
        raise KgError(f"expected 'Source: <publisher>, <address>', not {source!r}", at(path, len(lines)))
    return CorpusText(path.stem, lines[0].strip(), date, publisher.strip(), url.strip(), body, path)


def read_corpus(corpus_dir: Path, gold_dir: Path) -> list[tuple[CorpusText, GoldArticle]]:
    """Each gold file with its text (same name, .txt); a gold file without its text is an error."""
    for folder, what in ((corpus_dir, "corpus"), (gold_dir, "gold")):
        if not folder.is_dir():
            raise KgError(f"{what} folder not found", at(folder))
    golds = sorted(gold_dir.glob("*.tsv"))
    if not golds:
        raise KgError("no gold files (*.tsv) in the gold folder", at(gold_dir))
    missing = [g.stem for g in golds if not (corpus_dir / f"{g.stem}.txt").is_file()]
    if missing:
        raise KgError(f"no text for {len(missing)} gold file(s): {', '.join(missing)} (expected {{name}}.txt; "
                      f"rebuild the texts as the corpus README says)", at(corpus_dir))
    return [(read_text(corpus_dir / f"{g.stem}.txt"), read_gold(g)) for g in golds]
