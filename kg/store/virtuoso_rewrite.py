"""Rewrites of a query into SPARQL that Virtuoso 7.2.5 answers as the standard says (each checked
against the embedded store's rows by tests/store/test_stores.py and test_named_rows.py; with the
dataset and join order of kg.store.virtuoso_dataset, all 19 named queries give the embedded rows at
20k and 100k triples). The shared queries stay standard. The class hierarchy's paths
(`a/rdfs:subClassOf*`, `rdfs:subClassOf+`) are rewritten by kg.store.virtuoso_classes; here:

- `VALUES ?v { t1 t2 }` becomes `{ BIND(t1 AS ?v) } UNION { BIND(t2 AS ?v) }` (the same solutions):
  Virtuoso joins such a table with a `*` path wrongly once its database has held other data
  (initiative_promoters gave 6 rows, 2 wrong, after the store contract test had run). A table of
  several variables stays a table (its rows keep their pairs: tests/store/test_stores.py).
- `FILTER NOT EXISTS { S p1|p2 O }` becomes one FILTER NOT EXISTS per property (the same test):
  Virtuoso took 26 s for who_met_whom on the seed graph with the alternative, 0.1 s without.
- A transitive path of one property, `S p* O` or `S p+ O`, after other patterns of its group or
  with a term at one end, becomes a subquery of its own,
  `{ SELECT S O WHERE { S p* O } GROUP BY S O }` (the same solutions): Virtuoso joins the path's
  ends wrongly with the rest of the group once its database has answered other queries
  (officials_in_un_bodies gave 357 rows of 105 at 100k triples, posts paired with organisations
  they are not in; initiative_promoters kept broader classes on the seed graph).
- A subquery `SELECT DISTINCT ?a ?b WHERE { ... }` becomes `SELECT ?a ?b WHERE { ... } GROUP BY ?a ?b`
  (one solution per distinct binding, as DISTINCT): Virtuoso loses rows of a query joined to a
  DISTINCT subquery over a UNION (official_posts gave 420 rows of 426 at 100k triples, a different
  6 missing from one load to the next; with GROUP BY all 426, as with virtuoso_dataset.JOIN_ORDER alone).
- An aggregate inside an expression of the SELECT clause (`IF(COUNT(...) = 2, ...)`) moves into a
  subquery, the expression stays outside: Virtuoso's compiler fails on it ("Bad dfe in
  sqlo_place_exp").
"""

from __future__ import annotations

import re
from typing import Iterable

from kg.store.sparqltext import hidden_spans, masked_text, where_brace

TERM = r"(?:\?\w+|<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)"
_AGGREGATE = re.compile(r"(?<![\w:?$])(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_SELECT = re.compile(r"(?<![\w:?$])SELECT\s+((?:DISTINCT|REDUCED)\s+)?", re.I)
_GROUP_BY = re.compile(r"\s*GROUP\s+BY\s+((?:\?\w+\s*)+)(?!\s*HAVING)", re.I)


def outside(sparql: str, matches: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """The matches that do not start inside a string, IRI or comment."""
    hidden = hidden_spans(sparql)
    return [m for m in matches if not any(start < m.start() < end for start, end in hidden)]


def in_filter_group(masked: str, position: int) -> bool:
    """Whether the innermost group around `position` is a FILTER EXISTS / NOT EXISTS or MINUS group."""
    depth = 0
    for offset in range(position - 1, -1, -1):
        char = masked[offset]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                return bool(re.search(r"(?i)(?:EXISTS|MINUS)\s*$", masked[:offset]))
            depth -= 1
    return False


_VALUES = re.compile(r"(?<![\w:?$])VALUES\s+(\?\w+)\s*\{", re.I)
_DATA_TERM = re.compile(r'\s*(<[^<>\s]*>|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^\S+)?|[^\s{}()"]+)')


def values_as_unions(sparql: str) -> str:
    """Each one-variable VALUES table as a UNION of BINDs (left as it is if a row is UNDEF)."""
    pieces, last = [], 0
    for found in outside(sparql, _VALUES.finditer(sparql)):
        if found.start() < last:
            continue
        end = sparql.find("}", found.end())
        terms, position = [], found.end()
        while (term := _DATA_TERM.match(sparql, position)) and term.end() <= end:
            terms.append(term.group(1))
            position = term.end()
        if end < 0 or sparql[position:end].strip() or not terms or "UNDEF" in terms:
            continue
        variable = found.group(1)
        unions = " UNION ".join(f"{{ BIND({term} AS {variable}) }}" for term in terms)
        pieces += [sparql[last:found.start()], unions]
        last = end + 1
    return "".join(pieces) + sparql[last:]


_IRI_OR_NAME = r"(?:<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)"
_NOT_EXISTS_ALTERNATIVE = re.compile(
    rf"(?<![\w:?$])FILTER\s+NOT\s+EXISTS\s*\{{\s*({TERM})\s+({_IRI_OR_NAME}(?:\s*\|\s*{_IRI_OR_NAME})+)"
    rf"\s+({TERM})\s*\.?\s*\}}", re.I)


def split_negated_alternatives(sparql: str) -> str:
    """`FILTER NOT EXISTS { S p1|p2 O }` as `FILTER NOT EXISTS { S p1 O } FILTER NOT EXISTS { S p2 O }`."""
    pieces, last = [], 0
    for found in outside(sparql, _NOT_EXISTS_ALTERNATIVE.finditer(sparql)):
        subject, alternatives, value = found.groups()
        tests = " ".join(f"FILTER NOT EXISTS {{ {subject} {p.strip()} {value} }}" for p in alternatives.split("|"))
        pieces += [sparql[last:found.start()], tests]
        last = found.end()
    return "".join(pieces) + sparql[last:]


def balanced(text: str, start: int) -> int:
    """The offset just past the parenthesis (or brace) that closes the one at `start` (in masked text)."""
    opening = text[start]
    closing = {"(": ")", "{": "}"}[opening]
    depth = 0
    for offset in range(start, len(text)):
        depth += {opening: 1, closing: -1}.get(text[offset], 0)
        if depth == 0:
            return offset + 1
    raise ValueError("unbalanced parentheses")


_masked = masked_text


def aggregates_in_subquery(sparql: str) -> str:
    """A grouped query whose SELECT clause nests an aggregate in an expression, as an outer query
    over a subquery that computes each aggregate (the same rows). Other queries, and text that is
    not a query (the server reports its syntax error), are left as they are."""
    try:
        return _aggregates_in_subquery(sparql)
    except ValueError:
        return sparql


def _aggregates_in_subquery(sparql: str) -> str:
    masked = _masked(sparql)
    select = _SELECT.search(masked)
    body_start = where_brace(sparql)
    if not select or body_start < 0:
        return sparql
    head = masked[select.end():body_start - 1]
    where = re.search(r"(?i)\bWHERE\s*$", head)
    projection_end = select.end() + (where.start() if where else len(head))
    body_end = balanced(masked, body_start - 1)
    group = _GROUP_BY.match(masked, body_end)
    if not group:
        return sparql
    inner: list[str] = []  # the subquery's aggregates, each `(AGGREGATE(...) AS ?name)`
    outer: list[str] = []  # the projection, over the subquery's variables
    nested = False
    position = select.end()
    while position < projection_end:
        if masked[position].isspace():
            position += 1
            continue
        end = balanced(masked, position) if masked[position] == "(" else (
            re.compile(r"\S+").match(masked, position).end())  # type: ignore[union-attr]
        item, shown = sparql[position:end], masked[position:end]
        calls = list(_AGGREGATE.finditer(shown))
        alias = re.search(r"\s+AS\s+(\?\w+)\s*\)$", shown, re.I)
        if not item.startswith("(") or not calls or not alias:
            outer.append(item)
        elif re.fullmatch(r"\(\s*", shown[:calls[0].start()]) and balanced(shown, calls[0].end() - 1) == alias.start():
            inner.append(item)  # a plain aggregate: computed by the subquery, shown by name
            outer.append(alias.group(1))
        else:
            nested = True
            rewritten, last = [], 0
            for call in calls:
                if call.start() < last:
                    continue  # an aggregate within an aggregate's argument stays in it
                call_end = balanced(shown, call.end() - 1)
                name = f"?_kg_aggregate{len(inner)}"
                inner.append(f"({item[call.start():call_end]} AS {name})")
                rewritten += [item[last:call.start()], name]
                last = call_end
            outer.append("".join(rewritten) + item[last:])
        position = end
    if not nested:
        return sparql
    keys = group.group(1).split()
    subquery = (f"SELECT {' '.join(keys + inner)} WHERE {{{sparql[body_start:body_end - 1]}}} "
                f"GROUP BY {' '.join(keys)}")
    modifier = select.group(1) or ""
    return (f"{sparql[:select.start()]}SELECT {modifier}{' '.join(outer)} WHERE {{ {{ {subquery} }} }}\n"
            f"{sparql[group.end():]}")


_TRANSITIVE = re.compile(rf"({TERM})\s+({_IRI_OR_NAME})\s*([*+])\s*({TERM})\s*([.;}}])")


def uncommented(sparql: str, masked: str) -> str:
    """The masked text with comments as spaces (a comment line before a triple does not end it)."""
    chars = list(masked)
    for start, end in hidden_spans(sparql):
        if sparql[start] == "#":
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def transitive_paths_grouped(sparql: str) -> str:
    """Each triple pattern `S p* O` / `S p+ O` (one property, at least one end a variable, not in a
    FILTER (NOT) EXISTS or MINUS group) as a grouped subquery of its ends."""
    masked = _masked(sparql)
    pieces, last = [], 0
    for found in outside(sparql, _TRANSITIVE.finditer(sparql)):
        subject, _, _, value, end = found.groups()
        ends = list(dict.fromkeys(term for term in (subject, value) if term.startswith("?")))
        before = uncommented(sparql, masked)[:found.start()].rstrip()[-1:]
        # Virtuoso needs one end given: a term, or a variable bound by what comes before in the group
        # ("transitive start not given" for a path first in a UNION branch).
        given = len(ends) < 2 or before in {"}", ".", ")"}
        if (found.start() < last or not ends or before not in {"", "{", "}", ".", ")"} or not given
                or in_filter_group(masked, found.start())):
            continue
        path = sparql[found.start():found.start(5)].rstrip()
        names = " ".join(ends)
        # `S p* O ; q R` goes on as `S q R` after the subquery; `.` and `}` stay where they were.
        after = f" {subject}" if end == ";" else f" {end}"
        pieces += [sparql[last:found.start()], f"{{ SELECT {names} WHERE {{ {path} }} GROUP BY {names} }}", after]
        last = found.end()
    return "".join(pieces) + sparql[last:]


_DISTINCT_SUBQUERY = re.compile(r"\{\s*(SELECT\s+DISTINCT\s+)((?:\?\w+\s*)+?)\s*(?:WHERE\s*)?\{", re.I)


def distinct_subqueries_grouped(sparql: str) -> str:
    """Each subquery `SELECT DISTINCT` of plain variables, with no modifier after its group, as a
    GROUP BY of those variables (the same solutions)."""
    masked = _masked(sparql)
    pieces, last = [], 0
    for found in outside(sparql, _DISTINCT_SUBQUERY.finditer(masked)):
        group_end = balanced(masked, found.end() - 1)
        if found.start() < last or not re.match(r"\s*\}", masked[group_end:]):
            continue  # ORDER BY, LIMIT, a nested one...: left as it is
        keyword_start, keyword_end = found.span(1)
        pieces += [sparql[last:keyword_start], "SELECT ", sparql[keyword_end:group_end],
                   f" GROUP BY {' '.join(found.group(2).split())}"]
        last = group_end
    return "".join(pieces) + sparql[last:]
