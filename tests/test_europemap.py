"""The offline map: TopoJSON decoding, geometry helpers, and the SVGs drawn from the real Natural Earth data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from atlas.europemap import (
    FRAME_POINTS,
    LOCATOR_TOLERANCE,
    LOCATOR_WIDTH,
    POLYGON_OWNERS,
    MapDataError,
    _Frame,
    choropleth_svg,
    clip_ring,
    count_classes,
    europe_map,
    locator_svg,
    map_countries,
    ring_path,
    simplify,
)
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.topojson import TopologyError, decode_arcs, parse_topology, read_topology

SVG = "{http://www.w3.org/2000/svg}"


def _svg_tree(markup: str) -> ET.Element:
    """The inline SVG as XML (inline SVG in HTML carries no xmlns; XML needs it)."""
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


# ---- TopoJSON ------------------------------------------------------------------------------------


def test_quantised_arcs_are_running_sums_scaled_and_translated() -> None:
    arcs = decode_arcs([[[0, 0], [10, 5], [-4, 1]]], {"scale": [0.5, 2.0], "translate": [-10, 40]})
    assert arcs == [[(-10.0, 40.0), (-5.0, 50.0), (-7.0, 52.0)]]


def test_rings_join_arcs_and_walk_negative_indexes_backwards() -> None:
    topology = parse_topology(
        {
            "type": "Topology",
            "arcs": [[[0, 0], [1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0]]],
            "objects": {
                "countries": {
                    "type": "GeometryCollection",
                    "geometries": [
                        {"type": "Polygon", "id": "752", "properties": {"name": "Sweden"}, "arcs": [[0, 1]]},
                        {"type": "Polygon", "arcs": [[~1, ~0]]},
                    ],
                }
            },
        }
    )
    first, second = topology.objects["countries"]
    assert first.id == "752" and first.properties == {"name": "Sweden"} and second.id is None
    assert topology.ring(first.polygons[0][0]) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert topology.ring(second.polygons[0][0]) == [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]


def test_a_file_that_is_not_a_topology_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(TopologyError, match=r"map\.json: expected a TopoJSON object"):
        parse_topology({"type": "FeatureCollection"}, "map.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "Topology",\n "arcs": [', encoding="utf-8")
    with pytest.raises(TopologyError, match=r"broken\.json:2: invalid JSON"):
        read_topology(broken)
    with pytest.raises(TopologyError, match=r"run `make setup`"):
        read_topology(tmp_path / "missing.json")


def test_missing_map_data_names_the_command_that_installs_it(tmp_path: Path) -> None:
    with pytest.raises(MapDataError, match=r"missing\.json: not found; run `make setup`"):
        europe_map(1000, 0.7, tmp_path / "missing.json")


# ---- geometry ------------------------------------------------------------------------------------


def test_simplify_drops_points_on_the_line_and_keeps_corners_and_ends() -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]
    closed = [(0.0, 0.0), (5.0, 0.0), (5.0, 5.0), (0.0, 0.0)]  # an island: both ends the same point
    assert simplify(closed, 0.5) == closed


def test_clipping_cuts_a_ring_to_the_frame() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = clip_ring(square, 0, 0, 10, 10)
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]
    assert clip_ring([(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], 0, 0, 10, 10) == []


def test_path_data_is_one_move_then_relative_steps() -> None:
    assert ring_path(((0, 0), (10, 0), (10, 10), (0, 10))) == "M0 0l10 0 0 10-10 0z"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 2, 3], [(1, 1), (2, 2), (3, 3)]),
        ([1, 5], [(1, 4), (5, 5)]),
        ([2, 2], [(1, 2)]),
        (list(range(1, 11)), [(1, 2), (3, 5), (6, 8), (9, 10)]),
        ([], []),
    ],
)
def test_count_classes_cover_every_count_without_gaps(counts: list[int], expected: list[tuple[int, int]]) -> None:
    classes = count_classes(counts)
    assert [(c.low, c.high) for c in classes] == expected
    assert all(any(c.low <= n <= c.high for c in classes) for n in counts)


def test_legend_labels_read_as_counts() -> None:
    assert [c.label for c in count_classes([1, 2, 4])] == ["1 practice", "2 to 3 practices", "4 practices"]


# ---- the real map --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def practice_counts() -> dict[str, int]:
    result = load_atlas(AtlasPaths.under(ROOT))
    assert result.catalogue is not None
    return {code: len(ps) for code, ps in result.catalogue.by_facet["country"].items()}


def _home_map(counts: dict[str, int], names: dict[str, str] | None = None) -> tuple[ET.Element, str]:
    europe = europe_map()
    names = names or {code: code for code in counts}
    countries, classes = map_countries(
        europe, counts, names, lambda c: f"explorer.html?country={c}", lambda c: f"countries/{c.lower()}.html"
    )
    markup = str(choropleth_svg(europe, countries, classes))
    return _svg_tree(markup), markup


def test_every_country_with_practices_is_shaded_and_links_to_its_explorer_view(practice_counts: dict[str, int]) -> None:
    svg, _ = _home_map(practice_counts)
    links = {}
    for link in svg.iter(f"{SVG}a"):
        href = link.get("href", "")
        query = parse_qs(urlsplit(href).query)
        assert urlsplit(href).path == "explorer.html" and list(query) == ["country"], href
        code = query["country"][0]
        shapes = list(link.iter(f"{SVG}path"))
        assert shapes and all(p.get("class", "").startswith("atlas-map-c") and p.get("d") for p in shapes)
        assert link.get("aria-label", "").startswith(f"{code}: {practice_counts[code]} practice")
        links[code] = href
    assert set(links) == set(practice_counts)  # every country with practices, and only those


def test_the_map_has_a_title_and_description_for_screen_readers(practice_counts: dict[str, int]) -> None:
    svg, _ = _home_map(practice_counts)
    assert svg.get("role") == "group"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == title.get("id") and svg.get("aria-describedby") == desc.get("id")
    assert f"{len(practice_counts)} countries" in (desc.text or "")


def test_shades_follow_the_counts() -> None:
    svg, _ = _home_map({"SE": 1, "ES": 3, "LU": 2})
    shade = {
        parse_qs(urlsplit(a.get("href", "")).query)["country"][0]: a.find(f"{SVG}path").get("class")
        for a in svg.iter(f"{SVG}a")
    }
    assert shade == {"SE": "atlas-map-c1", "LU": "atlas-map-c2", "ES": "atlas-map-c3"}


def test_a_country_too_small_to_tap_gets_a_marker_ring() -> None:
    svg, _ = _home_map({"LU": 1, "FR": 1})
    markers = {a.get("aria-label"): [c.get("class") for c in a.iter(f"{SVG}circle")] for a in svg.iter(f"{SVG}a")}
    assert markers == {"LU: 1 practice": ["atlas-map-marker atlas-map-c1"], "FR: 1 practice": []}


def test_names_are_escaped_in_the_svg() -> None:
    _, markup = _home_map({"SE": 1}, {"SE": 'Swe<script>"den'})
    assert "<script>" not in markup and "Swe&lt;script&gt;&#34;den: 1 practice" in markup


def test_crimea_is_drawn_as_part_of_ukraine() -> None:
    europe = europe_map()
    frame = _Frame.around(FRAME_POINTS, europe.width)
    ((source, point, target),) = POLYGON_OWNERS
    x, y = frame.place(point)

    def holds(code: str) -> bool:
        shape = europe.shape(code)
        assert shape is not None
        inside = False
        for ring in shape.rings:
            for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
                if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                    inside = not inside
        return inside

    assert holds(target) and not holds(source)


def test_the_frame_holds_europe_and_tuerkiye() -> None:
    europe = europe_map()
    for code in ("IS", "PT", "NO", "FI", "CY", "TR", "GR", "IE"):
        shape = europe.shape(code)
        assert shape is not None and shape.area > 0, code
        assert all(
            0 <= x <= europe.width and 0 <= y <= europe.height
            for ring in shape.rings
            for x, y in ring
            if code not in ("TR",)
        )  # Türkiye's east touches the frame's edge


def test_locator_picks_out_one_country() -> None:
    europe = europe_map(LOCATOR_WIDTH, LOCATOR_TOLERANCE)
    markup = locator_svg(europe, "SE", "Sweden")
    assert markup is not None
    svg = _svg_tree(str(markup))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Sweden on a map of Europe"
    here = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "atlas-map-here"]
    assert len(here) == 1 and here[0].get("d") == europe.shape("SE").path
    assert not list(svg.iter(f"{SVG}a"))  # a picture, nothing to focus
    assert locator_svg(europe, "ZZ", "Nowhere") is None


def test_the_package_lock_pins_the_map_data() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/world-atlas"]["version"] == "2.0.2"
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["world-atlas"] == "2.0.2"
