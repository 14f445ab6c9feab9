"""The one checked write every review decision goes through, from the page or from `kg review`.

    with review_lock(settings):          # one decision at a time, across processes and tabs
        texts = ...                      # the files as they would be after the decision
        commit(project, texts, summary)  # check them as `kg build` reads them, then rename each into place

The check loads the curated files as they would be (a scratch copy of sources/curated with the new
texts) and applies the merge decisions: a decision that would break `kg build` is refused with the
real file and line, and nothing is written. The journal keeps each decision's files as they were, so
`undo` puts them back: only while no later change touched them (else it says which file changed).
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg import atomic
from kg.claims import Entity
from kg.curation import load_curation
from kg.errors import KgError, Location, at
from kg.namespaces import Ids
from kg.ontology import Ontology, load_ontology
from kg.resolution import MERGES_FILE, load_decisions, merge_groups
from kg.review.queue import review_dir
from kg.settings import Settings
from kg.sources import Source, load_sources

LOCK_FILE = ".lock"  # git-ignored
LOCK_WAIT_S = 10.0


@contextmanager
def review_lock(settings: Settings, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """An exclusive lock on the review files (flock: held per open file, so also between threads)."""
    path = review_dir(settings) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise KgError(f"another review decision has held {at(path)} for {wait_s:.0f} s; "
                                  "try again") from None
                time.sleep(0.005)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fingerprint(text: str | None) -> str:
    return "absent" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


@dataclass(frozen=True)
class Written:
    """One thing a decision wrote: the file and the line to look at."""

    path: Path
    line: int
    what: str

    def where(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"


@dataclass(frozen=True)
class Registry:
    """The curated entities before merges, the merge map, and the entities after it."""

    entities: dict[str, Entity]  # as written in the files
    kept_of: dict[str, str]  # merged id -> kept id
    merged: dict[str, Entity]  # after merges: the ids a new fact should use

    def kept(self, ref: str) -> str:
        return self.kept_of.get(ref, ref)


@dataclass
class Project:
    """What decisions read again and again, reloaded only when its files change."""

    settings: Settings
    _cache: dict[str, tuple[object, object]] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)
    _scratch: Path | None = None

    def close(self) -> None:
        """Remove the scratch folder of the checks."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    @property
    def ids(self) -> Ids:
        return Ids(self.settings.base_iri)

    def _cached(self, key: str, stamp: object, load):  # type: ignore[no-untyped-def]
        with self._guard:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        value = load()
        with self._guard:
            self._cache[key] = (stamp, value)
        return value

    def ontology(self) -> Ontology:
        path = self.settings.ontology_file
        return self._cached("ontology", _stamp([path]), lambda: load_ontology(path))

    def sources(self) -> dict[str, Source]:
        folder = self.settings.articles_dir
        return self._cached("sources", _stamp(sorted(folder.glob("*"))), lambda: load_sources(folder))

    def registry(self) -> Registry:
        files = curated_files(self.settings.curated_dir)
        return self._cached("registry", _contents(files), lambda: self._load_registry(self.settings.curated_dir))

    def _load_registry(self, curated_dir: Path, claims_of: frozenset[Path] = frozenset()) -> Registry:
        """The registry and merges of `curated_dir`; the claims of the facts files in `claims_of` checked."""
        ontology = self.ontology()
        curation = load_curation(curated_dir, self.sources(), ontology, self.ids,
                                 claims_of=lambda path: path in claims_of)
        decisions = load_decisions(curated_dir / MERGES_FILE)
        kept_of = merge_groups(curation.entities, decisions, ontology)
        from kg.resolution import apply_merges

        merged, _, _ = apply_merges(curation.entities, (), decisions, ontology, self.ids)
        return Registry(curation.entities, kept_of, merged)

    def check(self, texts: dict[Path, str]) -> Registry:
        """Load the curation as it would be with `texts` (paths under sources/curated); refuse what breaks.

        As `kg build` reads it: every file parsed, every entity, the merge decisions, and the claims of
        the facts files changed (a decision adds names and claims, so it cannot break another file's)."""
        curated = self.settings.curated_dir
        # One scratch folder per project, refilled for every check: its paths stay the same, so the
        # locations and origins computed while loading it stay cached (kg.errors.at, registry.origin_of).
        if self._scratch is None or not self._scratch.exists():
            self._scratch = Path(tempfile.mkdtemp(prefix="kg-review-check-"))
        copy = self._scratch / "sources" / "curated"  # the same tail, so origins read as in the real project
        try:
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(curated, copy) if curated.exists() else copy.mkdir(parents=True)
            for path, text in texts.items():
                target = copy / path.relative_to(curated)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            registry = self._load_registry(copy, frozenset(copy / p.relative_to(curated) for p in texts))
        except KgError as exc:
            raise KgError(f"refused, nothing was written: {exc.message.replace(str(copy), str(curated))}",
                          _real_location(exc.location, copy, curated)) from None
        finally:
            shutil.rmtree(copy, ignore_errors=True)
        return registry  # what the registry is once these texts are written

    def commit(self, texts: dict[Path, str], summary: str, journal: "Journal | None" = None,
               ids: tuple[str, ...] = ()) -> None:
        """Check the curated texts among `texts`, then write each file by rename; call under review_lock."""
        curated = {p: t for p, t in texts.items() if p.is_relative_to(self.settings.curated_dir)}
        checked = self.check(curated) if curated else None
        before = tuple((path, read_text(path)) for path in texts)
        for path, text in texts.items():
            atomic.write_text(path, text)
        if checked is not None:  # the checked registry is the one now on disk
            with self._guard:
                self._cache["registry"] = (_contents(curated_files(self.settings.curated_dir)), checked)
        if journal is not None:
            journal.push(Step(summary, ids, before, tuple((p, fingerprint(t)) for p, t in texts.items())))


def curated_files(curated_dir: Path) -> list[Path]:
    return sorted(curated_dir.rglob("*.yaml")) if curated_dir.exists() else []


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    stamp = []
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def _contents(paths: list[Path]) -> tuple[tuple[str, str], ...]:
    # By content, not mtime: two decisions within one clock tick may leave equal mtimes and sizes.
    return tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths if p.exists())


def _real_location(location: Location | None, copy: Path, real: Path) -> Location | None:
    if location is None:
        return None
    where = Path(location.where)
    for base in (copy, copy.resolve()):
        try:
            return at(real / where.resolve().relative_to(base.resolve()), location.line, location.column)
        except ValueError:
            continue
    return location


@dataclass(frozen=True)
class Step:
    """One decision as the journal keeps it: each file as it was before, and a fingerprint of after."""

    summary: str
    ids: tuple[str, ...]  # the candidates it decided
    before: tuple[tuple[Path, str | None], ...]
    after: tuple[tuple[Path, str], ...]


@dataclass
class Journal:
    """The decisions of one review session, newest last, for undo."""

    steps: list[Step] = field(default_factory=list)

    def push(self, step: Step) -> None:
        self.steps.append(step)
        del self.steps[:-500]

    def undo(self, settings: Settings) -> tuple[Step, list[Written]]:
        """Put back the files of the newest decision, if nothing changed them since; call under review_lock."""
        if not self.steps:
            raise KgError("nothing to undo in this session")
        step = self.steps[-1]
        for path, expected in step.after:
            if fingerprint(read_text(path)) != expected:
                raise KgError(f"cannot undo “{step.summary}”: {at(path)} changed since (another tab, "
                              "`kg review` or an editor); undo it by hand")
        written = []
        for path, text in step.before:
            if text is None:
                path.unlink(missing_ok=True)
            else:
                atomic.write_text(path, text)
            written.append(Written(path, 1, "restored"))
        self.steps.pop()
        return step, written
