"""Practice bodies for print: Markdown to safe print HTML (raw HTML stays text, links to practices stay in the pack)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SLUG_LINK = re.compile(r"(?:^|/)([a-z0-9]+(?:-[a-z0-9]+)*)\.(?:md|html)$")


class _PrintTree(Treeprocessor):
    """Fit a body into the pack: headings one level down, links kept only where they resolve."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.anchors: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        # Images are not fetched: each becomes a note with its alt text.
        images = [
            (parent, index, child) for parent in root.iter() for index, child in enumerate(parent) if child.tag == "img"
        ]
        for parent, index, image in images:
            note = etree.Element("span", {"class": "image-note"})
            note.text = f"[image: {image.get('alt') or 'not included in print'}]"
            note.tail = image.tail
            parent[index] = note
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, max(3, int(element.tag[1]) + 1))}"
                element.set("class", "body-heading")
            elif element.tag == "a":
                self._fix_link(element)

    def _fix_link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            return
        slug_match = _SLUG_LINK.search(unquote(parts.path)) if not parts.scheme else None
        if slug_match and slug_match.group(1) in self.anchors:
            element.set("href", "#" + self.anchors[slug_match.group(1)])
            element.set("class", "practice-link")  # a link; page numbers are in the contents and the index
            return
        # A link that would point nowhere in a printed pack becomes plain text.
        element.tag = "span"
        element.attrib.clear()


class _PrintBody(Extension):
    """No raw HTML at all (it shows as text), no attribute lists; only our tree fixes."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PrintTree(md), "atlas_print", 0)


class BodyRenderer:
    """One reusable Markdown converter for practice bodies."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "def_list", "sane_lists", _PrintBody()], output_format="html"
        )
        self._tree: _PrintTree = self._md.treeprocessors["atlas_print"]  # type: ignore[assignment]

    def __call__(self, body: str, anchors: dict[str, str]) -> Markup:
        self._tree.anchors = anchors
        html = self._md.reset().convert(body)
        return Markup(html)  # everything in it was escaped by Markdown's serializer
