"""Projects: `kg` finds its project from where the user stands, `kg init` starts one that builds at
once, and builds lock, clean up after killed builds, respect the umask and exit 2 under --strict."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.buildlock import build_lock
from kg.settings import Settings, load_settings

ENTITIES = Path("sources/curated/entities.yaml")


def kg(*args: str, cwd: Path, env: dict[str, str] | None = None, umask: str | None = None,
       background: bool = False):  # type: ignore[no-untyped-def]
    """`kg ARGS` typed in `cwd`, with no KG_ROOT/KG_DIST unless `env` sets them."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment.update(env or {})
    command = [sys.executable, "-m", "kg", *args]
    if umask:
        command = ["sh", "-c", f'umask {umask} && exec "$@"', "sh", *command]
    if background:
        return subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def count(cwd: Path, sparql: str, env: dict[str, str] | None = None) -> int:
    done = kg("query", sparql, "-f", "csv", cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.splitlines()[1])


def test_init_then_build_in_a_temporary_folder(tmp_path: Path) -> None:
    done = kg("init", "mygraph", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    project = tmp_path / "mygraph"
    assert (project / "ontology" / "silkroad.ttl").is_file() and (project / "sources" / "articles").is_dir()
    built = kg("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "dist" / "store").is_dir() and (project / "dist" / "graph.html").is_file()
    # An empty graph: the ontology is there, no entity yet.
    assert count(project, "SELECT (COUNT(*) AS ?n) WHERE { ?e a owl:Class }") > 10
    assert count(project, "SELECT (COUNT(?e) AS ?n) WHERE { ?c srk:quote ?q ; rdf:subject ?e }") == 0
    again = kg("init", "mygraph", cwd=tmp_path)
    assert again.returncode == 1 and "not overwriting" in again.stderr


def test_kg_finds_the_project_from_a_subfolder_and_kg_root_overrides(tmp_path: Path, project: Settings) -> None:
    deep = project.root / "sources" / "curated" / "facts"
    done = kg("build", "--no-validate", cwd=deep)
    assert done.returncode == 0, done.stderr
    assert (project.root / "dist" / "store").is_dir(), "built somewhere else than the project around the cwd"
    assert count(deep, "SELECT (COUNT(*) AS ?n) WHERE { ?e a srk:Document }") == 5
    # From inside another (empty) project, KG_ROOT still chooses the seed copy.
    assert kg("init", "other", cwd=tmp_path).returncode == 0
    other = tmp_path / "other"
    assert kg("build", cwd=other).returncode == 0
    assert count(other, "SELECT (COUNT(*) AS ?n) WHERE { ?e a srk:Document }") == 0
    assert count(other, "SELECT (COUNT(*) AS ?n) WHERE { ?e a srk:Document }", env={"KG_ROOT": str(project.root)}) == 5


def test_outside_any_project_build_says_so_and_writes_nothing(tmp_path: Path) -> None:
    done = kg("build", cwd=tmp_path)
    assert done.returncode == 1
    assert "no silkroad-kg project" in done.stderr and "kg init" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, file_mode, dir_mode", [("022", 0o644, 0o755), ("027", 0o640, 0o750)])
def test_outputs_follow_the_umask(tmp_path: Path, umask: str, file_mode: int, dir_mode: int) -> None:
    assert kg("init", "p", cwd=tmp_path).returncode == 0
    assert kg("build", cwd=tmp_path / "p", umask=umask).returncode == 0
    dist = tmp_path / "p" / "dist"
    for name in ("graph.html", "silkroad.ttl", "silkroad.trig", "ontology.html"):
        assert stat.S_IMODE((dist / name).stat().st_mode) == file_mode, name
    assert stat.S_IMODE((dist / "store").stat().st_mode) == dir_mode


def _break_shapes(settings: Settings) -> None:
    """A post in no organisation: the curation accepts it, the SHACL shapes do not."""
    with (settings.root / ENTITIES).open("a", encoding="utf-8") as handle:
        handle.write("- id: post/orphan-post\n  type: Post\n  label: Secretary-General\n")
    facts = settings.root / "sources/curated/facts/sco-secretary-general-gcbec-2021.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("claims:\n", "claims:\n  - quote: \"Secretary-General\"\n"
                                  "    mentions: [post/orphan-post]\n", 1), encoding="utf-8")


def test_strict_exits_2_and_leaves_nothing_behind(project: Settings) -> None:
    _break_shapes(project)
    done = kg("build", "--strict", cwd=project.root)
    assert done.returncode == 2, done.stderr
    assert "--strict" in done.stderr and "nothing was replaced" in done.stderr
    dist = project.root / "dist"
    assert sorted(p.name for p in dist.iterdir()) == [".build.lock"], "a temporary store was left behind"
    assert kg("build", cwd=project.root).returncode == 0  # without --strict the violations are reported only


def test_a_killed_build_leaves_nothing_for_good(project: Settings) -> None:
    running = kg("build", "--no-validate", cwd=project.root, background=True)
    dist = project.root / "dist"
    deadline = time.monotonic() + 120
    while not list(dist.glob(".store.*.tmp")) and time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.02)
    assert running.poll() is None, "the build ended before its temporary store could be seen"
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert list(dist.glob(".store.*.tmp")), "the kill left no temporary store (nothing to clean up)"
    done = kg("build", "--no-validate", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "left by an interrupted build" in done.stderr
    assert not list(dist.glob(".*.tmp")) and (dist / "store").is_dir()


def test_a_second_build_waits_and_the_newest_inputs_win(project: Settings) -> None:
    settings = load_settings({"KG_ROOT": str(project.root)})
    alias = "Lock Test Alias"
    with build_lock(settings):
        waiting = kg("build", "--no-validate", cwd=project.root, background=True)
        time.sleep(3)
        assert waiting.poll() is None, "the second build did not wait for the lock"
        # Inputs change while it waits: it must build these, not what was there when it started.
        text = (project.root / ENTITIES).read_text(encoding="utf-8")
        (project.root / ENTITIES).write_text(
            text.replace("  aliases: [Mr Yongtu]", f"  aliases: [Mr Yongtu, {alias}]", 1), encoding="utf-8")
    _, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stderr
    assert "waiting for another build" in stderr
    found = count(project.root, f'SELECT (COUNT(*) AS ?n) WHERE {{ ?e skos:altLabel "{alias}"@en }}')
    assert found == 1
