"""The server's HTML: the query page, entity pages and error pages.

Every piece of text from the graph or the request goes through `esc` (or
`json_data` inside a JSON block), and pages load scripts only from /assets/:
the Content-Security-Policy the server sends forbids inline and remote code.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from rdflib import URIRef

from kg.queries import NamedQuery
from kg.server.entity import EntityView, Evidence, Fact
from kg.views.query_editor import page_parts


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def json_data(element_id: str, data: Any) -> str:
    """Data for the page's scripts, in a block the browser never executes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def layout(title: str, body: str, scripts: tuple[str, ...] = ()) -> str:
    tags = "".join(f'<script src="/assets/{esc(s)}" defer></script>' for s in scripts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · silkroad-kg</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/style.css">{tags}
</head><body>
<header><a href="/" class="home">silkroad-kg</a> <a href="/">SPARQL</a> <a href="/graph">whole graph</a></header>
<main>{body}</main>
</body></html>
"""


class Links:
    """Local links for IRIs the server has pages for; other IRIs link to themselves."""

    def __init__(self, base_iri: str) -> None:
        self.prefix = f"{base_iri}id/"

    def href(self, iri: str) -> str:
        return "/id/" + iri[len(self.prefix):] if iri.startswith(self.prefix) else iri


def query_page(examples: list[NamedQuery], runnable: dict[str, str], base_iri: str, allow_update: bool,
               result_limit: int, timeout_s: float) -> str:
    data = [{"name": q.name, "title": q.title, "description": q.description, "sparql": runnable[q.name]}
            for q in examples]
    options = "".join(f'<option value="{esc(q.name)}">{esc(q.title)}</option>' for q in examples)
    first = runnable[examples[0].name] if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    mode = "read-write (updates at /update)" if allow_update else "read-only"
    body = f"""
<h1>Query the graph</h1>
<p class="note">SPARQL 1.1 endpoint at <code>/sparql</code> ({esc(mode)}); the default graph is the union of
all sources' graphs. Results are capped at {result_limit} rows; queries stop after {timeout_s:g} s.</p>
<form id="query-form" method="post" action="/sparql">
<label>Example <select id="examples">{options}</select></label>
<p id="example-description" class="note"></p>
<textarea id="query" name="query" rows="18" spellcheck="false">{esc(first)}</textarea>
<p><button type="submit" id="run">Run</button> <span id="status" role="status"></span></p>
</form>
<pre id="error" hidden></pre>
<nav class="tabs"><button type="button" data-tab="table" class="active">Table</button>
<button type="button" data-tab="network">Network</button></nav>
<section id="table" class="tab"></section>
<section id="network" class="tab" hidden><svg id="network-svg" class="network"></svg></section>
{json_data("example-data", data)}{json_data("settings", {"base": base_iri, "entityPrefix": f"{base_iri}id/"})}
"""
    # The SPARQL editor (kg.views.query_editor: CodeMirror from npm, parameter fields, sortable table, chart).
    editor, editor_scripts = page_parts(examples)
    if editor is not None:
        body += json_data("editor-data", editor)
    return layout("SPARQL", body, ("network.js", "query.js", *editor_scripts))


def _evidence(items: tuple[Evidence, ...], links: Links) -> str:
    if not items:
        return '<span class="note">no claim record</span>'
    parts = []
    for item in items:
        source = f'<a href="{esc(links.href(item.source))}">{esc(item.title)}</a>'
        if item.url:
            source += f' (<a href="{esc(item.url)}" rel="noopener noreferrer">original</a>)'
        how = esc(item.method) + (f", confidence {esc(item.confidence)}" if item.confidence else "")
        parts.append(f'<li><blockquote class="quote">{esc(item.quote)}</blockquote>'
                     f'<span class="source">{source} · {how}</span></li>')
    return f'<ul class="evidence">{"".join(parts)}</ul>'


_LAYER_NOTES = {"inferred": "inferred: entailed by the ontology, no source states it",
                "extracted": "unreviewed: extracted by a rule, not yet reviewed"}


def _value(fact: Fact, links: Links) -> str:
    note = _LAYER_NOTES.get(fact.layer)
    marker = f' <span class="layer {esc(fact.layer)}" title="{esc(note)}">[{esc(fact.layer)}]</span>' if note else ""
    if isinstance(fact.other, URIRef):
        return f'<a href="{esc(links.href(str(fact.other)))}">{esc(fact.other_label)}</a>{marker}'
    return esc(fact.other_label) + marker


def _rows(facts: list[Fact], links: Links) -> str:
    return "".join(
        f'<tr><th scope="row" title="{esc(f.predicate)}">{esc(f.predicate_label)}</th>'
        f"<td>{_value(f, links)}</td><td>{_evidence(f.evidence, links)}</td></tr>" for f in facts)


def entity_page(view: EntityView, base_iri: str) -> str:
    links = Links(base_iri)
    outgoing = [f for f in view.facts if f.outgoing]
    incoming = [f for f in view.facts if not f.outgoing]
    types = ", ".join(esc(t.rsplit("#", 1)[-1]) for t in view.types) or "no type"
    formats = " · ".join(f'<a href="?format={k}">{label}</a>'
                         for k, label in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples")))
    head = '<thead><tr><th>property</th><th>value</th><th>sources and quotes</th></tr></thead>'
    body = f"""
<h1 id="label">{esc(view.label)}</h1>
<p class="types">{types} · <code class="iri">{esc(view.iri)}</code> · {formats}</p>
<h2>Facts</h2>
<table class="facts" id="facts">{head}<tbody>{_rows(outgoing, links)}</tbody></table>
"""
    if incoming:
        body += f"""<h2>Facts pointing here</h2>
<table class="facts" id="incoming">{head}<tbody>{_rows(incoming, links)}</tbody></table>
"""
    network = view.network()
    for node in network["nodes"]:
        node["href"] = links.href(node["id"])
    body += f"""<h2>Neighbourhood</h2>
<svg id="network-svg" class="network" data-source="entity-network"></svg>
{json_data("entity-network", network)}
"""
    return layout(view.label, body, ("network.js",))


def error_page(status: int, title: str, message: str) -> str:
    return layout(title, f'<h1>{status} {esc(title)}</h1><pre id="error">{esc(message)}</pre>')
