/* silkroad-kg network view. Reads the graph from #kg-data; puts text into the page only
   through textContent and DOM properties (never innerHTML), so no label or quote can inject markup. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var details = DATA.details, edgeInfo = DATA.edgeInfo, sources = DATA.sources;
  var fullLabel = {};
  DATA.nodes.forEach(function (n) { fullLabel[n.id] = n.label; });
  var statistic = {}, unconnected = {};
  (DATA.statistics || []).forEach(function (id) { statistic[id] = true; });
  (DATA.unconnected || []).forEach(function (id) { unconnected[id] = true; });
  var state = { hiddenClasses: {}, hiddenSources: {}, from: null, to: null, months: [], highlighted: null,
                showStatistics: !DATA.statisticsOff, showUnconnected: false };
  /* The first view's nodes go in already hidden or shown and without labels (the page draws only
     those that fit apart, kgLabels, the rest on hover or zoom): updating thousands of nodes after
     the network exists costs vis-network far more than creating them so. */
  var shownAtStart = {};
  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
    shownAtStart[n.id] = nodeVisible(n.id);
    return Object.assign({}, n, { label: undefined, hidden: !shownAtStart[n.id] });
  }));
  var edges = new vis.DataSet(DATA.edges.map(function (e) {
    return Object.assign({}, e, { hidden: !(shownAtStart[e.from] && shownAtStart[e.to]) });
  }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  var labelOf = {}, styleOf = {};
  DATA.nodes.forEach(function (n) { labelOf[n.id] = n.label; styleOf[n.id] = { color: n.color, borderWidth: n.borderWidth === undefined ? 1 : n.borderWidth }; });

  var el = kgEvidence.el;

  /* ---------------------------------------------------------------- filters */
  function months(min, max) {
    var out = [], y = +min.slice(0, 4), m = 1, endY = +max.slice(0, 4);
    for (; y <= endY; y++) for (m = 1; m <= 12; m++) out.push(y + "-" + (m < 10 ? "0" : "") + m);
    return out;
  }

  function nodeVisible(id) {
    var d = details[id];
    if (!d) return true;
    if (statistic[id] && !state.showStatistics) return false;
    if (unconnected[id] && !state.showUnconnected) return false;
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
    if (nodeUpdates.length) relabelSoon();
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
      if (entry.borderWidth > 1) swatch.style.boxShadow = "inset 0 0 0 3px " + entry.border;
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
    var updates = outlined.map(function (n) { return { id: n, borderWidth: styleOf[n].borderWidth, color: styleOf[n].color }; });
    outlined = id === null ? [] : [id].concat(network.getConnectedNodes(id));
    outlined.forEach(function (n) {
      updates.push({ id: n, borderWidth: 4, color: { background: styleOf[n].color.background, border: "#111111" } });
    });
    nodes.update(updates);
    state.highlighted = id;
  }

  /* ---------------------------------------------------------------- side panel */
  function citation(ev) { return kgEvidence.citation(sources, ev); }

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
    if (!details[id]) return;
    kgEvidence.show(document.getElementById("kg-panel"), DATA, id, labelOf[id],
                    function (other, text) { return details[other] ? nodeLink(other, text) : null; },
                    function (box, d) {
      box.querySelector(".kg-type").insertBefore(swatchFor(id), box.querySelector("#kg-panel-type"));
      if (d.posts.length) {
        box.appendChild(el("h4", { text: "Posts" }));
        var posts = el("ul", { id: "kg-panel-posts" });
        d.posts.forEach(function (p) {
          posts.appendChild(el("li", null, nodeLink(p[3], p[0]), p[1] ? " \u2014 " + p[1] : "",
                               p[2].length ? " (" + p[2].join(", ") + ")" : ""));
        });
        box.appendChild(posts);
      }
      if (d.stats && d.stats.length) statisticsTable(box, d.stats);
    });
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
    if (statistic[id] && !state.showStatistics) setToggle("kg-show-statistics", true);
    if (unconnected[id] && !state.showUnconnected) setToggle("kg-show-unconnected", true);
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
    state.hiddenClasses = {}; state.hiddenSources = {}; state.showStatistics = state.showUnconnected = true;
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(function (b) { b.checked = true; });
    if (state.months.length) {
      document.getElementById("kg-time-from").value = "0";
      document.getElementById("kg-time-to").value = String(state.months.length - 1);
      state.from = 0; state.to = state.months.length - 1; timeLabel();
    }
    applyFilters(); highlight(null);
  });
  /* ---------------------------------------------------------------- labels, fit */
  var order = DATA.labelOrder || DATA.nodes.map(function (n) { return n.id; }), relabelTimer = null, ready = false;
  function relabel(then) {
    kgLabels.place(network, nodes, order, fullLabel);
    network.once("afterDrawing", function () {
      // No label dropped: the frame just drawn is final (a large graph's frame costs a second or more).
      if (!kgLabels.settle(network, nodes, order)) { if (then) then(); return; }
      if (then) network.once("afterDrawing", then);
      network.redraw();
    });
    network.redraw();
  }
  function relabelSoon() {
    if (!ready) return;
    clearTimeout(relabelTimer);
    relabelTimer = setTimeout(function () { relabel(null); }, 120);
  }
  // Fitted to the nodes shown (hidden statistics and unconnected entities have positions too).
  function fit() {
    var shown = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    network.fit({ nodes: shown.length ? shown : undefined, animation: false });
  }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);
  // Any change of the canvas' size (the window, the page settling its grid) fits the network again.
  network.on("resize", function () { fit(); relabelSoon(); });

  function setToggle(id, on) {
    var box = document.getElementById(id);
    box.checked = on;
    box.dispatchEvent(new Event("change"));
  }
  function setupToggles() {
    var stats = document.getElementById("kg-show-statistics"), loose = document.getElementById("kg-show-unconnected");
    stats.checked = state.showStatistics;
    document.getElementById("kg-statistics-count").textContent = String((DATA.statistics || []).length);
    document.getElementById("kg-unconnected-count").textContent = String((DATA.unconnected || []).length);
    stats.addEventListener("change", function () { state.showStatistics = stats.checked; applyFilters(); fit(); });
    loose.addEventListener("change", function () { state.showUnconnected = loose.checked; applyFilters(); fit(); });
    var list = document.getElementById("kg-unconnected");
    (DATA.unconnected || []).forEach(function (id) {
      var button = el("button", { type: "button", cls: "kg-link", text: labelOf[id] });
      button.addEventListener("click", function () { highlight(null); showNode(id); });
      list.appendChild(el("li", null, button, el("span", { cls: "kg-count", text: " " + details[id].type })));
    });
    if (!(DATA.unconnected || []).length) document.getElementById("kg-unconnected-section").hidden = true;
  }

  function statisticsTable(box, rows) {
    box.appendChild(el("h4", { text: "Statistics" }));
    var table = el("table", { id: "kg-panel-stats", cls: "kg-table" });
    var head = el("tr");
    ["Statistic", "Value", "Unit", "As of"].forEach(function (h) { head.appendChild(el("th", { text: h })); });
    table.appendChild(el("thead", null, head));
    var body = el("tbody");
    rows.forEach(function (r) {
      var name = el("td", null, nodeLink(r[0], r[1]));
      if (r[6].length) name.appendChild(citation(r[6][0]));
      body.appendChild(el("tr", null, name, el("td", { cls: "kg-num", text: r[3] }), el("td", { text: r[4] }),
                          el("td", { text: r[5] })));
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  /* body[data-ready] says the graph is drawn where it will stay (screenshots and tests wait for it). */
  function markReady() {
    function done() {
      ready = true;
      if (DATA.focus && details[DATA.focus]) { network.selectNodes([DATA.focus]); highlight(DATA.focus); showNode(DATA.focus); }
      document.body.dataset.ready = "1";
    }
    // No frame is drawn before the first fit: fit() sizes the nodes itself (a large graph's frame costs
    // a second or more). Twice: the first labels change what fit() measures (labels are part of a
    // node's box). Once in a large graph: its few labels hardly move the fit.
    fit();
    relabel(function () { if (DATA.large) done(); else { fit(); relabel(done); } });
  }
  setupTime(); setupToggles(); setupLegend(); setupSources(); setupSearch(); applyFilters();
  // After the filters: vis-network draws synchronously, so markReady() sees the nodes as they will be shown.
  if (DATA.physics) network.once("stabilizationIterationsDone", function () { fit(); markReady(); });
  else markReady();
  window.network = network; window.nodes = nodes; window.edges = edges;
  window.kgView = { network: network, nodes: nodes, edges: edges, data: DATA, search: search, order: order,
                    labelBoxes: function () { return kgLabels.boxes(network, order); }, relabel: relabel,
                    focusNode: focusNode, showEdge: showEdge, applyFilters: applyFilters, isVisible: nodeVisible };
})();
