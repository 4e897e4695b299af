// Unit tests of docs/assets/atlas/self-assessment-core.js: `node --test tests/js/` (run by `make test` and
// `make check`). Only Node's own node:test and node:assert. The browser tests (tests/test_self_assessment.py)
// keep what only a browser shows: localStorage, the file pickers, downloads, the drawn report.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const sa = require(path.join(ROOT, "docs", "assets", "atlas", "self-assessment-core.js"));

/* The shape assessment.py writes to assessment-data.js, small. */
const DATA = {
  sizes: [{ id: "small", label: "Small municipality" }, { id: "large", label: "Large city" }],
  groups: [
    { id: "work", title: "Work", url: "self-assessment/work.html", themes: [
      { title: "Jobs", benchmarks: [
        { id: "work.mentors", title: "Mentors", url: "b/m.html", practices: ["p-large", "p-small", "p-small-2"] },
        { id: "work.fairs", title: "Job fairs", url: "b/f.html", practices: [] }
      ] },
      { title: "Skills", benchmarks: [{ id: "work.skills", title: "Skills", url: "b/s.html", practices: ["p-small"] }] }
    ] },
    { id: "home", title: "Housing", url: "self-assessment/home.html", themes: [
      { title: "Flats", benchmarks: [{ id: "home.flats", title: "Flats", url: "b/h.html", practices: [] }] }
    ] }
  ],
  practices: {
    "p-large": { title: "Big city", url: "practices/p-large.html", size: "large", country: "Sweden", places: ["Malmö"] },
    "p-small": { title: "Small town", url: "practices/p-small.html", size: "small", country: "Finland", places: ["Finland"] },
    "p-small-2": { title: "Village", url: "practices/p-small-2.html", size: "small", country: "Norway", places: ["Ørsta"] }
  }
};
const ALL = ["work.mentors", "work.fairs", "work.skills", "home.flats"];

function valid(answers, extra) {
  return Object.assign({ format: sa.FORMAT, version: sa.VERSION, municipality_name: null,
    municipality_size: null, answers: answers || {} }, extra || {});
}

test.describe("progress counts", () => {
  const answers = {
    "work.mentors": { answer: "in-place", notes: "" },
    "work.fairs": { answer: "", notes: "only notes" },
    "work.skills": { answer: "partly", notes: "" },
    "other.thing": { answer: "not-yet", notes: "" }
  };

  test("tally counts each answer and the answered ones, over the given ids only", () => {
    assert.deepEqual(sa.tally(["work.mentors", "work.fairs", "work.skills"], answers),
      { answered: 2, total: 3, "in-place": 1, partly: 1, "not-yet": 0, "not-applicable": 0 });
    assert.deepEqual(sa.tally(["home.flats"], answers),
      { answered: 0, total: 1, "in-place": 0, partly: 0, "not-yet": 0, "not-applicable": 0 });
  });

  test("an answer that is not one of the four does not count", () => {
    assert.equal(sa.tally(["x.y"], { "x.y": { answer: "maybe", notes: "" } }).answered, 0);
  });

  test("describe says it in words", () => {
    assert.equal(sa.describe(sa.tally(ALL, answers)),
      "Answered 2 of 4: 1 in place, 1 partly, 0 not yet, 0 not applicable.");
  });

  test("group ids and all benchmarks follow the checklist order", () => {
    assert.deepEqual(sa.groupIds(DATA.groups[0]), ["work.mentors", "work.fairs", "work.skills"]);
    assert.deepEqual(sa.allBenchmarks(DATA).map((item) => item.benchmark.id), ALL);
    assert.equal(sa.allBenchmarks(DATA)[2].theme.title, "Skills");
  });
});

test.describe("import validation", () => {
  const refused = (input) => {
    const result = sa.normalise(input);
    assert.equal(result.state, undefined, "accepted: " + JSON.stringify(input));
    return result.error;
  };

  test("something that is not an object", () => {
    [null, undefined, "text", 3, [valid()]].forEach((input) => {
      assert.equal(refused(input), "the file does not hold a self-assessment");
    });
  });

  test("an unknown format", () => {
    assert.equal(refused(valid({}, { format: "another-tool" })), "the file is not a self-assessment exported from this atlas");
    const noFormat = valid();
    delete noFormat.format;
    assert.match(refused(noFormat), /not a self-assessment exported from this atlas/);
  });

  test("another version", () => {
    assert.equal(refused(valid({}, { version: 2 })), "the file is of version 2, this page reads version 1");
    assert.equal(refused(valid({}, { version: "1" })), "the file is of version 1, this page reads version 1");
  });

  test("a size or name that is not a text", () => {
    assert.equal(refused(valid({}, { municipality_size: 5 })), "municipality_size must be a text or null");
    assert.equal(refused(valid({}, { municipality_name: ["x"] })), "municipality_name must be a text or null");
  });

  test("answers that are not an object", () => {
    [undefined, null, [], "in-place"].forEach((answers) => {
      assert.equal(refused(valid({}, { answers: answers })), "answers must be an object keyed by benchmark id");
    });
  });

  test("ids that are not benchmark ids, __proto__ among them", () => {
    // JSON.parse makes "__proto__" an own key, as a hostile file would.
    const hostile = JSON.parse('{"format": "' + sa.FORMAT + '", "version": 1, "answers": ' +
      '{"__proto__": {"answer": "partly", "notes": ""}}}');
    assert.equal(refused(hostile), "'__proto__' is not a benchmark id");
    ["constructor", "work", "work.", ".work", "work.a b", "work.<b>"].forEach((id) => {
      const answers = {};
      answers[id] = { answer: "partly", notes: "" };
      assert.equal(refused(valid(answers)), "'" + id + "' is not a benchmark id");
    });
    assert.equal({}.answer, undefined, "nothing leaked into Object.prototype");
  });

  test("an entry that is not an object", () => {
    assert.equal(refused(valid({ "work.fairs": "in-place" })), "the answer for work.fairs is not an object");
    assert.equal(refused(valid({ "work.fairs": null })), "the answer for work.fairs is not an object");
  });

  test("an unknown answer", () => {
    assert.equal(refused(valid({ "work.fairs": { answer: "maybe" } })),
      "the answer for work.fairs is 'maybe'; expected one of in-place, partly, not-yet, not-applicable");
  });

  test("notes that are not a text", () => {
    assert.equal(refused(valid({ "work.fairs": { answer: "partly", notes: 42 } })),
      "the notes for work.fairs are not a text");
  });

  test("a valid file: empty entries dropped, the name cut, dates kept only when they are dates", () => {
    const result = sa.normalise(valid({
      "work.fairs": { answer: "partly", notes: "" },
      "work.mentors": { answer: "", notes: "" },
      "home.flats": { notes: "to ask" },
      "other.kept": { answer: "not-yet" }
    }, { municipality_name: "x".repeat(250), municipality_size: "small", updated: "2026-01-02T03:04:05Z",
      exported: "not a date" }));
    assert.equal(result.error, undefined);
    assert.deepEqual(result.state.answers, {
      "work.fairs": { answer: "partly", notes: "" },
      "home.flats": { answer: "", notes: "to ask" },
      "other.kept": { answer: "not-yet", notes: "" }
    });
    assert.equal(result.state.municipality_name.length, sa.NAME_MAX);
    assert.equal(result.state.municipality_size, "small");
    assert.equal(result.state.updated, "2026-01-02T03:04:05Z");
    assert.equal(result.exported, null);
    assert.equal(sa.normalise(valid({}, { updated: "soon" })).state.updated, undefined);
  });

  test("an export reads back as the same state", () => {
    const state = sa.normalise(valid({ "work.fairs": { answer: "partly", notes: "n" } },
      { municipality_name: "Ørsta", municipality_size: "small", updated: "2026-01-02T03:04:05.000Z" })).state;
    const out = sa.exportObject(state, "2026-02-03T00:00:00.000Z");
    assert.equal(out.format, sa.FORMAT);
    assert.equal(out.version, sa.VERSION);
    const back = sa.normalise(JSON.parse(JSON.stringify(out)));
    assert.deepEqual(back.state, state);
    assert.equal(back.exported, "2026-02-03T00:00:00.000Z");
    assert.equal(sa.exportObject(sa.emptyState(), "2026-02-03T00:00:00.000Z").updated, null);
  });
});

test.describe("CSV export", () => {
  test("cells are quoted, quotes doubled, nothing becomes empty text", () => {
    assert.equal(sa.csvCell("plain"), '"plain"');
    assert.equal(sa.csvCell('say "hi", then go'), '"say ""hi"", then go"');
    assert.equal(sa.csvCell("two\nlines"), '"two\nlines"');
    assert.equal(sa.csvCell(null), '""');
    assert.equal(sa.csvCell(undefined), '""');
    assert.equal(sa.csvCell(0), '"0"');
  });

  test("a cell that a spreadsheet would run as a formula gets a leading apostrophe", () => {
    assert.equal(sa.csvCell("=HYPERLINK(\"x\")"), '"\'=HYPERLINK(""x"")"');
    ["+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"].forEach((text) => {
      assert.equal(sa.csvCell(text), '"\'' + text + '"', JSON.stringify(text));
    });
    assert.equal(sa.csvCell("a=1"), '"a=1"', "only a leading sign is a formula");
  });

  test("rows: a header, every benchmark in order, then answers to unknown ids", () => {
    const state = valid({
      "work.fairs": { answer: "not-yet", notes: "=cmd" },
      "gone.old": { answer: "in-place", notes: "" }
    }, { municipality_size: "small" });
    const rows = sa.csvRows(DATA, state);
    assert.deepEqual(rows[0], ["Checklist", "Theme", "Benchmark id", "Benchmark", "Answer", "Notes", "Municipality size"]);
    assert.deepEqual(rows.slice(1).map((r) => r[2]), ALL.concat(["gone.old"]));
    assert.deepEqual(rows[2], ["Work", "Jobs", "work.fairs", "Job fairs", "Not yet", "=cmd", "Small municipality"]);
    assert.deepEqual(rows[1], ["Work", "Jobs", "work.mentors", "Mentors", "", "", "Small municipality"]);
    assert.deepEqual(rows[5], ["", "", "gone.old", "", "In place", "", "Small municipality"]);
  });

  test("the file: byte-order mark, comma-separated quoted cells, CRLF lines, the guard applied", () => {
    assert.equal(sa.csvText([["a", "b"], ["=1", 'x"y']]), '\ufeff"a","b"\r\n"\'=1","x""y"\r\n');
  });

  test("size labels: the data's label, else the id, else nothing", () => {
    assert.equal(sa.sizeLabel(DATA, "large"), "Large city");
    assert.equal(sa.sizeLabel(DATA, "huge"), "huge");
    assert.equal(sa.sizeLabel(DATA, null), "");
  });

  test("unknown ids are counted for the import message", () => {
    assert.equal(sa.unknownCount(DATA, { "work.fairs": {}, "gone.a": {}, "gone.b": {} }), 2);
    assert.equal(sa.unknownCount(DATA, {}), 0);
  });
});

test.describe("comparison with an older export", () => {
  const before = {
    "work.mentors": { answer: "not-yet", notes: "" },
    "work.fairs": { answer: "in-place", notes: "" },
    "work.skills": { answer: "partly", notes: "" },
    "gone.old": { answer: "not-yet", notes: "" }
  };
  const now = {
    "work.mentors": { answer: "partly", notes: "" },      // improved
    "work.fairs": { answer: "not-yet", notes: "" },       // regressed
    "work.skills": { answer: "not-applicable", notes: "" },  // otherwise changed
    "home.flats": { answer: "", notes: "note only" }      // unanswered both times: unchanged
  };

  test("improved, regressed, otherwise changed and unchanged are counted over the atlas's benchmarks", () => {
    const result = sa.compare(DATA, before, now);
    assert.deepEqual(result.tally, { improved: 1, regressed: 1, other: 1, unchanged: 1 });
    assert.deepEqual(result.rows.map((r) => [r.item.benchmark.id, r.before, r.now, r.kind]), [
      ["work.mentors", "not-yet", "partly", "improved"],
      ["work.fairs", "in-place", "not-yet", "regressed"],
      ["work.skills", "partly", "not-applicable", "other"]
    ]);
  });

  test("answering for the first time, or removing an answer, is a change without a direction", () => {
    const result = sa.compare(DATA, {}, { "work.fairs": { answer: "in-place", notes: "" } });
    assert.deepEqual(result.tally, { improved: 0, regressed: 0, other: 1, unchanged: 3 });
    assert.equal(sa.compare(DATA, { "work.fairs": { answer: "partly" } }, {}).tally.other, 1);
  });

  test("the same answers compare as all unchanged", () => {
    assert.deepEqual(sa.compare(DATA, now, now).tally, { improved: 0, regressed: 0, other: 0, unchanged: 4 });
  });

  test("in place to partly regresses; not yet to in place improves", () => {
    assert.equal(sa.compare(DATA, { "work.fairs": { answer: "in-place" } }, { "work.fairs": { answer: "partly" } })
      .rows[0].kind, "regressed");
    assert.equal(sa.compare(DATA, { "work.fairs": { answer: "not-yet" } }, { "work.fairs": { answer: "in-place" } })
      .rows[0].kind, "improved");
  });
});

test.describe("report", () => {
  const answers = {
    "work.mentors": { answer: "partly", notes: "" },
    "work.fairs": { answer: "not-yet", notes: "" },
    "work.skills": { answer: "partly", notes: "" },
    "home.flats": { answer: "in-place", notes: "" },
    "gone.old": { answer: "not-yet", notes: "" }
  };

  test("bar counts: each answer and the unanswered, over the dimension's benchmarks", () => {
    assert.deepEqual(sa.segmentCounts(sa.groupIds(DATA.groups[0]), answers),
      { unanswered: 0, "in-place": 0, partly: 2, "not-yet": 1, "not-applicable": 0 });
    assert.deepEqual(sa.segmentCounts(ALL, { "work.fairs": { answer: "maybe" } }),
      { unanswered: 4, "in-place": 0, partly: 0, "not-yet": 0, "not-applicable": 0 });
  });

  test("the figures in words, unanswered last", () => {
    assert.equal(sa.countsText(sa.segmentCounts(ALL, answers)),
      "In place: 1, Partly: 2, Not yet: 1, Not applicable: 0, Unanswered: 0");
    assert.deepEqual(sa.SEGMENTS.map((s) => s.id), ["in-place", "partly", "not-yet", "not-applicable", "unanswered"]);
  });

  test("gaps are the benchmarks marked partly or not yet, in checklist order", () => {
    assert.deepEqual(sa.gaps(DATA, answers).map((item) => item.benchmark.id), ["work.mentors", "work.fairs", "work.skills"]);
    assert.deepEqual(sa.gaps(DATA, {}), []);
  });

  test("gaps in runs of one group each, for one heading per group", () => {
    const answered = Object.assign({}, answers, { "home.flats": { answer: "partly", notes: "" } });
    const runs = sa.gapGroups(sa.gaps(DATA, answered));
    assert.deepEqual(runs.map((run) => run.group.id), ["work", "home"]);
    assert.deepEqual(runs.map((run) => run.items.map((item) => item.benchmark.id)),
      [["work.mentors", "work.fairs", "work.skills"], ["home.flats"]]);
    assert.deepEqual(sa.gapGroups([]), []);
  });

  test("a practice's place line names the country once", () => {
    assert.equal(sa.placeText(DATA.practices["p-small"]), "Finland");
    assert.equal(sa.placeText(DATA.practices["p-large"]), "Malmö, Sweden");
    assert.equal(sa.placeText({ places: ["Avigliana", "Susa"], country: "Italy" }), "Avigliana, Susa, Italy");
  });

  test("practices for a gap: the user's size first, each part in catalogue order", () => {
    const mentors = DATA.groups[0].themes[0].benchmarks[0];
    assert.deepEqual(sa.practicesFor(DATA, mentors, "small").map((p) => p.slug), ["p-small", "p-small-2", "p-large"]);
    assert.deepEqual(sa.practicesFor(DATA, mentors, "large").map((p) => p.slug), ["p-large", "p-small", "p-small-2"]);
    assert.deepEqual(sa.practicesFor(DATA, mentors, null).map((p) => p.slug), ["p-large", "p-small", "p-small-2"]);
    assert.deepEqual(sa.practicesFor(DATA, mentors, "small")[0].places, ["Finland"]);
  });

  test("answer labels", () => {
    assert.equal(sa.answerLabel("not-applicable"), "Not applicable");
    assert.equal(sa.answerLabel("nope"), "");
    assert.equal(sa.isAnswer(""), false);
  });
});
