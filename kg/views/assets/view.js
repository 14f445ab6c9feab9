/* silkroad-kg network view. Reads the graph from #kg-data; puts text into the page only
   through textContent and DOM properties (never innerHTML), so no label or quote can inject markup. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var details = DATA.details, edgeInfo = DATA.edgeInfo, sources = DATA.sources;
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  var labelOf = {}, styleOf = {};
  DATA.nodes.forEach(function (n) { labelOf[n.id] = n.label; styleOf[n.id] = { color: n.color }; });
  var state = { hiddenClasses: {}, hiddenSources: {}, from: null, to: null, months: [], highlighted: null };

  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "cls") node.className = props[key];
      else node[key] = props[key];
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /* ---------------------------------------------------------------- filters */
  function months(min, max) {
    var out = [], y = +min.slice(0, 4), m = 1, endY = +max.slice(0, 4);
    for (; y <= endY; y++) for (m = 1; m <= 12; m++) out.push(y + "-" + (m < 10 ? "0" : "") + m);
    return out;
  }

  function nodeVisible(id) {
    var d = details[id];
    if (!d) return true;
    if (state.hiddenClasses[d.cls]) return false;
    if (d.sources.length && d.sources.every(function (s) { return state.hiddenSources[s]; })) return false;
    if (d.span && state.months.length) {
      var lo = state.months[state.from] + "-01", hi = state.months[state.to] + "-31";
      if (d.span[1] < lo || d.span[0] > hi) return false;
    }
    return true;
  }

  function applyFilters() {
    var shown = {}, nodeUpdates = [], edgeUpdates = [], nodeCount = 0, edgeCount = 0;
    nodes.forEach(function (n) {
      var visible = nodeVisible(n.id);
      shown[n.id] = visible;
      if (visible) nodeCount++;
      if (!!n.hidden === visible) nodeUpdates.push({ id: n.id, hidden: !visible });
    });
    edges.forEach(function (e) {
      var info = edgeInfo[e.id], bySource = true;
      if (info && info.ev.length) bySource = info.ev.some(function (ev) { return !state.hiddenSources[ev[0]]; });
      var visible = shown[e.from] && shown[e.to] && bySource;
      if (visible) edgeCount++;
      if (!!e.hidden === visible) edgeUpdates.push({ id: e.id, hidden: !visible });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    document.getElementById("kg-counts").textContent =
      nodeCount + " of " + nodes.length + " nodes, " + edgeCount + " of " + edges.length + " edges shown";
  }

  function timeLabel() {
    var label = document.getElementById("kg-time-label");
    if (!state.months.length) { label.textContent = "No dated entities"; return; }
    label.textContent = state.months[state.from] + " \u2192 " + state.months[state.to];
  }

  function setupTime() {
    var from = document.getElementById("kg-time-from"), to = document.getElementById("kg-time-to");
    if (!DATA.time) { from.disabled = to.disabled = true; timeLabel(); return; }
    state.months = months(DATA.time.min, DATA.time.max);
    from.max = to.max = String(state.months.length - 1);
    from.value = "0"; to.value = String(state.months.length - 1);
    state.from = 0; state.to = state.months.length - 1;
    function changed(which) {
      var a = +from.value, b = +to.value;
      if (a > b) { if (which === from) to.value = String(a); else from.value = String(b); }
      state.from = +from.value; state.to = +to.value;
      timeLabel(); applyFilters();
    }
    from.addEventListener("input", function () { changed(from); });
    to.addEventListener("input", function () { changed(to); });
    timeLabel();
  }

  function checkbox(label, onChange, extra) {
    var box = el("input", { type: "checkbox", checked: true });
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    return el("label", { cls: "kg-check" }, box, extra || null, el("span", { text: label }));
  }

  function setupLegend() {
    var legend = document.getElementById("kg-legend"), family = null;
    DATA.legend.forEach(function (entry) {
      if (entry.family !== family) { family = entry.family; legend.appendChild(el("div", { cls: "kg-family", text: family })); }
      var swatch = el("span", { cls: "kg-swatch " + entry.shape });
      swatch.style.background = entry.colour;
      var row = checkbox(entry.label, function (on) { state.hiddenClasses[entry.cls] = !on; }, swatch);
      row.dataset.cls = entry.cls;
      row.appendChild(el("span", { cls: "kg-count", text: String(entry.count) }));
      legend.appendChild(row);
    });
  }

  function setupSources() {
    var list = document.getElementById("kg-sources");
    sources.forEach(function (source, index) {
      var row = checkbox(source.title + (source.date ? " (" + source.date + ")" : ""),
                         function (on) { state.hiddenSources[index] = !on; });
      row.dataset.source = source.slug;
      list.appendChild(row);
    });
    if (!sources.length) list.appendChild(el("p", { cls: "kg-note", text: "No sources in this view." }));
  }

  /* ---------------------------------------------------------------- highlight */
  /* Small graphs: dim everything but the node and its neighbours. Large graphs: touching every
     node on each click is too slow, so only the neighbours are outlined (few updates). */
  var DIM_LIMIT = 3000, outlined = [];
  function highlight(id) {
    if (nodes.length > DIM_LIMIT) return outline(id);
    var near = {}, connected = {}, nodeUpdates = [], edgeUpdates = [];
    if (id !== null) {
      near[id] = true;
      network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
      network.getConnectedEdges(id).forEach(function (e) { connected[e] = true; });
    }
    nodes.forEach(function (n) {
      var dim = id !== null && !near[n.id];
      nodeUpdates.push({ id: n.id, color: dim ? { background: "#e4e6ea", border: "#d3d6dc" } : styleOf[n.id].color,
                         font: { color: dim ? "#b8bcc4" : "#1f2430" } });
    });
    edges.forEach(function (e) {
      var dim = id !== null && !connected[e.id];
      edgeUpdates.push({ id: e.id, color: { color: dim ? "#eceef1" : (id !== null ? "#394150" : "#a0a7b4") },
                         font: { color: dim ? "#d0d3d9" : "#555555" } });
    });
    nodes.update(nodeUpdates); edges.update(edgeUpdates);
    state.highlighted = id;
  }

  function outline(id) {
    var updates = outlined.map(function (n) { return { id: n, borderWidth: 1, color: styleOf[n].color }; });
    outlined = id === null ? [] : [id].concat(network.getConnectedNodes(id));
    outlined.forEach(function (n) {
      updates.push({ id: n, borderWidth: 4, color: { background: styleOf[n].color.background, border: "#111111" } });
    });
    nodes.update(updates);
    state.highlighted = id;
  }

  /* ---------------------------------------------------------------- side panel */
  function citation(ev) {
    var source = sources[ev[0]], quote = ev[1];
    var cite = el("div", { cls: "kg-cite" }, "\u2014 " + source.title + (source.date ? ", " + source.date : "") + " ");
    if (ev[2]) cite.appendChild(el("span", { cls: "kg-layer", text: "[" + ev[2] + "] " }));
    if (source.href && !/^[a-z][a-z0-9+.-]*:/i.test(source.href.replace(/^file:/i, ""))) {
      var fragment = "#:~:text=" + encodeURIComponent(quote).replace(/-/g, "%2D").replace(/,/g, "%2C");
      cite.appendChild(el("a", { href: source.href + fragment, target: "_blank", rel: "noopener", text: "[article text]" }));
    }
    return el("div", null, el("blockquote", { text: quote }), cite);
  }

  function nodeLink(id, text) {
    var button = el("button", { type: "button", cls: "kg-link", text: text });
    button.addEventListener("click", function () { focusNode(id); });
    return button;
  }

  function panel() {
    var box = document.getElementById("kg-panel");
    while (box.firstChild) box.removeChild(box.firstChild);
    return box;
  }

  function swatchFor(id) {
    var d = details[id], entry = DATA.legend.filter(function (l) { return l.cls === d.cls; })[0];
    var swatch = el("span", { cls: "kg-swatch " + (entry ? entry.shape : "dot") });
    swatch.style.background = entry ? entry.colour : "#999";
    return swatch;
  }

  function showNode(id) {
    var d = details[id], box = panel();
    if (!d) return;
    box.appendChild(el("h3", { id: "kg-panel-label", text: labelOf[id] }));
    box.appendChild(el("div", { cls: "kg-type" }, swatchFor(id), el("span", { id: "kg-panel-type", text: d.type })));
    box.appendChild(el("div", { cls: "kg-iri", text: id }));
    if (d.span) box.appendChild(el("p", { text: "Dated " + (d.span[0] === d.span[1] ? d.span[0] : d.span[0] + " \u2013 " + d.span[1]) }));
    if (d.aliases.length) {
      box.appendChild(el("h4", { text: "Also called" }));
      var aliases = el("ul", { id: "kg-panel-aliases" });
      d.aliases.forEach(function (a) { aliases.appendChild(el("li", { text: a })); });
      box.appendChild(aliases);
    }
    if (d.posts.length) {
      box.appendChild(el("h4", { text: "Posts" }));
      var posts = el("ul", { id: "kg-panel-posts" });
      d.posts.forEach(function (p) {
        posts.appendChild(el("li", null, nodeLink(p[3], p[0]), p[1] ? " \u2014 " + p[1] : "",
                             p[2].length ? " (" + p[2].join(", ") + ")" : ""));
      });
      box.appendChild(posts);
    }
    if (d.facts.length) {
      box.appendChild(el("h4", { text: "Facts and their sources" }));
      var facts = el("ul", { id: "kg-panel-facts" });
      d.facts.forEach(function (f) {
        var item = el("li", null, el("span", { cls: "kg-fact-name", text: f[0] + ": " }),
                      f[2] && details[f[2]] ? nodeLink(f[2], f[1]) : el("span", { text: f[1] }));
        if (f[4]) item.appendChild(el("span", { cls: "kg-layer", text: " [" + f[4] + "]" }));
        f[3].forEach(function (ev) { item.appendChild(citation(ev)); });
        facts.appendChild(item);
      });
      box.appendChild(facts);
    }
    if (d.named.length) {
      box.appendChild(el("h4", { text: "Named in" }));
      var named = el("ul", { id: "kg-panel-named" });
      d.named.forEach(function (ev) { named.appendChild(el("li", null, citation(ev))); });
      box.appendChild(named);
    }
  }

  function showEdge(edgeId) {
    var e = edges.get(edgeId), info = edgeInfo[edgeId], box = panel();
    if (!e || !info) return;
    box.appendChild(el("h3", { id: "kg-panel-label", text: info.label }));
    box.appendChild(el("p", null, nodeLink(e.from, labelOf[e.from]), " \u2192 " + info.label + " \u2192 ",
                       nodeLink(e.to, labelOf[e.to])));
    box.appendChild(el("div", { cls: "kg-iri", text: info.predicate }));
    if (info.layer) box.appendChild(el("p", { cls: "kg-layer", text: "[" + info.layer + "]" }));
    box.appendChild(el("h4", { text: "Sources" }));
    var list = el("ul", { id: "kg-panel-edge-sources" });
    info.ev.forEach(function (ev) { list.appendChild(el("li", null, citation(ev))); });
    if (!info.ev.length) list.appendChild(el("li", { cls: "kg-note", text: "No source recorded for this edge." }));
    box.appendChild(list);
  }

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    highlight(id); showNode(id);
    return true;
  }

  /* ---------------------------------------------------------------- search */
  var names = [];
  function setupSearch() {
    var list = document.getElementById("kg-labels"), seen = {};
    DATA.nodes.forEach(function (n) {
      [n.label].concat(details[n.id] ? details[n.id].aliases : []).forEach(function (name) {
        names.push({ key: name.toLowerCase(), id: n.id });
        if (!seen[name]) { seen[name] = true; list.appendChild(el("option", { value: name })); }
      });
    });
    document.getElementById("kg-search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      search(document.getElementById("kg-search").value);
    });
  }

  function search(text) {
    var wanted = text.trim().toLowerCase(), status = document.getElementById("kg-search-status");
    if (!wanted) return null;
    var hit = names.filter(function (n) { return n.key === wanted; })[0] ||
              names.filter(function (n) { return n.key.indexOf(wanted) >= 0; })[0];
    status.textContent = hit ? "" : "No entity is called \u201c" + text.trim() + "\u201d";
    if (hit) focusNode(hit.id);
    return hit ? hit.id : null;
  }

  /* ---------------------------------------------------------------- wiring */
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { highlight(null); showEdge(params.edges[0]); }
    else if (state.highlighted !== null) highlight(null);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    state.hiddenClasses = {}; state.hiddenSources = {};
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(function (b) { b.checked = true; });
    if (state.months.length) {
      document.getElementById("kg-time-from").value = "0";
      document.getElementById("kg-time-to").value = String(state.months.length - 1);
      state.from = 0; state.to = state.months.length - 1; timeLabel();
    }
    applyFilters(); highlight(null);
  });
  /* body[data-ready] says the graph is drawn where it will stay (screenshots and tests wait for it). */
  function markReady() {
    network.once("afterDrawing", function () {
      if (DATA.focus && details[DATA.focus]) { network.selectNodes([DATA.focus]); highlight(DATA.focus); showNode(DATA.focus); }
      document.body.dataset.ready = "1";
    });
    network.redraw();
  }
  if (DATA.physics) network.once("stabilizationIterationsDone", function () { network.fit(); markReady(); });
  else markReady();

  setupTime(); setupLegend(); setupSources(); setupSearch(); applyFilters();
  window.network = network; window.nodes = nodes; window.edges = edges;
  window.kgView = { network: network, nodes: nodes, edges: edges, data: DATA, search: search,
                    focusNode: focusNode, showEdge: showEdge, applyFilters: applyFilters, isVisible: nodeVisible };
})();
