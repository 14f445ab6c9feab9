"""Merge decisions: reviewable data in sources/curated/merges.yaml.

    - same: [person/long-yongtu, person/yongtu-long]      # the first id is kept
      note: "Yongtu Long is Long Yongtu with the given name first"
    - different: [event/gcbec-2020, event/gcbec-2021]

Recording a decision appends it to the file (comments and earlier entries stay
as they are, so a diff shows exactly the one new decision) with an atomic write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kg import atomic
from kg.errors import KgError, at
from kg.registry import check_ref
from kg.yamlfile import Mapping, Sequence, Text, load_yaml, require

MERGES_FILE = "merges.yaml"
VERDICTS = ("same", "different")
HEADER = """\
# Entity resolution decisions (reviewed like any other curated data).
#
#   - same: [KEPT-ID, MERGED-ID]     # one entity: the build rewrites MERGED-ID's facts to KEPT-ID,
#     note: why                      #   keeps its names as aliases and states KEPT owl:sameAs MERGED
#   - different: [ID-A, ID-B]        # not the same: `kg dedupe` stops proposing the pair
#
# Record decisions with `kg dedupe same A B` / `kg dedupe different A B`; list open
# proposals with `kg dedupe`. Entities of different classes never merge, unless one
# class is a subclass of the other (Person / Official): the merged entity keeps the
# more specific class.
"""


@dataclass(frozen=True)
class Decision:
    same: bool
    first: str  # for "same", the id that is kept
    second: str
    note: str | None
    path: Path
    line: int

    @property
    def pair(self) -> frozenset[str]:
        return frozenset({self.first, self.second})

    @property
    def verdict(self) -> str:
        return "same" if self.same else "different"

    @property
    def origin(self) -> str:
        return f"{at(self.path)}#L{self.line}"

    def where(self):  # type: ignore[no-untyped-def]
        return at(self.path, self.line)


def load_decisions(path: Path) -> tuple[Decision, ...]:
    """Every decision in file order; a missing file means none. Malformed entries are KgErrors."""
    if not path.exists():
        return ()
    items = load_yaml(path) or Sequence()
    require(items, Sequence, "the decision list", path, 1)
    decisions: list[Decision] = []
    seen: dict[frozenset[str], Decision] = {}
    for item in items:  # type: ignore[union-attr]
        entry = require(item, Mapping, "a decision", path, items.line)  # type: ignore[union-attr]
        assert isinstance(entry, Mapping)
        verdicts = [v for v in VERDICTS if v in entry]
        unknown = sorted(set(entry) - {*VERDICTS, "note"})
        if len(verdicts) != 1 or unknown:
            raise KgError("a decision has exactly one of 'same' or 'different' (and an optional 'note')",
                          at(path, entry.line))
        pair = entry[verdicts[0]]
        if not isinstance(pair, Sequence) or len(pair) != 2 or not all(isinstance(p, Text) for p in pair):
            raise KgError(f"'{verdicts[0]}' must be a list of two entity ids", at(path, entry.line))
        for ref in pair:
            check_ref(str(ref), path, entry.line)
        if pair[0] == pair[1]:
            raise KgError(f"a decision about {pair[0]} and itself", at(path, entry.line))
        note = entry.get("note")
        decision = Decision(verdicts[0] == "same", str(pair[0]), str(pair[1]),
                            str(note) if isinstance(note, Text) else None, path, entry.line)
        if decision.pair in seen:
            raise KgError(f"{decision.first} and {decision.second} are already decided at "
                          f"{seen[decision.pair].where()}", at(path, entry.line))
        seen[decision.pair] = decision
        decisions.append(decision)
    return tuple(decisions)


def empty_file_text() -> str:
    return HEADER + "[]\n"


def decision_text(path: Path, same: bool, first: str, second: str, note: str | None = None) -> tuple[str, int]:
    """The file's text with one decision appended (comments and earlier entries stay), and its line."""
    for ref in (first, second):
        check_ref(ref, path, 0)
    if first == second:
        raise KgError(f"{first} is trivially the same as itself")
    for earlier in load_decisions(path):
        if earlier.pair == frozenset({first, second}):
            raise KgError(f"already decided ({earlier.verdict}) at {earlier.where()}; edit the file to change it")
    text = path.read_text(encoding="utf-8") if path.exists() else empty_file_text()
    # The empty list of a fresh file ("[]" on its own line) gives way to the first entry.
    lines = [line for line in text.splitlines() if line.strip() != "[]"]
    while lines and not lines[-1].strip():
        lines.pop()
    entry = f"- {'same' if same else 'different'}: [{first}, {second}]"
    added = [entry] + ([f"  note: {json.dumps(note)}"] if note else [])
    return "\n".join(lines + added) + "\n", len(lines) + 1


def record_decision(path: Path, same: bool, first: str, second: str, note: str | None = None) -> Decision:
    """Append one decision to the file (creating it with its header); a pair is decided once."""
    text, line = decision_text(path, same, first, second, note)
    atomic.write_text(path, text)
    return Decision(same, first, second, note, path, line)
