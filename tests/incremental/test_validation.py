"""An incremental build validates only the nodes a change reaches, and reports what a full
validation of the same files reports: when the change brings a violation and when it takes one away."""

from __future__ import annotations

import shutil

from tests.incremental.conftest import run_build

FACTS = "cities-project-cbec-forum-2019"
EVENT = "event/china-50-members-cbec-forum-2019"
EDITION = f"      - [{EVENT}, edition, 4]\n"
SECOND = f"      - [{EVENT}, edition, 5]\n"


def full_violations(settings) -> tuple:
    fresh = settings.with_(dist=settings.root / "fresh-dist")
    shutil.rmtree(fresh.dist_dir, ignore_errors=True)
    report, lines = run_build(fresh)
    assert lines[0].startswith("full build: no store at"), lines[0]
    return report.violations


def test_incremental_validation_reports_what_a_full_one_does_as_a_violation_comes_and_goes(project_built) -> None:
    facts = project_built.curated_dir / "facts" / f"{FACTS}.yaml"
    text = facts.read_text(encoding="utf-8")
    assert EDITION in text
    # Two editions of one event: a maxCount violation; the lines below move, so claim records change too.
    facts.write_text(text.replace(EDITION, EDITION + SECOND), encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({FACTS})"
    assert any(line.startswith("validated ") and "nodes the change reaches again" in line for line in lines), lines
    brought = [v for v in report.violations if v.path == "edition"]
    assert len(brought) == 1 and brought[0].focus.endswith(EVENT), report.violations
    assert str(brought[0]).startswith(f"sources/curated/facts/{FACTS}.yaml:"), str(brought[0])
    assert report.violations == full_violations(project_built)
    # And back: the violation goes, as in a full build.
    facts.write_text(text, encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0] == f"incremental build: 1 of 5 sources changed ({FACTS})"
    assert not [v for v in report.violations if v.path == "edition"]
    assert report.violations == full_violations(project_built)
