"""Is this HTML safe to publish? One answer, from a real HTML parser, for the validator and the build.

A practice body is Markdown whose raw HTML reaches the page unescaped, so the
validator must refuse what a browser would run or fetch: script-like
elements, on…= handler attributes, javascript: URLs, and links or images to
non-public addresses (file://, loopback, private networks, cloud metadata).
Regular expressions cannot tell where a tag ends (`<img alt=">" onerror=…>`),
so the decision is made on the standard library's `html.parser`, which reads
quoted attribute values and character references as a browser does. The
build's Content Security Policy check (atlas.csp) asks the same functions
about the built pages, so the validator and the build cannot disagree.

Code spans and indented code blocks of the Markdown are text: they are found
with Python-Markdown's own code-span scanner and blanked out (keeping every
line in place) before the parse, so a practice about web accessibility may
write `` `<script>` ``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

REMOVE_HTML = "the body is Markdown: remove the HTML"
_NO_SCRIPT = REMOVE_HTML + "; a practice page runs no script"
_LINK_INSTEAD = REMOVE_HTML + "; link to the video or page instead: [text](https://...)"

# Elements that run code, load other pages or restyle the whole site, with what to do instead.
DANGEROUS_ELEMENTS: dict[str, str] = {
    "script": _NO_SCRIPT,
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "form"), _LINK_INSTEAD),
    **dict.fromkeys(("style", "link", "meta", "base"), REMOVE_HTML),
}
# Attributes whose value is a URL a browser follows or loads.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "srcset",
        "ping",
        "manifest",
        "codebase",
        "lowsrc",
        "dynsrc",
    }
)
_BLANKS = re.compile(r"[\s\x00-\x20]+")
_SCRIPT_SCHEME = re.compile(r"^(java|vb)script:", re.I)
_PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa", ".lan", "metadata.google.internal")
_PUBLIC_HINT = "link only to public web pages (https://...): a reader must not be sent to a local or private address"


@dataclass(frozen=True)
class Finding:
    """Something in HTML that a published page must not carry; `line` is 1-based within the text scanned."""

    line: int
    what: str
    hint: str


def is_event_attribute(name: str) -> bool:
    """on…= attributes run script in every browser (onclick, onerror, onload, …)."""
    return name.lower().startswith("on")


def is_script_url(value: str) -> bool:
    """javascript: (or vbscript:) once entities are decoded and the blanks browsers ignore are dropped."""
    return bool(_SCRIPT_SCHEME.match(_BLANKS.sub("", unescape(value))))


def non_public_address(url: str) -> str | None:
    """The host (or 'file://') when a URL points at this machine or a private network, else None."""
    value = _BLANKS.sub("", unescape(url))
    if value.lower().startswith("file:"):
        return "file://"
    if value.startswith("//"):
        value = "http:" + value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    if host in ("localhost", "0") or host.endswith(_PRIVATE_NAMES):
        return host
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = _legacy_ipv4(host)
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return None if address.is_global else host


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Browsers also read 2130706433, 0x7f.1 and 127.1 as IPv4 addresses."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(re.fullmatch(r"0x[0-9a-f]+|[0-9]+", p) for p in parts):
        return None
    try:
        numbers = [
            int(p, 16) if p.startswith("0x") else (int(p, 8) if len(p) > 1 and p.startswith("0") else int(p))
            for p in parts
        ]
        value = 0
        for number in numbers[:-1]:
            value = value * 256 + number
        value = value * 256 ** (5 - len(numbers)) + numbers[-1]
        return ipaddress.IPv4Address(value)
    except ValueError:
        return None


def attribute_finding(name: str, value: str | None) -> tuple[str, str] | None:
    """(what, hint) when one attribute makes a tag unsafe to publish, else None."""
    name = name.lower()
    if is_event_attribute(name):
        return "an on…= event attribute", _NO_SCRIPT
    if name in URL_ATTRIBUTES and value:
        urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
        for url in urls:
            if is_script_url(url):
                return "a javascript: URL", "links must start with https:// or http://"
            host = non_public_address(url)
            if host:
                return f"a link to a non-public address ({host})", _PUBLIC_HINT
    return None


def element_finding(tag: str) -> tuple[str, str] | None:
    tag = tag.lower()
    if tag in DANGEROUS_ELEMENTS:
        article = "an" if tag[0] in "aeiou" else "a"
        return f"{article} <{tag}> element", DANGEROUS_ELEMENTS[tag]
    return None


class _Scanner(HTMLParser):
    """Collects findings with their line; attribute values arrive decoded, quotes respected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def _note(self, found: tuple[str, str] | None, attribute: str | None = None) -> None:
        if not found:
            return
        line = self.getpos()[0]
        if attribute:  # the attribute's own line, in a tag spread over several lines
            tag_text = self.get_starttag_text() or ""
            at = re.search(r"[\s/\"']" + re.escape(attribute), tag_text, re.I)
            line += tag_text.count("\n", 0, at.start() + 1) if at else 0
        self.findings.append(Finding(line, *found))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(element_finding(tag))
        for name, value in attrs:
            self._note(attribute_finding(name, value), name)

    handle_startendtag = handle_starttag


def scan_html(text: str) -> list[Finding]:
    """Every unsafe element, attribute and URL of an HTML text, in order."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.findings


# -- Markdown bodies ---------------------------------------------------------------------
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s")
# Markdown links and images [text](url), reference definitions [id]: url, and autolinks <scheme:...>.
_INLINE_LINK = re.compile(r"\]\(\s*<?([^\s)>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>", re.I)
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")


def mask_code(markdown: str) -> str:
    """The Markdown with code spans and indented code blocks blanked (newlines kept), as Markdown reads them."""
    chars = list(markdown)
    lines = markdown.split("\n")
    offset = 0
    previous_blank, previous_text = True, ""
    in_code = False
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for index, line in enumerate(lines):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if (
            indented
            and not blank
            and (
                in_code
                or (
                    previous_blank
                    and not _LIST_ITEM.match(previous_text)
                    and not previous_text.startswith(("    ", "\t"))
                )
            )
        ):
            in_code = True
            for position in range(starts[index], starts[index] + len(line)):
                chars[position] = " "
        elif not blank:
            in_code = False
        if not blank:
            previous_text = line
        previous_blank = blank
    text = "".join(chars)
    # Code spans, paragraph by paragraph (a span never crosses a blank line).
    for block in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        _mask_spans(chars, block.start(), block.group(0))
    return "".join(chars)


def _mask_spans(chars: list[str], base: int, block: str) -> None:
    position = 0
    while True:
        tick = block.find("`", position)
        if tick < 0:
            return
        if tick and block[tick - 1] == "\\" and not (tick > 1 and block[tick - 2] == "\\"):
            position = tick + 1
            continue
        start, end = _BACKTICKS.find_code_spans(tick, block)  # type: ignore[misc]  # the stubs lag Markdown 3.x
        if end is None:
            position = start
            continue
        for index in range(start, end):
            if chars[base + index] != "\n":
                chars[base + index] = " "
        position = end + (start - tick)


def scan_markdown(markdown: str) -> list[Finding]:
    """Unsafe HTML, attribute lists and link targets of a Markdown text, first finding per line, by line."""
    if not any(mark in markdown for mark in ("<", "&", "{", "](", "]:")):
        return []  # no tag, reference, attribute list or link: nothing to find (most bodies of plain prose)
    text = mask_code(markdown)
    findings = list(scan_html(text)) if "<" in text or "&" in text else []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_at(position: int) -> int:
        low, high = 0, len(line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if line_starts[middle] <= position:
                low = middle
            else:
                high = middle - 1
        return low + 1

    if "{" in text:
        for match in _ATTRIBUTE_LIST.finditer(text):
            attrs, _ = get_attrs_and_remainder(match.group(1))
            for name, value in attrs:
                found = attribute_finding(name, value)
                if found and found[0] == "an on…= event attribute":
                    findings.append(
                        Finding(
                            line_at(match.start()),
                            "an on…= event attribute in an attribute list",
                            "remove the '{: … }' attribute list; a practice page runs no script",
                        )
                    )
                elif found:
                    findings.append(Finding(line_at(match.start()), *found))
    for pattern in (_INLINE_LINK, _REFERENCE, _AUTOLINK):
        for match in pattern.finditer(text):
            found = attribute_finding("href", match.group(1))
            if found:
                findings.append(Finding(line_at(match.start(1)), *found))
    first: dict[int, Finding] = {}
    for finding in findings:
        first.setdefault(finding.line, finding)
    return [first[line] for line in sorted(first)]
