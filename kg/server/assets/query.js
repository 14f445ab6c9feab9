// The query page: examples, running a query against /sparql, results as a table and a network.
"use strict";
(function () {
  const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  let settings = {};
  let lastNetwork = { nodes: [], edges: [] };

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function localName(iri) {
    const parts = iri.replace(/[\/#]+$/, "").split(/[\/#]/);
    return parts[parts.length - 1] || iri;
  }

  function href(iri) {
    return iri.startsWith(settings.entityPrefix) ? "/id/" + iri.slice(settings.entityPrefix.length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = href(term.value);
      a.textContent = term.value.startsWith(settings.entityPrefix) ? term.value.slice(settings.entityPrefix.length) : term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function table(variables, rows) {
    const tableElement = document.createElement("table");
    const head = tableElement.createTHead().insertRow();
    for (const name of variables) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    const body = tableElement.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const name of variables) tr.appendChild(cell(row[name]));
    }
    return tableElement;
  }

  // N-Triples lines -> rows of {s, p, o} terms (enough for showing results).
  const TERM = /^(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*/;
  function parseTerm(text) {
    if (text.startsWith("<")) return { type: "uri", value: text.slice(1, -1) };
    if (text.startsWith("_:")) return { type: "bnode", value: text.slice(2) };
    const quoted = text.slice(0, text.lastIndexOf('"') + 1);
    try {
      return { type: "literal", value: JSON.parse(quoted) };
    } catch (_) {
      return { type: "literal", value: quoted.slice(1, -1) };
    }
  }
  function parseNTriples(text) {
    const rows = [];
    for (let line of text.split("\n")) {
      line = line.trim();
      const terms = [];
      while (line && line !== "." && terms.length < 3) {
        const found = TERM.exec(line);
        if (!found) break;
        terms.push(parseTerm(found[1]));
        line = line.slice(found[0].length);
      }
      if (terms.length === 3) rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    }
    return rows;
  }

  // Every IRI of a row is a node; the row links its first IRI to the others.
  function network(variables, rows, graph) {
    const nodes = new Map(), edges = [];
    const add = (term) => {
      if (!nodes.has(term.value)) nodes.set(term.value, { id: term.value, label: localName(term.value), href: href(term.value) });
    };
    for (const row of rows) {
      if (graph) {
        if (row.subject.type !== "uri" || row.object.type !== "uri") continue;
        add(row.subject); add(row.object);
        edges.push({ from: row.subject.value, to: row.object.value, label: localName(row.predicate.value) });
        continue;
      }
      const iris = variables.filter((v) => row[v] && row[v].type === "uri");
      iris.forEach((v) => add(row[v]));
      for (const v of iris.slice(1)) edges.push({ from: row[iris[0]].value, to: row[v].value, label: v });
    }
    return { nodes: [...nodes.values()], edges };
  }

  function show(tab) {
    for (const button of document.querySelectorAll(".tabs button")) button.classList.toggle("active", button.dataset.tab === tab);
    document.getElementById("table").hidden = tab !== "table";
    document.getElementById("network").hidden = tab !== "network";
    if (tab === "network") window.kgNetwork.draw(document.getElementById("network-svg"), lastNetwork);
  }

  async function run(event) {
    event.preventDefault();
    const status = document.getElementById("status"), error = document.getElementById("error");
    const results = document.getElementById("table");
    status.textContent = "running…";
    error.hidden = true;
    const started = performance.now();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
      body: new URLSearchParams({ query: document.getElementById("query").value }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const text = await response.text();
    results.replaceChildren();
    if (!response.ok) {
      status.textContent = `failed (HTTP ${response.status})`;
      error.textContent = text;
      error.hidden = false;
      lastNetwork = { nodes: [], edges: [] };
      return;
    }
    const cut = response.headers.get("X-KG-Truncated") === "true" ? " (cut at the result limit)" : "";
    if ((response.headers.get("Content-Type") || "").startsWith("application/n-triples")) {
      const rows = parseNTriples(text);
      results.appendChild(table(["subject", "predicate", "object"], rows));
      lastNetwork = network([], rows, true);
      status.textContent = `${rows.length} triples in ${seconds} s${cut}`;
    } else {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        results.textContent = data.boolean ? "yes" : "no";
        lastNetwork = { nodes: [], edges: [] };
        status.textContent = `answered in ${seconds} s`;
      } else {
        results.appendChild(table(data.head.vars, data.results.bindings));
        lastNetwork = network(data.head.vars, data.results.bindings, false);
        status.textContent = `${data.results.bindings.length} rows in ${seconds} s${cut}`;
      }
    }
    if (!document.getElementById("network").hidden) show("network");
  }

  document.addEventListener("DOMContentLoaded", () => {
    settings = readJson("settings");
    const examples = readJson("example-data");
    const select = document.getElementById("examples");
    const describe = () => {
      const chosen = examples.find((e) => e.name === select.value);
      document.getElementById("example-description").textContent = chosen ? chosen.description : "";
      return chosen;
    };
    describe();
    select.addEventListener("change", () => {
      const chosen = describe();
      if (chosen) document.getElementById("query").value = chosen.sparql;
    });
    document.getElementById("query-form").addEventListener("submit", run);
    for (const button of document.querySelectorAll(".tabs button")) button.addEventListener("click", () => show(button.dataset.tab));
  });
})();
