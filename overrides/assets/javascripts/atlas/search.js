/* The atlas's site search: Material's search box, Pagefind behind it.
 *
 * Nothing is downloaded until the box is used: focusing it loads Pagefind
 * (pagefind.js, its WebAssembly and the small index entry), and each query
 * fetches only the index chunks and result fragments it needs.
 *
 * From file:// (a copied folder) browsers refuse Pagefind's module and fetches,
 * so the box says so in one line and hands the words to the explorer's text
 * filter instead (the form's own action: explorer.html?text=...).
 *
 * Every value from the index is inserted as text, never as HTML; the excerpt's
 * <mark> highlights are rebuilt as elements from Pagefind's escaped excerpt.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-atlas-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var form = root.querySelector("form");
  var input = root.querySelector("[data-atlas-search-query]");
  var status = root.querySelector("[data-atlas-search-status]");
  var list = root.querySelector("[data-atlas-search-results]");
  var bundleUrl = new URL(root.getAttribute("data-atlas-search-bundle"), location.href);
  var explorerUrl = new URL(root.getAttribute("data-atlas-search-explorer"), location.href);
  var siteRoot = new URL("../", bundleUrl);   // the bundle sits at <site>/pagefind/

  var PAGE = 5;               // results fetched at a time (each is one small file): about a screenful
  var LOAD_TIMEOUT_MS = 15000;
  var fromFolder = location.protocol === "file:";
  var engine = null;          // Promise of the Pagefind module, once asked for
  var sequence = 0;           // newest query wins; slower answers to older ones are dropped
  var timer = null;

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function explorerHref(query) {
    var url = new URL(explorerUrl.href);
    if (query) url.searchParams.set("text", query);
    return url.href;
  }

  /* The status line says which query it (and the list under it) is about: data-atlas-search-query. */
  function setStatus(text, linkText, query) {
    status.textContent = text;
    status.setAttribute("data-atlas-search-query", query || "");
    if (linkText) {
      var link = document.createElement("a");
      link.href = explorerHref(query);
      link.textContent = linkText;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }
  }

  function loadEngine() {
    if (!engine) {
      var timeout = new Promise(function (_, reject) {
        setTimeout(function () { reject(new Error("timeout")); }, LOAD_TIMEOUT_MS);
      });
      var load = import(bundleUrl.href).then(function (pagefind) {
        // noWorker: search in the page itself; the worker would cost one more 43 KB download (pagefind-worker.js)
        // on the first search, and a search over the index chunks is quick enough here.
        return pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 24, noWorker: true })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine = Promise.race([load, timeout]);
      engine.catch(function () { engine = null; });   // a later keystroke may try again
    }
    return engine;
  }

  /* Pagefind's excerpt is HTML-escaped text with <mark> around matches. */
  function decode(text) {
    return text.replace(/&(lt|gt|amp|quot|apos|#39|#x27);/g, function (_, name) {
      return { lt: "<", gt: ">", amp: "&", quot: "\"", apos: "'", "#39": "'", "#x27": "'" }[name];
    });
  }

  function appendExcerpt(node, excerpt) {
    var marked = false;
    String(excerpt || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = document.createTextNode(decode(part));
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        node.appendChild(mark);
      } else {
        node.appendChild(text);
      }
    });
  }

  function sameSiteHref(url) {
    var target = new URL(url, siteRoot);
    return target.origin === location.origin ? target.href : null;
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var href = sameSiteHref(data.url);
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    if (href) link.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = meta.title || data.url;
    article.appendChild(icon);
    article.appendChild(title);
    var facts = [meta.place, meta.country, meta.size].filter(function (fact, i, all) {
      return fact && all.indexOf(fact) === i;   // a national practice's place is its country
    });
    if (facts.length) {
      var line = document.createElement("p");
      line.className = "atlas-search-result__facts";
      line.textContent = facts.join(" · ");
      article.appendChild(line);
    }
    var excerpt = document.createElement("p");
    appendExcerpt(excerpt, data.excerpt);
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function showPage(results, from, mine, focusFirst, query) {
    return Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }))
      .then(function (pages) {
        if (mine !== sequence) return;
        if (from === 0) {
          // The previous query's results stay until now (no flicker); count and list change together.
          list.textContent = "";
          setStatus(plural(results.length, "matching practice", "matching practices"), null, query);
        }
        var more = list.querySelector(".atlas-search-more");
        if (more) more.remove();
        var items = pages.map(resultItem);
        items.forEach(function (item) { list.appendChild(item); });
        // Keyboard users who asked for more land on the first new result, not on a removed button.
        if (focusFirst && items.length) items[0].querySelector("a").focus();
        var left = results.length - from - PAGE;
        if (left > 0) {
          var li = document.createElement("li");
          li.className = "atlas-search-more";
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = "Show " + plural(Math.min(left, PAGE), "more result", "more results");
          button.addEventListener("click", function () {
            button.disabled = true;
            showPage(results, from + PAGE, mine, true, query);
          });
          li.appendChild(button);
          list.appendChild(li);
        }
      });
  }

  function run(query) {
    var mine = ++sequence;
    if (!query || fromFolder) list.textContent = "";
    if (!query) {
      setStatus("Type to start searching", null, "");
      return;
    }
    if (fromFolder) {
      setStatus("Search needs a web server; from a folder, use the explorer's filter:",
        "find \u201c" + query + "\u201d in the explorer", query);
      return;
    }
    if (!engine) setStatus("Loading search\u2026", null, query);
    loadEngine().then(function (pagefind) {
      return pagefind.search(query).then(function (found) {
        if (mine !== sequence) return;
        var results = (found && found.results) || [];
        if (!results.length) {
          list.textContent = "";
          setStatus("No matching practice.", "Try the explorer's filter", query);
          return;
        }
        return showPage(results, 0, mine, false, query);
      });
    }).catch(function () {
      if (mine !== sequence) return;
      list.textContent = "";
      setStatus("Search could not load here.", "Find \u201c" + query + "\u201d with the explorer's filter", query);
    });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  input.addEventListener("focus", function () {
    open();
    if (!fromFolder) loadEngine().catch(function () {});   // warm up while the user types
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    timer = setTimeout(function () { run(query); }, 60);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(""); input.focus(); }, 0);
  });
  form.addEventListener("submit", function (event) {
    // With the engine at hand, Enter opens the first result; otherwise the form
    // goes to the explorer's text filter (its action), which also works from file://.
    var first = list.querySelector("a[href]");
    if (first && !fromFolder) {
      event.preventDefault();
      location.href = first.href;
    }
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a[href], button")); }

  function typingElsewhere(target) {
    return target !== input && target instanceof Element &&
      (target.closest("input, textarea, select, [contenteditable]") !== null);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typingElsewhere(event.target)) return;
    if (!toggle.checked) {
      // Material's shortcuts: "/", "s" or "f" opens search.
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        event.preventDefault();
        open();
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var items = links();
      if (!items.length) return;
      event.preventDefault();
      var at = items.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) { input.focus(); return; }
      items[Math.min(next, items.length - 1)].focus();
    }
  });
}());
