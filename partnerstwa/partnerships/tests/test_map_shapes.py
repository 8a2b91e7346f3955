"""The map's shapes are written with short relative steps: they draw the same points as the
absolute coordinates did, to a tenth of a pixel, and keep the page small."""

import re

from partnerstwa.partnerships.map import _ring_path, outline


def absolute_points(path: str) -> list[tuple[float, float]]:
    start, steps = re.fullmatch(r"M([^l]+)l(.*)Z", path).groups()
    x, y = (float(value) for value in start.split(","))
    points = [(x, y)]
    for step in steps.split(" "):
        dx, dy = (float(value) for value in step.split(","))
        x, y = x + dx, y + dy
        points.append((x, y))
    return points


def test_a_ring_written_in_relative_steps_draws_its_points_to_a_tenth_of_a_pixel():
    points = [(150.66, 301.04), (148.7, 300.1), (10.0, 0.04), (12.349, 5.0), (150.7, 301.0)]
    drawn = absolute_points(_ring_path(points))
    assert len(drawn) == len(points)
    for (x, y), (dx, dy) in zip(points, drawn, strict=True):
        assert abs(x - dx) <= 0.05 + 1e-9 and abs(y - dy) <= 0.05 + 1e-9


def test_the_sixteen_voivodeships_fit_in_under_fifty_kilobytes_of_paths():
    shapes = outline()
    assert len(shapes.regions) == 16
    assert sum(len(region.path) for region in shapes.regions) < 50_000
    for region in shapes.regions:
        for ring in re.findall(r"M[^Z]*Z", region.path):
            assert all(-0.05 <= x <= shapes.width + 0.05 for x, _y in absolute_points(ring))
