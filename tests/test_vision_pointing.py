"""The pointing ray resolved against a configured layout of devices (geometry)."""

from __future__ import annotations

import math

import pytest

from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.config.vision import DeviceLocation, PointingSettings, VisionConfig
from assistantd.events import PointingEvent
from assistantd.vision.landmarks import FrameLandmarks
from assistantd.vision.observer import Observer
from assistantd.vision.pointing import Ray, candidates, image_point, ray_from_hand
from tests.support.home import z2m
from tests.support.vision import FRAME_MS, hand

SETTINGS = PointingSettings(horizontal_fov_degrees=90, vertical_fov_degrees=60, max_angle_degrees=15)
LAMP = z2m("lamp", "Lamp", "light", "lab", "lamp", location=DeviceLocation(image_x=0.9, image_y=0.5))
TV = z2m("tv", "TV", "light", "lab", "tv", location=DeviceLocation(image_x=0.5, image_y=0.1))
FAN = z2m(
    "fan", "Fan", "light", "lab", "fan", location=DeviceLocation(bearing_degrees=-45, elevation_degrees=0)
)
CEILING = z2m(
    "ceiling",
    "Ceiling",
    "light",
    "lab",
    "ceiling",
    location=DeviceLocation(bearing_degrees=30, elevation_degrees=25),
)
UNPLACED = z2m("plug", "Plug", "light", "lab", "plug")
DEVICES = (LAMP, TV, FAN, CEILING, UNPLACED)


def test_bearing_and_elevation_project_through_the_field_of_view() -> None:
    assert image_point(DeviceLocation(bearing_degrees=0, elevation_degrees=0), SETTINGS) == pytest.approx(
        (0.5, 0.5)
    )
    assert image_point(DeviceLocation(bearing_degrees=45), SETTINGS) == pytest.approx(
        (1.0, 0.5)
    )  # the frame's edge
    assert image_point(DeviceLocation(bearing_degrees=-45), SETTINGS) == pytest.approx((0.0, 0.5))
    x, y = image_point(DeviceLocation(bearing_degrees=0, elevation_degrees=30), SETTINGS)
    assert (x, y) == pytest.approx((0.5, 0.0))
    x, _ = image_point(DeviceLocation(bearing_degrees=60), SETTINGS)
    assert x == pytest.approx(0.5 + math.tan(math.radians(60)) / 2)  # beyond the frame, still placed
    assert image_point(DeviceLocation(), SETTINGS) is None


@pytest.mark.parametrize(
    ("bearing", "best"),
    [(90.0, "lamp"), (0.0, "tv"), (-90.0, "fan"), (180.0, None)],
)
def test_ray_from_the_centre_ranks_the_device_it_points_at(bearing: float, best: str | None) -> None:
    ray = Ray((0.5, 0.5), bearing)
    ranked = candidates(ray, DEVICES, SETTINGS, aspect=1.0)
    assert (ranked[0][0] if ranked else None) == best
    if ranked:
        assert ranked[0][1] == pytest.approx(1.0)
        assert [score for _, score in ranked] == sorted((score for _, score in ranked), reverse=True)


def test_scores_fall_with_the_angle_off_the_ray_and_stop_at_the_maximum() -> None:
    scores = [
        dict(candidates(Ray((0.5, 0.5), 90.0 + off), DEVICES, SETTINGS, 1.0)).get("lamp", 0.0)
        for off in (0, 5, 7.5, 10, 16)
    ]
    assert scores[0] > scores[1] > scores[2] > scores[3] > 0
    assert scores[2] == pytest.approx(0.5, abs=0.01)  # half the maximum angle: score one half
    assert scores[4] == 0.0


def test_two_devices_in_line_rank_by_angle() -> None:
    ranked = candidates(Ray((0.2, 0.6), 75.0), DEVICES, SETTINGS, 1.0)
    assert [device for device, _ in ranked][:1] == ["lamp"]


def test_the_index_finger_gives_the_ray() -> None:
    right = hand("index", roll=90, center=(0.4, 0.5))  # index along the image's +x
    ray = ray_from_hand(right.points, 4 / 3)
    assert ray.bearing_degrees == pytest.approx(90, abs=3)
    assert ray.origin[0] > 0.4
    mirrored = ray_from_hand(right.points, 4 / 3, mirrored=True)
    assert mirrored.bearing_degrees == pytest.approx(-90, abs=3)


def test_observer_emits_pointing_events_with_candidates_while_pointing() -> None:
    config = Config(
        site=Site("lab", "lab"), areas=(), devices=DEVICES, vision=VisionConfig(pointing=SETTINGS)
    )
    observer = Observer(config)
    events = []
    for index in range(60):  # 2 s pointing at the lamp from the left of the frame
        _view, found = observer.observe(
            FrameLandmarks(index * FRAME_MS, 640, 480, (hand("index", roll=90, center=(0.3, 0.5)),))
        )
        events.extend(e for e in found if isinstance(e, PointingEvent))
    assert 3 <= len(events) <= 5  # once stable, then every 0.5 s: no storm
    assert all(event.candidates[0][0] == "lamp" for event in events)
    assert events[0].bearing_degrees == pytest.approx(90, abs=3)
