"""What WeasyPrint's tagged PDF (PDF/UA-1) leaves to us, added with pikepdf after writing.

WeasyPrint tags headings, paragraphs, lists, tables, figures and links, sets
the language and DisplayDocTitle. Two things a screen reader needs it does
not know: a link annotation's description (it writes the raw target, such as
`#p-ung-kraft`, where a reader needs "Ung Kraft, page 41"), and which way a
table header cell applies (HTML's `scope` is not carried over). Both are
filled in here, in the one place that sees the finished file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name, Object

# A link's target as WeasyPrint writes it (a named destination or a URL) -> what the link is for.
LinkDescriber = Callable[[str, int | None], str | None]


def finish_tagged_pdf(path: Path, describe_link: LinkDescriber) -> None:
    """Describe every link annotation and give every table header cell its scope, in place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pages_by_objgen = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        destinations = _named_destinations(pdf)
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                if annot.get("/Subtype") != Name.Link:
                    continue
                target, page_index = _link_target(annot, destinations, pages_by_objgen)
                text = describe_link(target, page_index) if target is not None else None
                if text:
                    annot.Contents = pikepdf.String(text)
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            for element in _struct_elements(root):
                if element.get("/S") != Name.TH:
                    continue
                attributes = element.get("/A")
                if isinstance(attributes, Dictionary) and attributes.get("/O") == Name.Table:
                    if "/Scope" not in attributes:
                        attributes.Scope = _scope(element)
                elif attributes is None:
                    element.A = Dictionary(O=Name.Table, Scope=_scope(element))
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, Object]:
    found: dict[str, Object] = {}
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for key, value in pikepdf.NameTree(names.Dests).items():
            found[str(key)] = value
    dests = pdf.Root.get("/Dests")
    if dests is not None:
        for key in dests.keys():
            found[str(key).lstrip("/")] = dests[key]
    return found


def _link_target(
    annot: Object, destinations: dict[str, Object], pages_by_objgen: dict[tuple[int, int], int]
) -> tuple[str | None, int | None]:
    """(the destination name or URL, the page index an internal link opens)."""
    action = annot.get("/A")
    if action is not None and action.get("/S") == Name.URI:
        return str(action.URI), None
    dest = annot.get("/Dest")
    if dest is None and action is not None and action.get("/S") == Name.GoTo:
        dest = action.get("/D")
    if dest is None:
        return None, None
    name = str(dest) if isinstance(dest, (pikepdf.String, Name)) else None
    if name is not None:
        dest = destinations.get(name.lstrip("/"))
    if isinstance(dest, Dictionary) and "/D" in dest:
        dest = dest.D
    page_index = None
    if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], Dictionary):
        page_index = pages_by_objgen.get(dest[0].objgen)
    return (name.lstrip("/") if name else ""), page_index


def _struct_elements(node: Object) -> Iterator[Object]:
    stack = [node]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        if not isinstance(item, Dictionary):
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if item.get("/Type", Name.StructElem) == Name.StructElem and "/S" in item:
            yield item
        kids = item.get("/K")
        if kids is not None:
            stack.append(kids)


def _scope(th: Object) -> Name:
    """Row when the header cell starts a row of data cells (a facts table), Column when its row is all headers."""
    row = th.get("/P")
    kids = row.get("/K") if row is not None else None
    cells = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    kinds = {cell.get("/S") for cell in cells if isinstance(cell, Dictionary)}
    return Name.Row if Name.TD in kinds else Name.Column
