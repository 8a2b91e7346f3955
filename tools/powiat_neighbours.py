"""Which powiats border which: builds ``partnerstwa/data/geo/powiaty_sasiedztwo.csv``.

Usage (from the repository root; standard library only)::

    git -C /path/to/mpalinski+jobsimilarity show HEAD:powiaty-min.geojson > /tmp/powiaty.geojson
    python tools/powiat_neighbours.py /tmp/powiaty.geojson \\
        partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv \\
        -o partnerstwa/data/geo/powiaty_sasiedztwo.csv

Options: ``--voivodeships FILE`` (default ``partnerstwa/data/geo/wojewodztwa.geojson``),
``--tolerance DEG`` (default 0.002), ``-o FILE`` (default: standard output). A summary goes to
standard error.

Input: a GeoJSON FeatureCollection of the powiat polygons (WGS84) whose ``nazwa`` property is
"powiat bolesławiecki" or, for a city with powiat rights, "powiat Wałbrzych"; and the GUS TERC
register (CSV, ``;``, UTF-8 with or without BOM) whose powiat rows have WOJ and POW set and GMI
empty.

Matching: a feature's name (without "powiat ") is looked up among the register's powiat names.
Names repeat across voivodeships (bielski, brzeski, ...), so every feature is placed in a
voivodeship by the majority of its vertices that fall inside one of the voivodeship polygons
(``JPT_KOD_JE``), and the register row of that voivodeship is taken. Every register powiat must
be matched exactly once, otherwise the script stops with an error and writes nothing. Names the
polygons give in an older form are mapped in ``RENAMED`` (jeleniogórski -> karkonoski, 0206).

Adjacency: two powiats border each other when they share at least two vertices (coordinates
rounded to 4 decimals), or else when the vertices of one lying within ``--tolerance`` degrees of
an edge of the other stretch over more than the tolerance (distances measured with longitudes
scaled by the cosine of the mean latitude, so the tolerance is in degrees of latitude: 0.002 deg
is about 220 m). The tolerance catches borders where the simplified polygons do not share
vertices; the stretch is required so that two polygons merely meeting at one point (four powiats
around one corner, where the other diagonal pair shares the border) do not count. The pairs
that touch only within the tolerance are listed on standard error. The result is checked to be
symmetric and every powiat to have a neighbour. For a name found in one voivodeship only, the
voivodeship found by the vertices must agree with the register's, as a check of the placement.

Output: ``powiat;sasiedzi``, one row per powiat sorted by its 4-digit TERYT code (WWPP), the
neighbours' codes sorted and separated by spaces.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

PRECISION = 4
DEFAULT_TOLERANCE = 0.002
MIN_CONTACTS = 2
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VOIVODESHIPS = ROOT / "partnerstwa" / "data" / "geo" / "wojewodztwa.geojson"
# Older names in the polygons -> the register's name. Only renames without a change of territory.
RENAMED = {
    # Powiat jeleniogórski (0206) was renamed karkonoski on 2021-01-01, same territory and code.
    "jeleniogórski": "karkonoski",
}

Point = tuple[float, float]
Ring = list[Point]


class DataError(Exception):
    """The inputs do not give one polygon for every powiat of the register."""


def rings_of(geometry: dict) -> list[Ring]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon, as lists of (lon, lat)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise DataError(f"unexpected geometry type {geometry['type']!r}")
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def inside(point: Point, rings: list[Ring]) -> bool:
    """Even-odd rule over all rings, so holes are outside."""
    x, y = point
    result = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                result = not result
    return result


def read_register(path: Path) -> dict[str, list[str]]:
    """Powiat name -> the 4-digit codes of the register's powiats of that name."""
    by_name: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["WOJ"] and row["POW"] and not row["GMI"]:
                by_name[row["NAZWA"].strip()].append(row["WOJ"] + row["POW"])
    return dict(by_name)


def read_voivodeships(path: Path) -> dict[str, list[Ring]]:
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {
        feature["properties"]["JPT_KOD_JE"]: rings_of(feature["geometry"])
        for feature in collection["features"]
    }


def voivodeship_of(rings: list[Ring], voivodeships: dict[str, list[Ring]]) -> tuple[str, float]:
    """The voivodeship holding most of the vertices, and its share of the vertices placed.

    Vertices on a voivodeship border fall on either side of the simplified voivodeship outline,
    or outside all of them along the state border; the majority decides."""
    votes: Counter[str] = Counter()
    for point in (point for ring in rings for point in ring):
        for code, shape in voivodeships.items():
            if inside(point, shape):
                votes[code] += 1
                break
    if not votes:
        raise DataError("a powiat polygon lies outside every voivodeship")
    code, count = votes.most_common(1)[0]
    return code, count / sum(votes.values())


def match(
    features: list[dict], register: dict[str, list[str]], voivodeships: dict[str, list[Ring]]
) -> tuple[dict[str, list[Ring]], list[str]]:
    """TERYT code -> rings of its polygon; plus notes on doubtful placements."""
    shapes: dict[str, list[Ring]] = {}
    notes: list[str] = []
    for feature in features:
        label = feature["properties"]["nazwa"].strip()
        name = label.removeprefix("powiat ").strip()
        if name in RENAMED:
            notes.append(f"{label!r} taken as {RENAMED[name]!r} (renamed)")
            name = RENAMED[name]
        candidates = register.get(name)
        if not candidates:
            raise DataError(f"{label!r} is not a powiat of the register")
        rings = rings_of(feature["geometry"])
        woj, share = voivodeship_of(rings, voivodeships)
        chosen = [code for code in candidates if code[:2] == woj]
        if len(chosen) != 1:
            raise DataError(f"{label!r} lies in voivodeship {woj}, register has {candidates}")
        code = chosen[0]
        if len(candidates) > 1:
            notes.append(
                f"{code} {name} (name in {len(candidates)} voivodeships): "
                f"voivodeship {woj} by {share:.0%} of placed vertices"
            )
        if code in shapes:
            raise DataError(f"{code} {name} matched twice")
        shapes[code] = rings
    expected = {code for codes in register.values() for code in codes}
    missing = sorted(expected - set(shapes))
    if missing:
        raise DataError(f"no polygon for register powiats {missing}")
    return shapes, notes


def segment_distance(point: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def vertex(point: Point) -> Point:
    return (round(point[0], PRECISION), round(point[1], PRECISION))


def box(rings: list[Ring], margin: float) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)


def in_box(point: Point, bounds: tuple[float, float, float, float]) -> bool:
    return bounds[0] <= point[0] <= bounds[2] and bounds[1] <= point[1] <= bounds[3]


def contacts(
    first: list[Ring], second: list[Ring], bounds: tuple[tuple, tuple], tolerance: float
) -> set[Point]:
    """The vertices of either polygon lying within tolerance of the other's boundary."""
    found: set[Point] = set()
    for own, other, other_bounds in ((first, second, bounds[1]), (second, first, bounds[0])):
        edges = [edge for ring in other for edge in itertools.pairwise(ring)]
        for ring in own:
            for point in ring:
                if point in found or not in_box(point, other_bounds):
                    continue
                for a, b in edges:
                    if (
                        min(a[0], b[0]) - tolerance <= point[0] <= max(a[0], b[0]) + tolerance
                        and min(a[1], b[1]) - tolerance <= point[1] <= max(a[1], b[1]) + tolerance
                        and segment_distance(point, a, b) <= tolerance
                    ):
                        found.add(point)
                        break
    return found


def neighbours(
    shapes: dict[str, list[Ring]], tolerance: float
) -> tuple[dict[str, set[str]], dict[frozenset[str], float]]:
    """Code -> codes of its neighbours; plus the pairs touching only within the tolerance, with
    the length (degrees) over which they touch.

    A pair borders when it shares at least MIN_CONTACTS vertices, or else when the vertices of
    either lying within tolerance of the other's edges stretch over more than the tolerance, so
    that polygons meeting at a single point (within tolerance) do not count.
    """
    # Closed rings: the first vertex repeats as the last, so each ring's vertices are taken once.
    owners: dict[Point, set[str]] = defaultdict(set)
    for code, rings in shapes.items():
        for ring in rings:
            for point in ring:
                owners[vertex(point)].add(code)
    shared: Counter[frozenset[str]] = Counter()
    for codes in owners.values():
        ordered = sorted(codes)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                shared[frozenset((first, second))] += 1

    result: dict[str, set[str]] = {code: set() for code in shapes}
    for pair, count in shared.items():
        if count >= MIN_CONTACTS:
            first, second = pair
            result[first].add(second)
            result[second].add(first)

    latitudes = [y for rings in shapes.values() for ring in rings for _, y in ring]
    scale = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
    # Planar coordinates: longitude shrunk so that distances are in degrees of latitude.
    planar = {
        code: [[(x * scale, y) for x, y in ring] for ring in rings]
        for code, rings in shapes.items()
    }
    bounds = {code: box(rings, tolerance) for code, rings in planar.items()}
    by_tolerance: dict[frozenset[str], float] = {}
    codes = sorted(planar)
    for i, first in enumerate(codes):
        for second in codes[i + 1 :]:
            if second in result[first]:
                continue
            one, two = bounds[first], bounds[second]
            if one[0] > two[2] or two[0] > one[2] or one[1] > two[3] or two[1] > one[3]:
                continue
            found = contacts(planar[first], planar[second], (one, two), tolerance)
            if found:
                length = max(math.dist(a, b) for a in found for b in found)
                by_tolerance[frozenset((first, second))] = length
                if length > tolerance:
                    result[first].add(second)
                    result[second].add(first)
    return result, by_tolerance


def check(result: dict[str, set[str]]) -> None:
    for code, others in result.items():
        if not others:
            raise DataError(f"{code} has no neighbour")
        for other in others:
            if code not in result[other]:
                raise DataError(f"{code} borders {other} but not the other way round")


def write(result: dict[str, set[str]], handle) -> None:
    writer = csv.writer(handle, delimiter=";", lineterminator="\n")
    writer.writerow(["powiat", "sasiedzi"])
    for code in sorted(result):
        writer.writerow([code, " ".join(sorted(result[code]))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("geojson", type=Path, help="powiat polygons (powiaty-min.geojson)")
    parser.add_argument("terc", type=Path, help="TERC register CSV")
    parser.add_argument("--voivodeships", type=Path, default=DEFAULT_VOIVODESHIPS)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)

    with args.geojson.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    register = read_register(args.terc)
    try:
        shapes, notes = match(features, register, read_voivodeships(args.voivodeships))
        if len(features) != len(shapes):
            raise DataError(f"{len(features)} features for {len(shapes)} powiats")
        result, by_tolerance = neighbours(shapes, args.tolerance)
        check(result)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            write(result, handle)
    else:
        write(result, sys.stdout)

    counts = [len(others) for others in result.values()]
    print(
        f"{len(result)} powiats, {sum(counts) // 2} borders, neighbours per powiat: "
        f"mean {sum(counts) / len(counts):.2f}, min {min(counts)}, max {max(counts)}",
        file=sys.stderr,
    )
    for pair, length in sorted(by_tolerance.items(), key=lambda item: sorted(item[0])):
        verdict = "added" if length > args.tolerance else "ignored (they meet at one point)"
        print(
            f"within tolerance only: {' '.join(sorted(pair))}, over {length:.4f} deg: {verdict}",
            file=sys.stderr,
        )
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
