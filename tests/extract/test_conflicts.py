"""`kg extract` on the seeds reports no candidate that contradicts a curated fact: the one it used to
(the Moscow summit dated "2020" by "Last year, during the Moscow summit", where the curated date is
2020-11-10) is rejected in sources/review/rejected.yaml, and a rejected candidate is no longer reported."""

from __future__ import annotations

from kg.extract.pipeline import run_extract
from kg.review.queue import REJECTED_HEADER, rejected_file
from kg.settings import Settings


def test_the_seeds_extract_without_conflicts(project: Settings) -> None:
    assert [str(c) for c in run_extract(project).conflicts] == []


def test_a_conflict_is_reported_until_its_candidate_is_rejected(project: Settings) -> None:
    rejected_file(project).write_text(REJECTED_HEADER + "[]\n", encoding="utf-8")
    conflicts = [str(c) for c in run_extract(project).conflicts]
    assert len(conflicts) == 1 and "sco-summit-2020" in conflicts[0] and "2020-11-10" in conflicts[0]
