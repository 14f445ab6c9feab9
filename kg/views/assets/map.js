/* silkroad-kg map view: world-atlas country shapes (Natural Earth) projected with d3-geo into SVG,
   the graph's places at their coordinates, events at their place, countries shaded; click = evidence.
   Everything from #kg-data and the bundled kgGeo; no request leaves the page. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var E = kgEvidence, SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("kg-map-svg"), panel = document.getElementById("kg-panel");
  var world = kgGeo.feature(kgGeo.countries, kgGeo.countries.objects.countries);
  var layer = document.createElementNS(SVG, "g");
  svg.appendChild(layer);

  function node(tag, attrs, parent) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (parent || layer).appendChild(n);
    return n;
  }

  // Countries of the graph matched to the world's shapes: by ISO 3166 numeric code (world-atlas' ids),
  // else by any of their names ("Laos" is the atlas' name for the Lao People's Democratic Republic).
  function key(name) { return String(name).toLowerCase().replace(/[^a-z]/g, ""); }
  var shapeByName = {}, shapeById = {};
  world.features.forEach(function (f) {
    shapeByName[key(f.properties.name)] = f;
    if (f.id) shapeById[f.id] = f;
  });
  var countryOfShape = {};
  DATA.countries.forEach(function (c) {
    var found = (c.iso && shapeById[c.iso]) || null;
    c.names.forEach(function (n) { found = found || shapeByName[key(n)]; });
    if (!found) world.features.forEach(function (f) {  // "United States" -> "United States of America"
      if (!found && key(f.properties.name).indexOf(key(c.label)) === 0) found = f;
    });
    if (found) countryOfShape[found.id + "|" + found.properties.name] = c;
  });
  var shapedCountry = {};
  Object.keys(countryOfShape).forEach(function (k) { shapedCountry[countryOfShape[k].id] = true; });

  // The key of the shades (kg.views.shading decides them): a swatch (two for a year scale) and its meaning.
  var key_ = document.getElementById("kg-map-legend");
  DATA.legend.forEach(function (entry) {
    var item = E.el("span", { cls: "kg-legend-entry" });
    item.dataset.kind = entry.kind;
    [entry.fill, entry.fill_last].filter(Boolean).forEach(function (fill) {
      var swatch = E.el("span", { cls: "kg-key" });
      swatch.style.background = fill;
      item.appendChild(swatch);
    });
    item.appendChild(document.createTextNode(entry.label));
    key_.appendChild(item);
  });
  key_.appendChild(E.el("span", { cls: "kg-legend-entry", text: "\u25cf red: places where events were held" }));

  var selected = null;
  function select(id, element) {
    if (selected) selected.classList.remove("kg-selected");
    selected = element || null;
    if (selected) selected.classList.add("kg-selected");
    show(id);
  }
  var countryById = {};
  DATA.countries.forEach(function (c) { countryById[c.id] = c; });
  var P = E.panel(panel, DATA, show);
  function show(id) {
    P.show(id, function (box) {
      var country = countryById[id], place = DATA.places.filter(function (p) { return p.id === id; })[0];
      if (country) box.appendChild(E.el("p", { id: "kg-panel-shade", text: "Shaded: " + country.note }));
      if (place && place.events.length) {
        box.appendChild(E.el("h4", { text: "Events held here" }));
        box.appendChild(P.list("kg-panel-events", place.events));
      }
    });
  }

  var projection, path, markers = [];
  function draw() {
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    var box = svg.getBoundingClientRect();
    // Fitted to what the graph holds (its countries and places), or the whole world when it holds none.
    var focus = world.features.filter(function (f) { return countryOfShape[f.id + "|" + f.properties.name]; })
      .concat(DATA.places.map(function (p) { return { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] } }; }));
    projection = kgGeo.geoNaturalEarth1().fitExtent([[20, 20], [box.width - 20, box.height - 20]],
      focus.length ? { type: "FeatureCollection", features: focus } : { type: "Sphere" });
    path = kgGeo.geoPath(projection);
    world.features.forEach(function (f) {
      var c = countryOfShape[f.id + "|" + f.properties.name];
      var shape = node("path", { d: path(f) || "", "class": "kg-country" + (c ? " kg-linked" : "") });
      shape.appendChild(document.createElementNS(SVG, "title")).textContent = c ? c.label + " \u2014 " + c.note : f.properties.name;
      if (c) {
        shape.style.fill = c.fill;
        shape.setAttribute("data-kind", c.kind);
        shape.setAttribute("data-id", c.id);
        shape.addEventListener("click", function () { select(c.id, shape); });
      }
    });
    markers = [];
    DATA.places.forEach(function (p) {
      // A country is its shaded shape (its gazetteer point is its capital's); a region has no point worth a dot.
      if ((p.country && shapedCountry[p.id]) || p.region) return;
      var xy = projection([p.lon, p.lat]);
      if (!xy) return;
      var r = p.events.length ? 4 + 2 * Math.sqrt(p.events.length) : 3.5;
      var dot = node("circle", { cx: xy[0], cy: xy[1], r: r, "data-id": p.id,
                                 "class": "kg-place" + (p.events.length ? " kg-has-events" : "") });
      dot.appendChild(document.createElementNS(SVG, "title")).textContent =
        p.label + (p.events.length ? " \u2014 " + p.events.length + " event" + (p.events.length > 1 ? "s" : "") : "");
      dot.addEventListener("click", function (ev) { ev.stopPropagation(); select(p.id, dot); });
      markers.push({ place: p, dot: dot, xy: xy });
    });
    // Labels for the places with events, largest first, skipped where they would overlap one already drawn.
    var drawn = [];
    markers.slice().sort(function (a, b) { return b.place.events.length - a.place.events.length; })
      .forEach(function (m) {
        if (!m.place.events.length && drawn.length >= 12) return;
        var text = node("text", { x: m.xy[0] + 7, y: m.xy[1] + 4, "class": "kg-place-label" });
        text.textContent = m.place.label;
        var b = text.getBBox();
        if (drawn.some(function (d) { return b.x < d.x + d.width && d.x < b.x + b.width && b.y < d.y + d.height && d.y < b.y + b.height; })) {
          layer.removeChild(text);
        } else drawn.push(b);
      });
    applyZoom();
  }

  // Zoom and pan by a transform on the layer: scroll to zoom around the pointer, drag to move.
  var zoom = { k: 1, x: 0, y: 0 };
  function applyZoom() { layer.setAttribute("transform", "translate(" + zoom.x + "," + zoom.y + ") scale(" + zoom.k + ")"); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = svg.getBoundingClientRect(), px = ev.clientX - box.left, py = ev.clientY - box.top;
    var k = Math.min(40, Math.max(1, zoom.k * (ev.deltaY < 0 ? 1.25 : 0.8)));
    zoom.x = px - (px - zoom.x) * k / zoom.k; zoom.y = py - (py - zoom.y) * k / zoom.k; zoom.k = k;
    applyZoom();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX - zoom.x, y: ev.clientY - zoom.y }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) { if (drag) { zoom.x = ev.clientX - drag.x; zoom.y = ev.clientY - drag.y; applyZoom(); } });
  window.addEventListener("resize", draw);

  if (DATA.unplaced.length) {
    var box = document.getElementById("kg-unplaced");
    box.appendChild(E.el("h4", { text: "Events whose place has no coordinates" }));
    box.appendChild(P.list(null, DATA.unplaced));
  }
  draw();
  var held = DATA.places.reduce(function (n, p) { return n + p.events.length; }, 0);
  document.getElementById("kg-counts").textContent = DATA.places.length + " places, " + held + " events placed, " +
    Object.keys(countryOfShape).length + " of " + DATA.countries.length + " countries on the map";
  window.kgMap = { data: DATA, projection: function () { return projection; }, select: function (id) {
    var m = markers.filter(function (x) { return x.place.id === id; })[0];
    select(id, m ? m.dot : null);
  } };
  document.body.setAttribute("data-ready", "1");
})();
