/* silkroad-kg evidence panel, shared by the timeline and the map (one module inlined into both): what the sources say about an entity.
   Text goes into the page only through textContent and DOM properties (never innerHTML). */
(function () {
  "use strict";

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

  function citation(sources, ev) {
    var source = sources[ev[0]], quote = ev[1];
    var cite = el("div", { cls: "kg-cite" }, "\u2014 " + source.title + (source.date ? ", " + source.date : "") + " ");
    if (ev[2]) cite.appendChild(el("span", { cls: "kg-layer", text: "[" + ev[2] + "] " }));
    if (source.href && !/^[a-z][a-z0-9+.-]*:/i.test(source.href.replace(/^file:/i, ""))) {
      var fragment = "#:~:text=" + encodeURIComponent(quote).replace(/-/g, "%2D").replace(/,/g, "%2C");
      cite.appendChild(el("a", { href: source.href + fragment, target: "_blank", rel: "noopener", text: "[article text]" }));
    }
    return el("div", null, el("blockquote", { text: quote }), cite);
  }

  /* Fill `box` with entity `id`'s evidence. `link(id, text)` makes a link to another entity, or null;
     `extra(box, details)`, if given, adds a view's own sections after the header. */
  function show(box, data, id, label, link, extra) {
    var d = data.details[id];
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!d) return;
    var cite = function (ev) { return citation(data.sources, ev); };
    box.appendChild(el("h3", { id: "kg-panel-label", text: label }));
    box.appendChild(el("div", { cls: "kg-type" }, el("span", { id: "kg-panel-type", text: d.type })));
    box.appendChild(el("div", { cls: "kg-iri", text: id }));
    if (d.span) box.appendChild(el("p", { text: "Dated " + (d.span[0] === d.span[1] ? d.span[0] : d.span[0] + " \u2013 " + d.span[1]) }));
    if (extra) extra(box, d);
    if (d.aliases.length) {
      box.appendChild(el("h4", { text: "Also called" }));
      var aliases = el("ul", { id: "kg-panel-aliases" });
      d.aliases.forEach(function (a) { aliases.appendChild(el("li", { text: a })); });
      box.appendChild(aliases);
    }
    if (d.facts.length) {
      box.appendChild(el("h4", { text: "Facts and their sources" }));
      var facts = el("ul", { id: "kg-panel-facts" });
      d.facts.forEach(function (f) {
        var target = f[2] ? link(f[2], f[1]) : null;
        var item = el("li", null, el("span", { cls: "kg-fact-name", text: f[0] + ": " }), target || el("span", { text: f[1] }));
        if (f[4]) item.appendChild(el("span", { cls: "kg-layer", text: " [" + f[4] + "]" }));
        f[3].forEach(function (ev) { item.appendChild(cite(ev)); });
        facts.appendChild(item);
      });
      box.appendChild(facts);
    }
    if (d.named.length) {
      box.appendChild(el("h4", { text: "Named in" }));
      var named = el("ul", { id: "kg-panel-named" });
      d.named.forEach(function (ev) { named.appendChild(el("li", null, cite(ev))); });
      box.appendChild(named);
    }
  }

  /* A page's panel: `open(id)` shows an entity; link(id, text) is a button that opens it (null for an
     entity the page has no evidence for); list(id, ids) a list of such links. One for every view, so a
     click leads to the same evidence everywhere. */
  function panel(box, data, open) {
    function link(id, text) {
      if (!data.details[id]) return null;
      var button = el("button", { type: "button", cls: "kg-link", text: text });
      button.addEventListener("click", function () { open(id); });
      return button;
    }
    function list(listId, ids) {
      var items = el("ul", listId ? { id: listId } : null);
      ids.forEach(function (id) { items.appendChild(el("li", null, link(id, data.labels[id]))); });
      return items;
    }
    return {
      link: link, list: list,
      show: function (id, extra) { show(box, data, id, data.labels[id], link, extra); }
    };
  }

  window.kgEvidence = { el: el, show: show, citation: citation, panel: panel };
})();
