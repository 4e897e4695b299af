"""An offline map of Europe, drawn at build time from Natural Earth country shapes.

The shapes come from the pinned npm package `world-atlas` (TopoJSON of
Natural Earth, installed by `npm ci`). They are projected once with a fixed
Lambert azimuthal equal-area projection centred on Europe (the projection of
the EU's own statistical maps, here on a sphere), simplified border by border
so that neighbours keep a shared edge, clipped to a frame around Europe and
Türkiye, and rounded to whole units of the SVG's viewBox: a map of a few tens
of kilobytes that needs no tiles, no script and no other host.

Two drawings use it: the home page's choropleth (countries shaded by their
number of practices, each a link) and the small locator on a country's page.
Both are rendered by templates (templates/map/), never by string pasting here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycountry
from markupsafe import Markup

from .project import PROJECT_ROOT
from .templating import TEMPLATES, html_environment
from .topojson import Feature, Point, Topology, TopologyError, read_topology

MAP_DATA = PROJECT_ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
ATTRIBUTION = "Country shapes: Natural Earth (public domain), via the world-atlas package."

# Projection centre: 52° N, 10° E, as in the EU's ETRS89-LAEA grid.
_LAT0, _LON0 = math.radians(52.0), math.radians(10.0)
# The frame holds these places (lon, lat): Iceland, Ireland, Portugal's south-west cape, the
# North Cape, Türkiye's eastern border, Cyprus and Crete.
FRAME_POINTS: tuple[Point, ...] = (
    (-24.6, 63.3),
    (-24.0, 66.5),
    (-10.6, 51.6),
    (-9.6, 36.9),
    (25.8, 71.2),
    (44.8, 41.3),
    (44.8, 37.0),
    (34.6, 34.5),
    (23.5, 34.8),
    (-5.6, 35.9),
)
_MARGIN = 0.03  # of the frame's width, on every side
# Natural Earth 4.1 (world-atlas 2.0.2) draws de facto control: its Russia includes Crimea. The
# atlas follows the EU's non-recognition of the annexation, so the polygon of one country that
# holds the point is drawn as part of the other: (from, point (lon, lat), to).
POLYGON_OWNERS: tuple[tuple[str, Point, str], ...] = (("RU", (34.1, 45.0), "UA"),)

# The country pages' locator: a coarser drawing, since it is shown small.
LOCATOR_WIDTH, LOCATOR_TOLERANCE = 400, 0.8

Ring = tuple[tuple[int, int], ...]


class MapDataError(ValueError):
    """The map data cannot be used; the message says which file and what to run."""


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area on the unit sphere; y grows northwards."""
    phi, lam = math.radians(lat), math.radians(lon) - _LON0
    cos_c = math.sin(_LAT0) * math.sin(phi) + math.cos(_LAT0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / max(1.0 + cos_c, 1e-12))  # the antipode (far from Europe) would divide by zero
    return (
        k * math.cos(phi) * math.sin(lam),
        k * (math.cos(_LAT0) * math.sin(phi) - math.sin(_LAT0) * math.cos(phi) * math.cos(lam)),
    )


@dataclass(frozen=True)
class CountryShape:
    """One country as drawn: ISO alpha-2 code (None for a territory without one), name, rings in map units."""

    code: str | None
    name: str
    rings: tuple[Ring, ...]

    @property
    def area(self) -> float:
        """In square map units (holes subtract, since they wind the other way)."""
        return abs(sum(_signed_area(r) for r in self.rings))

    @property
    def centre(self) -> tuple[int, int]:
        """Centre of the largest ring's bounding box: where a marker goes."""
        ring = max(self.rings, key=lambda r: abs(_signed_area(r)))
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2

    @property
    def path(self) -> str:
        return "".join(ring_path(r) for r in self.rings)


@dataclass(frozen=True)
class EuropeMap:
    width: int
    height: int
    shapes: tuple[CountryShape, ...]

    def shape(self, code: str) -> CountryShape | None:
        return next((s for s in self.shapes if s.code == code), None)

    def other_land(self, leave_out: Iterable[str]) -> str:
        """One path for every country not in `leave_out`: drawn as a single grey layer."""
        skip = set(leave_out)
        return "".join(s.path for s in self.shapes if s.code not in skip)


# --- geometry --------------------------------------------------------------------------------------


def _signed_area(ring: Sequence[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2


def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points farther than `tolerance` from the simplified line; ends always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            # Distance to the chord, or to its first end when the arc is closed (an island).
            distance = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_index = distance, i
        if worst > tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def clip_ring(
    ring: Sequence[tuple[float, float]], left: float, top: float, right: float, bottom: float
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against an axis-aligned rectangle (y downwards); may return an empty ring."""
    edges: tuple[tuple[Callable[[tuple[float, float]], bool], int, float], ...] = (
        (lambda p: p[0] >= left, 0, left),
        (lambda p: p[0] <= right, 0, right),
        (lambda p: p[1] >= top, 1, top),
        (lambda p: p[1] <= bottom, 1, bottom),
    )
    out = list(ring)
    for inside, axis, value in edges:
        if not out:
            break
        points, out = out, []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    out.append(_cross(previous, current, axis, value))
                out.append(current)
            elif inside(previous):
                out.append(_cross(previous, current, axis, value))
            previous = current
    return out


def _cross(a: tuple[float, float], b: tuple[float, float], axis: int, value: float) -> tuple[float, float]:
    t = (value - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (value, y) if axis == 0 else (x, value)


def _rounded(ring: Sequence[tuple[float, float]]) -> Ring:
    out: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def ring_path(ring: Ring) -> str:
    """SVG path data for a closed ring: an absolute move, then relative whole-unit steps (short to write)."""
    (x, y), rest = ring[0], ring[1:]
    steps: list[int] = []
    for nx, ny in rest:
        steps += [nx - x, ny - y]
        x, y = nx, ny
    return f"M{ring[0][0]} {ring[0][1]}" + (f"l{_numbers(steps)}" if steps else "") + "z"


def _numbers(values: Iterable[int]) -> str:
    """Numbers as SVG path data writes them: a minus sign separates by itself, so "3-2" but "3 2"."""
    out = ""
    for value in values:
        out += str(value) if value < 0 or not out else f" {value}"
    return out


# --- building the map ------------------------------------------------------------------------------


def country_code(feature: Feature) -> str | None:
    """ISO 3166-1 alpha-2 from Natural Earth's numeric id (None for Kosovo, Northern Cyprus, ...)."""
    if feature.id is None:
        return None
    country = pycountry.countries.get(numeric=feature.id.zfill(3))
    return country.alpha_2 if country is not None else None


@dataclass(frozen=True)
class _Frame:
    left: float
    top: float
    scale: float
    width: int
    height: int

    @classmethod
    def around(cls, points: Iterable[Point], width: int) -> _Frame:
        projected = [project(lon, lat) for lon, lat in points]
        xs, ys = [p[0] for p in projected], [-p[1] for p in projected]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
        margin = _MARGIN * span_x
        scale = width / (span_x + 2 * margin)
        return cls(min(xs) - margin, min(ys) - margin, scale, width, round((span_y + 2 * margin) * scale))

    def place(self, point: Point) -> tuple[float, float]:
        x, y = project(*point)
        return (x - self.left) * self.scale, (-y - self.top) * self.scale


def build_map(
    topology: Topology, width: int = 1000, tolerance: float = 0.7, min_area: float = 1.0, object_name: str = "countries"
) -> EuropeMap:
    """Project, simplify (each shared border once, so neighbours still meet), clip and round."""
    if object_name not in topology.objects:
        raise MapDataError(f"the map data has no '{object_name}' object (found: {', '.join(topology.objects)})")
    frame = _Frame.around(FRAME_POINTS, width)
    pad = 4.0  # clip a little outside the frame, so that clipped edges and their strokes stay out of view
    box = (-pad, -pad, frame.width + pad, frame.height + pad)
    arcs: dict[int, list[tuple[float, float]]] = {}

    def arc(index: int) -> list[tuple[float, float]]:
        i = index if index >= 0 else ~index
        if i not in arcs:
            arcs[i] = simplify([frame.place(p) for p in topology.arcs[i]], tolerance)
        return arcs[i] if index >= 0 else arcs[i][::-1]

    shapes = []
    for code, name, polygons in _owned_polygons(topology, topology.objects[object_name]):
        rings = []
        for polygon in polygons:
            for ring_arcs in polygon:
                points: list[tuple[float, float]] = []
                for index in ring_arcs:
                    part = arc(index)
                    points.extend(part if not points else part[1:])
                ring = _rounded(clip_ring(points, *box))
                if len(ring) >= 3 and abs(_signed_area(ring)) >= min_area:
                    rings.append(ring)
        if rings:
            shapes.append(CountryShape(code, name, tuple(rings)))
    return EuropeMap(frame.width, frame.height, tuple(shapes))


Polygon = tuple[tuple[int, ...], ...]


def _owned_polygons(topology: Topology, features: Iterable[Feature]) -> list[tuple[str | None, str, list[Polygon]]]:
    """(code, name, polygons) of the features near Europe, with POLYGON_OWNERS applied."""
    found = [
        (country_code(f), str(f.properties.get("name", "")), list(f.polygons))
        for f in features
        if _near_europe(f, topology)
    ]
    by_code = {code: polygons for code, _, polygons in found if code}
    for source, point, target in POLYGON_OWNERS:
        if source not in by_code or target not in by_code:
            continue
        for polygon in list(by_code[source]):
            if _contains(topology.ring(polygon[0]), point):
                by_code[source].remove(polygon)
                by_code[target].append(polygon)
    return found


def _contains(ring: Sequence[Point], point: Point) -> bool:
    """Even-odd rule, in degrees (enough for a point well inside a small polygon)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def _near_europe(feature: Feature, topology: Topology) -> bool:
    """A cheap first cut before projecting: any point within a generous box around the frame."""
    for polygon in feature.polygons:
        for ring_arcs in polygon:
            for index in ring_arcs:
                for lon, lat in topology.arcs[index if index >= 0 else ~index]:
                    if -45.0 <= lon <= 70.0 and 25.0 <= lat <= 80.0:
                        return True
    return False


@functools.cache
def _topology(path: Path) -> Topology:
    try:
        return read_topology(path)
    except TopologyError as err:
        raise MapDataError(str(err)) from None


@functools.cache
def europe_map(width: int = 1000, tolerance: float = 0.7, path: Path = MAP_DATA) -> EuropeMap:
    """The map at a given size, read and built once per process (`mkdocs serve` rebuilds often)."""
    return build_map(_topology(path), width, tolerance)


# --- shading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountClass:
    """A legend entry: practices from `low` to `high` (inclusive), drawn with CSS class `atlas-map-c<n>`."""

    n: int
    low: int
    high: int

    @property
    def label(self) -> str:
        noun = "practice" if self.high == 1 else "practices"
        return f"{self.low} {noun}" if self.low == self.high else f"{self.low} to {self.high} {noun}"


def count_classes(counts: Iterable[int], most: int = 4) -> list[CountClass]:
    """Up to `most` contiguous classes covering 1..max count, cut at the distinct counts found."""
    values = sorted({c for c in counts if c > 0})
    if not values:
        return []
    if len(values) > most:
        values = [values[round(i * len(values) / most)] for i in range(most)]
    lows = [1, *values[1:]]
    highs = [low - 1 for low in lows[1:]] + [max(counts)]
    return [CountClass(i + 1, low, high) for i, (low, high) in enumerate(zip(lows, highs, strict=True))]


def class_of(count: int, classes: Sequence[CountClass]) -> CountClass:
    return next(c for c in classes if c.low <= count <= c.high)


@dataclass(frozen=True)
class MapCountry:
    """A country with practices as the home map shows it."""

    code: str
    name: str
    count: int
    href: str  # the explorer filtered to the country, relative to the page
    page_href: str  # the country's own page
    shape: CountryShape | None  # None when the map cannot draw it (too small, or outside the frame)
    css_class: str
    marker: bool  # a ring around a country too small to see or tap (Luxembourg)


# A country smaller than this (square units at width 1000) gets a marker ring as well.
MARKER_AREA = 400.0


def map_countries(
    europe: EuropeMap,
    counts: Mapping[str, int],
    names: Mapping[str, str],
    href: Callable[[str], str],
    page_href: Callable[[str], str],
) -> tuple[list[MapCountry], list[CountClass]]:
    """The countries with practices (by name), with their class and shape."""
    classes = count_classes(counts.values())
    threshold = MARKER_AREA * (europe.width / 1000) ** 2
    countries = []
    for code in sorted(counts, key=lambda c: names[c].casefold()):
        shape = europe.shape(code)
        countries.append(
            MapCountry(
                code,
                names[code],
                counts[code],
                href(code),
                page_href(code),
                shape,
                f"atlas-map-c{class_of(counts[code], classes).n}",
                shape is not None and shape.area < threshold,
            )
        )
    return countries, classes


_ENV = html_environment(TEMPLATES / "map")


def choropleth_svg(
    europe: EuropeMap, countries: Sequence[MapCountry], classes: Sequence[CountClass], id_prefix: str = "atlas-map"
) -> Markup:
    """The home page's map: one link per country with practices, the rest as one grey layer."""
    drawn = [c for c in countries if c.shape is not None]
    return Markup(
        _ENV.get_template("choropleth.svg.j2").render(
            map=europe,
            countries=drawn,
            classes=classes,
            other_land=europe.other_land(c.code for c in drawn),
            id=id_prefix,
            total=sum(c.count for c in countries),
            attribution=ATTRIBUTION,
        )
    )


def locator_svg(europe: EuropeMap, code: str, name: str, id_prefix: str = "atlas-locator") -> Markup | None:
    """A small map of Europe with one country picked out; None when the map cannot draw that country."""
    shape = europe.shape(code)
    if shape is None:
        return None
    marker = shape.area < MARKER_AREA * (europe.width / 1000) ** 2
    return Markup(
        _ENV.get_template("locator.svg.j2").render(
            map=europe,
            shape=shape,
            name=name,
            marker=marker,
            other_land=europe.other_land([code]),
            id=id_prefix,
            attribution=ATTRIBUTION,
        )
    )
