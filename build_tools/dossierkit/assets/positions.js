/* dossierkit: the stance matrix (who stands where, since when).
   Reads the positions embedded in the page (render/positions_data.py; no
   request is made), draws the matrix as it stood on a chosen date, filters it
   by kind, type and actor, pages it (never more than a page of cells), and
   opens a cell's history with its quotes in a dialog.  Every string from the
   data goes into the page as text; links are made only from entry page paths
   of the expected shape.  Without JavaScript the static table stays. */
(function () {
  "use strict";
  var ROWS = 25, MAX_COLS = 8;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var PAGE_RE = /^[a-z0-9-]+\/[a-z0-9-]+\.md$/, ANCHOR_RE = /^[a-z0-9-]+$/, SLUG_RE = /^[a-z0-9_-]+$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* How this site spells page URLs, learnt from a link the static table already has. */
  function urlMaker(stat) {
    var span = stat && stat.querySelector("[data-value]");
    var a = span && span.querySelector("a[href]");
    if (!a) return function () { return null; };
    var src = span.getAttribute("data-value"), href = a.getAttribute("href"), stem = src.slice(0, -3);
    var dir = null, prefix = null;
    if (href.slice(-(stem.length + 1)) === stem + "/") { dir = true; prefix = href.slice(0, -(stem.length + 1)); }
    else if (href.slice(-(stem.length + 5)) === stem + ".html") { dir = false; prefix = href.slice(0, -(stem.length + 5)); }
    if (prefix === null || !/^(\.\.\/)*(\.\/)?$/.test(prefix)) return function () { return null; };
    return function (page, anchor) {
      if (!PAGE_RE.test(page)) return null;
      var s = page.slice(0, -3);
      return prefix + (dir ? s + "/" : s + ".html") + (anchor && ANCHOR_RE.test(anchor) ? "#" + anchor : "");
    };
  }

  function shortDate(iso) {
    var p = iso.split("-");
    if (p.length === 3) return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
    if (p.length === 2) return MONTHS[Number(p[1]) - 1] + " " + p[0];
    return p[0];
  }
  function keyToIso(k) { var s = String(k); return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8); }
  function isoToKey(iso) { return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Number(iso.replace(/-/g, "")) : null; }
  function longDate(k) { var p = keyToIso(k).split("-"); return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0]; }

  function Matrix(mount, data, url) {
    this.mount = mount; this.d = data; this.url = url;
    var pairs = {}, order = [], dates = {};
    data.positions.forEach(function (p, i) {
      var key = p[0] + "," + p[1];
      if (!pairs[key]) { pairs[key] = []; order.push(key); }
      pairs[key].push(i);
      dates[p[5]] = true;
    });
    this.pairs = pairs; this.order = order;
    this.dates = Object.keys(dates).map(Number).sort(function (a, b) { return a - b; });
    var wanted = isoToKey(new URLSearchParams(window.location.search).get("as-of") || "");
    this.s = { target: "", actors: "", query: "", asOf: wanted || this.dates[this.dates.length - 1], row: 0, col: 0 };
    this.build();
    this.render();
  }

  /* The chosen day in words; the last stop of the slider is every position, whatever its date. */
  Matrix.prototype.when = function (phrase) {
    if (this.s.asOf >= this.dates[this.dates.length - 1]) return phrase ? "as they stand (the latest of each)" : "the latest positions";
    return (phrase ? "as of " : "") + longDate(this.s.asOf);
  };

  Matrix.prototype.label = function (i) { var e = this.d.entries[i]; return e[5] || e[1]; };

  Matrix.prototype.link = function (i, text, anchor) {
    var e = this.d.entries[i], href = this.url(e[4], anchor);
    var a = el(href ? "a" : "span", "", text === undefined ? e[1] : text);
    if (href) a.setAttribute("href", href);
    return a;
  };

  Matrix.prototype.select = function (label, options, onChange) {
    var wrap = el("label", "dossier-matrix-control"), sel = el("select");
    wrap.appendChild(el("span", "", label));
    options.forEach(function (o) { var opt = el("option", "", o[1]); opt.value = o[0]; sel.appendChild(opt); });
    sel.addEventListener("change", function () { onChange(sel.value); });
    wrap.appendChild(sel);
    return wrap;
  };

  Matrix.prototype.build = function () {
    var self = this, d = this.d, bar = el("div", "dossier-matrix-controls");
    var targetTypes = {}, actorTypes = {}, holders = {}, targets = {};
    d.positions.forEach(function (p) { holders[p[0]] = true; targets[p[1]] = true; });
    Object.keys(targets).forEach(function (t) { var e = d.entries[t]; if (e[3]) targetTypes[e[2] + ":" + e[3]] = [e[2], e[3]]; });
    Object.keys(holders).forEach(function (h) { var e = d.entries[h]; if (e[3]) actorTypes[e[3]] = true; });
    var targetOptions = [["", "All entries"]];
    d.kinds.forEach(function (k) {
      targetOptions.push(["k:" + k[0], k[1]]);
      Object.keys(targetTypes).sort().forEach(function (key) {
        if (targetTypes[key][0] === k[0]) targetOptions.push(["t:" + key, k[1] + ": " + targetTypes[key][1]]);
      });
    });
    bar.appendChild(this.select("On", targetOptions, function (v) { self.s.target = v; self.s.col = 0; self.render(); }));
    bar.appendChild(this.select("Actors", [["", "All actors"]].concat(Object.keys(actorTypes).sort().map(function (t) {
      return [t, t]; })), function (v) { self.s.actors = v; self.s.row = 0; self.render(); }));
    var find = el("label", "dossier-matrix-control"), input = el("input");
    input.type = "search"; input.placeholder = "Name";
    input.addEventListener("input", function () { self.s.query = input.value.trim().toLowerCase(); self.s.row = 0; self.render(); });
    find.appendChild(el("span", "", "Find an actor")); find.appendChild(input); bar.appendChild(find);
    bar.appendChild(this.buildAsOf());
    this.mount.appendChild(bar);
    this.summary = el("p", "dossier-matrix-summary"); this.summary.setAttribute("aria-live", "polite");
    this.mount.appendChild(this.summary);
    this.pagers = el("div", "dossier-matrix-pagers"); this.mount.appendChild(this.pagers);
    this.scroll = el("div", "dossier-matrix-scroll"); this.mount.appendChild(this.scroll);
    this.dialog = el("dialog", "dossier-matrix-dialog");
    this.dialog.setAttribute("aria-labelledby", "dossier-matrix-dialog-title");
    this.dialog.addEventListener("close", function () {
      // Back to the cell that opened it (redrawn, perhaps, if the window was resized meanwhile).
      var again = self.openPair && self.scroll.querySelector('[data-pair="' + self.openPair + '"]');
      var back = again || (self.opener && document.body.contains(self.opener) ? self.opener : null);
      if (back) {
        self.scroll.querySelectorAll(".dossier-matrix-cell").forEach(function (c) { c.tabIndex = -1; });
        back.tabIndex = 0; back.focus();
      }
    });
    document.body.appendChild(this.dialog);
  };

  Matrix.prototype.buildAsOf = function () {
    var self = this, box = el("div", "dossier-matrix-asof"), dates = this.dates;
    var range = el("input"), picker = el("input"), latest = el("button", "", "Latest"), label = el("label");
    range.type = "range"; range.min = "0"; range.max = String(dates.length - 1); range.id = "dossier-matrix-range";
    range.setAttribute("aria-label", "As of: move through the days positions were stated");
    picker.type = "date"; picker.min = keyToIso(dates[0]); picker.setAttribute("aria-label", "As of a day");
    latest.type = "button";
    label.textContent = "As of"; label.htmlFor = range.id;
    this.asOfText = el("output", "dossier-matrix-asof-text");
    function set(key, from) {
      self.s.asOf = key; self.s.row = 0; self.s.col = 0;
      if (from !== range) {
        var i = 0; dates.forEach(function (k, j) { if (k <= key) i = j; });
        range.value = String(i);
      }
      if (from !== picker) picker.value = keyToIso(key);
      var params = new URLSearchParams(window.location.search);
      if (key === dates[dates.length - 1]) params.delete("as-of"); else params.set("as-of", keyToIso(key));
      var q = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
      self.render();
    }
    range.addEventListener("input", function () { set(dates[Number(range.value)], range); });
    picker.addEventListener("change", function () { var k = isoToKey(picker.value); if (k) set(k, picker); });
    latest.addEventListener("click", function () { set(dates[dates.length - 1]); });
    box.appendChild(label); box.appendChild(range); box.appendChild(picker); box.appendChild(latest); box.appendChild(this.asOfText);
    var i = 0; dates.forEach(function (k, j) { if (k <= self.s.asOf) i = j; });
    range.value = String(i); picker.value = keyToIso(this.s.asOf);
    return box;
  };

  /* The cell of a pair as of the chosen day: its latest position and the one it changed from. */
  Matrix.prototype.cell = function (key) {
    var d = this.d, asOf = this.s.asOf, latest = -1, before = -1;
    this.pairs[key].forEach(function (i) { if (d.positions[i][5] <= asOf) { before = latest; latest = i; } });
    if (latest < 0) return null;
    var changed = before >= 0 && d.positions[before][2] !== d.positions[latest][2];
    return { i: latest, changed: changed, from: changed ? d.positions[before][2] : -1 };
  };

  Matrix.prototype.keep = function (holder, target) {
    var s = this.s, e = this.d.entries;
    if (s.target) {
      var parts = s.target.split(":");
      if (parts[0] === "k" && e[target][2] !== parts[1]) return false;
      if (parts[0] === "t" && (e[target][2] !== parts[1] || e[target][3] !== parts.slice(2).join(":"))) return false;
    }
    if (s.actors && e[holder][3] !== s.actors) return false;
    if (s.query && e[holder][1].toLowerCase().indexOf(s.query) < 0) return false;
    return true;
  };

  Matrix.prototype.render = function () {
    var self = this, d = this.d, cells = {}, rowCount = {}, colCount = {}, total = 0;
    this.order.forEach(function (key) {
      var p = key.split(","), h = Number(p[0]), t = Number(p[1]);
      if (!self.keep(h, t)) return;
      var c = self.cell(key);
      if (!c) return;
      cells[key] = c; rowCount[h] = (rowCount[h] || 0) + 1; colCount[t] = (colCount[t] || 0) + 1; total++;
    });
    var cols = Object.keys(colCount).map(Number).sort(function (a, b) {
      return colCount[b] - colCount[a] || (self.label(a).toLowerCase() < self.label(b).toLowerCase() ? -1 : 1); });
    var perPage = this.perPage();
    this.shownPerPage = perPage;
    this.s.col = Math.min(this.s.col, Math.max(0, Math.ceil(cols.length / perPage) - 1));
    var shownCols = cols.slice(this.s.col * perPage, (this.s.col + 1) * perPage);
    // The rows: actors with a position on the entries shown, so that no page is a grid of empty cells.
    var rows = Object.keys(rowCount).map(Number).filter(function (h) {
      return shownCols.some(function (t) { return cells[h + "," + t]; });
    }).sort(function (a, b) {
      var x = d.entries[a][1].toLowerCase(), y = d.entries[b][1].toLowerCase(); return x < y ? -1 : x > y ? 1 : a - b; });
    this.s.row = Math.min(this.s.row, Math.max(0, Math.ceil(rows.length / ROWS) - 1));
    var shownRows = rows.slice(this.s.row * ROWS, (this.s.row + 1) * ROWS);
    this.asOfText.textContent = this.when();
    this.summary.textContent = total ? Object.keys(rowCount).length + " actors, " + cols.length + " entries and " + total +
      " positions " + this.when(true) + "." : "No position had been stated by " + longDate(this.s.asOf) + " for this choice.";
    this.renderPagers(rows.length, cols.length, perPage);
    this.scroll.textContent = "";
    if (!total) return;
    var table = el("table", "dossier-matrix-table"), head = el("tr"), body = el("tbody");
    table.appendChild(el("caption", "", "Position of each actor " + this.when(true) + ". Arrow keys move between cells; Enter opens a history."));
    var corner = el("th", "", "Actor"); corner.setAttribute("scope", "col"); head.appendChild(corner);
    shownCols.forEach(function (t) {
      var th = el("th"); th.setAttribute("scope", "col");
      var a = self.link(t, self.label(t)); a.setAttribute("title", d.entries[t][1]); th.appendChild(a);
      if (d.entries[t][3]) th.appendChild(el("span", "dossier-matrix-type", d.entries[t][3]));
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    shownRows.forEach(function (h) {
      var tr = el("tr"), th = el("th"); th.setAttribute("scope", "row"); th.appendChild(self.link(h)); tr.appendChild(th);
      shownCols.forEach(function (t) {
        var td = el("td"), c = cells[h + "," + t];
        if (c) td.appendChild(self.cellButton(h, t, c)); else td.appendChild(el("span", "dossier-matrix-empty", "–"));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    this.scroll.appendChild(table);
    var first = table.querySelector(".dossier-matrix-cell");
    if (first) first.tabIndex = 0;
    table.addEventListener("keydown", function (e) { self.move(e, table); });
  };

  /* How many entries fit across the page (a phone shows two or three). */
  Matrix.prototype.perPage = function () {
    var width = this.mount.clientWidth || 800;
    return Math.max(1, Math.min(MAX_COLS, Math.floor((width - 110) / 105)));
  };

  Matrix.prototype.cellButton = function (h, t, c) {
    var self = this, d = this.d, p = d.positions[c.i], value = d.values[p[2]] || ["", "?"];
    var b = el("button", "dossier-matrix-cell" + (SLUG_RE.test(value[0]) ? " dossier-position-" + value[0] : ""));
    b.type = "button"; b.tabIndex = -1; b.setAttribute("data-pair", h + "," + t);
    b.appendChild(el("span", "dossier-matrix-value", value[1]));
    b.appendChild(el("span", "dossier-matrix-date", shortDate(p[3])));
    var said = d.entries[h][1] + " on " + d.entries[t][1] + ": " + value[1] + " since " + p[4];
    if (c.changed) {
      var from = (d.values[c.from] || ["", "?"])[1];
      var mark = el("span", "dossier-changed", "↻"); mark.setAttribute("aria-hidden", "true");
      b.appendChild(mark);
      said += "; changed from " + from;
    }
    b.setAttribute("aria-label", said + ". Open the history.");
    b.setAttribute("aria-haspopup", "dialog");
    b.addEventListener("click", function () { self.open(h, t, b); });
    return b;
  };

  /* Arrow keys move between cells of the grid (roving focus); Home and End go to the row's ends. */
  Matrix.prototype.move = function (e, table) {
    var cell = e.target.closest && e.target.closest("td");
    if (!cell || ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].indexOf(e.key) < 0) return;
    var row = cell.parentNode, x = Array.prototype.indexOf.call(row.cells, cell), rows = table.tBodies[0].rows;
    var y = Array.prototype.indexOf.call(rows, row), dx = 0, dy = 0, target = null;
    if (e.key === "ArrowLeft") dx = -1; else if (e.key === "ArrowRight") dx = 1;
    else if (e.key === "ArrowUp") dy = -1; else if (e.key === "ArrowDown") dy = 1;
    if (e.key === "Home" || e.key === "End") {
      var buttons = row.querySelectorAll(".dossier-matrix-cell");
      target = e.key === "Home" ? buttons[0] : buttons[buttons.length - 1];
    } else {
      for (var cx = x + dx, cy = y + dy; cy >= 0 && cy < rows.length && cx > 0 && cx < row.cells.length; cx += dx, cy += dy) {
        target = rows[cy].cells[cx].querySelector(".dossier-matrix-cell");
        if (target) break;
      }
    }
    e.preventDefault();
    if (!target) return;
    table.querySelectorAll(".dossier-matrix-cell").forEach(function (b) { b.tabIndex = -1; });
    target.tabIndex = 0; target.focus();
  };

  Matrix.prototype.renderPagers = function (rows, cols, perPage) {
    var self = this;
    this.pagers.textContent = "";
    function pager(what, count, size, page, onPage) {
      if (count <= size) return;
      var box = el("div", "dossier-matrix-pager"), last = Math.ceil(count / size) - 1;
      var prev = el("button", "", "Previous"), next = el("button", "", "Next");
      prev.type = next.type = "button"; prev.disabled = page === 0; next.disabled = page === last;
      prev.setAttribute("aria-label", "Previous " + what); next.setAttribute("aria-label", "Next " + what);
      prev.addEventListener("click", function () { onPage(page - 1); });
      next.addEventListener("click", function () { onPage(page + 1); });
      box.appendChild(el("span", "", what.charAt(0).toUpperCase() + what.slice(1) + " " + (page * size + 1) + "–" +
        Math.min(count, (page + 1) * size) + " of " + count + (what === "actors" ? " with a position on these entries" : "")));
      box.appendChild(prev); box.appendChild(next);
      self.pagers.appendChild(box);
    }
    pager("entries", cols, perPage, this.s.col, function (p) { self.s.col = p; self.s.row = 0; self.render(); self.focusPager("entries"); });
    pager("actors", rows, ROWS, this.s.row, function (p) { self.s.row = p; self.render(); self.focusPager("actors"); });
  };

  Matrix.prototype.focusPager = function (what) {
    var b = this.pagers.querySelector('button[aria-label="Next ' + what + '"]:not([disabled]), button[aria-label="Previous ' + what + '"]:not([disabled])');
    if (b) b.focus();
  };

  Matrix.prototype.open = function (h, t, opener) {
    var self = this, d = this.d, box = this.dialog, asOf = this.s.asOf;
    this.opener = opener; this.openPair = h + "," + t;
    box.textContent = "";
    var title = el("h2", "", d.entries[h][1] + " on " + d.entries[t][1]); title.id = "dossier-matrix-dialog-title";
    var close = el("button", "dossier-matrix-close", "Close"); close.type = "button";
    close.addEventListener("click", function () { box.close(); });
    box.appendChild(close); box.appendChild(title);
    box.appendChild(el("p", "dossier-matrix-intro", "Every position recorded, oldest first; each holds until the next one. " +
      "The matrix shows " + this.when() + "."));
    var list = el("ol", "dossier-matrix-history"), current = this.cell(h + "," + t);
    this.pairs[h + "," + t].forEach(function (i) { list.appendChild(self.item(i, asOf, current && current.i === i)); });
    box.appendChild(list);
    box.showModal();
    close.focus();
  };

  Matrix.prototype.item = function (i, asOf, current) {
    var self = this, d = this.d, p = d.positions[i], value = d.values[p[2]] || ["", "?"];
    var li = el("li", "dossier-matrix-item" + (p[5] > asOf ? " dossier-matrix-later" : "") + (current ? " dossier-matrix-current" : ""));
    var head = el("p");
    head.appendChild(el("strong", "", p[4] + " "));
    head.appendChild(el("span", "dossier-badge" + (SLUG_RE.test(value[0]) ? " dossier-position-" + value[0] : ""), value[1]));
    if (p[6] >= 0) {
      head.appendChild(document.createTextNode(" — stated by "));
      head.appendChild(this.link(p[6]));
      if (p[7]) head.appendChild(document.createTextNode(" (" + p[7] + ")"));
    } else if (p[7]) {
      head.appendChild(document.createTextNode(" — " + p[7]));
    }
    if (current) head.appendChild(el("span", "dossier-matrix-flag", " (shown in the matrix)"));
    if (p[5] > asOf) head.appendChild(el("span", "dossier-matrix-flag", " (after the chosen date)"));
    li.appendChild(head);
    if (p[10]) li.appendChild(el("p", "dossier-matrix-note", p[10]));
    var conf = (d.confidence[p[8]] || ["", ""])[1];
    var reason = d.reasons[p[9]] || "";
    li.appendChild(el("p", "dossier-matrix-confidence", "Confidence: " + conf + (reason ? " (" + reason + ")" : "")));
    p[11].forEach(function (c) {
      var src = d.sources[c[0]], q = el("blockquote", "dossier-matrix-quote");
      if (c[1]) {
        var words = el("q", "", c[1]);
        if (c[2] && ANCHOR_RE.test(c[2])) { words.setAttribute("lang", c[2]); words.setAttribute("dir", "auto"); }
        q.appendChild(words);
      }
      if (c[3]) q.appendChild(el("span", "dossier-translation", " (“" + c[3] + "”" + (c[4] ? ", translated by " + c[4] : "") + ")"));
      if (c[5]) q.appendChild(el("span", "dossier-locator", " " + c[5]));
      var line = el("p", "dossier-matrix-source"), href = self.url(src[3]);
      line.appendChild(document.createTextNode("— " + src[0] + ", “"));
      var a = el(href ? "a" : "span", "", src[1]); if (href) a.setAttribute("href", href);
      line.appendChild(a);
      line.appendChild(document.createTextNode("”" + (src[2] ? " (" + src[2] + ")" : "")));
      q.appendChild(line);
      li.appendChild(q);
    });
    var more = el("p", "dossier-matrix-more");
    var anchor = "position-" + d.entries[p[0]][0] + "-" + d.entries[p[1]][0] + "-" + p[3] + "-" + p[12];
    more.appendChild(this.link(p[0], "On " + d.entries[p[0]][1] + "’s page", anchor));
    li.appendChild(more);
    return li;
  };

  var resizeTimer = null, current = null;
  function init() {
    var mount = document.querySelector(".dossier-matrix"), pre = document.querySelector("div.dossier-matrix-data");
    if (!mount || !pre || mount.getAttribute("data-ready")) return;
    var data;
    try { data = JSON.parse(pre.textContent); } catch (err) { return; }
    if (!data || data.v !== 1 || !data.positions.length) return;
    mount.setAttribute("data-ready", "1");
    var stat = document.querySelector(".dossier-matrix-static");
    current = new Matrix(mount, data, urlMaker(stat));
    if (stat) stat.hidden = true;
  }
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (current && document.body.contains(current.mount) && current.perPage() !== current.shownPerPage) current.render();
    }, 150);
  });
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
