"""YAML reading that keeps line numbers, so curated data errors point at a line.

Every scalar is a string (no implicit dates or numbers: the ontology decides
types), and every value knows the line it came from.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import KgError, at


# libyaml's parser (same nodes and marks) when PyYAML was built with it: ~10x faster on the curated files.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class Text(str):
    line: int = 0


class Mapping(dict):  # type: ignore[type-arg]
    line: int = 0


class Sequence(list):  # type: ignore[type-arg]
    line: int = 0


Value = Text | Mapping | Sequence | None


def _convert(node: yaml.Node, path: Path) -> Value:
    line = node.start_mark.line + 1
    value: Text | Mapping | Sequence
    if isinstance(node, yaml.ScalarNode):
        # A plain scalar: PyYAML gives style None, libyaml's CBaseLoader "" (so `url: null` was "null").
        if node.tag == "tag:yaml.org,2002:null" or (not node.style and node.value in {"null", "~", ""}):
            return None
        value = Text(node.value)
    elif isinstance(node, yaml.SequenceNode):
        value = Sequence(_convert(item, path) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        value = Mapping()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in value:
                raise KgError(f"duplicate key {key!r}", at(path, key_node.start_mark.line + 1))
            value[key] = _convert(value_node, path)
    else:  # pragma: no cover - PyYAML has no other node kinds
        raise KgError("unsupported YAML node", at(path, line))
    value.line = line
    return value


def load_yaml(path: Path) -> Value:
    """Parse one YAML file; syntax errors become KgError with file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read: {exc}", at(path)) from exc
    cached = _TREES.get(text)
    if cached is not None:
        return cached
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise KgError(f"YAML syntax error: {problem}", at(path, mark.line + 1 if mark else None,
                                                        mark.column + 1 if mark else None)) from exc
    tree = None if node is None else _convert(node, path)
    _TREES[text] = tree
    while len(_TREES) > _TREES_KEEP:
        del _TREES[next(iter(_TREES))]
    return tree


# Trees of texts read before (readers never change them): the review page checks every decision by
# loading all curated files again, and all but one are as they were.
_TREES: dict[str, Value] = {}
_TREES_KEEP = 256


def require(value: Value, kind: type, what: str, path: Path, line: int) -> Text | Mapping | Sequence:
    """Check the shape of a value, with a message naming the file and line."""
    if not isinstance(value, kind):
        found = "nothing" if value is None else type(value).__name__.lower()
        expected = {Text: "a text", Mapping: "a mapping", Sequence: "a list"}[kind]
        raise KgError(f"{what} must be {expected}, found {found}", at(path, getattr(value, "line", line)))
    return value
