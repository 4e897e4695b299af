"""Content Security Policy for every built page: pure functions over HTML text.

The policy lets scripts come from the site itself only. No page may carry an
inline script: Material's few inline scripts are moved into files by the
theme overrides (overrides/partials/javascripts/), so a script that shows up
inline in a built page can only be injected content, and the build stops
(`InlineScriptError`) rather than hash it into the policy.

The one allowance beyond "own origin": `'wasm-unsafe-eval'`, which lets the
site search (Pagefind, served from the site itself) compile its WebAssembly
module. It allows WebAssembly compilation only, not `eval()` of JavaScript,
and the module can only come from our own origin (script-src and connect-src
'self').

The policy is a `<meta http-equiv>` tag because the site is also opened from a
folder (file://), where no server sends headers.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from .htmlsafety import URL_ATTRIBUTES, is_event_attribute, is_script_url

# The only inline script types allowed: data a browser never executes, namely Material's page
# config (application/json) and structured data (application/ld+json, see jsonld.py). Every other
# inline script is refused whatever its type: browsers run many JavaScript MIME types
# (text/jscript, application/x-javascript, ...), and importmap or speculationrules act too.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})

BASE_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly, which browsers may only
    # compile under this keyword; it does not allow eval() of JavaScript.
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    # Stylesheets from the site only; style="" attributes stay allowed because
    # Markdown tables align columns with them (they cannot run code or fetch).
    ("style-src", ("'self'",)),
    ("style-src-attr", ("'unsafe-inline'",)),
    # Material's stylesheets draw icons from data: URIs.
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    # Pagefind fetches its index chunks and runs them in a worker, both from the site.
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("frame-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


class _ScriptCollector(HTMLParser):
    """Collects the text of executable inline scripts and of handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self._current: list[str] | None = None
        self._kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:  # the validator's own judgement (atlas.htmlsafety), so the two agree
            if is_event_attribute(name) or (name in URL_ATTRIBUTES and is_script_url(value or "")):
                self.handlers.append(f"<{tag} {name}={value!r}>")
        if tag != "script":
            return
        attributes = {name: (value or "") for name, value in attrs}
        script_type = attributes.get("type", "").strip().lower()
        if "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
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


def source_hash(text: str) -> str:
    """A CSP hash source for a script's text (UTF-8, SHA-256); the tests use it to show a
    structured-data block would need one if it were a script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    """The policy text: our own origin only, plus the given inline-script hashes (none today)."""
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
# needed for the pages that match. No pattern tries to tell where a tag ends (a
# quoted ">" inside a tag fooled the earlier one): each looks at the whole page.
_SUSPECTS = (
    re.compile(r"""<script\b(?![^>]*\ssrc=)(?![^>]*\sid="__config")(?![^>]*\stype="application/ld\+json")""", re.I),
    # A handler attribute, anywhere (text such as "on = " merely costs a parse).
    re.compile(r"""[\s/"'`]on[\w:.-]*\s*=""", re.I),
    # A character reference that could spell part of an encoded javascript:
    # numeric ones (except the escaped quotes that are everywhere), and the
    # named ones of ':' and of blanks a browser drops from a URL.
    re.compile(r"""&#(?!39;|x27;|34;|x22;)|&(?:colon|tab|newline);""", re.I),
    re.compile(r"""j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t\s*:""", re.I),
)


def _suspect(html: str) -> bool:
    """Separate patterns: each keeps the regex engine's fast literal scan."""
    return any(pattern.search(html) for pattern in _SUSPECTS)


def page_policy(html: str) -> str:
    """The policy for one built page; raises InlineScriptError if it has an inline script."""
    if not _suspect(html):
        return policy()
    collected = _collect(html)
    scripts = collected.inline + collected.handlers
    if scripts:
        raise InlineScriptError(
            f"{len(scripts)} inline script(s) or handler(s), the first begins {scripts[0].strip()[:80]!r}: "
            "the Content Security Policy blocks inline scripts. Put the code in a .js file; "
            "if it came from a contributor's text, escape it; if it is Material's own, the site's "
            "mkdocs.yml needs `theme.custom_dir` set to the project's overrides/ folder, which moves "
            "Material's inline scripts into files"
        )
    return policy()


_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def add_policy(html: str) -> str:
    """The page with its policy as the first element of <head> after the charset.

    A meta policy only governs what follows it, so it goes before any script or
    stylesheet. Pages without a <head> are returned unchanged.
    """
    head = _HEAD.search(html)
    if not head:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html)}">'
    charset = _CHARSET.search(html, head.end())
    at = charset.end() if charset and html[head.end() : charset.start()].strip() == "" else head.end()
    return html[:at] + tag + html[at:]
