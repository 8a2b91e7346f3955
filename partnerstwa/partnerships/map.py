"""An offline map of voivodeships: SVG paths drawn on the server from the shipped GeoJSON."""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

GEOJSON = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "geo" / "wojewodztwa.geojson"
WIDTH = 600
MIN_STEP = 1.5  # pixels: closer points add bytes, not shape
CLASSES = 5


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Outline:
    regions: tuple[Region, ...]
    width: int
    height: int


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


@lru_cache(maxsize=1)
def outline() -> Outline:
    """Voivodeship shapes projected to SVG pixels (equirectangular, scaled at the mid latitude)."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    points = [p for f in features for ring in _rings(f["geometry"]) for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * x_scale)
    height = round((north - south) * scale)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * x_scale * scale, (north - lat) * scale

    regions = []
    for feature in features:
        parts, xs, ys = [], [], []
        for ring in _rings(feature["geometry"]):
            kept = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                if kept and abs(x - kept[-1][0]) < MIN_STEP and abs(y - kept[-1][1]) < MIN_STEP:
                    continue
                kept.append((x, y))
            if len(kept) < 3:
                continue
            xs += [x for x, _y in kept]
            ys += [y for _x, y in kept]
            parts.append(_ring_path(kept))
        properties = feature["properties"]
        regions.append(
            Region(
                code=properties["JPT_KOD_JE"],
                name=properties["JPT_NAZWA_"],
                path="".join(parts),
                label_x=round((min(xs) + max(xs)) / 2, 1),
                label_y=round((min(ys) + max(ys)) / 2, 1),
            )
        )
    return Outline(regions=tuple(sorted(regions, key=lambda r: r.code)), width=WIDTH, height=height)


def _tenths(value: int) -> str:
    """A length in tenths of a pixel, written short: 12 -> "1.2", -8 -> "-.8", 30 -> "3"."""
    whole, tenth = divmod(abs(value), 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return ("-" if value < 0 else "") + (text or "0")


def _ring_path(points: list[tuple[float, float]]) -> str:
    """A closed ring: the first point absolute, then each point relative to the one before
    ("l" repeats), rounded to a tenth of a pixel first so the steps add up exactly; a page
    carries the 16 shapes, and short steps keep it small."""
    tenths = [(round(x * 10), round(y * 10)) for x, y in points]
    (x0, y0), steps = tenths[0], []
    previous = tenths[0]
    for x, y in tenths[1:]:
        steps.append(f"{_tenths(x - previous[0])},{_tenths(y - previous[1])}")
        previous = (x, y)
    return f"M{_tenths(x0)},{_tenths(y0)}l" + " ".join(steps) + "Z"


def shade(count: int, highest: int) -> int:
    """Colour class 0 (none) to CLASSES (most) for a count, in equal steps up to the highest."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, math.ceil(count / highest * CLASSES))
