// kg review: the review page. Plain JavaScript, no library; every text goes in through textContent.
"use strict";

const token = document.querySelector('meta[name="review-token"]').content;
const $ = (id) => document.getElementById(id);
const S = {
  articles: {}, classes: [], candidates: [], byKey: new Map(), progress: {},
  filtered: [], pos: 0, mode: null, busy: false, decisions: 0, shownArticle: null, keyAt: 0,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function keyOf(c) { return c.id + " " + c.version; }

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "X-Review-Token": token},
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({error: "the server sent no JSON (" + response.status + ")"}));
  if (!response.ok) { const e = new Error(data.error || response.statusText); e.status = response.status; throw e; }
  return data;
}

async function load(keepId) {
  const data = await api("/api/state");
  S.articles = data.articles; S.classes = data.classes; S.progress = data.progress;
  S.byKey = new Map(data.candidates.map((c) => [keyOf(c), c]));
  S.candidates = data.candidates;
  fillFilters();
  refilter(keepId);
  render();
}

function fillFilters() {
  const fill = (select, values) => {
    const keep = select.value;
    select.replaceChildren(el("option", {value: ""}, "all"), ...values.map((v) => el("option", {value: v}, v)));
    select.value = values.includes(keep) ? keep : "";
  };
  fill($("f-article"), Object.keys(S.articles));
  fill($("f-type"), [...new Set(S.candidates.map((c) => c.predicate))].filter(Boolean).sort());
  fill($("f-rule"), [...new Set(S.candidates.map((c) => c.method))].filter(Boolean).sort());
}

function matches(c) {
  const a = $("f-article").value, t = $("f-type").value, r = $("f-rule").value;
  const conf = parseFloat($("f-conf").value) || 0;
  return (!a || c.source === a) && (!t || c.predicate === t) && (!r || c.method === r) && (c.confidence || 0) >= conf;
}

function refilter(keepId) {
  S.filtered = S.candidates.filter(matches);
  if (keepId !== undefined) {
    const at = S.filtered.findIndex((c) => c.id === keepId);
    if (at >= 0) S.pos = at;
  }
  S.pos = Math.max(0, Math.min(S.pos, S.filtered.length - 1));
}

function current() { return S.filtered[S.pos]; }

function renderProgress() {
  let reviewed = 0, left = 0;
  for (const p of Object.values(S.progress)) { reviewed += p.reviewed; left += p.left; }
  const c = current();
  const here = c && S.progress[c.source];
  $("progress").textContent = `${reviewed} reviewed / ${left} left` +
    (here ? ` · this article: ${here.reviewed} reviewed / ${here.left} left` : "") +
    ` · showing ${S.filtered.length}`;
}

function renderArticle(c) {
  const title = $("article-title"), box = $("article-text");
  if (!c) { title.textContent = ""; box.replaceChildren(); S.shownArticle = null; return; }
  const article = S.articles[c.source] || {title: c.source, text: ""};
  const spans = S.candidates.filter((x) => x.source === c.source && x.end > x.start);
  const signature = c.source + "|" + spans.map(keyOf).join(",");
  if (S.shownArticle !== signature) {
    title.textContent = article.title;
    const cuts = new Set([0, article.text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((x, y) => x - y);
    const parts = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const over = spans.filter((s) => s.start <= from && s.end >= to);
      const text = article.text.slice(from, to);
      if (!over.length) { parts.push(document.createTextNode(text)); continue; }
      const span = el("mark", {class: "span t-" + over[0].predicate, "data-from": from, "data-to": to,
                               title: over.map((s) => s.predicate + " (" + s.method + ")").join(", ")}, text);
      parts.push(span);
    }
    box.replaceChildren(...parts);
    S.shownArticle = signature;
  }
  let first = null;
  for (const mark of box.querySelectorAll("mark")) {
    const on = +mark.dataset.from >= c.start && +mark.dataset.to <= c.end;
    mark.classList.toggle("current", on);
    if (on && !first) first = mark;
  }
  if (first) first.scrollIntoView({block: "center"});
}

function renderCandidate(c) {
  const box = $("current");
  box.dataset.id = c ? c.id : "";
  $("position").textContent = c ? `${S.pos + 1} of ${S.filtered.length} · ${c.source} · ${c.id}` : "";
  $("sentence").textContent = c ? c.sentence : (S.candidates.length ? "nothing matches the filters" : "the queue is empty");
  $("quote").textContent = c ? c.quote : "";
  $("meta").textContent = c ? `rule ${c.method} · confidence ${c.confidence}` + (c.broken ? ` · ${c.broken}` : "") : "";
  const terms = [];
  let number = 0;
  for (const t of (c ? c.terms : [])) {
    const list = el("ol", {class: "options"});
    for (const o of t.options) {
      number += 1;
      list.append(el("li", {"data-n": number, "data-ref": t.ref, "data-target": o.ref},
                     el("kbd", {}, String(number)), ` ${o.label} `, el("code", {}, o.ref),
                     ` ${o.cls} · ${o.why}`));
    }
    list.append(el("li", {class: "new"}, t.new ? "new entity (keep as extracted)" : "keep " + t.ref));
    terms.push(el("div", {class: "term"},
      el("h3", {}, `${t.role}: ${t.label} `, el("code", {}, t.ref), ` ${t.class}${t.new ? " · new" : ""}`), list));
  }
  $("terms").replaceChildren(...terms);
}

function render() {
  const c = current();
  renderProgress();
  renderArticle(c);
  renderCandidate(c);
  $("mode").textContent = S.mode === "link" ? "link: press the number of the entity (Esc cancels)" : "";
  document.body.dataset.decisions = String(S.decisions);
}

function status(message, written, bad) {
  const box = $("status");
  box.className = bad ? "bad" : "";
  box.replaceChildren(el("p", {}, message), ...(written || []).map((w) => el("p", {class: "written"},
    "wrote ", el("code", {}, w.where), " " + w.what)));
}

function apply(data, goTo) {
  for (const c of data.fresh) S.byKey.set(keyOf(c), c);
  const missing = data.order.some(([id, version]) => !S.byKey.has(id + " " + version));
  S.progress = data.progress;
  if (missing) return load(goTo);  // another tab changed candidates this one never saw
  S.candidates = data.order.map(([id, version]) => S.byKey.get(id + " " + version));
  refilter(goTo);
  render();
}

async function decide(action, extra) {
  const c = current();
  if (S.busy || (!c && action !== "undo")) return;
  S.busy = true;
  // Where to go next: the candidate after this one (accept/reject), this one (link/edit), the undone one.
  const after = S.filtered.slice(S.pos + 1).map((x) => x.id);
  const body = Object.assign({action}, c && action !== "undo" ? {id: c.id, version: c.version} : {}, extra || {});
  try {
    const data = await api("/api/decide", body);
    S.decisions += 1;
    const out = data.outcome;
    let goTo;
    if (action === "accept" || action === "reject") {
      const left = new Set(data.order.map(([id]) => id));
      goTo = after.find((id) => left.has(id));
      if (goTo === undefined) S.pos = S.filtered.length;  // the last one: show the new last
    } else goTo = out.ids[0];
    status(out.message, out.written, false);
    await apply(data, goTo);
    timed(S.decisions, $("status").firstChild);
  } catch (error) {
    status(error.message, [], true);
    if (error.status === 409) await load(c && c.id);
    S.decisions += 1;
    document.body.dataset.decisions = String(S.decisions);
  } finally {
    S.busy = false;
  }
}

// The round trip of a decision, from its key press to the next candidate painted (files written by then).
function timed(decision, line) {
  const keyAt = S.keyAt;
  requestAnimationFrame(() => {
    const ms = Math.round(performance.now() - keyAt);
    if (line) line.append(` (${ms} ms)`);
    document.body.dataset.roundTrip = `${decision} ${ms}`;
  });
}

function openEdit() {
  const c = current();
  if (!c) return;
  const form = $("edit");
  const fresh = c.terms.filter((t) => t.new);
  $("e-ref").replaceChildren(el("option", {value: ""}, "(none)"),
    ...fresh.map((t) => el("option", {value: t.ref}, t.label + " — " + t.ref)));
  $("e-ref").value = fresh.length ? fresh[0].ref : "";
  $("e-type").replaceChildren(...S.classes.map((k) => el("option", {value: k}, k)));
  syncEdit();
  $("e-object").value = c.fact[2];
  form.hidden = false;
  S.mode = "edit";
  $("e-type").focus();
}

function syncEdit() {
  const c = current(), ref = $("e-ref").value;
  const term = c && c.terms.find((t) => t.ref === ref);
  $("e-type").disabled = $("e-label").disabled = !term;
  if (term) { $("e-type").value = term.type; $("e-label").value = term.label; }
}

function closeModes() {
  S.mode = null;
  $("edit").hidden = true;
  $("help").hidden = true;
  render();
}

function submitEdit(event) {
  if (event) event.preventDefault();
  if (S.mode !== "edit") return;  // Enter in a field: the key and the form's submit event, once
  const c = current();
  const term = c.terms.find((t) => t.ref === $("e-ref").value);
  const extra = {};
  if (term && $("e-type").value !== term.type) extra.type = $("e-type").value;
  if (term && $("e-label").value !== term.label) extra.label = $("e-label").value;
  if (term && (extra.type || extra.label)) extra.ref = term.ref;
  if ($("e-object").value !== c.fact[2]) extra.object = $("e-object").value;
  closeModes();
  decide("edit", extra);
}

function link(number) {
  const item = document.querySelector(`#terms li[data-n="${number}"]`);
  S.mode = null;
  if (!item) { status(`no entity numbered ${number}`, [], true); render(); return; }
  decide("link", {ref: item.dataset.ref, target: item.dataset.target});
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  S.keyAt = event.timeStamp;
  if (S.mode === "edit") {
    if (event.key === "Escape") { event.preventDefault(); closeModes(); }
    if (event.key === "Enter") submitEdit(event);  // also from a select, where Enter submits no form
    return;  // the form has the other keys
  }
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const key = event.key;
  if (S.mode === "link") {
    event.preventDefault();
    if (/^[1-9]$/.test(key)) link(+key); else { S.mode = null; render(); }
    return;
  }
  if (S.mode === "help") { if (key === "Escape" || key === "?") { event.preventDefault(); closeModes(); } return; }
  const actions = {
    a: () => decide("accept"), r: () => decide("reject"), u: () => decide("undo"),
    j: () => { S.pos = Math.min(S.pos + 1, S.filtered.length - 1); render(); },
    k: () => { S.pos = Math.max(S.pos - 1, 0); render(); },
    l: () => { if (current()) { S.mode = "link"; render(); } },
    e: () => openEdit(),
    "?": () => { S.mode = "help"; $("help").hidden = false; },
    Escape: () => closeModes(),
  };
  if (actions[key]) { event.preventDefault(); actions[key](); }
}

function init() {
  document.addEventListener("keydown", onKey);
  for (const id of ["f-article", "f-type", "f-rule", "f-conf"]) {
    $(id).addEventListener("change", () => { const c = current(); S.pos = 0; refilter(c && c.id); render(); $(id).blur(); });
  }
  $("edit").addEventListener("submit", submitEdit);
  $("e-ref").addEventListener("change", syncEdit);
  $("help-button").addEventListener("click", () => { S.mode = "help"; $("help").hidden = false; });
  load().catch((error) => status("could not load the queue: " + error.message, [], true));
}

init();
