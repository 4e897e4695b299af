/* Practice explorer, the pure part: filtering, counts, text matching, sort orders and
 * the URL query state, over the data the build writes (window.ATLAS_EXPLORER).
 *
 * No DOM, no window: explorer.js draws the page and calls this. The same file is a
 * classic browser script (it sets window.AtlasExplorerCore; the site's CSP forbids
 * inline scripts and file:// forbids modules) and a CommonJS module that
 * `node --test tests/js/` requires, so the logic is unit-tested without a browser.
 *
 * Semantics: values within one facet combine with OR, facets with AND. A value's
 * count is the number of practices it would match given every *other* active
 * filter, so ticking it never surprises; values with no match are disabled.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; } else { root.AtlasExplorerCore = api; }
}(this, function () {
  "use strict";

  var PAGE_SIZE = 50;
  var SORTS = [
    ["title", "Title (A to Z)"],
    ["newest", "Newest first (year started)"],
    ["country", "Country"]
  ];
  var NON_ASCII = /[^\u0000-\u007f]/;

  /* The text fold: lower case, accents stripped, then the data's table for letters
   * that do not decompose ("ß" -> "ss", "ø" -> "o"); the same rule as atlas.names.folded. */
  function makeFold(table) {
    var typedAs = table || {};
    var letters = Object.keys(typedAs);
    var pattern = letters.length ? new RegExp("[" + letters.join("") + "]", "g") : null;
    return function fold(text) {
      var lower = String(text).toLowerCase();
      if (!NON_ASCII.test(lower)) { return lower; }  // most text: nothing to strip (and 5,000 summaries fold fast)
      var plain = lower.normalize("NFKD").replace(/\p{M}/gu, "");
      return pattern ? plain.replace(pattern, function (c) { return typedAs[c]; }) : plain;
    };
  }

  function hasAny(values, selected) {
    for (var k = 0; k < values.length; k++) { if (selected.has(values[k])) { return true; } }
    return false;
  }

  /* The data normalised once; every query afterwards runs over these arrays. */
  function model(data) {
    var facets = data.facets;
    var F = facets.length;
    var fieldIndex = {};
    data.fields.forEach(function (name, i) { fieldIndex[name] = i; });
    var rows = data.practices;
    var N = rows.length;
    var facetValues = []; // facetValues[f][i] = array of value indexes of practice i
    var valueIndex = [];  // valueIndex[f][id] = value index
    facets.forEach(function (facet) {
      var col = fieldIndex[facet.key];
      var perPractice = new Array(N);
      for (var i = 0; i < N; i++) {
        var v = rows[i][col];
        perPractice[i] = Array.isArray(v) ? v : [v];
      }
      facetValues.push(perPractice);
      var idx = {};
      facet.values.forEach(function (value, j) { idx[value[0]] = j; });
      valueIndex.push(idx);
    });
    var cols = { slug: fieldIndex.slug, title: fieldIndex.title, summary: fieldIndex.summary,
      places: fieldIndex.places, started: fieldIndex.started };
    function facetIndex(key) { return facets.findIndex(function (f) { return f.key === key; }); }
    var fCountry = facetIndex("country"), fSize = facetIndex("size");
    var fold = makeFold(data.fold);

    function countryName(i) { return fCountry >= 0 ? facets[fCountry].values[facetValues[fCountry][i][0]][1] : ""; }

    // Text search: every typed word must occur in the practice's title, summary, places or
    // country name (as the filters name it), all folded alike:
    // "malmo" finds "Malmö", "rosslau" finds "Roßlau", "sweden" finds the Swedish practices.
    var haystacks = new Array(N);
    for (var h = 0; h < N; h++) {
      haystacks[h] = fold([rows[h][cols.title], rows[h][cols.summary], rows[h][cols.places].join(" "), countryName(h)]
        .join(" \u0001 "));
    }

    // Rows arrive sorted by title (the catalogue's order), so the row index is the title order.
    function compareTitles(a, b) { return a - b; }

    // Sort orders are computed once; a filter then walks one in O(N).
    var orders = {};
    function order(key) {
      if (orders[key]) { return orders[key]; }
      var ids = [];
      for (var i = 0; i < N; i++) { ids.push(i); }
      if (key === "newest") {
        ids.sort(function (a, b) { return (rows[b][cols.started] - rows[a][cols.started]) || compareTitles(a, b); });
      } else if (key === "country" && fCountry >= 0) {
        var labels = facets[fCountry].values;
        ids.sort(function (a, b) {
          var ca = labels[facetValues[fCountry][a][0]][1], cb = labels[facetValues[fCountry][b][0]][1];
          return ca < cb ? -1 : ca > cb ? 1 : compareTitles(a, b);
        });
      } else {
        ids.sort(compareTitles);
      }
      orders[key] = ids;
      return ids;
    }

    /* An empty state: nothing selected, no words, the default sort. */
    function newState() {
      var state = { selected: [], query: "", sort: "title", limit: PAGE_SIZE };
      for (var s = 0; s < F; s++) { state.selected.push(new Set()); }
      return state;
    }

    /* `?country=SE,FI&text=...&sort=newest` into a state; unknown keys and values are ignored. */
    function parseQuery(search) {
      var params = new URLSearchParams(search);
      var state = newState();
      facets.forEach(function (facet, f) {
        params.getAll(facet.key).forEach(function (raw) {
          raw.split(",").forEach(function (id) {
            if (Object.prototype.hasOwnProperty.call(valueIndex[f], id)) { state.selected[f].add(valueIndex[f][id]); }
          });
        });
      });
      state.query = params.get("text") || "";  // not "q": Material opens its own search for ?q=
      var sort = params.get("sort");
      state.sort = SORTS.some(function (s) { return s[0] === sort; }) ? sort : "title";
      return state;
    }

    /* The state as a query string ("" when nothing is set), values in the data's order. */
    function queryString(state) {
      var params = new URLSearchParams();
      facets.forEach(function (facet, f) {
        var ids = Array.from(state.selected[f]).sort(function (a, b) { return a - b; })
          .map(function (j) { return facet.values[j][0]; });
        if (ids.length) { params.set(facet.key, ids.join(",")); }
      });
      if (state.query.trim()) { params.set("text", state.query.trim()); }
      if (state.sort !== "title") { params.set("sort", state.sort); }
      var qs = params.toString();
      return qs ? "?" + qs : "";
    }

    var textCache = { query: null, ok: null };
    /* ok[i] is 1 when every word of the query occurs in practice i. */
    function textMatches(query) {
      if (textCache.query === query) { return textCache.ok; }
      var words = fold(query).split(/\s+/).filter(Boolean);
      var ok = new Uint8Array(N);
      for (var i = 0; i < N; i++) {
        var hay = haystacks[i], pass = 1;
        for (var w = 0; w < words.length; w++) {
          if (hay.indexOf(words[w]) < 0) { pass = 0; break; }
        }
        ok[i] = pass;
      }
      textCache = { query: query, ok: ok };
      return ok;
    }

    /* One pass: the matching practices, and per facet value the count it would have.
     * skipFacet (an index, or -1) and skipText leave that filter out, for "drop it" hints. */
    function evaluate(state, skipFacet, skipText) {
      var text = skipText ? null : textMatches(state.query);
      var active = [];
      for (var f = 0; f < F; f++) { if (f !== skipFacet && state.selected[f].size) { active.push(f); } }
      var counts = facets.map(function (facet) { return new Int32Array(facet.values.length); });
      var match = new Uint8Array(N), total = 0;
      for (var i = 0; i < N; i++) {
        if (text && !text[i]) { continue; }
        var failed = -1, fails = 0;
        for (var a = 0; a < active.length; a++) {
          if (!hasAny(facetValues[active[a]][i], state.selected[active[a]])) {
            failed = active[a];
            if (++fails > 1) { break; }
          }
        }
        if (fails === 0) {
          match[i] = 1; total++;
          for (var g = 0; g < F; g++) {
            var vs = facetValues[g][i];
            for (var k = 0; k < vs.length; k++) { counts[g][vs[k]]++; }
          }
        } else if (fails === 1) {
          var fv = facetValues[failed][i];
          for (var m = 0; m < fv.length; m++) { counts[failed][fv[m]]++; }
        }
      }
      return { match: match, total: total, counts: counts };
    }

    /* A value is disabled when it would match nothing and is not ticked (so it can be unticked). */
    function isDisabled(counts, state, f, j) { return counts[f][j] === 0 && !state.selected[f].has(j); }

    /* The ids of the matching practices in the chosen order, at most `limit` of them. */
    function visible(result, sortKey, limit) {
      var ids = order(sortKey), out = [];
      for (var k = 0; k < ids.length && out.length < limit; k++) { if (result.match[ids[k]]) { out.push(ids[k]); } }
      return out;
    }

    /* With no match: per active filter (a facet index, or "text" for the words) how many practices
     * dropping it alone would give; only those that give some, most first (ties keep facet order). */
    function dropSuggestions(state) {
      var out = [];
      for (var f = 0; f < F; f++) {
        if (state.selected[f].size) { out.push({ facet: f, total: evaluate(state, f, false).total }); }
      }
      if (state.query.trim()) { out.push({ facet: "text", total: evaluate(state, -1, true).total }); }
      out.sort(function (a, b) { return b.total - a.total; });
      return out.filter(function (s) { return s.total > 0; });
    }

    /* A card's line under the title: places, the country unless a place is the country, the size. */
    function cardMeta(i) {
      var places = rows[i][cols.places];
      var meta = [places.join(", ")];
      var country = countryName(i);  // not when a place is the country: "Finland", not "Finland · Finland"
      if (country && !places.some(function (place) { return fold(place) === fold(country); })) { meta.push(country); }
      if (fSize >= 0) { meta.push(facets[fSize].values[facetValues[fSize][i][0]][1]); }
      return meta.join(" \u00b7 ");
    }

    return {
      dropSuggestions: dropSuggestions, cardMeta: cardMeta,
      facets: facets, rows: rows, N: N, F: F, cols: cols, facetValues: facetValues, valueIndex: valueIndex,
      fCountry: fCountry, fSize: fSize, fDimension: facetIndex("dimension"),
      fold: fold, countryName: countryName, order: order, newState: newState, parseQuery: parseQuery,
      queryString: queryString, textMatches: textMatches, evaluate: evaluate, isDisabled: isDisabled,
      visible: visible
    };
  }

  return { PAGE_SIZE: PAGE_SIZE, SORTS: SORTS, makeFold: makeFold, model: model };
}));
