/* kg viz graph page: builds the network from the page's JSON data block.
 * Names and sentences come from documents: they only ever reach the page as
 * textContent or DataSet values, never as HTML (tooltips are DOM elements). */
(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("kg-data").textContent);

  function tip(rows) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    (rows || []).forEach(function (r) {
      var row = document.createElement("div");
      var key = document.createElement("b");
      key.textContent = r[0] + "：";
      var value = document.createElement("span");
      value.textContent = r[1];
      row.appendChild(key);
      row.appendChild(value);
      box.appendChild(row);
    });
    return box;
  }
  function withTips(items, rowsOf) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      copy.title = tip(rowsOf(item));
      delete copy.tip;
      delete copy.taskTip;
      return copy;
    });
  }
  // An edge with taskTip shows its own rows, then its task's rows named as edgeRowsOfTask says (the
  // task's sentence, document and section are in the page once, on the task's node).
  var tipOf = {};
  raw.nodes.forEach(function (n) { tipOf[n.id] = n.tip || []; });
  var ofTask = raw.edgeRowsOfTask || {};
  function edgeRows(e) {
    if (!e.taskTip) { return e.tip; }
    var rows = (e.tip || []).slice();
    (tipOf[e.to] || []).forEach(function (r) {
      if (Object.prototype.hasOwnProperty.call(ofTask, r[0])) { rows.push([ofTask[r[0]], r[1]]); }
    });
    return rows;
  }

  var nodes = new vis.DataSet(withTips(raw.nodes, function (n) { return n.tip; }));
  var edges = new vis.DataSet(withTips(raw.edges, edgeRows));
  var hiddenKinds = {};
  var hiddenRoles = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenKinds[n.kind]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenRoles[e.role]; } });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, raw.options);
  var status = document.getElementById("kg-status");

  // Physics only lays the graph out: once stable it is switched off, so large graphs stay responsive.
  function settle() {
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-stable", "true");
  }
  if (raw.options.physics && raw.options.physics.enabled === false) {
    settle();
  } else {
    network.once("stabilizationIterationsDone", settle);
  }

  // Search a body by name.
  var names = document.getElementById("kg-names");
  var bodies = nodes.get({ filter: function (n) { return typeof n.name === "string"; } })
    .sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
  bodies.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  function find() {
    var q = document.getElementById("kg-search").value.trim();
    if (!q) { return; }
    var hits = bodies.filter(function (n) { return n.name === q; });
    if (!hits.length) { hits = bodies.filter(function (n) { return n.name.indexOf(q) >= 0; }); }
    hits = hits.filter(function (n) { return nodeView.get(n.id) !== null; });
    if (!hits.length) { status.textContent = "未找到"; network.unselectAll(); return; }
    var ids = hits.map(function (n) { return n.id; });
    network.selectNodes(ids, true);
    if (ids.length === 1) {
      network.focus(ids[0], { scale: 1.0, animation: false });
    } else {
      network.fit({ nodes: ids, animation: false });
    }
    status.textContent = "找到 " + ids.length + " 个";
  }
  document.getElementById("kg-find").addEventListener("click", find);
  document.getElementById("kg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { find(); }
  });
  document.getElementById("kg-search").addEventListener("change", find);
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.getElementById("kg-search").value = "";
    status.textContent = "";
    network.unselectAll();
    network.fit({ animation: false });
  });

  // Filter by role (edges) and kind (nodes).
  Array.prototype.forEach.call(document.querySelectorAll("#kg-roles input"), function (box) {
    box.addEventListener("change", function () {
      hiddenRoles[box.getAttribute("data-role")] = !box.checked;
      edgeView.refresh();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#kg-kinds input"), function (box) {
    box.addEventListener("change", function () {
      hiddenKinds[box.getAttribute("data-kind")] = !box.checked;
      nodeView.refresh();
    });
  });

  // The overview's side panel: a body's tasks by role, with their evidence and a link to its page.
  var panel = document.getElementById("kg-panel");
  var ROLES = ["牵头", "负责", "参与"];
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function showPanel(id) {
    var n = nodes.get(id);
    if (!panel || !n || !n.tasks) { return false; }
    panel.textContent = "";
    var close = el("button", "close", "×");
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
    panel.appendChild(el("h2", "", n.name));
    if (n.href) {
      var link = el("a", "page", "打开本单位的图 →");
      link.setAttribute("href", n.href);
      panel.appendChild(link);
    }
    ROLES.forEach(function (role) {
      var rows = n.tasks.filter(function (t) { return t.role === role; });
      if (!rows.length) { return; }
      var section = el("section", "role");
      section.setAttribute("data-role", role);
      var total = (n.task_counts && n.task_counts[role]) || rows.length;
      section.appendChild(el("h3", "", role + "（" + total + "）"));
      var list = el("ol");
      rows.forEach(function (t) {
        var item = el("li");
        item.appendChild(el("div", "task", t.text));
        var meta = [t.deadline ? "时限：" + t.deadline : "", t.source].filter(Boolean).join(" · ");
        if (meta) { item.appendChild(el("div", "meta", meta)); }
        if (t.sentence) { item.appendChild(el("div", "evidence", t.sentence)); }
        list.appendChild(item);
      });
      if (total > rows.length) {
        list.appendChild(el("li", "more", "另有 " + (total - rows.length) + " 项，见本单位的图"));
      }
      section.appendChild(list);
      panel.appendChild(section);
    });
    panel.hidden = false;
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length === 1) { showPanel(params.nodes[0]); }
  });

  window.kg = { nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, network: network, find: find,
                showPanel: showPanel };
})();
