"""What a reader sees: every page type, at a phone and a laptop width, in a real Chromium.

The pages come from one table, tests/fixtures/layout/pages.yml (shared with
`make screens`), built into the layout site: the atlas plus a sample practice
in all five dimensions. For each page and width the checks are: no horizontal
scrolling of the page; no text cut off by a box that hides its overflow; at
laptop widths, no table that needs scrolling inside its box; no console error;
lists that are meant as lists are ul/ol of li (no Markdown list run into a
paragraph, no Markdown table shown as text); on practice pages, every facts-box
label on the same row as its values.

The last tests plant each defect on a real page and check that the check sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.pipeline import AtlasPaths, load_atlas
from atlas.site import generated_files

from helpers import load_script

screens = load_script("screens")

# Boxes Material hides or truncates by design; what they hold is shown elsewhere or on demand.
BY_DESIGN = {
    ".md-sidebar": "the navigation and contents drawers: off-canvas on a phone, scrolled on their own",
    ".md-search": "the search overlay, hidden until it is opened",
    ".md-header__topic": "the header's site and page titles, which Material truncates with an ellipsis; "
    "the page's own h1 shows the title in full",
    ".md-dialog": "the toast Material shows after copying",
    ".md-tooltip, .md-tooltip2": "tooltips, shown on hover",
}
# Code blocks may scroll sideways at any width (a line of code cannot wrap); tables may not on a laptop.
SCROLL_ALLOWED = "pre, .highlight, .md-sidebar, .md-search, .md-nav"
LAPTOP_MIN = 1280

CHECKS_JS = r"""
({facts, lists, tables, excluded, scrollAllowed, wide}) => {
  const problems = [];
  const article = document.querySelector("article") || document.body;
  const text = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const short = (el) => text(el).slice(0, 60);
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
        (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : ""));
    }
    return parts.join(" > ");
  };
  const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const ownTextRects = (el) => {
    const rects = [];
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      rects.push(range.getBoundingClientRect());
    }
    return rects;
  };

  // 1. The page itself never scrolls sideways.
  const root = document.documentElement, viewport = root.clientWidth;
  if (root.scrollWidth > viewport) {
    const wider = [...document.body.querySelectorAll("*")].filter((el) =>
      visible(el) && el.getBoundingClientRect().right > viewport + 1 && !el.closest(excluded));
    const deepest = wider.filter((el) => !wider.some((other) => other !== el && el.contains(other)));
    problems.push(`the page is ${root.scrollWidth}px wide in a ${viewport}px window; too wide: ` +
      deepest.slice(0, 3).map((el) => `${where(el)} ("${short(el)}", right edge at ${Math.round(el.getBoundingClientRect().right)}px)`).join("; "));
  }

  // 2. No text cut off by a box that hides its overflow.
  for (const box of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(box);
    const hidesX = ["hidden", "clip"].includes(style.overflowX), hidesY = ["hidden", "clip"].includes(style.overflowY);
    if (!(hidesX || hidesY) || box.closest(excluded) || !visible(box)) continue;
    const r = box.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // visually hidden text, for screen readers only
    for (const el of [box, ...box.querySelectorAll("*")]) {
      if (!visible(el)) continue;
      for (const t of ownTextRects(el)) {
        if (t.width === 0 && t.height === 0) continue;
        const cutX = hidesX && (t.right > r.right + 1 || t.left < r.left - 1);
        const cutY = hidesY && (t.bottom > r.bottom + 1 || t.top < r.top - 1);
        if (cutX || cutY) {
          problems.push(`text cut off by ${where(box)} (overflow ${style.overflowX}/${style.overflowY}): ` +
            `"${short(el)}" in ${where(el)}`);
          break;
        }
      }
      if (el === box && hidesX && ownTextRects(el).length && box.scrollWidth > box.clientWidth + 1) {
        problems.push(`text cut off inside ${where(box)}: "${short(box)}" needs ${box.scrollWidth}px of ${box.clientWidth}px`);
      }
    }
  }

  // 3. At laptop widths no table (or other content) needs a sideways scroll inside its box.
  if (wide) {
    for (const el of article.querySelectorAll("*")) {
      const style = getComputedStyle(el);
      if (!["auto", "scroll"].includes(style.overflowX) || el.closest(scrollAllowed) || !visible(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${where(el)} needs a sideways scroll at ${viewport}px: ${el.scrollWidth}px of content ` +
          `in ${el.clientWidth}px ("${short(el)}")`);
      }
    }
  }

  // 4. Lists are lists, tables are tables.
  const isList = (el) => el && ["UL", "OL"].includes(el.tagName) && el.children.length > 0 &&
    [...el.children].every((li) => li.tagName === "LI");
  const describe = (el) => el ? `${el.tagName.toLowerCase()} "${short(el)}"` : "nothing";
  const counted = /\((\d+)\):$/;
  for (const p of article.querySelectorAll("p")) {
    const prose = p.cloneNode(true);
    prose.querySelectorAll("code").forEach((code) => code.remove());  // "- id: ..." in code is not a list
    if (/\n\s*[-*+] \S/.test(prose.textContent)) {
      problems.push(`a list shown as one paragraph: "${short(p)}" (${where(p)})`);
    }
    if (/^\s*\|.*\|\s*$/m.test(p.textContent)) {
      problems.push(`a table shown as text: "${short(p)}" (${where(p)})`);
    }
    const n = text(p).match(counted);
    if (n) {
      const next = p.nextElementSibling;
      if (!isList(next)) problems.push(`"${short(p)}" is followed by ${describe(next)}, not a list`);
      else if (next.children.length !== Number(n[1])) {
        problems.push(`"${short(p)}" announces ${n[1]} items, its list has ${next.children.length}`);
      }
    }
  }
  for (const matcher of lists) {
    let found = [];
    if (matcher.css) {
      found = [...document.querySelectorAll(matcher.css)].map((el) => [el, el]);
    } else if (matcher.after.startsWith("#")) {
      const heading = document.getElementById(matcher.after.slice(1));
      found = heading ? [[heading, heading.nextElementSibling]] : [];
    } else {
      found = [...article.querySelectorAll("p")].filter((p) => text(p).startsWith(matcher.after))
        .map((p) => [p, p.nextElementSibling]);
    }
    const label = matcher.css || matcher.after;
    if (!found.length) problems.push(`no "${label}" on the page, so its list cannot be checked`);
    for (const [anchor, list] of found) {
      if (!isList(list)) problems.push(`"${label}": expected a ul/ol of li, found ${describe(list)} (after ${describe(anchor)})`);
    }
  }
  if (tables && !article.querySelector("table tbody tr, table tr + tr")) problems.push("no table with rows on the page");

  // 5. Facts box: each label on the row of its own values, values to its right.
  if (facts) {
    const labels = document.querySelectorAll(".atlas-facts dt");
    if (!labels.length) problems.push("no facts box (.atlas-facts dt) on a practice page");
    for (const dt of labels) {
      const values = [];
      for (let n = dt.nextElementSibling; n && n.tagName === "DD"; n = n.nextElementSibling) values.push(n);
      if (!values.length) problems.push(`facts: "${text(dt)}" has no value`);
      const a = dt.getBoundingClientRect();
      for (const dd of values) {
        const b = dd.getBoundingClientRect();
        const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlap <= 0 || b.left < a.right - 1) {
          problems.push(`facts: "${text(dt)}" (top ${Math.round(a.top)}, left ${Math.round(a.left)}) and its value ` +
            `"${short(dd)}" (top ${Math.round(b.top)}, left ${Math.round(b.left)}) are not side by side on one row`);
        }
      }
    }
  }
  return problems;
}
"""


@pytest.fixture(scope="module")
def layout_pages(layout_site: Path) -> list:
    return screens.page_types(layout_site)


def _rows() -> list[dict]:
    return screens.read_rows()


def _cases() -> list:
    """One test per table row and width; a glob row checks each of its pages in turn."""
    cases = []
    for row in _rows():
        widths = [screens.PHONE[0], screens.LAPTOP[0], *row.get("widths", [])]
        cases += [pytest.param(row["name"], width, id=f"{row['name']}@{width}") for width in widths]
    return cases


def check_page(browser, url: str, entry, viewport: tuple[int, int]) -> list[str]:
    """Every problem the checks find on one page at one viewport size (empty when it reads well)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    try:
        page.goto(url + entry.path)
        page.wait_for_load_state("networkidle")
        problems = page.evaluate(
            CHECKS_JS,
            {
                "facts": entry.facts,
                "lists": list(entry.lists),
                "tables": entry.tables,
                "excluded": ", ".join(BY_DESIGN),
                "scrollAllowed": SCROLL_ALLOWED,
                "wide": viewport[0] >= LAPTOP_MIN,
            },
        )
    finally:
        context.close()
    return [f"console error: {e}" for e in errors] + problems


@pytest.mark.parametrize(("name", "width"), _cases())
def test_page_reads_well(browser, layout_url: str, layout_pages: list, name: str, width: int) -> None:
    entries = [p for p in layout_pages if p.row == name]
    assert entries, f"no page for row {name}"
    found = {}
    for entry in entries:
        viewport = next(v for v in entry.viewports() if v[0] == width)
        problems = check_page(browser, layout_url, entry, viewport)
        if problems:
            found[entry.path] = problems
    assert found == {}


def test_page_table_covers_every_page_type(layout_pages: list, layout_config: Path) -> None:
    """The issue's list: practices with one, two and 4+ dimensions, every benchmark group, each facet..."""
    paths = {p.path for p in layout_pages}
    site_groups = {f"benchmarks/{path.stem}.html" for path in (screens.ROOT / "data" / "benchmarks").glob("*.yml")}
    assert site_groups <= paths
    for required in (
        "index.html",
        "explorer.html",
        "benchmarks/index.html",
        "dimensions/index.html",
        "countries/index.html",
        "sizes/index.html",
        "self-assessment/index.html",
        "contribute/review.html",
        "guide/sources.html",
        "data/index.html",
        "404.html",
    ):
        assert required in paths
    catalogue = load_atlas(AtlasPaths.from_mkdocs_yml(layout_config)).catalogue
    assert catalogue is not None
    dimensions = {len(catalogue.by_slug[Path(p.path).stem].dimensions) for p in layout_pages if p.facts}
    assert {1, 2} <= dimensions and max(dimensions) >= 4
    assert any(1366 in p.widths for p in layout_pages if p.path == "self-assessment/index.html")


# ---- the checks themselves catch each defect, planted on a real page --------------------------------------


PLANTS = {
    "the page too wide": (
        "index.html",
        (390, 844),
        "document.querySelector('article').append(Object.assign(document.createElement('div'),"
        " {style: 'width: 900px', textContent: 'wide'}))",
        "wide in a 390px window",
    ),
    "text cut off": (
        "index.html",
        (1280, 800),
        "const d = Object.assign(document.createElement('div'), {style: 'overflow: hidden; width: 80px;"
        " white-space: nowrap'}); d.textContent = 'a sentence far longer than its box'; "
        "document.querySelector('article').append(d)",
        "text cut off",
    ),
    "a run-on list": (
        "index.html",
        (1280, 800),
        "const p = document.createElement('p'); p.textContent = 'Practices:\\n- one\\n- two';"
        " document.querySelector('article').append(p)",
        "a list shown as one paragraph",
    ),
    "a wide table at 1366": (
        "index.html",
        (1366, 800),
        "const w = Object.assign(document.createElement('div'), {style: 'overflow-x: auto'});"
        " w.innerHTML = '<table><tr><td style=\"min-width: 3000px\">x</td></tr></table>';"
        " document.querySelector('article').append(w)",
        "needs a sideways scroll",
    ),
    "a console error": ("index.html", (390, 844), "console.error('planted')", "console error: planted"),
}


@pytest.mark.parametrize("defect", sorted(PLANTS))
def test_checks_catch_a_planted_defect(browser, layout_url: str, defect: str) -> None:
    path, viewport, script, expected = PLANTS[defect]
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(layout_url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate(f"() => {{ {script} }}")
    problems = page.evaluate(
        CHECKS_JS,
        {
            "facts": False,
            "lists": [],
            "tables": False,
            "excluded": ", ".join(BY_DESIGN),
            "scrollAllowed": SCROLL_ALLOWED,
            "wide": viewport[0] >= LAPTOP_MIN,
        },
    )
    context.close()
    found = [f"console error: {e}" for e in errors] + problems
    assert any(expected in p for p in found), found


def test_facts_check_catches_a_value_on_the_wrong_row(browser, layout_url: str) -> None:
    """A second value after a label, in a two-column grid, pushes the next values down a row."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(layout_url + "practices/ung-kraft.html")
    page.evaluate("""() => {
        const dl = document.querySelector('.atlas-facts dl');
        dl.style.display = 'grid'; dl.style.gridTemplateColumns = 'max-content 1fr';
        for (const el of dl.children) el.style.gridColumn = 'auto';
        const dd = document.createElement('dd'); dd.textContent = 'a second value';
        dl.querySelector('dd').after(dd);
    }""")
    problems = page.evaluate(
        CHECKS_JS,
        {
            "facts": True,
            "lists": [],
            "tables": False,
            "excluded": ", ".join(BY_DESIGN),
            "scrollAllowed": SCROLL_ALLOWED,
            "wide": True,
        },
    )
    context.close()
    assert any("not side by side" in p for p in problems), problems


# ---- the Markdown the templates write ----------------------------------------------------------------------

_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+\.) \S")


def paragraph_lines_before_lists(markdown_text: str) -> list[str]:
    """Lines that run a list into the paragraph above it: Python-Markdown needs a blank line first."""
    lines = markdown_text.split("\n")
    if lines and lines[0] == "---":  # front matter
        end = lines.index("---", 1)
        lines = [""] * (end + 1) + lines[end + 1 :]
    found, fenced = [], False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or number == 0 or not _LIST_ITEM.match(line):
            continue
        previous = lines[number - 1]
        if previous.strip() and not _LIST_ITEM.match(previous) and not previous.startswith((" ", "\t")):
            found.append(f"line {number + 1}: {previous.strip()[:60]!r} then {line.strip()[:40]!r}")
    return found


def test_every_generated_list_has_a_blank_line_before_it(layout_config: Path) -> None:
    """Every generated Markdown page of the layout atlas (all templates, the sample practice's too)."""
    paths = AtlasPaths.from_mkdocs_yml(layout_config)
    result = load_atlas(paths)
    assert result.catalogue is not None, result.problems
    pages = generated_files(result.catalogue, result.data, paths, directory_urls=False)
    markdown = [p for p in pages if p.src_uri.endswith(".md")]
    assert len(markdown) > 50
    found = {p.src_uri: hits for p in markdown if (hits := paragraph_lines_before_lists(p.content))}
    assert found == {}


def test_the_list_check_sees_a_list_run_into_its_paragraph() -> None:
    assert paragraph_lines_before_lists("Practices that help meet it (2):\n- [A](a.md)\n- [B](b.md)\n")
    assert not paragraph_lines_before_lists("Practices that help meet it (2):\n\n- [A](a.md)\n- [B](b.md)\n")
    assert not paragraph_lines_before_lists("---\ntitle: x\nhide:\n  - toc\n---\n\n# x\n")
