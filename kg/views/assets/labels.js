/* silkroad-kg label placement for the network view: which labels to draw so that none overlap.

   vis-network draws every label it is given, overlapping or not. Here the page decides: candidates
   in priority order (the most connected actors, every event and initiative), each kept only if its
   box, as it will be drawn at the current zoom, stays inside the canvas and clear of the labels
   already kept. The font is set so that a kept label is readable on screen (READABLE_PX), whatever
   the zoom. Then the renderer's own boxes are read back after drawing and any pair that still
   intersects loses its lower-priority label. Re-run on zoom, drag and resize: zooming in reveals more. */
(function () {
  "use strict";
  var READABLE_PX = 13, MAX_CANDIDATES = 400;

  function intersects(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* The DOM box of a node's label as the renderer last drew it, or null when it drew none. */
  function drawnBox(network, id) {
    var node = network.body.nodes[id];
    if (!node || !node.options.label || node.options.hidden) return null;
    var size = node.labelModule.size;
    if (!size || !size.width) return null;
    var a = network.canvasToDOM({ x: size.left, y: size.top });
    var b = network.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
    return { id: id, left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  var measure = document.createElement("canvas").getContext("2d");

  /* Where a label of `text` at `px` screen pixels will be drawn below node `id` (DOM box). */
  function predictedBox(network, id, text, px) {
    var node = network.body.nodes[id], scale = network.getScale();
    var centre = network.canvasToDOM({ x: node.x, y: node.y });
    measure.font = px + "px system-ui, sans-serif";
    var lines = String(text).split("\n"), width = 0;
    lines.forEach(function (l) { width = Math.max(width, measure.measureText(l).width); });
    var top = centre.y + (node.shape && node.shape.height ? node.shape.height / 2 : node.options.size) * scale + 2;
    return { id: id, left: centre.x - width / 2 - 2, right: centre.x + width / 2 + 2, top: top,
             bottom: top + lines.length * px * 1.25 + 2, shift: 0 };
  }

  /* The same label drawn above its node instead: `shift` is the move in screen pixels (font.vadjust
     takes it in canvas units). Tried when the place below is taken, as map labelling does. */
  function aboveBox(network, id, below) {
    var node = network.body.nodes[id], scale = network.getScale();
    var half = (node.shape && node.shape.height ? node.shape.height / 2 : node.options.size) * scale;
    var height = below.bottom - below.top, shift = -(2 * half + 4 + height);
    return { id: id, left: below.left, right: below.right, top: below.top + shift, bottom: below.bottom + shift,
             shift: shift };
  }

  function place(network, nodes, order, fullLabel) {
    var rect = network.canvas.frame.getBoundingClientRect();
    var view = { left: 0, top: 0, right: rect.width, bottom: rect.height };
    var scale = network.getScale(), px = READABLE_PX, kept = [], keep = {};
    var candidates = order.filter(function (id) { var n = nodes.get(id); return n && !n.hidden; })
                          .slice(0, MAX_CANDIDATES);
    function free(box) {
      return box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom
        && !kept.some(function (k) { return intersects(k, box); });
    }
    candidates.forEach(function (id) {
      var below = predictedBox(network, id, fullLabel[id], px), above = aboveBox(network, id, below);
      var box = free(below) ? below : free(above) ? above : null;
      if (!box) return;
      kept.push(box); keep[id] = box.shift / scale;
    });
    var updates = [];
    nodes.forEach(function (n) {
      var placed = n.id in keep, want = placed ? fullLabel[n.id] : undefined, vadjust = placed ? keep[n.id] : 0;
      var font = n.font || {};
      if (n.label !== want || (want && (font.size !== px / scale || (font.vadjust || 0) !== vadjust))) {
        updates.push({ id: n.id, label: want, font: { size: px / scale, vadjust: vadjust } });
      }
    });
    if (updates.length) nodes.update(updates);
    return keep;
  }

  /* After a draw: the renderer's boxes; drop the lower-priority label of any pair that intersects. */
  function settle(network, nodes, order) {
    var boxes = [], drop = [];
    order.forEach(function (id) {
      var box = drawnBox(network, id);
      if (!box) return;
      if (boxes.some(function (b) { return intersects(b, box); })) drop.push({ id: id, label: undefined });
      else boxes.push(box);
    });
    if (drop.length) nodes.update(drop);
    return drop.length;
  }

  function boxes(network, ids) {
    return ids.map(function (id) { return drawnBox(network, id); }).filter(Boolean);
  }

  window.kgLabels = { place: place, settle: settle, boxes: boxes, intersects: intersects, READABLE_PX: READABLE_PX };
})();
