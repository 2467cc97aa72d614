"use strict";
// Filters and sorts the server-rendered findings table. The values come from the JSON data
// block (never from HTML), so sorting uses real times and scores, and no input text is parsed
// as markup. The page's Content-Security-Policy admits this script by its hash only.
(function () {
  var block = document.getElementById("finding-data");
  var table = document.getElementById("findings-table");
  if (!block || !table) { return; }
  var items = JSON.parse(block.textContent);
  var byId = new Map(items.map(function (item) { return [item.id, item]; }));
  var bodies = Array.prototype.slice.call(table.querySelectorAll("tbody.finding"));
  var text = document.getElementById("filter-text");
  var rule = document.getElementById("filter-rule");
  var confidence = document.getElementById("filter-confidence");
  var count = document.getElementById("filter-count");

  function apply() {
    var query = text.value.trim().toLowerCase();
    var shown = 0;
    bodies.forEach(function (body) {
      var item = byId.get(body.getAttribute("data-id")) || {};
      var ok = (!query || (item.q || "").indexOf(query) !== -1) &&
        (!rule.value || item.rule === rule.value) &&
        (!confidence.value || item.conf === confidence.value);
      body.hidden = !ok;
      if (ok) { shown += 1; }
    });
    // digits grouped as the page's language writes them (1.234 in Indonesian, 1,234 in English)
    count.textContent = shown.toLocaleString(document.documentElement.lang === "en" ? "en-US" : "id-ID");
  }

  function sortBy(header) {
    var key = header.getAttribute("data-sort");
    var descending = header.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("th[data-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var sign = descending ? -1 : 1;
    bodies.sort(function (a, b) {
      var x = (byId.get(a.getAttribute("data-id")) || {})[key];
      var y = (byId.get(b.getAttribute("data-id")) || {})[key];
      if (typeof x === "number" && typeof y === "number") { return sign * (x - y); }
      return sign * String(x === undefined ? "" : x).localeCompare(String(y === undefined ? "" : y));
    });
    bodies.forEach(function (body) { table.appendChild(body); });
  }

  [text, rule, confidence].forEach(function (control) { control.addEventListener("input", apply); });
  table.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  // a printed report shows every finding's evidence, not only the ones opened on screen
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
})();
