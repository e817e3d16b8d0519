/* dossierkit: the timeline page (render/timeline_page.py).

   - the filter: one list per group (actors, organisations, tags); the events shown are those that
     match every list chosen.  The choice is kept in the page's address (?actor=qatar&tag=security),
     so that a filtered view can be shared, and restored from it (also the older ?filter=id:qatar);
   - years and eras left without a visible event are hidden, in the page and in its contents;
   - the overview axis: its bars count the visible events, and the year being read is marked.

   Without JavaScript the filter stays hidden and every event is listed.  Nothing here makes a request. */
(function () {
  "use strict";

  function eventsText(n) { return n + (n === 1 ? " event" : " events"); }

  function init() {
    var box = document.querySelector(".dossier-timeline-filter");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    box.hidden = false;
    var selects = Array.prototype.slice.call(box.querySelectorAll("select"));
    var events = Array.prototype.slice.call(document.querySelectorAll(".dossier-event[data-groups]"));
    var headings = Array.prototype.slice.call(document.querySelectorAll("h2[data-era], h3[data-year], h2[data-year]"));
    var axis = document.querySelector(".dossier-axis");
    var count = box.querySelector(".dossier-timeline-count");
    var keys = events.map(function (ev) { return ev.getAttribute("data-groups").split(" "); });
    /* Positions the dossier puts on the timeline are filtered with the events, but the counts say events. */
    function isEvent(el) { return !el.classList.contains("dossier-position-event"); }
    var total = events.filter(isEvent).length;

    function tocLink(id) {
      return document.querySelectorAll('.md-nav--secondary a[href="#' + CSS.escape(id) + '"]');
    }

    /* The events below a heading, up to the next heading of its level or higher. */
    var below = headings.map(function (h) {
      var level = Number(h.tagName.charAt(1)), found = [], el = h.nextElementSibling;
      while (el && !(/^H[1-6]$/.test(el.tagName) && Number(el.tagName.charAt(1)) <= level)) {
        if (el.classList.contains("dossier-event")) found.push(el);
        el.querySelectorAll && el.querySelectorAll(".dossier-event").forEach(function (e) { found.push(e); });
        el = el.nextElementSibling;
      }
      return found;
    });

    function apply(write) {
      var wanted = selects.map(function (s) { return s.value; }).filter(Boolean), shown = 0;
      events.forEach(function (ev, i) {
        var show = wanted.every(function (k) { return keys[i].indexOf(k) >= 0; });
        ev.classList.toggle("dossier-hidden", !show);
        if (show && isEvent(ev)) shown++;
      });
      headings.forEach(function (h, i) {
        var left = below[i].filter(function (e) { return !e.classList.contains("dossier-hidden"); });
        var visible = left.length, visibleEvents = left.filter(isEvent).length;
        h.classList.toggle("dossier-hidden", visible === 0);
        tocLink(h.id).forEach(function (a) {
          var item = a.closest("li");
          if (item) item.classList.toggle("dossier-hidden", visible === 0);
        });
        if (axis && h.hasAttribute("data-year")) {
          var link = axis.querySelector('a[href="#' + CSS.escape(h.id) + '"]');
          if (link) {
            var words = h.getAttribute("data-year") + ": " + eventsText(visibleEvents) + (wanted.length ? " shown" : "");
            link.setAttribute("aria-label", words);
            link.setAttribute("title", words);
            link.parentNode.classList.toggle("is-empty", visible === 0);
          }
        }
      });
      count.textContent = wanted.length ? "Showing " + eventsText(shown).replace(/ events?$/, "") + " of "
        + eventsText(total) + "." : "";
      if (write) {
        var params = new URLSearchParams(window.location.search);
        params.delete("filter");
        selects.forEach(function (s) {
          if (s.value) params.set(s.name, s.value.replace(/^[a-z]+:/, ""));
          else params.delete(s.name);
        });
        var query = params.toString();
        try {
          history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
        } catch (e) { /* a copy opened from a folder (file://) may refuse: the filter still works */ }
      }
    }

    /* Restore the filter from the address. */
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var value = params.get(s.name);
      if (value === null) return;
      var key = (s.name === "tag" ? "tag:" : "id:") + value;
      if (s.querySelector('option[value="' + CSS.escape(key) + '"]')) s.value = key;
    });
    var old = params.get("filter");  // the address the first filter wrote
    if (old) {
      selects.forEach(function (s) {
        if (!s.value && s.querySelector('option[value="' + CSS.escape(old) + '"]')) s.value = old;
      });
    }
    selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
    box.querySelector(".dossier-timeline-clear").addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      apply(true);
    });
    apply(false);

    /* Mark the year being read on the axis, and keep it in view there. */
    if (axis && "IntersectionObserver" in window) {
      var current = null;
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting || !entry.target.hasAttribute("data-year")) return;
          var link = axis.querySelector('a[href="#' + CSS.escape(entry.target.id) + '"]');
          if (!link || link.parentNode === current) return;
          if (current) { current.classList.remove("is-current"); current.firstChild.removeAttribute("aria-current"); }
          current = link.parentNode;
          current.classList.add("is-current");
          link.setAttribute("aria-current", "location");
          var left = current.offsetLeft - axis.clientWidth / 2;
          if (axis.scrollWidth > axis.clientWidth) axis.scrollLeft = Math.max(0, left);
        });
      }, { rootMargin: "-10% 0px -80% 0px" });
      headings.forEach(function (h) { if (h.hasAttribute("data-year")) observer.observe(h); });
    }
  }

  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
