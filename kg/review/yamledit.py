"""Line-level edits of the curated YAML, so that a decision's diff is the lines it adds and nothing else.

Comments, order and layout of the rest of the file stay as the curator wrote them (a YAML round trip
would reflow them). Every edit returns the new text and the line it wrote; the caller checks the result
by loading it (kg.review.write) before anything replaces a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from kg.errors import KgError, at


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (JSON strings are YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def add_entities(text: str, entities: list[dict], path: Path) -> str:  # type: ignore[type-arg]
    """The facts file with `entities` appended to its `entities:` section (made before `claims:`)."""
    if not entities:
        return text
    block = "".join("  " + line + "\n" for line in
                    yaml.safe_dump(entities, sort_keys=False, allow_unicode=True, width=1000).splitlines())
    claims = re.search(r"^claims:[ \t]*$", text, re.M)
    if claims is None:
        section = "" if re.search(r"^entities:[ \t]*$", text, re.M) else "entities:\n"
        return text.rstrip("\n") + "\n" + section + block
    if re.search(r"^entities:[ \t]*$", text[:claims.start()], re.M):
        return text[:claims.start()] + block + text[claims.start():]
    if re.search(r"^entities:", text, re.M):
        raise KgError("cannot add entities: the 'entities:' section is not a block before 'claims:'", at(path))
    return text[:claims.start()] + "entities:\n" + block + text[claims.start():]


def append_claims(text: str, items: list[dict], path: Path) -> tuple[str, dict[str, int]]:  # type: ignore[type-arg]
    """The facts file with one claim per quote appended; and the line of each item's fact."""
    claims = re.search(r"^claims:[ \t]*$", text, re.M)
    if claims is None:
        text = text.rstrip("\n") + "\nclaims:\n"
    elif re.search(r"^[A-Za-z_]+:", text[claims.end():], re.M):
        raise KgError("cannot append claims: 'claims:' is not the last section of the facts file", at(path))
    out = text.rstrip("\n").split("\n")
    lines: dict[str, int] = {}
    for quote in dict.fromkeys(i["quote"] for i in items):
        group = [i for i in items if i["quote"] == quote]
        rules = ", ".join(sorted({f"{i['method']} {i['confidence']}" for i in group}))
        out.append(f"  # accepted from extraction ({rules}; review {', '.join(i['id'] for i in group)})")
        out.append(f"  - quote: {_q(quote)}")
        out.append("    facts:")
        for item in group:
            out.append(f"      - [{', '.join(_q(t) for t in item['fact'])}]")
            lines[item["id"]] = len(out)
    return "\n".join(out) + "\n", lines


_KEY_RE = re.compile(r"^(?P<indent>[ \t]*)(?:- )?(?P<key>[A-Za-z_]+):(?P<rest>.*)$")


def add_alias(text: str, line: int, alias: str, path: Path) -> tuple[str, int]:
    """The registry entry that starts at `line` ("- id: ...") with one more alias; and the alias's line.

    A flow list (`aliases: [A, B]`) gains the name at its end, a block list a `- name` line, and an
    entry without aliases an `aliases: [name]` line after its label.
    """
    rows = text.split("\n")
    start = line - 1
    head = _KEY_RE.match(rows[start]) if 0 <= start < len(rows) else None
    if head is None or head.group("key") != "id" or "- " not in rows[start]:
        raise KgError("the registry entry is not where it was read (the file changed underneath?)", at(path, line))
    key_indent = len(head.group("indent")) + 2  # the keys of the entry's mapping
    end = start + 1
    while end < len(rows) and (not rows[end].strip() or rows[end].startswith(" " * key_indent)):
        end += 1
    while end > start + 1 and not rows[end - 1].strip():
        end -= 1
    pad = " " * key_indent
    for index in range(start + 1, end):
        if not rows[index].startswith(pad + "aliases:"):
            continue
        rest = rows[index][len(pad) + len("aliases:"):].split(" #", 1)[0].strip()
        if rest.startswith("["):
            names = yaml.load(rest, Loader=yaml.BaseLoader) or []  # every name as text, as the registry reads it
            rows[index] = f"{pad}aliases: [{', '.join(_q(n) for n in [*names, alias])}]"
            return "\n".join(rows), index + 1
        if not rest:  # a block list: after its last item
            last = index
            while last + 1 < end and rows[last + 1].lstrip().startswith("- "):
                last += 1
            item_pad = rows[last][: len(rows[last]) - len(rows[last].lstrip())] if last > index else pad + "  "
            rows.insert(last + 1, f"{item_pad}- {_q(alias)}")
            return "\n".join(rows), last + 2
        raise KgError("cannot add an alias: 'aliases' is neither a [flow] nor a block list", at(path, index + 1))
    after = next((i for i in range(start, end) if (m := _KEY_RE.match(rows[i])) and m.group("key") == "label"), end - 1)
    rows.insert(after + 1, f"{pad}aliases: [{_q(alias)}]")
    return "\n".join(rows), after + 2
