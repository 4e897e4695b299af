/* Self-assessment, the pure part: the file format and its validation, progress and
 * report counts, the CSV export with its formula guard, and the comparison of an
 * older export with the current answers.
 *
 * No DOM, no window, no localStorage: self-assessment.js keeps the answers and draws
 * the pages, and calls this. The same file is a classic browser script (it sets
 * window.AtlasSelfAssessmentCore; the site's CSP forbids inline scripts and file://
 * forbids modules) and a CommonJS module that `node --test tests/js/` requires.
 * tests/test_self_assessment.py checks FORMAT, VERSION and ANSWERS against the Python side.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; } else { root.AtlasSelfAssessmentCore = api; }
}(this, function () {
  "use strict";

  var FORMAT = "local-integration-atlas-self-assessment";
  var VERSION = 1;
  var ANSWERS = [
    { id: "in-place", label: "In place" },
    { id: "partly", label: "Partly" },
    { id: "not-yet", label: "Not yet" },
    { id: "not-applicable", label: "Not applicable" }
  ];
  var GAPS = ["partly", "not-yet"];
  var NAME_MAX = 200;
  // Bar segments in the order they are drawn; unanswered last.
  // (Written label first: the format test reads the ANSWERS list above by its `{ id, label }` shape.)
  var SEGMENTS = ANSWERS.map(function (a) { return { id: a.id, label: a.label }; })
    .concat([{ label: "Unanswered", id: "unanswered" }]);
  // How far along an answer is, for "improved" and "regressed"; not applicable and unanswered have no rank.
  var RANK = { "not-yet": 0, "partly": 1, "in-place": 2 };
  var BENCHMARK_ID = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

  function answerLabel(id) {
    for (var i = 0; i < ANSWERS.length; i++) {
      if (ANSWERS[i].id === id) { return ANSWERS[i].label; }
    }
    return "";
  }

  function isAnswer(id) { return answerLabel(id) !== ""; }

  /* State: {format, version, municipality_name, municipality_size, updated, answers: {id: {answer, notes}}} */
  function emptyState() {
    return { format: FORMAT, version: VERSION, municipality_name: null, municipality_size: null, answers: {} };
  }

  /* Check a stored or imported object; returns {state, exported} or {error}. */
  function normalise(input) {
    if (!input || typeof input !== "object" || Array.isArray(input)) {
      return { error: "the file does not hold a self-assessment" };
    }
    if (input.format !== FORMAT) {
      return { error: "the file is not a self-assessment exported from this atlas" };
    }
    if (input.version !== VERSION) {
      return { error: "the file is of version " + String(input.version) + ", this page reads version " + VERSION };
    }
    var state = emptyState();
    var size = input.municipality_size;
    if (size !== null && size !== undefined && typeof size !== "string") {
      return { error: "municipality_size must be a text or null" };
    }
    state.municipality_size = size || null;
    var name = input.municipality_name;
    if (name !== null && name !== undefined && typeof name !== "string") {
      return { error: "municipality_name must be a text or null" };
    }
    state.municipality_name = name ? name.slice(0, NAME_MAX) : null;
    if (typeof input.updated === "string" && !isNaN(Date.parse(input.updated))) { state.updated = input.updated; }
    var answers = input.answers;
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) {
      return { error: "answers must be an object keyed by benchmark id" };
    }
    var ids = Object.keys(answers);
    for (var i = 0; i < ids.length; i++) {
      if (!BENCHMARK_ID.test(ids[i])) {
        return { error: "'" + ids[i] + "' is not a benchmark id" };
      }
      var entry = answers[ids[i]];
      if (!entry || typeof entry !== "object") {
        return { error: "the answer for " + ids[i] + " is not an object" };
      }
      var answer = entry.answer || "";
      var notes = entry.notes || "";
      if (answer && !isAnswer(answer)) {
        return { error: "the answer for " + ids[i] + " is '" + String(answer) + "'; expected one of " +
          ANSWERS.map(function (a) { return a.id; }).join(", ") };
      }
      if (typeof notes !== "string") {
        return { error: "the notes for " + ids[i] + " are not a text" };
      }
      if (answer || notes) { state.answers[ids[i]] = { answer: answer, notes: notes }; }
    }
    var exported = typeof input.exported === "string" && !isNaN(Date.parse(input.exported)) ? input.exported : null;
    return { state: state, exported: exported };
  }

  /* Progress over some benchmarks: how many answered, and how many of each answer. */
  function tally(ids, answers) {
    var counts = { answered: 0, total: ids.length };
    ANSWERS.forEach(function (a) { counts[a.id] = 0; });
    ids.forEach(function (id) {
      var entry = answers[id];
      if (entry && isAnswer(entry.answer)) { counts[entry.answer] += 1; counts.answered += 1; }
    });
    return counts;
  }

  function describe(counts) {
    return "Answered " + counts.answered + " of " + counts.total + ": " + ANSWERS.map(function (a) {
      return counts[a.id] + " " + a.label.toLowerCase();
    }).join(", ") + ".";
  }

  /* Every benchmark of the data, in checklist order, with its group and theme. */
  function allBenchmarks(data) {
    var list = [];
    data.groups.forEach(function (group) {
      group.themes.forEach(function (theme) {
        theme.benchmarks.forEach(function (b) { list.push({ group: group, theme: theme, benchmark: b }); });
      });
    });
    return list;
  }

  function groupIds(group) {
    var ids = [];
    group.themes.forEach(function (t) { t.benchmarks.forEach(function (b) { ids.push(b.id); }); });
    return ids;
  }

  function sizeLabel(data, id) {
    var term = data.sizes.filter(function (s) { return s.id === id; })[0];
    return term ? term.label : (id || "");
  }

  /* The benchmarks answered partly or not yet, in checklist order. */
  function gaps(data, answers) {
    return allBenchmarks(data).filter(function (item) {
      var entry = answers[item.benchmark.id];
      return Boolean(entry) && GAPS.indexOf(entry.answer) >= 0;
    });
  }

  /* Practices for one benchmark: the user's size first, each part in catalogue order. */
  function practicesFor(data, benchmark, size) {
    var practices = benchmark.practices.map(function (slug) {
      var p = data.practices[slug];
      return { slug: slug, title: p.title, url: p.url, size: p.size, country: p.country, places: p.places };
    });
    return practices.filter(function (p) { return p.size === size; })
      .concat(practices.filter(function (p) { return p.size !== size; }));
  }

  /* Where a practice is, for a list line: its places, then its country unless a place already
   * is the country ("Finland", not "Finland, Finland"). The results view and the report share it. */
  function placeText(practice) {
    var names = practice.places.slice();
    if (names.indexOf(practice.country) < 0) { names.push(practice.country); }
    return names.join(", ");
  }

  /* The gaps cut into runs of one group each, in catalogue order: each run is drawn under its
   * group's heading. */
  function gapGroups(gapList) {
    var runs = [];
    gapList.forEach(function (item) {
      var last = runs[runs.length - 1];
      if (!last || last.group !== item.group) {
        last = { group: item.group, items: [] };
        runs.push(last);
      }
      last.items.push(item);
    });
    return runs;
  }

  /* The JSON export: the state with the format, version and time of export. */
  function exportObject(state, now) {
    return { format: FORMAT, version: VERSION, exported: now,
      municipality_name: state.municipality_name, municipality_size: state.municipality_size,
      updated: state.updated || null, answers: state.answers };
  }

  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    // A leading = + - @ would make a spreadsheet run the cell as a formula.
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  /* The CSV export's rows: a header, every benchmark of the data, then answers to unknown ids. */
  function csvRows(data, state) {
    var rows = [["Checklist", "Theme", "Benchmark id", "Benchmark", "Answer", "Notes", "Municipality size"]];
    var size = sizeLabel(data, state.municipality_size);
    var known = {};
    allBenchmarks(data).forEach(function (item) {
      var entry = state.answers[item.benchmark.id] || { answer: "", notes: "" };
      known[item.benchmark.id] = true;
      rows.push([item.group.title, item.theme.title, item.benchmark.id, item.benchmark.title,
        answerLabel(entry.answer), entry.notes, size]);
    });
    Object.keys(state.answers).forEach(function (id) {
      if (known[id]) { return; }
      var entry = state.answers[id];
      rows.push(["", "", id, "", answerLabel(entry.answer), entry.notes, size]);
    });
    return rows;
  }

  /* Rows as a CSV file: a byte-order mark (so spreadsheets read UTF-8), quoted cells, CRLF. */
  function csvText(rows) {
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* How many of the given answers are for benchmarks the data does not have. */
  function unknownCount(data, answers) {
    var known = {};
    allBenchmarks(data).forEach(function (item) { known[item.benchmark.id] = true; });
    return Object.keys(answers).filter(function (id) { return !known[id]; }).length;
  }

  /* Report bar: per answer (and unanswered) how many of the benchmarks have it. */
  function segmentCounts(ids, answers) {
    var counts = { unanswered: 0 };
    ANSWERS.forEach(function (a) { counts[a.id] = 0; });
    ids.forEach(function (id) {
      var entry = answers[id];
      if (entry && isAnswer(entry.answer)) { counts[entry.answer] += 1; } else { counts.unanswered += 1; }
    });
    return counts;
  }

  function countsText(counts) {
    return SEGMENTS.map(function (seg) { return seg.label + ": " + counts[seg.id]; }).join(", ");
  }

  /* Old answers against the current ones, benchmark by benchmark of the data. */
  function compare(data, oldAnswers, answers) {
    var rows = [];
    var tallyOf = { improved: 0, regressed: 0, other: 0, unchanged: 0 };
    allBenchmarks(data).forEach(function (item) {
      var id = item.benchmark.id;
      var before = (oldAnswers[id] && oldAnswers[id].answer) || "";
      var now = (answers[id] && answers[id].answer) || "";
      if (before === now) { tallyOf.unchanged += 1; return; }
      var kind = "other";
      if (before in RANK && now in RANK) { kind = RANK[now] > RANK[before] ? "improved" : "regressed"; }
      tallyOf[kind] += 1;
      rows.push({ item: item, before: before, now: now, kind: kind });
    });
    return { rows: rows, tally: tallyOf };
  }

  return {
    FORMAT: FORMAT, VERSION: VERSION, ANSWERS: ANSWERS, GAPS: GAPS, NAME_MAX: NAME_MAX, SEGMENTS: SEGMENTS,
    RANK: RANK, answerLabel: answerLabel, isAnswer: isAnswer, emptyState: emptyState, normalise: normalise,
    tally: tally, describe: describe, allBenchmarks: allBenchmarks, groupIds: groupIds, sizeLabel: sizeLabel,
    gaps: gaps, gapGroups: gapGroups, practicesFor: practicesFor, placeText: placeText, exportObject: exportObject, csvCell: csvCell, csvRows: csvRows,
    csvText: csvText, unknownCount: unknownCount, segmentCounts: segmentCounts, countsText: countsText,
    compare: compare
  };
}));
