/* Practice explorer: faceted filter over window.ATLAS_EXPLORER (generated at build time).
 *
 * Progressive enhancement: the page already lists every practice as plain links;
 * this script hides that list and builds the filter in its place. The data comes
 * from a <script> file, not fetch(), so it works from file:// too. No inline
 * scripts or styles (the site's Content-Security-Policy forbids them).
 *
 * The filtering, counts, text matching, sort orders and URL state are in
 * explorer-core.js (loaded just before, unit-tested by `node --test tests/js/`);
 * this file draws the interface and wires the events.
 */
(function () {
  "use strict";

  var DATA = window.ATLAS_EXPLORER;
  var CORE = window.AtlasExplorerCore;  // explorer-core.js: the filtering, counts and URL state
  var root = document.getElementById("atlas-explorer");
  var fallback = document.getElementById("atlas-explorer-fallback");
  if (!DATA || !CORE || !root || !DATA.practices) return;

  var PAGE_SIZE = CORE.PAGE_SIZE;
  var SORTS = CORE.SORTS;

  // ---- data, normalised once (explorer-core.js) ---------------------------
  var M = CORE.model(DATA);
  var facets = M.facets, F = M.F, rows = M.rows, N = M.N, facetValues = M.facetValues;
  var F_SLUG = M.cols.slug, F_TITLE = M.cols.title, F_SUMMARY = M.cols.summary;
  var fDimension = M.fDimension;

  // ---- state -------------------------------------------------------------
  var state = M.newState();

  function readUrl() {
    var parsed = M.parseQuery(window.location.search);
    state.selected = parsed.selected;
    state.query = parsed.query;
    state.sort = parsed.sort;
    state.limit = PAGE_SIZE;
  }

  function queryString() { return M.queryString(state); }

  function writeUrl(push) {
    var search = queryString();
    if (search === window.location.search) return;
    // An empty query needs a URL of its own: the page's file name (or "." for a folder URL).
    var target = search || window.location.pathname.split("/").pop() || ".";
    try {
      if (push) window.history.pushState(null, "", target);
      else window.history.replaceState(null, "", target);
    } catch (err) {
      // Some browsers refuse history changes under file://; the view still works.
    }
  }

  // Writing the history entry costs several milliseconds in Chromium, so it runs
  // just after the results are on screen rather than before.
  var urlTimer = null, urlPush = false;
  function scheduleUrl(push) {
    urlPush = urlPush || push;
    if (urlTimer !== null) return;
    urlTimer = window.setTimeout(function () {
      var pushNow = urlPush;
      urlTimer = null; urlPush = false;
      writeUrl(pushNow);
    }, 0);
  }

  // ---- matching (explorer-core.js) -------------------------------------
  function evaluate(skipFacet, skipText) { return M.evaluate(state, skipFacet, skipText); }

  // ---- DOM helpers -------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function practiceHref(i) {
    return DATA.href.replace("{slug}", encodeURIComponent(rows[i][F_SLUG]));
  }

  // ---- build the interface -----------------------------------------------
  // Phone first: the search box, a "Filters (n active)" button and the sort
  // come first, then the active filters as removable chips, the count and the
  // results. The filters open in a modal <dialog> on a narrow screen; from
  // WIDE up they stay in a side column (the same nodes, moved on a resize).
  var WIDE = window.matchMedia ? window.matchMedia("(min-width: 45em)") : null;
  var search = el("input", { type: "search", id: "atlas-q", name: "q", autocomplete: "off",
    placeholder: "Title, summary, place or country" });
  var sortSelect = el("select", { id: "atlas-sort", name: "sort" });
  SORTS.forEach(function (s) { sortSelect.appendChild(el("option", { value: s[0], text: s[1] })); });
  var clearButton = el("button", { type: "button", className: "atlas-explorer__clear", text: "Clear all" });
  var status = el("p", { id: "atlas-result-count", className: "atlas-explorer__count", role: "status",
    "aria-live": "polite", "aria-atomic": "true", tabindex: "-1" });
  var list = el("ol", { className: "atlas-cards", id: "atlas-results", "aria-label": "Matching practices" });
  var empty = el("div", { className: "atlas-explorer__empty" });
  empty.hidden = true;
  var more = el("button", { type: "button", className: "md-button atlas-explorer__more" });
  var facetBox = el("div", { className: "atlas-explorer__facets", role: "group", "aria-label": "Filters" });

  var toggleCount = el("span", { className: "atlas-explorer__toggle-count" });
  var toggle = el("button", { type: "button", id: "atlas-filters-toggle", className: "md-button atlas-explorer__toggle",
    "aria-expanded": "false", "aria-controls": "atlas-filters-dialog", "aria-haspopup": "dialog" },
    [el("span", { text: "Filters" }), toggleCount]);
  var dialogClose = el("button", { type: "button", className: "atlas-explorer__dialog-close", text: "Close" });
  var dialogCount = el("p", { className: "atlas-explorer__dialog-count", role: "status", "aria-live": "polite",
    "aria-atomic": "true" });
  var dialogDone = el("button", { type: "button", className: "md-button md-button--primary atlas-explorer__dialog-done" });
  var dialogBody = el("div", { className: "atlas-explorer__dialog-body" });
  var dialog = el("dialog", { id: "atlas-filters-dialog", className: "atlas-explorer__dialog",
    "aria-labelledby": "atlas-filters-title" }, [
    el("div", { className: "atlas-explorer__dialog-head" }, [
      el("h2", { id: "atlas-filters-title", text: "Filters" }), dialogClose]),
    dialogBody,
    el("div", { className: "atlas-explorer__dialog-foot" }, [dialogCount, dialogDone])
  ]);
  var side = el("div", { className: "atlas-explorer__side" }, [
    el("h2", { className: "atlas-explorer__side-title", text: "Filters" })]);
  var chipList = el("ul", { className: "atlas-explorer__chips", "aria-labelledby": "atlas-active-title" });
  var activeBar = el("div", { className: "atlas-explorer__active" }, [
    el("p", { id: "atlas-active-title", className: "atlas-explorer__active-title", text: "Active filters:" }),
    chipList, clearButton]);
  activeBar.hidden = true;

  var checkboxes = []; // checkboxes[f][j] = {input, count, label}
  var facetSummaries = [];
  var facetDetails = [];
  facets.forEach(function (facet, f) {
    var summaryText = el("span", { text: facet.label });
    var badge = el("span", { className: "atlas-facet__selected" });
    var summary = el("summary", { id: "atlas-facet-" + facet.key }, [summaryText, badge]);
    var group = el("ul", { className: "atlas-facet__values" });
    var boxes = [];
    var lastGroup = null;
    facet.values.forEach(function (value, j) {
      if (value[2] && value[2] !== lastGroup) {
        lastGroup = value[2];
        group.appendChild(el("li", { className: "atlas-facet__group", "aria-hidden": "true", text: value[2] }));
      }
      var id = "atlas-f-" + facet.key + "-" + j;
      var input = el("input", { type: "checkbox", id: id, value: value[0], "data-facet": String(f),
        "data-value": String(j) });
      var count = el("span", { className: "atlas-facet__count" });
      var label = el("label", { "for": id }, [el("span", { text: value[1] }), document.createTextNode(" "), count]);
      group.appendChild(el("li", { className: "atlas-facet__value" }, [input, label]));
      boxes.push({ input: input, count: count, label: label, shown: -1 });
    });
    checkboxes.push(boxes);
    facetSummaries.push(badge);
    var details = el("details", { className: "atlas-facet", "data-facet-key": facet.key }, [summary,
      el("div", { role: "group", "aria-labelledby": "atlas-facet-" + facet.key }, [group])]);
    if (facet.values.length <= 12) details.open = true;
    facetDetails.push(details);
    facetBox.appendChild(details);
  });

  var controls = el("div", { className: "atlas-explorer__controls" }, [
    el("div", { className: "atlas-explorer__field atlas-explorer__field--search" },
      [el("label", { "for": "atlas-q", text: "Search the practices" }), search]),
    el("div", { className: "atlas-explorer__row" }, [
      toggle,
      el("div", { className: "atlas-explorer__field" }, [el("label", { "for": "atlas-sort", text: "Sort by" }), sortSelect])
    ])
  ]);
  var results = el("div", { className: "atlas-explorer__results" }, [activeBar, status, empty, list, more]);
  root.appendChild(controls);
  root.appendChild(el("div", { className: "atlas-explorer__layout" }, [side, results]));
  root.appendChild(dialog);

  // The filters live in the side column on a wide screen, in the dialog on a narrow one.
  function placeFilters() {
    var wide = !WIDE || WIDE.matches;
    if (wide && dialog.open) dialog.close();
    var home = wide ? side : dialogBody;
    if (facetBox.parentNode !== home) home.appendChild(facetBox);
  }
  function openFilters() {
    placeFilters();
    if (dialog.open) return;
    dialog.showModal();
    toggle.setAttribute("aria-expanded", "true");
    dialogClose.focus();
  }
  function closeFilters() { if (dialog.open) dialog.close(); }
  toggle.addEventListener("click", openFilters);
  dialogClose.addEventListener("click", closeFilters);
  dialogDone.addEventListener("click", closeFilters);
  // Escape closes a modal dialog natively ("cancel", then "close"); either way focus goes back.
  dialog.addEventListener("close", function () {
    toggle.setAttribute("aria-expanded", "false");
    if (toggle.offsetParent !== null) toggle.focus();
  });
  // A click on the backdrop (outside the sheet) closes it too.
  dialog.addEventListener("click", function (event) { if (event.target === dialog) closeFilters(); });
  if (WIDE) {
    if (WIDE.addEventListener) WIDE.addEventListener("change", placeFilters);
    else if (WIDE.addListener) WIDE.addListener(placeFilters);
  }
  placeFilters();

  // ---- rendering ---------------------------------------------------------
  function card(i) {
    var row = rows[i];
    var chips = null;
    if (fDimension >= 0) {
      chips = el("ul", { className: "atlas-chips", "aria-label": "Dimensions" });
      facetValues[fDimension][i].forEach(function (j) {
        chips.appendChild(el("li", { className: "atlas-chip", text: facets[fDimension].values[j][1] }));
      });
    }
    return el("li", { className: "atlas-card" }, [
      el("h2", { className: "atlas-card__title" }, [el("a", { href: practiceHref(i), text: row[F_TITLE] })]),
      el("p", { className: "atlas-card__meta", text: M.cardMeta(i) }),
      el("p", { className: "atlas-card__summary", text: row[F_SUMMARY] }),
      chips
    ]);
  }

  function activeFilters() {
    var out = [];
    facets.forEach(function (facet, f) { if (state.selected[f].size) out.push(f); });
    return out;
  }

  /* Active filters as chips above the results: each a button that removes its filter. */
  var chipsKey = null;
  function renderChips() {
    var query = state.query.trim();
    var parts = [];
    state.selected.forEach(function (set, f) {
      Array.from(set).sort(function (a, b) { return a - b; }).forEach(function (j) { parts.push([f, j]); });
    });
    var key = JSON.stringify([parts, query]);
    if (key === chipsKey) return parts.length;
    chipsKey = key;
    chipList.textContent = "";
    parts.forEach(function (part) {
      chipList.appendChild(chip(facets[part[0]].label, facets[part[0]].values[part[1]][1],
        { "data-chip-facet": String(part[0]), "data-chip-value": String(part[1]) }));
    });
    if (query) chipList.appendChild(chip("Words", query, { "data-chip-text": "" }));
    activeBar.hidden = !parts.length && !query;
    return parts.length;
  }

  function chip(facetLabel, valueLabel, data) {
    // Shows "Country: Sweden ×"; its name reads "Remove filter: Country Sweden".
    var attrs = { type: "button", className: "atlas-explorer__chip",
      "aria-label": "Remove filter: " + facetLabel + " " + valueLabel };
    Object.keys(data).forEach(function (k) { attrs[k] = data[k]; });
    return el("li", null, [el("button", attrs, [
      el("span", { className: "atlas-explorer__chip-facet", text: facetLabel + ":" }),
      document.createTextNode(" "),
      el("span", { className: "atlas-explorer__chip-value", text: valueLabel }),
      el("span", { className: "atlas-explorer__chip-x", "aria-hidden": "true", text: "\u00d7" })
    ])]);
  }

  function renderEmpty() {
    empty.textContent = "";
    empty.appendChild(el("p", { text: "No practice matches all of these filters." }));
    var useful = M.dropSuggestions(state).map(function (s) {
      var f = s.facet;
      return f === "text"
        ? { label: "the search words", total: s.total, drop: function () { state.query = ""; search.value = ""; } }
        : { label: facets[f].label, total: s.total, drop: function () { state.selected[f].clear(); } };
    });
    if (!useful.length) return;
    empty.appendChild(el("p", { text: "Try dropping one of them:" }));
    var ul = el("ul", { className: "atlas-explorer__suggestions" });
    useful.forEach(function (s) {
      var button = el("button", { type: "button", className: "md-button",
        text: "Drop " + s.label + " (" + plural(s.total, "practice", "practices") + ")" });
      button.addEventListener("click", function () {
        s.drop(); state.limit = PAGE_SIZE; update(true);
        status.focus(); // the button is gone; keep keyboard users at the new result count
      });
      ul.appendChild(el("li", null, [button]));
    });
    empty.appendChild(ul);
  }

  function update(push) {
    var result = evaluate(-1, false);
    // Facet values: counts and disabled state, touching the DOM only on change.
    for (var f = 0; f < F; f++) {
      var boxes = checkboxes[f], counts = result.counts[f], selected = state.selected[f];
      for (var j = 0; j < boxes.length; j++) {
        var box = boxes[j], n = counts[j], checked = selected.has(j);
        if (box.input.checked !== checked) box.input.checked = checked;
        if (box.shown !== n) { box.count.textContent = "(" + n + ")"; box.shown = n; }
        var disabled = M.isDisabled(result.counts, state, f, j);
        if (box.input.disabled !== disabled) box.input.disabled = disabled;
      }
      facetSummaries[f].textContent = selected.size ? " (" + selected.size + " selected)" : "";
    }
    if (search.value !== state.query) search.value = state.query;
    sortSelect.value = state.sort;
    var selectedCount = renderChips();
    toggleCount.textContent = selectedCount ? " (" + selectedCount + " active)" : "";

    // Results: walk the chosen order, render the first `limit`.
    var frag = document.createDocumentFragment(), ids = M.visible(result, state.sort, state.limit), shown = ids.length;
    ids.forEach(function (i) { frag.appendChild(card(i)); });
    list.textContent = "";
    list.appendChild(frag);
    status.textContent = result.total === N && !activeFilters().length && !state.query.trim()
      ? "All " + plural(N, "practice", "practices") + " shown" + (shown < N ? " (first " + shown + " listed)" : "")
      : plural(result.total, "practice matches", "practices match") + (shown < result.total ? " (first " + shown + " listed)" : "");
    dialogCount.textContent = plural(result.total, "practice matches", "practices match");
    dialogDone.textContent = result.total ? "Show " + plural(result.total, "practice", "practices") : "Close";
    var remaining = result.total - shown;
    more.hidden = remaining <= 0;
    more.textContent = "Show " + Math.min(PAGE_SIZE, remaining) + " more (" + remaining + " not listed yet)";
    empty.hidden = result.total > 0;
    if (!result.total) renderEmpty();
    if (push !== undefined) scheduleUrl(push);
    root.dispatchEvent(new CustomEvent("atlas:updated", { detail: { total: result.total } }));
  }

  // ---- events ------------------------------------------------------------
  facetBox.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "checkbox") return;
    var f = Number(input.getAttribute("data-facet")), j = Number(input.getAttribute("data-value"));
    if (input.checked) state.selected[f].add(j); else state.selected[f].delete(j);
    state.limit = PAGE_SIZE;
    update(true);
  });
  // Typing makes one history entry (pushed at the first key), then keeps it up to date.
  var typing = false;
  search.addEventListener("input", function () {
    state.query = search.value;
    state.limit = PAGE_SIZE;
    update(!typing);
    typing = true;
  });
  root.addEventListener("change", function (event) { if (event.target !== search) typing = false; });
  root.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("button")) typing = false;
  });
  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    update(true);
  });
  clearButton.addEventListener("click", function () {
    state.selected.forEach(function (set) { set.clear(); });
    state.query = "";
    state.limit = PAGE_SIZE;
    update(true);
    status.focus(); // the button has gone with the chips; keep keyboard users at the new count
  });
  chipList.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) return;
    var index = Array.prototype.indexOf.call(chipList.children, button.parentNode);
    if (button.hasAttribute("data-chip-text")) {
      state.query = "";
    } else {
      state.selected[Number(button.getAttribute("data-chip-facet"))]
        .delete(Number(button.getAttribute("data-chip-value")));
    }
    state.limit = PAGE_SIZE;
    update(true);
    // Focus the chip that took this one's place, else the one before, else the count.
    var next = chipList.children[Math.min(index, chipList.children.length - 1)];
    if (next && !activeBar.hidden) next.querySelector("button").focus();
    else status.focus();
  });
  more.addEventListener("click", function () {
    state.limit += PAGE_SIZE;
    update();
  });
  window.addEventListener("popstate", function () { typing = false; readUrl(); update(); });

  readUrl();
  // A shared link may select values in a folded filter: unfold it so they show.
  state.selected.forEach(function (set, f) { if (set.size) facetDetails[f].open = true; });
  update();
  if (fallback) fallback.hidden = true;
  root.hidden = false;
})();
