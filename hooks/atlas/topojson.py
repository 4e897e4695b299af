"""Read a TopoJSON topology (the Natural Earth countries of the `world-atlas` npm package).

TopoJSON stores each shared border once, as an "arc", and each country as
lists of arc indexes; a quantised file stores the arcs as integer deltas and
gives a transform back to longitude and latitude. Decoding is a few lines,
written here rather than pulled in with a geometry stack (the PyPI `topojson`
package brings shapely and numpy for what is, read-only, a loop over deltas).
Format: https://github.com/topojson/topojson-specification
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # (longitude, latitude) in degrees


class TopologyError(ValueError):
    """The file is not a TopoJSON topology we can read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Feature:
    """One geometry of an object: its id, its properties, and its polygons as rings of arc indexes.

    A negative index `~i` means arc `i` walked backwards (the specification's one's complement).
    """

    id: str | None
    properties: dict[str, Any]
    polygons: tuple[tuple[tuple[int, ...], ...], ...]  # polygon -> ring -> arc indexes


@dataclass(frozen=True)
class Topology:
    arcs: tuple[tuple[Point, ...], ...]  # decoded to degrees
    objects: dict[str, tuple[Feature, ...]]

    def ring(self, arc_indexes: tuple[int, ...]) -> list[Point]:
        """The points of a ring, its arcs joined (each arc starts where the previous one ended)."""
        points: list[Point] = []
        for index in arc_indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points


def decode_arcs(raw_arcs: list[list[list[float]]], transform: dict[str, list[float]] | None) -> list[list[Point]]:
    """Arcs in degrees: quantised arcs are running sums of integer deltas, scaled and translated."""
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in raw_arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in raw_arcs:
        x = y = 0.0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _polygons(geometry: dict[str, Any]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return (tuple(tuple(ring) for ring in geometry["arcs"]),)
    if kind == "MultiPolygon":
        return tuple(tuple(tuple(ring) for ring in polygon) for polygon in geometry["arcs"])
    return ()  # points, lines and null geometries draw nothing on a country map


def parse_topology(document: Any, where: str = "topology") -> Topology:
    """A parsed TopoJSON document; raises TopologyError naming `where` when it is not one."""
    if not isinstance(document, dict) or document.get("type") != "Topology":
        raise TopologyError(f'{where}: expected a TopoJSON object with "type": "Topology"')
    try:
        arcs = decode_arcs(document["arcs"], document.get("transform"))
        objects: dict[str, tuple[Feature, ...]] = {}
        for name, obj in document["objects"].items():
            geometries = obj.get("geometries", [obj]) if obj.get("type") == "GeometryCollection" else [obj]
            objects[name] = tuple(
                Feature(
                    str(g["id"]) if g.get("id") is not None else None, dict(g.get("properties") or {}), _polygons(g)
                )
                for g in geometries
            )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise TopologyError(f"{where}: not a readable TopoJSON topology ({type(err).__name__}: {err})") from None
    return Topology(tuple(tuple(arc) for arc in arcs), objects)


def read_topology(path: Path) -> Topology:
    """The topology in `path`; a missing file gets the command that installs it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TopologyError(f"{path}: not found; run `make setup` (it installs the map data with `npm ci`)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise TopologyError(f"{path}: cannot be read: {err}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise TopologyError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None
    return parse_topology(document, str(path))
