/* dossierkit: sortable index tables and status filters.  Without JavaScript
   every row stays visible; nothing here makes a network request. */
(function () {
  "use strict";

  function cellKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    return (marked ? marked.getAttribute("data-sort") : cell.textContent).trim().toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, col) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellKey(a.cells[col]), y = cellKey(b.cells[col]);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  function addStatusFilter(container, table) {
    var statuses = [];
    table.querySelectorAll("tbody [data-status]").forEach(function (el) {
      var s = el.getAttribute("data-status");
      if (statuses.indexOf(s) < 0) statuses.push(s);
    });
    if (statuses.length < 2) return;
    var bar = document.createElement("div");
    bar.className = "dossier-filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Filter by status");
    var label = document.createElement("span");
    label.textContent = "Status:";
    bar.appendChild(label);
    ["all"].concat(statuses).forEach(function (s) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = s === "all" ? "All" : s.charAt(0).toUpperCase() + s.slice(1);
      b.setAttribute("data-filter", s);
      b.setAttribute("aria-pressed", s === "all" ? "true" : "false");
      b.addEventListener("click", function () {
        bar.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var el = row.querySelector("[data-status]");
          var show = s === "all" || (el && el.getAttribute("data-status") === s);
          row.classList.toggle("dossier-hidden", !show);
        });
      });
      bar.appendChild(b);
    });
    container.insertBefore(bar, container.firstChild);
  }

  function init() {
    document.querySelectorAll(".dossier-index").forEach(function (container) {
      var table = container.querySelector("table");
      if (!table || table.getAttribute("data-dossier-ready")) return;
      table.setAttribute("data-dossier-ready", "1");
      makeSortable(table);
      addStatusFilter(container, table);
    });
  }

  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();

/* Tooltips from text.  Material's content.tooltips feature puts a title
   attribute into the page as HTML, so a definition or a link title written
   by a contributor would run as script on hover; the plugin refuses that
   feature, and these tooltips only ever set textContent.  Without
   JavaScript the browser's own title tooltip (always plain text) remains. */
(function () {
  "use strict";
  var tip = null, owner = null;

  function target(node) {
    var el = node && node.closest ? node.closest("[title], [data-dossier-title]") : null;
    return el && el.closest(".md-content") ? el : null;
  }

  function show(el) {
    if (owner === el) return;
    hide();
    var text = el.getAttribute("title") || el.getAttribute("data-dossier-title");
    if (!text) return;
    // Park the title while ours shows, so the browser does not show it as well.
    el.setAttribute("data-dossier-title", text);
    el.removeAttribute("title");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "dossier-tooltip";
      tip.id = "dossier-tooltip";
      tip.setAttribute("role", "tooltip");
    }
    tip.textContent = text;
    document.body.appendChild(tip);
    var box = el.getBoundingClientRect(), width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    el.setAttribute("aria-describedby", tip.id);
    owner = el;
  }

  function hide() {
    if (!owner) return;
    owner.setAttribute("title", owner.getAttribute("data-dossier-title"));
    owner.removeAttribute("data-dossier-title");
    owner.removeAttribute("aria-describedby");
    if (tip && tip.parentNode) tip.parentNode.removeChild(tip);
    owner = null;
  }

  document.addEventListener("mouseover", function (e) { var el = target(e.target); if (el) show(el); else hide(); });
  document.addEventListener("focusin", function (e) { var el = target(e.target); if (el) show(el); });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("scroll", hide, { passive: true });
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(hide); }
})();
