"""Join tagged PDFs written part by part into one tagged PDF, with pikepdf.

Writing each part of the training pack as soon as it is laid out keeps only
one part's layout in memory; joining them must then keep what makes the
result accessible and navigable: one structure tree (each part's Document
children under the first part's Document, the parent tree renumbered, table
header ids made unique), one set of named destinations, links between parts
(written as `atlas-dest:NAME` addresses, since a part cannot point into
another, and turned into internal links here), and one outline built from the
pack's plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

CROSS_PART_SCHEME = "atlas-dest:"

Outline = list[tuple[str, str, list[tuple[str, str]]]]  # (anchor, title, [(anchor, title)])


def join_tagged_parts(parts: list[Path], target: Path, outline: Outline, title: str) -> int:
    """Write `target` from `parts` (in order); returns its page count."""
    with pikepdf.open(parts[0]) as base:
        root = base.Root.StructTreeRoot
        document = _document_element(root)
        nums = root.ParentTree.Nums
        next_key = _next_key(nums)
        names = _named_destinations(base)
        _prefix_ids(document, "p0-")
        for number, path in enumerate(parts[1:], start=1):
            with pikepdf.open(path) as part:
                first_new = len(base.pages)
                base.pages.extend(part.pages)
                part_root = part.Root.StructTreeRoot
                part_document = _document_element(part_root)
                offset = next_key
                for page in base.pages[first_new:]:
                    if "/StructParents" in page.obj:
                        page.obj.StructParents = int(page.obj.StructParents) + offset
                    for annot in page.obj.get("/Annots") or []:
                        if "/StructParent" in annot:
                            annot.StructParent = int(annot.StructParent) + offset
                found = part_document.get("/K")
                kids = list(found) if isinstance(found, Array) else [found] if found is not None else []
                copied = Array([_copy(base, kid) for kid in kids])
                for kid in copied:
                    if isinstance(kid, Dictionary):
                        kid.P = document
                    document.K.append(kid)
                _prefix_ids_in(copied, f"p{number}-")
                part_nums = part_root.ParentTree.Nums
                for index in range(0, len(part_nums), 2):
                    nums.append(int(part_nums[index]) + offset)
                    value = part_nums[index + 1]
                    nums.append(_copy(base, value))  # a struct element, or an array of them (one per item of a page)
                next_key = offset + _next_key(part_nums)
                for name, destination in _named_destinations(part).items():
                    names[name] = _copy(base, destination)
        root.ParentTreeNextKey = next_key
        _write_names(base, names)
        _resolve_cross_part_links(base, names)
        _write_outline(base, names, outline)
        base.docinfo["/Title"] = pikepdf.String(title)
        base.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(base.pages)


def _copy(base: pikepdf.Pdf, value: Any) -> Any:
    """A foreign object into `base`: indirect ones by copy_foreign, direct arrays and dictionaries item by item."""
    if not isinstance(value, pikepdf.Object):
        return value  # numbers, booleans: plain Python values
    if value.is_indirect:
        return base.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(base, v) for v in value])
    if isinstance(value, Dictionary):
        return Dictionary({k: _copy(base, v) for k, v in value.items()})
    return value


def _document_element(root: Any) -> Any:
    kids = root.K
    return kids[0] if isinstance(kids, Array) else kids


def _next_key(nums: Any) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys) + 1 if keys else 0


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    found: dict[str, pikepdf.Object] = {}
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for key, value in pikepdf.NameTree(names.Dests).items():
            found[str(key)] = value
    return found


def _write_names(pdf: pikepdf.Pdf, names: dict[str, pikepdf.Object]) -> None:
    tree = pikepdf.NameTree.new(pdf)
    for name in sorted(names):
        tree[name] = names[name]
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pdf.make_indirect(Dictionary())
    pdf.Root.Names.Dests = tree.obj


def _resolve_cross_part_links(pdf: pikepdf.Pdf, names: dict[str, pikepdf.Object]) -> None:
    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(CROSS_PART_SCHEME):
                continue
            name = uri.removeprefix(CROSS_PART_SCHEME)
            if name not in names:
                raise ValueError(f"a link to #{name}, which no part of the pack defines")
            del annot["/A"]
            annot.Dest = pikepdf.String(name)
            if str(annot.get("/Contents", "")).startswith(CROSS_PART_SCHEME):
                annot.Contents = pikepdf.String(name)


def _write_outline(pdf: pikepdf.Pdf, names: dict[str, pikepdf.Object], outline: Outline) -> None:
    index_by_objgen = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

    def page_index(anchor: str) -> int:
        destination = names[anchor]
        if isinstance(destination, Dictionary):
            destination = destination.D
        return index_by_objgen[destination[0].objgen]

    with pdf.open_outline() as tree:
        tree.root.clear()
        for anchor, title, children in outline:
            item = OutlineItem(title, page_index(anchor))
            item.children.extend(OutlineItem(child_title, page_index(child)) for child, child_title in children)
            tree.root.append(item)


def _walk(node: pikepdf.Object) -> Iterator[Dictionary]:
    stack = [node]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, Array):
            stack.extend(item)
            continue
        if not isinstance(item, Dictionary) or "/S" not in item:
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        yield item
        if "/K" in item:
            stack.append(item.K)


def _prefix_ids(document: Dictionary, prefix: str) -> None:
    _prefix_ids_in(document.get("/K") or Array(), prefix)


def _prefix_ids_in(kids: pikepdf.Object, prefix: str) -> None:
    """Table header ids restart in every part (they are object numbers): make them unique, and the cells'
    /Headers with them."""
    for element in _walk(kids):
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, Dictionary) and "/Headers" in attributes:
            attributes.Headers = Array([pikepdf.String(prefix + str(h)) for h in attributes.Headers])
