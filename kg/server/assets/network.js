// A small offline network view: nodes and labelled edges in an SVG, placed by a
// deterministic force layout (same input, same picture). No dependencies.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";

  function element(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    parent.appendChild(node);
    return node;
  }

  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const pos = nodes.map((_, i) => {
      const angle = (2 * Math.PI * i) / Math.max(n, 1);
      return [width / 2 + (width / 3) * Math.cos(angle), height / 2 + (height / 3) * Math.sin(angle)];
    });
    const links = edges.map((e) => [index.get(e.from), index.get(e.to)]).filter(([a, b]) => a !== undefined && b !== undefined);
    const ideal = Math.min(140, Math.sqrt((width * height) / Math.max(n, 1)));
    for (let step = 0; step < 300; step++) {
      const move = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
          const d2 = Math.max(dx * dx + dy * dy, 1);
          const force = (ideal * ideal) / d2;
          move[i][0] += dx * force / Math.sqrt(d2); move[i][1] += dy * force / Math.sqrt(d2);
          move[j][0] -= dx * force / Math.sqrt(d2); move[j][1] -= dy * force / Math.sqrt(d2);
        }
      }
      for (const [a, b] of links) {
        const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const pull = (d - ideal) / d / 2;
        move[a][0] -= dx * pull; move[a][1] -= dy * pull;
        move[b][0] += dx * pull; move[b][1] += dy * pull;
      }
      const cool = 1 - step / 300;
      for (let i = 0; i < n; i++) {
        move[i][0] += (width / 2 - pos[i][0]) * 0.01; move[i][1] += (height / 2 - pos[i][1]) * 0.01;
        const length = Math.max(Math.hypot(move[i][0], move[i][1]), 1e-9);
        const limit = Math.min(length, 20 * cool + 0.5);
        pos[i][0] = Math.min(width - 20, Math.max(20, pos[i][0] + (move[i][0] / length) * limit));
        pos[i][1] = Math.min(height - 20, Math.max(20, pos[i][1] + (move[i][1] / length) * limit));
      }
    }
    return pos;
  }

  function short(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  // data: {nodes: [{id, label, color, href?}], edges: [{from, to, label}]}
  function draw(svg, data) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const box = svg.getBoundingClientRect();
    const width = box.width || 900, height = box.height || 560;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const nodes = data.nodes.slice(0, 400);
    const pos = layout(nodes, data.edges, width, height);
    const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
    for (const edge of data.edges) {
      const a = at.get(edge.from), b = at.get(edge.to);
      if (!a || !b) continue;
      element("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, svg);
      const label = element("text", { x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2, class: "edge-label" }, svg);
      label.textContent = short(edge.label || "", 24);
    }
    nodes.forEach((node, i) => {
      const group = element("g", { class: "node" }, svg);
      const circle = element("circle", { cx: pos[i][0], cy: pos[i][1], r: 7, fill: node.color || "#69c" }, group);
      const title = element("title", {}, circle);
      title.textContent = node.label + "\n" + node.id;
      const text = element("text", { x: pos[i][0] + 9, y: pos[i][1] + 4 }, group);
      text.textContent = short(node.label, 40);
      if (node.href) circle.addEventListener("click", () => { window.location.href = node.href; });
    });
  }

  window.kgNetwork = { draw };

  document.addEventListener("DOMContentLoaded", () => {
    for (const svg of document.querySelectorAll("svg[data-source]")) {
      const source = document.getElementById(svg.dataset.source);
      if (source) draw(svg, JSON.parse(source.textContent));
    }
  });
})();
