/* dossierkit: citation previews.  Hovering or focusing a citation marker
   ([3]) shows the source (publisher, title, kind, date) and the quote the
   statement rests on, copied from the page's own reference list: nothing is
   fetched, so it works offline.  Escape closes it; without JavaScript the
   marker is a plain link to the reference, which links back. */
(function () {
  "use strict";

  var tip = null, owner = null, hideTimer = null;

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "dossier-cite-preview";
    tip.className = "dossier-cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tip);
    return tip;
  }

  function sourceLine(item) {
    // The reference without its back-links, quotes and links: publisher, title, kind, date.
    var copy = item.cloneNode(true);
    copy.querySelectorAll(".dossier-backrefs, .dossier-quotes, a").forEach(function (el) { el.remove(); });
    var p = document.createElement("p");
    p.className = "dossier-cite-source";
    p.textContent = copy.textContent.replace(/\s+/g, " ").replace(/[\s·]+$/, "").trim();
    return p;
  }

  function show(link) {
    var n = link.getAttribute("data-cite");
    var anchor = document.getElementById("cite-" + n);
    var item = anchor && anchor.closest("li");
    if (!item) return;
    clearTimeout(hideTimer);
    var box = ensureTip();
    box.textContent = "";
    box.appendChild(sourceLine(item));
    (link.getAttribute("data-quotes") || "").split(" ").filter(Boolean).forEach(function (q) {
      var quote = document.getElementById("cite-" + n + "-q" + q);
      if (quote) {
        var copy = quote.cloneNode(true);
        copy.removeAttribute("id");
        box.appendChild(copy);
      }
    });
    box.hidden = false;
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    link.setAttribute("aria-describedby", box.id);
    var r = link.getBoundingClientRect();
    var width = Math.min(420, document.documentElement.clientWidth - 16);
    box.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function init() {
    document.querySelectorAll(".dossier-cite a[data-cite]").forEach(function (link) {
      if (link.dataset.previewReady) return;
      link.dataset.previewReady = "1";
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", scheduleHide);
      link.addEventListener("blur", scheduleHide);
    });
  }

  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
