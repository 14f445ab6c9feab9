"""Where a SPARQL text is wrong, in words a user understands.

Oxigraph's parser reports the furthest point it tried (often the end of the text) and lists the
tokens it would have taken there ("expected one of DESCRIBE, [_]" for `SELEC ?x`). Only once a query
has failed, this module looks again: a string or bracket left open, a text that is no query at all,
a prefix nobody declared, and otherwise rdflib's parser, which stops at the start of the clause it
cannot read. Each answer is a position in the text (line and column, from 1) and a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.store.sparqltext import hidden_spans, plain_syntax_message

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_OPENERS = {"{": "}", "(": ")", "[": "]"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
# The prologue, in text whose IRIs are blanked with "_" and comments with spaces.
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*_+|PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*_+)\s*)*", re.I)
_WORD = re.compile(r"[^\s{}()\[\]]+")
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:[\w.-]*")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")
_SENTENCE = re.compile(r"[A-Z][a-z]+(?: [\w-]+){2,}")
_NOISE = re.compile(r",?\s*\[_\]")  # the parser's "any character": says nothing to a user


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    message: str


def explain(sparql: str, line: int, column: int, engine_message: str) -> Problem:
    """The first problem found in `sparql`, given the engine's position and message (kept when
    nothing clearer is found); the message starts "SPARQL syntax error", or "not SPARQL" for a text
    that is no query."""
    scanned = _scanned(sparql)
    found = _open_string(sparql, scanned) or _unbalanced(scanned) or _not_a_query(scanned)
    if found is None and "Prefix not found" in engine_message:
        found = _undeclared_prefix(scanned)
    if found is not None:
        offset, message = found
        problem = Problem(*_position(sparql, offset), message)
    else:
        problem = _from_rdflib(sparql) or Problem(line, column, _plain(engine_message, sparql, line, column))
    if problem.message.startswith("not SPARQL"):
        return problem
    return Problem(problem.line, problem.column, f"SPARQL syntax error: {problem.message}")


def _scanned(sparql: str) -> str:
    """The text, same length, with strings and IRIs as "_" and comments as spaces: what is left is
    the syntax itself."""
    chars = list(sparql)
    for start, end in hidden_spans(sparql):
        chars[start:end] = (" " if sparql[start] == "#" else "_") * (end - start)
    return "".join(chars)


def _open_string(sparql: str, scanned: str) -> tuple[int, str] | None:
    # A complete string is blanked; a quote still showing opens one that the line never closes.
    for offset, char in enumerate(scanned):
        if char in "\"'":
            if sparql[max(offset - 2, 0):offset] == char * 2:
                offset -= 2  # a long string left open: its first two quotes read as an empty string
            return offset, f"string never closed: {sparql[offset:offset + 12].splitlines()[0]!r}..."
    return None


def _unbalanced(scanned: str) -> tuple[int, str] | None:
    opened: list[int] = []
    for offset, char in enumerate(scanned):
        if char in _OPENERS:
            opened.append(offset)
        elif char in _CLOSERS:
            if not opened:
                return offset, f"'{char}' closes nothing"
            start = opened.pop()
            if scanned[start] != _CLOSERS[char]:
                return offset, f"'{char}' where '{_OPENERS[scanned[start]]}' was expected"
    if opened:
        return opened[-1], f"'{scanned[opened[-1]]}' is never closed"
    return None


def _not_a_query(scanned: str) -> tuple[int, str] | None:
    start = _PROLOGUE.match(scanned).end()  # type: ignore[union-attr]
    word = _WORD.match(scanned, start)
    if word is None:
        return start, "no query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prefixes"
    text = word.group(0)
    if text.upper() in FORMS:
        return None
    if text.upper() in {"PREFIX", "BASE"}:
        shape = "PREFIX name: <IRI>" if text.upper() == "PREFIX" else "BASE <IRI>"
        return start, f"malformed {text.upper()} declaration: expected {shape}"
    return start, f"not SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE (found {text!r})"


def _undeclared_prefix(scanned: str) -> tuple[int, str] | None:
    declared = {found.group(1) or "" for found in _DECLARED.finditer(scanned)}
    body = _PROLOGUE.match(scanned).end()  # type: ignore[union-attr]
    for found in _PREFIXED.finditer(scanned, body):
        prefix = found.group(1) or ""
        if prefix not in declared:
            return found.start(), (f'unknown prefix "{prefix}:" in {found.group(0)!r}: '
                                   f"declare it (PREFIX {prefix}: <...>)")
    return None


RDFLIB_MAX_CHARS = 100_000  # rdflib's parser is pure Python: a huge text keeps the engine's position


def _from_rdflib(sparql: str) -> Problem | None:
    """rdflib's parser stops where a clause cannot be read (Oxigraph, past it): its position."""
    if len(sparql) > RDFLIB_MAX_CHARS:
        return None
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        offset = min(exc.loc, len(sparql))
        word = _WORD.match(sparql, offset)
        found = f"{word.group(0)[:30]!r}" if word else "the end of the query"
        return Problem(*_position(sparql, offset), f"cannot read the query from here (found {found})")
    except Exception:  # noqa: BLE001 - rdflib fails in other ways on text Oxigraph refused
        return None
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _plain(message: str, sparql: str, line: int, column: int) -> str:
    """The engine's message without its lists of characters; a sentence among the tokens it expected
    (how Oxigraph reports a query that parses but breaks a rule: "The SELECT contains a variable that
    is unbound") alone."""
    text = plain_syntax_message(message, sparql, line, column)
    parts = (part.strip() for part in text.removeprefix("expected one of").split(","))
    sentences = [part for part in parts if _SENTENCE.fullmatch(part)]
    if sentences:
        return sentences[0][0].lower() + sentences[0][1:]
    text = " ".join(_NOISE.sub("", text).split())
    return "not valid SPARQL here" if text in {"", "expected"} else text
