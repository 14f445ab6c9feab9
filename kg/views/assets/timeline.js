/* silkroad-kg timeline view: vis-timeline over #kg-data's items and groups; a click shows the evidence. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var panel = document.getElementById("kg-panel"), titles = {};
  DATA.items.forEach(function (item) { titles[item.id] = item.title; });
  var items = new vis.DataSet(DATA.items.map(function (item) {
    // Labels and quotes stay text: vis-timeline would read a string `content` as HTML.
    var copy = Object.assign({}, item);
    copy.content = kgEvidence.el("span", { text: item.content });
    copy.title = undefined;
    return copy;
  }));
  var groups = new vis.DataSet(DATA.groups.map(function (g) {
    return { id: g.id, order: g.order, content: kgEvidence.el("span", { text: g.content }) };
  }));
  var container = document.getElementById("kg-timeline");
  var options = {
    stack: true, orientation: "top", zoomKey: "ctrlKey", margin: { item: 6 }, height: "100%",
    verticalScroll: true, horizontalScroll: false,
    groupOrder: "order", selectable: true, multiselect: false,
    onInitialDrawComplete: function () { document.body.setAttribute("data-ready", "1"); }
  };
  if (DATA.window) {  // open on the data's years, with a month either side, rather than on today
    var first = new Date(DATA.window[0]), last = new Date(DATA.window[1]);
    options.start = new Date(first.getTime() - 31 * 864e5);
    options.end = new Date(last.getTime() + 31 * 864e5);
  }
  var timeline = new vis.Timeline(container, items, groups, options);

  var P = kgEvidence.panel(panel, DATA, select);
  function select(id) {
    if (!DATA.details[id]) return false;
    if (items.get(id)) timeline.setSelection([id], { focus: true, animation: false });
    P.show(id);
    return true;
  }

  // A year's item of a large timeline: the list of its entities, each opening its evidence.
  function showYear(key) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(kgEvidence.el("h3", { id: "kg-panel-label", text: titles[key] }));
    panel.appendChild(P.list("kg-panel-members", DATA.members[key]));
  }
  function selectItem(id) {
    if (DATA.members[id]) showYear(id);
    else P.show(id);
  }
  timeline.on("select", function (props) { if (props.items.length) selectItem(props.items[0]); });
  var dated = Object.keys(DATA.details).length;
  document.getElementById("kg-counts").textContent = dated + " dated entities in " + DATA.groups.length + " groups" +
    (Object.keys(DATA.members).length ? ", shown a year at a time (click a year for its list)" : "");
  window.kgTimeline = { timeline: timeline, items: items, select: select, data: DATA };
})();
