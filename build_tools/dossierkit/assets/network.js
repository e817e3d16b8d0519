/* dossierkit: the Network page's graph, drawn at build time (render/graph_network.py), made explorable.

   - zoom: the buttons, the + - and 0 keys in the frame, or Ctrl and the wheel (at the pointer);
   - pan: drag with the mouse; the frame scrolls (arrow keys, touch, scroll bars);
   - filters: each item of the legend (a kind of entry, a style of relation) becomes a switch;
   - highlight: hovering or focusing a node shows its neighbours and relations, and its full name.

   Without JavaScript the graph is still there, in a frame that scrolls.  Nothing here makes a
   request, and every text it shows is set as text (names come from the page). */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.2, MAX = 4;

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  function setup(figure) {
    var frame = figure.querySelector(".dossier-network-frame");
    var svg = frame && frame.querySelector("svg");
    if (!svg || figure.getAttribute("data-ready")) return;
    figure.setAttribute("data-ready", "1");
    var width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height")), scale = 1;
    var nodes = {}, around = {};
    svg.querySelectorAll("a.dossier-node").forEach(function (n) { nodes[n.getAttribute("data-id")] = n; });
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".dossier-edge"));
    edges.forEach(function (e) {
      [e.getAttribute("data-a"), e.getAttribute("data-b")].forEach(function (id) { (around[id] = around[id] || []).push(e); });
    });

    /* Zoom and pan. */
    var level = document.createElement("output");
    level.setAttribute("aria-live", "polite");
    function zoom(to, cx, cy) {
      to = Math.max(MIN, Math.min(MAX, to));
      if (cx === undefined) { cx = frame.clientWidth / 2; cy = frame.clientHeight / 2; }
      var ux = (frame.scrollLeft + cx) / scale, uy = (frame.scrollTop + cy) / scale;
      scale = to;
      svg.setAttribute("width", String(Math.round(width * scale)));
      svg.setAttribute("height", String(Math.round(height * scale)));
      frame.scrollLeft = ux * scale - cx;
      frame.scrollTop = uy * scale - cy;
      figure.setAttribute("data-zoom", scale.toFixed(2));
      level.textContent = Math.round(scale * 100) + "%";
    }
    function fit() { zoom(Math.min(frame.clientWidth / width, frame.clientHeight / height, 1)); }
    var tools = document.createElement("div");
    tools.className = "dossier-network-tools";
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", "Zoom the network");
    tools.appendChild(button("Zoom in", "+", function () { zoom(scale * STEP); }));
    tools.appendChild(button("Zoom out", "\u2212", function () { zoom(scale / STEP); }));
    tools.appendChild(button("Fit the whole network in the frame", "Fit", fit));
    tools.appendChild(button("100%: actual size", "100%", function () { zoom(1); }));
    tools.appendChild(level);
    var hint = document.createElement("span");
    hint.className = "dossier-network-hint";
    hint.textContent = "Drag or scroll to move; hover or focus a name to see its relations.";
    tools.appendChild(hint);
    frame.parentNode.insertBefore(tools, frame);
    zoom(1);
    frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;  // a small screen starts at the middle
    frame.scrollTop = (frame.scrollHeight - frame.clientHeight) / 2;

    frame.addEventListener("keydown", function (e) {
      if (e.target !== frame && !e.target.closest("a")) return;
      if (e.key === "+" || e.key === "=") zoom(scale * STEP);
      else if (e.key === "-" || e.key === "_") zoom(scale / STEP);
      else if (e.key === "0") zoom(1);
      else if (e.key === "Escape") highlight(null);
      else return;
      e.preventDefault();
    });
    frame.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      var box = frame.getBoundingClientRect();
      zoom(scale * (e.deltaY < 0 ? STEP : 1 / STEP), e.clientX - box.left, e.clientY - box.top);
    }, { passive: false });
    var drag = null;
    frame.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "touch" || e.button !== 0 || e.target.closest("a")) return;
      drag = { x: e.clientX, y: e.clientY, left: frame.scrollLeft, top: frame.scrollTop, id: e.pointerId };
      frame.setPointerCapture(e.pointerId);
      frame.classList.add("is-dragging");
    });
    frame.addEventListener("pointermove", function (e) {
      if (!drag || e.pointerId !== drag.id) return;
      frame.scrollLeft = drag.left - (e.clientX - drag.x);
      frame.scrollTop = drag.top - (e.clientY - drag.y);
    });
    function stop() { drag = null; frame.classList.remove("is-dragging"); }
    frame.addEventListener("pointerup", stop);
    frame.addEventListener("pointercancel", stop);

    /* Highlight a node, its neighbours and its relations; show its full name. */
    var current = null;
    function label(node, full) {
      var text = node.querySelector("text"), title = node.querySelector("title");
      if (!text || !title) return;
      if (full) {
        if (!text.hasAttribute("data-short")) text.setAttribute("data-short", text.textContent);
        text.textContent = title.textContent;
      } else if (text.hasAttribute("data-short")) {
        text.textContent = text.getAttribute("data-short");
        text.removeAttribute("data-short");
      }
    }
    function highlight(node) {
      if (current === node) return;
      svg.querySelectorAll(".is-near").forEach(function (el) { el.classList.remove("is-near", "is-current"); });
      if (current) label(current, false);
      current = node;
      frame.classList.toggle("is-highlighting", !!node);
      if (!node) return;
      var id = node.getAttribute("data-id");
      node.classList.add("is-near", "is-current");
      label(node, true);
      (around[id] || []).forEach(function (e) {
        if (e.classList.contains("is-filtered")) return;
        e.classList.add("is-near");
        var other = e.getAttribute("data-a") === id ? e.getAttribute("data-b") : e.getAttribute("data-a");
        if (nodes[other]) nodes[other].classList.add("is-near");
      });
    }
    svg.addEventListener("mouseover", function (e) { highlight(e.target.closest("a.dossier-node")); });
    svg.addEventListener("mouseleave", function () { if (!svg.contains(document.activeElement)) highlight(null); });
    svg.addEventListener("focusin", function (e) { highlight(e.target.closest("a.dossier-node")); });
    svg.addEventListener("focusout", function (e) { if (!svg.contains(e.relatedTarget)) highlight(null); });

    /* Filters: the legend's items become switches. */
    var shown = document.createElement("p");
    shown.className = "dossier-network-note";
    shown.setAttribute("aria-live", "polite");
    function apply() {
      var off = {};
      figure.querySelectorAll(".dossier-graph-legend input").forEach(function (box) {
        if (!box.checked) off[box.getAttribute("data-key")] = true;
      });
      var visible = 0, total = 0, relations = 0;
      Object.keys(nodes).forEach(function (id) {
        var hide = !!off["kind:" + nodes[id].getAttribute("data-kind")];
        nodes[id].classList.toggle("is-filtered", hide);
        total++;
        if (!hide) visible++;
      });
      edges.forEach(function (e) {
        var style = (e.getAttribute("class").match(/dossier-edge-([a-z0-9-]+)/) || [])[1];
        var hide = !!off["style:" + style] || nodes[e.getAttribute("data-a")].classList.contains("is-filtered")
          || nodes[e.getAttribute("data-b")].classList.contains("is-filtered");
        e.classList.toggle("is-filtered", hide);
        if (!hide) relations++;
      });
      shown.textContent = "Showing " + visible + " of " + total + " entries and " + relations + " of " + edges.length
        + " relations.";
      if (current && current.classList.contains("is-filtered")) highlight(null);
    }
    var legend = figure.querySelector(".dossier-graph-legend");
    if (legend) {
      legend.querySelectorAll("li[data-kind], li[data-style]").forEach(function (li) {
        var key = li.hasAttribute("data-kind") ? "kind:" + li.getAttribute("data-kind") : "style:" + li.getAttribute("data-style");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.checked = true;
        box.setAttribute("data-key", key);
        var wrap = document.createElement("label");
        wrap.appendChild(box);
        while (li.firstChild) wrap.appendChild(li.firstChild);
        li.appendChild(wrap);
        box.addEventListener("change", apply);
      });
      var caption = document.createElement("p");
      caption.className = "dossier-network-note";
      caption.textContent = "Show or hide kinds of entries and styles of relations:";
      legend.parentNode.insertBefore(caption, legend);
      legend.parentNode.insertBefore(shown, legend.nextSibling);
      apply();
    }
  }

  function init() { document.querySelectorAll("figure.dossier-graph-network").forEach(setup); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
