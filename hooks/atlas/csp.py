"""Content Security Policy for every built page: pure functions over HTML text.

The policy lets scripts come from the site itself only. No page may carry an
inline script: Material's few inline scripts are moved into files by the
theme overrides (overrides/partials/javascripts/), so a script that shows up
inline in a built page can only be injected content, and the build stops
(`InlineScriptError`) rather than hash it into the policy.

One inline script is allowed by hash: the iframe-worker shim, which runs the
search worker from file://, writes it into a hidden iframe that inherits this
policy. Its text is derived from the shim's own source and the search worker
URL of the page (see `iframe_worker_bootstrap`).

The policy is a `<meta http-equiv>` tag because the site is also opened from a
folder (file://), where no server sends headers.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from html.parser import HTMLParser

# The only inline script types allowed: data a browser never executes, namely Material's page
# config (application/json) and structured data (application/ld+json, see jsonld.py). Every other
# inline script is refused whatever its type: browsers run many JavaScript MIME types
# (text/jscript, application/x-javascript, ...), and importmap or speculationrules act too.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})

# Attributes whose javascript: URL would run code (browsers ignore leading spaces and controls).
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}
_JS_URL = re.compile(r"^[\s\x00-\x1f]*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)

BASE_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    # Stylesheets from the site only; style="" attributes stay allowed because
    # Markdown tables align columns with them (they cannot run code or fetch).
    ("style-src", ("'self'",)),
    ("style-src-attr", ("'unsafe-inline'",)),
    # Material's stylesheets draw icons from data: URIs.
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("frame-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


class _ScriptCollector(HTMLParser):
    """Collects the text of executable inline scripts and Material's page config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self.config_text: str | None = None
        self._current: list[str] | None = None
        self._kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (name in _URL_ATTRIBUTES and _JS_URL.match(value or "")):
                self.handlers.append(f"<{tag} {name}={value!r}>")
        if tag != "script":
            return
        attributes = {name: (value or "") for name, value in attrs}
        script_type = attributes.get("type", "").strip().lower()
        if attributes.get("id") == "__config":
            self._kind = "config"
        elif "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
            self._kind = "inline"
        else:
            self._kind = "other"
        self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._current is None:
            return
        text = "".join(self._current)
        if self._kind == "inline":
            self.inline.append(text)
        elif self._kind == "config":
            self.config_text = text
        self._current = None


def _collect(html: str) -> _ScriptCollector:
    collector = _ScriptCollector()
    collector.feed(html)
    collector.close()
    return collector


def inline_scripts(html: str) -> list[str]:
    """The exact text of every inline script that is not plain data (DATA_SCRIPT_TYPES), in order."""
    return _collect(html).inline


def inline_handlers(html: str) -> list[str]:
    """Event-handler attributes (onclick=...) and javascript: URLs: inline script by other means."""
    return _collect(html).handlers


def search_worker_url(html: str) -> str | None:
    """The search worker URL Material passes to `new Worker(...)` on this page, if any."""
    return _worker_url(_collect(html).config_text)


def _worker_url(text: str | None) -> str | None:
    if not text:
        return None
    try:
        value = json.loads(text).get("search")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def source_hash(text: str) -> str:
    """A CSP hash source for a script's text (UTF-8, SHA-256)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _function_source(source: str, name: str) -> str | None:
    """The text of `function name(...){...}` in minified source, braces balanced."""
    match = re.search(r"function " + re.escape(name) + r"\(", source)
    if not match:
        return None
    depth = 0
    for index in range(source.index("{", match.end()), len(source)):
        if source[index] == "{":
            depth += 1
        elif source[index] == "}":
            depth -= 1
            if depth == 0:
                return source[match.start():index + 1]
    return None


_BOOTSTRAP = re.compile(r"document\.write\(`<html><body><script>(?P<body>.*?)<\\/script>", re.S)


def iframe_worker_bootstrap(shim_source: str, worker_url: str) -> str | None:
    """The inline script the iframe-worker shim writes into its iframe for `worker_url`.

    The shim builds it from a template literal whose `${name}` parts are either
    functions of the shim (inserted as their source text, which is what
    Function.prototype.toString returns) or the worker URL. None when the shim
    does not have the expected shape, so a new shim version fails loudly in the
    browser tests instead of being hashed wrongly in silence.
    """
    match = _BOOTSTRAP.search(shim_source)
    if not match:
        return None
    parts: list[str] = []
    position = 0
    body = match.group("body")
    for placeholder in re.finditer(r"\$\{(\w+)\}", body):
        parts.append(body[position:placeholder.start()])
        function = _function_source(shim_source, placeholder.group(1))
        parts.append(function if function is not None else worker_url)
        position = placeholder.end()
    parts.append(body[position:])
    return "".join(parts)


def policy(script_hashes: list[str]) -> str:
    """The policy text: our own origin only, plus the given inline-script hashes."""
    directives = []
    for name, sources in BASE_DIRECTIVES:
        values = list(sources)
        if name == "script-src":
            values += list(dict.fromkeys(script_hashes))
        directives.append(f"{name} {' '.join(values)}")
    return "; ".join(directives)


class InlineScriptError(ValueError):
    """A built page carries an inline script, which the policy would block."""


# Anything that might be an inline script, a handler attribute or a javascript:
# URL. Over-matches on purpose: a page with no match cannot hold any of them, so
# the full HTML parse (a few ms per page, the build's largest added cost) is only
# needed for the pages that match.
_SUSPECTS = (
    re.compile(r"""<script\b(?![^>]*\ssrc=)(?![^>]*\sid="__config")(?![^>]*\stype="application/ld\+json")""", re.I),
    # A handler, or an entity that could spell an encoded javascript: (the
    # escapes of quotes, & and angle brackets cannot, and are everywhere).
    re.compile(r"""<[^>]*(?:[\s/"']on[\w:-]*\s*=|&(?!#39;|#x27;|quot;|amp;|lt;|gt;))""", re.I),
    re.compile(r"""j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:""", re.I),
)


def _suspect(html: str) -> bool:
    """Separate patterns: each keeps the regex engine's fast literal scan."""
    return any(pattern.search(html) for pattern in _SUSPECTS)


_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def page_policy(html: str, shim_source: str | None = None) -> str:
    """The policy for one built page; raises InlineScriptError if it has an inline script."""
    if not _suspect(html):
        config = _CONFIG.search(html)
        return _policy_for(shim_source, _worker_url(config.group(1) if config else None))
    collected = _collect(html)
    scripts = collected.inline + collected.handlers
    if scripts:
        raise InlineScriptError(
            f"{len(scripts)} inline script(s) or handler(s), the first begins {scripts[0].strip()[:80]!r}: "
            "the Content Security Policy blocks inline scripts. Put the code in a .js file; "
            "if it came from a contributor's text, escape it; if it is Material's own, the site's "
            "mkdocs.yml needs `theme.custom_dir` set to the project's overrides/ folder, which moves "
            "Material's inline scripts into files")
    return _policy_for(shim_source, _worker_url(collected.config_text))


@functools.lru_cache(maxsize=64)
def _policy_for(shim_source: str | None, worker_url: str | None) -> str:
    """Pages at the same depth share a worker URL, hence a policy: computed once."""
    hashes = []
    if shim_source and worker_url:
        bootstrap = iframe_worker_bootstrap(shim_source, worker_url)
        if bootstrap is not None:
            hashes.append(source_hash(bootstrap))
    return policy(hashes)


_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def add_policy(html: str, shim_source: str | None = None) -> str:
    """The page with its policy as the first element of <head> after the charset.

    A meta policy only governs what follows it, so it goes before any script or
    stylesheet. Pages without a <head> are returned unchanged.
    """
    head = _HEAD.search(html)
    if not head:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html, shim_source)}">'
    charset = _CHARSET.search(html, head.end())
    at = charset.end() if charset and html[head.end():charset.start()].strip() == "" else head.end()
    return html[:at] + tag + html[at:]
