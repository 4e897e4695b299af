// Unit tests of docs/assets/atlas/explorer-core.js: `node --test tests/js/` (run by `make test` and `make check`).
// Only Node's own node:test and node:assert. The browser tests (tests/test_explorer*.py) keep what only a
// browser shows: the drawn interface, focus, the dialog, history entries.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const core = require(path.join(ROOT, "docs", "assets", "atlas", "explorer-core.js"));

/* The fold table the build ships in the data (hooks/atlas/names.py TYPED_AS), read from its one source. */
function shippedFoldTable() {
  const source = fs.readFileSync(path.join(ROOT, "hooks", "atlas", "names.py"), "utf8");
  const match = source.match(/^TYPED_AS = (\{.*\})$/m);
  assert.ok(match, "TYPED_AS not found in hooks/atlas/names.py");
  return JSON.parse(match[1]);
}

const FOLD = shippedFoldTable();

/* A small atlas in the shape explorer.py writes: rows sorted by title, facet values as indexes. */
function data() {
  return {
    version: 1,
    href: "practices/{slug}.html",
    fields: ["slug", "title", "summary", "places", "started", "country", "size", "dimension"],
    facets: [
      { key: "country", label: "Country", values: [["FI", "Finland"], ["SE", "Sweden"], ["DE", "Germany"]] },
      { key: "size", label: "Size", values: [["small", "Small"], ["large", "Large"]] },
      { key: "dimension", label: "Dimension", values: [["work", "Work"], ["lang", "Language"], ["home", "Housing"]] }
    ],
    fold: FOLD,
    practices: [
      ["alpha", "Alpha jobs", "Mentoring for newcomers", ["Malmö"], 2015, 1, 0, [0, 1]],
      ["beta", "Beta homes", "Flats for families", ["Dessau-Roßlau"], 2020, 2, 1, [2]],
      ["delta", "Delta hub", "A national helpline", ["Finland"], 2020, 0, 0, [0]],
      ["gamma", "Gamma café", "Conversation evenings in Ærøskøbing style", ["Helsinki"], 2018, 0, 1, [1]]
    ]
  };
}

const M = core.model(data());
const [COUNTRY, SIZE, DIMENSION] = [0, 1, 2];

/* A state with the given values (by id) selected. */
function select(spec, query, sort) {
  const state = M.newState();
  Object.keys(spec).forEach((key) => {
    const f = M.facets.findIndex((facet) => facet.key === key);
    spec[key].forEach((id) => state.selected[f].add(M.valueIndex[f][id]));
  });
  if (query !== undefined) state.query = query;
  if (sort !== undefined) state.sort = sort;
  return state;
}

function matching(state) {
  const result = M.evaluate(state, -1, false);
  const ids = [];
  result.match.forEach((m, i) => { if (m) ids.push(M.rows[i][0]); });
  assert.equal(result.total, ids.length);
  return ids;
}

/* Counts of one facet as {valueId: n}. */
function counts(state, key) {
  const f = M.facets.findIndex((facet) => facet.key === key);
  const result = M.evaluate(state, -1, false);
  const out = {};
  M.facets[f].values.forEach((value, j) => { out[value[0]] = result.counts[f][j]; });
  return out;
}

test.describe("filtering", () => {
  test("nothing selected matches every practice", () => {
    assert.deepEqual(matching(M.newState()), ["alpha", "beta", "delta", "gamma"]);
  });

  test("values within one facet combine with OR", () => {
    assert.deepEqual(matching(select({ country: ["SE", "DE"] })), ["alpha", "beta"]);
    assert.deepEqual(matching(select({ dimension: ["work", "home"] })), ["alpha", "beta", "delta"]);
  });

  test("a multi-valued facet matches when any of the practice's values is selected", () => {
    assert.deepEqual(matching(select({ dimension: ["lang"] })), ["alpha", "gamma"]);
  });

  test("facets combine with AND", () => {
    assert.deepEqual(matching(select({ country: ["FI"], size: ["small"] })), ["delta"]);
    assert.deepEqual(matching(select({ country: ["FI", "SE"], dimension: ["lang"] })), ["alpha", "gamma"]);
    assert.deepEqual(matching(select({ country: ["DE"], size: ["small"] })), []);
  });

  test("skipping a facet or the text leaves just that filter out (the 'drop it' hints)", () => {
    const state = select({ country: ["DE"], size: ["small"] }, "jobs");
    assert.equal(M.evaluate(state, -1, false).total, 0);
    assert.equal(M.evaluate(state, COUNTRY, false).total, 1);   // small + "jobs": Alpha
    assert.equal(M.evaluate(state, SIZE, false).total, 0);      // DE + "jobs": none
    assert.equal(M.evaluate(state, -1, true).total, 0);         // DE + small: none
    assert.equal(M.evaluate(select({ country: ["DE"] }, "jobs"), -1, true).total, 1);
  });
});

test.describe("counts", () => {
  test("with no filter a value counts the practices that have it", () => {
    assert.deepEqual(counts(M.newState(), "country"), { FI: 2, SE: 1, DE: 1 });
    assert.deepEqual(counts(M.newState(), "dimension"), { work: 2, lang: 2, home: 1 });
  });

  test("a facet's own selection does not narrow its counts", () => {
    const state = select({ country: ["FI"] });
    assert.deepEqual(counts(state, "country"), { FI: 2, SE: 1, DE: 1 });
    assert.deepEqual(counts(state, "size"), { small: 1, large: 1 });
    assert.deepEqual(counts(state, "dimension"), { work: 1, lang: 1, home: 0 });
  });

  test("each facet counts given every other active filter", () => {
    const state = select({ country: ["FI"], size: ["small"] });
    assert.deepEqual(counts(state, "country"), { FI: 1, SE: 1, DE: 0 });  // given size small
    assert.deepEqual(counts(state, "size"), { small: 1, large: 1 });      // given country FI
    assert.deepEqual(counts(state, "dimension"), { work: 1, lang: 0, home: 0 });  // given both
  });

  test("a value's count is what ticking it would give", () => {
    const state = select({ country: ["SE"], dimension: ["work"] });
    const before = counts(state, "country");
    ["FI", "DE"].forEach((id) => {
      const ticked = select({ country: ["SE", id], dimension: ["work"] });
      assert.equal(matching(ticked).length - matching(state).length, before[id], id);
    });
  });

  test("the text narrows every count", () => {
    assert.deepEqual(counts(select({}, "helsinki"), "country"), { FI: 1, SE: 0, DE: 0 });
    assert.deepEqual(counts(select({ country: ["SE"] }, "helsinki"), "country"), { FI: 1, SE: 0, DE: 0 });
  });

  test("zero-count values are disabled unless ticked", () => {
    const state = select({ country: ["DE"], size: ["small"] });
    const result = M.evaluate(state, -1, false);
    const de = M.valueIndex[COUNTRY].DE, fi = M.valueIndex[COUNTRY].FI, home = M.valueIndex[DIMENSION].home;
    assert.equal(result.counts[COUNTRY][de], 0);
    assert.equal(M.isDisabled(result.counts, state, COUNTRY, de), false, "a ticked value stays enabled");
    assert.equal(M.isDisabled(result.counts, state, COUNTRY, fi), false, "FI has a small practice");
    assert.equal(result.counts[DIMENSION][home], 0);
    assert.equal(M.isDisabled(result.counts, state, DIMENSION, home), true);
  });
});

test.describe("text matching", () => {
  const hits = (query) => matching(select({}, query));

  test("the shipped fold table spells out letters that do not decompose", () => {
    assert.equal(FOLD["ß"], "ss");
    const fold = core.makeFold(FOLD);
    assert.equal(fold("Dessau-Roßlau"), "dessau-rosslau");
    assert.equal(fold("Ærøskøbing"), "aeroskobing");
    assert.equal(fold("MALMÖ Café"), "malmo cafe");
    assert.equal(fold("plain ascii"), "plain ascii");
    assert.equal(core.makeFold({})("Roßlau"), "roßlau", "without the table ß stays");
  });

  test("accents and case do not matter", () => {
    assert.deepEqual(hits("malmo"), ["alpha"]);
    assert.deepEqual(hits("MALMÖ"), ["alpha"]);
    assert.deepEqual(hits("cafe"), ["gamma"]);
    assert.deepEqual(hits("Café"), ["gamma"]);
  });

  test("letters from the fold table match their spelling", () => {
    assert.deepEqual(hits("rosslau"), ["beta"]);
    assert.deepEqual(hits("Roßlau"), ["beta"]);
    assert.deepEqual(hits("aeroskobing"), ["gamma"]);
  });

  test("the country's name as the filter names it matches", () => {
    assert.deepEqual(hits("sweden"), ["alpha"]);
    assert.deepEqual(hits("finland"), ["delta", "gamma"]);
    assert.deepEqual(hits("germany"), ["beta"]);
  });

  test("title, summary and places are searched", () => {
    assert.deepEqual(hits("homes"), ["beta"]);
    assert.deepEqual(hits("helpline"), ["delta"]);
    assert.deepEqual(hits("helsinki"), ["gamma"]);
  });

  test("every word must occur, in any order; blank text matches all", () => {
    assert.deepEqual(hits("finland hub"), ["delta"]);
    assert.deepEqual(hits("  hub   finland "), ["delta"]);
    assert.deepEqual(hits("jobs germany"), []);
    assert.deepEqual(hits("   "), ["alpha", "beta", "delta", "gamma"]);
  });

  test("words do not match across fields", () => {
    // Title "Delta hub", summary "A national...": the fields are joined with a separator, not run together.
    assert.deepEqual(hits("huba"), []);
  });

  test("text combines with the filters by AND", () => {
    assert.deepEqual(matching(select({ country: ["FI"] }, "cafe")), ["gamma"]);
    assert.deepEqual(matching(select({ country: ["SE"] }, "cafe")), []);
  });
});

test.describe("URL state", () => {
  const ids = (state, key) => {
    const f = M.facets.findIndex((facet) => facet.key === key);
    return Array.from(state.selected[f]).sort((a, b) => a - b).map((j) => M.facets[f].values[j][0]);
  };

  test("an empty query is the default state and serialises to nothing", () => {
    const state = M.parseQuery("");
    assert.deepEqual([ids(state, "country"), state.query, state.sort], [[], "", "title"]);
    assert.equal(M.queryString(M.newState()), "");
  });

  test("comma-separated and repeated parameters both select", () => {
    assert.deepEqual(ids(M.parseQuery("?country=SE,FI"), "country"), ["FI", "SE"]);
    assert.deepEqual(ids(M.parseQuery("?country=SE&country=DE"), "country"), ["SE", "DE"]);
    assert.deepEqual(ids(M.parseQuery("?country=SE%2CDE&size=large"), "country"), ["SE", "DE"]);
    assert.deepEqual(ids(M.parseQuery("country=FI&size=large"), "size"), ["large"]);
  });

  test("unknown parameters, values and sorts are ignored", () => {
    const state = M.parseQuery("?colour=red&country=XX,SE,,se&size=__proto__,constructor,toString&sort=random&q=x");
    assert.deepEqual(ids(state, "country"), ["SE"]);
    assert.deepEqual(ids(state, "size"), []);
    assert.equal(state.sort, "title");
    assert.equal(state.query, "", "?q= is Material's search, not the explorer's");
  });

  test("text and sort are read, decoded", () => {
    const state = M.parseQuery("?text=caf%C3%A9+malm%C3%B6&sort=newest");
    assert.equal(state.query, "café malmö");
    assert.equal(state.sort, "newest");
    assert.equal(M.parseQuery("?text=a%26b%3Dc").query, "a&b=c");
  });

  test("serialising puts values in the data's order, trims the text and leaves out the default sort", () => {
    assert.equal(M.queryString(select({ country: ["SE", "FI"] })), "?country=FI%2CSE");
    assert.equal(M.queryString(select({ size: ["large"] }, "  café & co ", "country")),
      "?size=large&text=caf%C3%A9+%26+co&sort=country");
    assert.equal(M.queryString(select({}, "   ", "title")), "");
  });

  test("parse and serialise round-trip", () => {
    const states = [
      select({}),
      select({ country: ["DE"] }),
      select({ country: ["FI", "SE", "DE"], dimension: ["home", "work"] }, "malmö jobs", "newest"),
      select({ size: ["small"] }, "a&b=c+d %", "country"),
      select({}, "Roßlau?#")
    ];
    states.forEach((state) => {
      const qs = M.queryString(state);
      const back = M.parseQuery(qs);
      M.facets.forEach((facet) => assert.deepEqual(ids(back, facet.key), ids(state, facet.key), qs));
      assert.equal(back.query, state.query.trim(), qs);
      assert.equal(back.sort, state.sort, qs);
      assert.equal(M.queryString(back), qs);
    });
  });
});

test.describe("sort orders", () => {
  const titles = (key) => M.order(key).map((i) => M.rows[i][0]);

  test("title order is the data's order", () => {
    assert.deepEqual(titles("title"), ["alpha", "beta", "delta", "gamma"]);
  });

  test("newest first, ties by title", () => {
    assert.deepEqual(titles("newest"), ["beta", "delta", "gamma", "alpha"]);
  });

  test("by country name, ties by title", () => {
    assert.deepEqual(titles("country"), ["delta", "gamma", "beta", "alpha"]);
  });

  test("the visible list walks the order, keeps only matches, and stops at the limit", () => {
    const all = M.evaluate(M.newState(), -1, false);
    assert.deepEqual(M.visible(all, "newest", 2).map((i) => M.rows[i][0]), ["beta", "delta"]);
    const fi = M.evaluate(select({ country: ["FI"] }), -1, false);
    assert.deepEqual(M.visible(fi, "newest", 50).map((i) => M.rows[i][0]), ["delta", "gamma"]);
    assert.equal(core.SORTS.map((s) => s[0]).join(","), "title,newest,country");
  });
});

test.describe("no match", () => {
  test("each active filter is offered for dropping, with what dropping it alone gives; none that gives nothing", () => {
    const state = select({ country: ["DE"], size: ["small"] }, "jobs");
    assert.equal(M.evaluate(state, -1, false).total, 0);
    // Dropping country: small + "jobs" = Alpha; dropping size: DE + "jobs" = none; dropping the words: DE + small = none.
    assert.deepEqual(M.dropSuggestions(state), [{ facet: COUNTRY, total: 1 }]);
    const noWords = select({ country: ["DE"], size: ["small"] });
    // Dropping country: small = Alpha, Delta; dropping size: DE = Beta.
    assert.deepEqual(M.dropSuggestions(noWords), [{ facet: COUNTRY, total: 2 }, { facet: SIZE, total: 1 }]);
    assert.deepEqual(M.dropSuggestions(select({ country: ["SE"] }, "helsinki")),
      [{ facet: COUNTRY, total: 1 }, { facet: "text", total: 1 }]);
    // Dropping country: large + "homes" = Beta; size or the words alone: none.
    assert.deepEqual(M.dropSuggestions(select({ country: ["SE"], size: ["large"] }, "homes")),
      [{ facet: COUNTRY, total: 1 }]);
  });

  test("the bigger total comes first, whatever the facets' order", () => {
    const state = select({ dimension: ["home"], size: ["small"] });  // home+small: none
    // Dropping size: home = Beta (1); dropping dimension: small = Alpha, Delta (2).
    assert.deepEqual(M.dropSuggestions(state), [{ facet: DIMENSION, total: 2 }, { facet: SIZE, total: 1 }]);
  });
});

test.describe("cards", () => {
  const meta = (slug) => M.cardMeta(M.rows.findIndex((row) => row[0] === slug));

  test("places, the country and the size", () => {
    assert.equal(meta("alpha"), "Malmö · Sweden · Small");
    assert.equal(meta("beta"), "Dessau-Roßlau · Germany · Large");
  });

  test("the country is not repeated when a place is the country", () => {
    assert.equal(meta("delta"), "Finland · Small");
  });
});
