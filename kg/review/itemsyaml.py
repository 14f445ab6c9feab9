"""The queue and rejected files' YAML, written directly: PyYAML's representer took longer than a
decision may (a 295-candidate queue is rewritten by every decision).

The shape is PyYAML's block style for a list of candidates; strings are plain where YAML reads them
back as the same text, else JSON-quoted (JSON strings are YAML double-quoted strings), with the
characters YAML would read as line breaks or refuse escaped. Anything else goes to PyYAML.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_./-]*$")
_RESERVED = frozenset({"yes", "no", "true", "false", "null", "on", "off", "y", "n", "nan", "inf"})
# YAML reads U+0085, U+2028 and U+2029 as line breaks and refuses C1 controls, BOMs and surrogates.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return _text(str(value))


@lru_cache(maxsize=65536)  # the queue's ids, rules and entity names recur from one decision to the next
def _text(text: str) -> str:
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _mapping(entry: dict, pad: str) -> list[str]:  # type: ignore[type-arg]
    lines = []
    for index, (key, value) in enumerate(entry.items()):
        lead = pad[:-2] + "- " if index == 0 else pad
        if _is_scalar(value):
            lines.append(f"{lead}{scalar(key)}: {scalar(value)}")
        elif isinstance(value, list) and all(_is_scalar(v) for v in value):
            lines.append(f"{lead}{scalar(key)}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            lines.append(f"{lead}{scalar(key)}:")
            for inner in value:
                lines += _mapping(inner, pad + "  ")
        else:
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000).splitlines()
            lines += [(lead if i == 0 else pad) + row for i, row in enumerate(dumped)]
    return lines


def emit_items(items: list[dict]) -> str:  # type: ignore[type-arg]
    """A YAML list of mappings (each a candidate), as text ending in a newline."""
    lines: list[str] = []
    for item in items:
        lines += _mapping(item, "  ")
    return "\n".join(lines) + "\n"
