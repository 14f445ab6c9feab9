/* The query page's editor, over the page's plain form (kg/server/assets/query.js runs the queries):
   CodeMirror 6 with SPARQL highlighting and completion of prefixes and the ontology's classes and
   properties; the named queries as examples with a field per parameter; a sortable, paged table; a
   chart when the result is a series; a link that reproduces the query. Text goes into the page only as
   text (textContent, DOM properties). */
"use strict";
(function () {
  const PAGE_ROWS = 25;
  const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "ORDER BY", "GROUP BY", "LIMIT",
    "OFFSET", "VALUES", "BIND", "CONSTRUCT", "ASK", "DESCRIBE", "PREFIX", "COUNT", "MINUS", "NOT EXISTS", "GRAPH"];

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") node.textContent = v; else if (k === "cls") node.className = v; else node[k] = v;
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }
  window.kgQueryDom = { el };  // for the Network tab (query-network.js), which loads after this file

  function completions(data) {
    const options = data.terms.map((t) => ({ label: t.label, type: t.type === "class" ? "class" : "property", detail: t.detail }));
    for (const [prefix, ns] of Object.entries(data.prefixes)) {
      options.push({ label: prefix + ":", type: "namespace", detail: ns });
      options.push({ label: `PREFIX ${prefix}: <${ns}>`, type: "text", detail: "prefix declaration" });
    }
    for (const k of KEYWORDS) options.push({ label: k, type: "keyword" });
    return (context) => {
      const word = context.matchBefore(/[\w:-]+/);
      if (!word || (word.from === word.to && !context.explicit)) return null;
      return { from: word.from, options, validFor: /^[\w:-]*$/ };
    };
  }

  /* A parameter's value as SPARQL: an IRI, a kind/slug, a label (looked up by name), or a date. */
  function valueTerm(param, value, base) {
    const text = value.trim();
    if (param.type === "date") {
      const type = /^\d{4}$/.test(text) ? "gYear" : /^\d{4}-\d{2}$/.test(text) ? "gYearMonth" : "date";
      return { values: `"${text.replace(/["\\]/g, "")}"^^<http://www.w3.org/2001/XMLSchema#${type}>` };
    }
    if (/^https?:\/\/\S+$/.test(text) && !/[<>"{}|^`\\\s]/.test(text)) return { values: `<${text}>` };
    if (/^[a-z]+\/[a-z0-9-]+$/.test(text)) return { values: `<${base}id/${text}>` };
    const literal = JSON.stringify(text.toLowerCase());
    return { pattern: `{ SELECT ?${param.name} WHERE { ?${param.name} <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?kgName FILTER(LCASE(STR(?kgName)) = ${literal}) } LIMIT 1 }` };
  }

  /* The query with its parameters bound at the start of the outer WHERE group (as `kg query` does). */
  function withParams(sparql, params, values, base) {
    const parts = params.filter((p) => (values[p.name] || "").trim()).map((p) => {
      const term = valueTerm(p, values[p.name], base);
      return term.values ? `VALUES ?${p.name} { ${term.values} }` : term.pattern;
    });
    if (!parts.length) return sparql;
    const where = /\bWHERE\s*\{/i.exec(sparql) || /\{/.exec(sparql);
    if (!where) return sparql;
    const at = where.index + where[0].length;
    return sparql.slice(0, at) + "\n  " + parts.join("\n  ") + sparql.slice(at);
  }

  /* ------------------------------------------------------------ table: sort and pages */
  function sortKey(text) {
    const n = Number(text);
    return text !== "" && !Number.isNaN(n) ? [0, n, ""] : [1, 0, text.toLowerCase()];
  }
  function enhanceTable(table) {
    if (table.dataset.kgEnhanced) return;
    table.dataset.kgEnhanced = "1";
    table.id = "results-table";
    const body = table.tBodies[0], rows = Array.from(body.rows);
    let page = 0, sortColumn = -1, ascending = true;
    const nav = el("div", { cls: "pager" });
    const label = el("span", { id: "results-page" });
    const prev = el("button", { type: "button", text: "\u2190 previous" }), next = el("button", { type: "button", text: "next \u2192" });
    nav.append(prev, " ", label, " ", next);
    table.after(nav);
    function render() {
      const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
      page = Math.min(page, pages - 1);
      body.replaceChildren(...rows.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS));
      label.textContent = rows.length ? `rows ${page * PAGE_ROWS + 1}\u2013${Math.min(rows.length, (page + 1) * PAGE_ROWS)} of ${rows.length}` : "no rows";
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
      nav.hidden = rows.length <= PAGE_ROWS;
    }
    prev.addEventListener("click", () => { page--; render(); });
    next.addEventListener("click", () => { page++; render(); });
    Array.from(table.tHead.rows[0].cells).forEach((th, column) => {
      th.classList.add("sortable");
      th.title = "sort by this column";
      th.addEventListener("click", () => {
        ascending = sortColumn === column ? !ascending : true;
        sortColumn = column;
        rows.sort((a, b) => {
          const x = sortKey(a.cells[column].textContent), y = sortKey(b.cells[column].textContent);
          const order = x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
          return ascending ? order : -order;
        });
        for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        page = 0; render();
      });
    });
    render();
    chart(table, rows);
  }

  /* ------------------------------------------------------------ chart for a series */
  const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  function when(text) {  // a date at its precision -> a number of days (mid-span for a year or a month)
    const [y, m, d] = text.split("-").map(Number);
    return Date.UTC(y, m ? m - 1 : 6, d || (m ? 15 : 1)) / 864e5;
  }
  function chart(table, rows) {
    const section = document.getElementById("chart"), button = document.querySelector(".tabs button[data-tab='chart']");
    section.replaceChildren();
    const names = Array.from(table.tHead.rows[0].cells).map((c) => c.textContent);
    const columns = names.map((_, i) => rows.map((r) => r.cells[i].textContent.trim()));
    const dateCol = columns.findIndex((c) => c.length > 1 && c.every((v) => DATE.test(v)));
    const valueCol = columns.findIndex((c, i) => i !== dateCol && c.length > 1 && c.every((v) => v !== "" && !Number.isNaN(Number(v))));
    button.hidden = dateCol < 0 || valueCol < 0;
    if (button.hidden) return;
    const groupCol = columns.findIndex((c, i) => i !== dateCol && i !== valueCol && !c.some((v) => v.startsWith("http")));
    const series = new Map();
    rows.forEach((r, i) => {
      const key = groupCol >= 0 ? columns[groupCol][i] : names[valueCol];
      if (!series.has(key)) series.set(key, []);
      series.get(key).push([when(columns[dateCol][i]), Number(columns[valueCol][i]), columns[dateCol][i]]);
    });
    const W = 760, H = 320, M = 48, SVG = "http://www.w3.org/2000/svg";
    const xs = rows.map((_, i) => when(columns[dateCol][i])), ys = columns[valueCol].map(Number);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
    const sx = (x) => M + (x1 === x0 ? (W - 2 * M) / 2 : (x - x0) / (x1 - x0) * (W - 2 * M));
    const sy = (y) => H - M - (y1 === y0 ? 0 : (y - y0) / (y1 - y0) * (H - 2 * M));
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("id", "chart-svg"); svg.setAttribute("class", "chart");
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text != null) n.textContent = text;
      svg.append(n); return n;
    };
    add("line", { x1: M, y1: H - M, x2: W - M, y2: H - M, stroke: "#888" });
    add("line", { x1: M, y1: M, x2: M, y2: H - M, stroke: "#888" });
    add("text", { x: M - 6, y: sy(y1) + 4, "text-anchor": "end", "font-size": 11 }, String(y1));
    add("text", { x: M - 6, y: sy(y0) + 4, "text-anchor": "end", "font-size": 11 }, String(y0));
    const colours = ["#1d5fbf", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b8860b"];
    Array.from(series.entries()).slice(0, colours.length).forEach(([name, points], k) => {
      points.sort((a, b) => a[0] - b[0]);
      add("polyline", { points: points.map((p) => `${sx(p[0])},${sy(p[1])}`).join(" "), fill: "none",
                        stroke: colours[k], "stroke-width": 2 });
      for (const p of points) {
        const dot = add("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 4, fill: colours[k], "class": "point" });
        dot.append(Object.assign(document.createElementNS(SVG, "title"), { textContent: `${name}: ${p[1]} (${p[2]})` }));
        add("text", { x: sx(p[0]), y: H - M + 16, "text-anchor": "middle", "font-size": 11 }, p[2]);
      }
      add("text", { x: W - M, y: M + 14 * k, "text-anchor": "end", "font-size": 12, fill: colours[k] }, name);
    });
    section.append(svg);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const data = JSON.parse(document.getElementById("editor-data").textContent);
    const settings = JSON.parse(document.getElementById("settings").textContent);
    const textarea = document.getElementById("query"), select = document.getElementById("examples");
    const fields = el("div", { id: "params", cls: "params" });
    const link = el("a", { id: "query-link", href: "#", text: "link to this query" });
    textarea.before(fields);
    document.getElementById("run").after(" ", link);
    const cm = window.kgEditor;
    let params = [], values = {}, raw = textarea.value;
    // In a shadow root: CodeMirror then styles itself with a constructed stylesheet, which the server's
    // Content-Security-Policy (style-src 'self') allows, rather than with a <style> element, which it forbids.
    const host = el("div", { id: "editor" });
    const shadow = host.attachShadow({ mode: "open" });
    const view = new cm.EditorView({
      parent: shadow, root: shadow,
      state: cm.EditorState.create({ doc: textarea.value, extensions: [
        cm.basicSetup, cm.StreamLanguage.define(cm.sparql), cm.autocompletion({ override: [completions(data)] }),
        cm.EditorView.updateListener.of((u) => { if (u.docChanged) { raw = u.state.doc.toString(); sync(); } }),
      ] }),
    });
    textarea.before(host);
    textarea.hidden = true;
    function setDoc(text) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }); }
    function sync() {  // the form's textarea holds what runs: the editor's text with the parameters bound
      textarea.value = withParams(raw, params, values, settings.base);
      const state = new URLSearchParams({ query: raw });
      if (params.length) state.set("example", select.value);
      for (const p of params) if (values[p.name]) state.set("param." + p.name, values[p.name]);
      link.href = "#" + state.toString();
    }
    function choose(name, given) {
      const query = data.queries.find((q) => q.name === name);
      params = query ? query.params : []; values = {};
      fields.replaceChildren();
      for (const p of params) {
        const input = el("input", { type: "text", name: "param." + p.name, id: "param-" + p.name,
                                   value: (given && given[p.name]) ?? p.default ?? "", placeholder: p.type === "iri" ? "IRI, kind/slug or label" : "YYYY, YYYY-MM or YYYY-MM-DD" });
        values[p.name] = input.value;
        input.addEventListener("input", () => { values[p.name] = input.value; sync(); });
        fields.append(el("label", { cls: "param" }, el("span", { text: p.name + " " }), input,
                         el("span", { cls: "note", text: " " + p.description })));
      }
      if (query) setDoc(query.sparql);
      sync();
    }
    select.addEventListener("change", () => choose(select.value));
    const state = new URLSearchParams(location.hash.slice(1));
    if (state.get("query") !== null) {
      const given = {};
      for (const [k, v] of state) if (k.startsWith("param.")) given[k.slice(6)] = v;
      if (state.get("example")) { select.value = state.get("example"); choose(select.value, given); }
      else { params = []; fields.replaceChildren(); }
      setDoc(state.get("query"));
    } else choose(select.value);
    const tabs = document.querySelector(".tabs");
    tabs.append(el("button", { type: "button", text: "Chart", hidden: true }));
    tabs.lastChild.dataset.tab = "chart";
    const section = el("section", { id: "chart", cls: "tab", hidden: true });
    document.getElementById("network").after(section);
    tabs.lastChild.addEventListener("click", () => {
      for (const b of tabs.querySelectorAll("button")) b.classList.toggle("active", b === tabs.lastChild);
      for (const id of ["table", "network"]) document.getElementById(id).hidden = true;
      section.hidden = false;
    });
    for (const b of tabs.querySelectorAll("button[data-tab='table'], button[data-tab='network']")) {
      b.addEventListener("click", () => { section.hidden = true; });
    }
    new MutationObserver(() => {
      const table = document.querySelector("#table > table");
      if (table) enhanceTable(table);
    }).observe(document.getElementById("table"), { childList: true });
    window.kgQueryEditor = { view, setDoc, text: () => textarea.value };
  });
})();
