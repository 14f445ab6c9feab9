/* The query page's Network tab, drawn with vis-network (npm, bundled into network-lib.js) as the network
   view draws: each entity in its class's colour and shape (kg.views.style, in #editor-data's styles),
   labelled by its prefLabel, the view's options, and a legend of the classes shown. The result's nodes
   and edges come from the page's own script (kg/server/assets/query.js); their classes and labels are
   asked of /sparql in one query. Text goes into the page only as text. */
"use strict";
(function () {
  const MAX_NODES = 500;  // a result's first 500 entities; a bigger network is the network view's job
  const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;
  let data = null, network = null, drawn = 0;

  const el = (...args) => window.kgQueryDom.el(...args);  // query-editor.js's, which loads first

  function stylesheet(name) {  // linked, not inlined: the server's CSP allows its own files only
    if (document.querySelector(`link[data-kg='${name}']`)) return;
    const link = el("link", { rel: "stylesheet", href: "/assets/" + name });
    link.dataset.kg = name;
    document.head.append(link);
  }

  async function select(query) {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query }),
    });
    return response.ok ? (await response.json()).results.bindings : [];
  }
  const values = (iris) => iris.filter((iri) => SAFE_IRI.test(iri)).map((iri) => `<${iri}>`).join(" ");
  const LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>", TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";

  /* The stated facts among the named entities and, where a named entity has none with the others, the
     entities that join two or more of them (the event the speakers spoke at), as the network view does. */
  async function facts(named) {
    const among = values(named), edges = [], seen = new Set();
    const add = (from, p, to) => {
      if (seen.has(from + " " + p + " " + to)) return;
      seen.add(from + " " + p + " " + to);
      edges.push({ from, to, label: data.propertyLabels[p] || p.replace(/^.*[#/]/, "") });
    };
    for (const r of await select(`SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?s { ${among} } VALUES ?o { ${among} }
        GRAPH ?g { ?s ?p ?o } FILTER(${data.assertedGraphs}) FILTER(?p != ${TYPE} && ?s != ?o) }`)) add(r.s.value, r.p.value, r.o.value);
    const linked = new Set(edges.flatMap((e) => [e.from, e.to])), alone = named.filter((n) => !linked.has(n));
    const joiners = [];
    if (alone.length > 1) {
      const rows = await select(`SELECT DISTINCT ?x ?s ?p ?out WHERE { VALUES ?s { ${values(alone)} }
          GRAPH ?g { { ?x ?p ?s BIND(false AS ?out) } UNION { ?s ?p ?x BIND(true AS ?out) } }
          FILTER(${data.assertedGraphs}) FILTER(isIRI(?x) && ?p != ${TYPE}) ?x ${LABEL} [] }`);
      const reached = new Map(), names = new Set(named);
      for (const r of rows) if (!names.has(r.x.value)) {
        if (!reached.has(r.x.value)) reached.set(r.x.value, []);
        reached.get(r.x.value).push(r);
      }
      for (const [x, found] of reached) {
        if (new Set(found.map((r) => r.s.value)).size < 2) continue;
        joiners.push(x);
        for (const r of found) r.out.value === "true" ? add(r.s.value, r.p.value, x) : add(x, r.p.value, r.s.value);
      }
    }
    return { joiners, edges };
  }

  /* IRI -> { label, cls } for the given IRIs: their prefLabel and their deepest class with a style. */
  async function describe(iris) {
    const found = new Map(iris.map((iri) => [iri, { label: null, cls: null }]));
    const rows = await select(`SELECT ?s ?label ?type WHERE { VALUES ?s { ${values(iris)} }
        OPTIONAL { ?s ${LABEL} ?label } OPTIONAL { ?s a ?type } }`);
    for (const row of rows) {
      const entry = found.get(row.s.value);
      if (row.label && !entry.label) entry.label = row.label.value;
      const style = row.type && data.styles[row.type.value];
      if (style && (!entry.cls || style.depth > data.styles[entry.cls].depth)) entry.cls = row.type.value;
    }
    return found;
  }

  function legend(box, counts) {
    box.replaceChildren(el("h4", { text: "Classes shown" }));
    let family = null;
    const entries = [...counts.keys()].map((cls) => [cls, data.styles[cls]])
      .sort((a, b) => (a[1].family + a[1].label).localeCompare(b[1].family + b[1].label));
    for (const [cls, style] of entries) {
      if (style.family !== family) { family = style.family; box.append(el("div", { cls: "kg-family", text: family })); }
      const swatch = el("span", { cls: "kg-swatch " + style.shape });
      swatch.style.background = style.colour;
      if (style.borderWidth > 1) swatch.style.boxShadow = "inset 0 0 0 3px " + style.border;
      const row = el("div", { cls: "kg-check" }, swatch, el("span", { text: style.label }),
                     el("span", { cls: "kg-count", text: String(counts.get(cls)) }));
      row.dataset.cls = cls;
      box.append(row);
    }
  }

  async function draw(svg, result) {
    const section = svg.parentNode, run = ++drawn;
    svg.style.display = "none";  // an SVG element has no `hidden` property
    stylesheet("vis-network.css"); stylesheet("legend.css");
    let box = document.getElementById("network-vis"), key = document.getElementById("network-legend");
    if (!box) {
      box = el("div", { id: "network-vis", cls: "network" });
      key = el("aside", { id: "network-legend" });
      const both = el("div", { cls: "network-with-legend" }, box, key);
      // Set through the DOM's style objects, which the CSP allows (a style attribute it would not).
      Object.assign(both.style, { display: "flex", gap: "12px", alignItems: "flex-start" });
      Object.assign(box.style, { flex: "1", height: "560px", border: "1px solid #ddd", background: "#fff" });
      Object.assign(key.style, { width: "240px", fontSize: "13px" });
      section.append(both);
    }
    const named = result.nodes.slice(0, MAX_NODES), joined = await facts(named.map((n) => n.id));
    const prefix = JSON.parse(document.getElementById("settings").textContent).entityPrefix;
    const shown = named.concat(joined.joiners.map((id) => ({ id, label: id.replace(/^.*[#/]/, ""),
                                                            href: id.startsWith(prefix) ? "/id/" + id.slice(prefix.length) : null })));
    const ids = new Set(shown.map((n) => n.id));
    const about = await describe(shown.map((n) => n.id));
    if (run !== drawn) return;  // a newer result is being drawn
    const counts = new Map();
    const nodes = shown.map((n) => {
      const info = about.get(n.id), style = info.cls ? data.styles[info.cls] : null;
      if (info.cls) counts.set(info.cls, (counts.get(info.cls) || 0) + 1);
      const label = info.label || n.label;
      const node = { id: n.id, label, title: label + (style ? ` (${style.label})` : ""), shape: style ? style.shape : "dot",
                     size: 12, href: n.href, cls: info.cls };
      if (style) {
        node.color = { background: style.colour, border: style.border, highlight: { background: style.colour, border: "#111111" } };
        node.borderWidth = style.borderWidth;
      }
      return node;
    });
    const edges = joined.edges.filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e, i) => ({ id: "e" + i, from: e.from, to: e.to, label: e.label, title: e.label, arrows: "to" }));
    const options = Object.assign({}, data.networkOptions, { layout: { improvedLayout: false, randomSeed: 7 } });
    if (network) network.destroy();
    network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, options);
    const chosen = el("div", { id: "network-selected" });
    const nodeAt = (params) => (params.nodes.length ? nodes.find((n) => n.id === params.nodes[0]) : null);
    network.on("click", (params) => {  // an entity: its label, class, and its page of facts with their quotes
      const node = nodeAt(params);
      chosen.replaceChildren();
      if (!node) return;
      chosen.append(el("h4", { text: node.label }), el("p", { cls: "note", text: node.title }));
      if (node.href && node.href.startsWith("/")) {
        chosen.append(el("a", { id: "network-entity-link", href: node.href, text: "its facts, sources and quotes \u2192" }));
      }
    });
    network.on("doubleClick", (params) => {  // opens the entity's page at once
      const node = nodeAt(params);
      if (node && node.href && node.href.startsWith("/")) window.location.href = node.href;
    });
    legend(key, counts);
    key.prepend(chosen);
    if (result.nodes.length > MAX_NODES) key.append(el("p", { cls: "note", text: `the first ${MAX_NODES} of ${result.nodes.length} entities` }));
    network.once("stabilizationIterationsDone", () => { network.fit(); box.dataset.drawn = String(nodes.length); });
    if (!nodes.length) box.dataset.drawn = "0";
    window.kgQueryNetwork = { network, nodes, edges };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const block = document.getElementById("editor-data");
    if (!block || !window.vis || !window.kgNetwork) return;  // no bundle: the page keeps its plain SVG network
    data = JSON.parse(block.textContent);
    window.kgNetwork = { draw: (svg, result) => { draw(svg, result); } };
  });
})();
