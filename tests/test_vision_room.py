"""Pointing in the room: the camera's pose and devices placed by x, y and z read from the config, the hand
placed in 3D from generated landmarks, and the device aimed at chosen where the image plane cannot."""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace

import numpy as np
import pytest

from assistantd.config.home import Device
from assistantd.config.schema import parse_config
from assistantd.config.vision import CameraPose, DeviceLocation, PointingSettings
from assistantd.errors import ConfigError
from assistantd.vision.landmarker import hands_from_result
from assistantd.vision.pointing_events import FIRST_FRAMES, PointingTracker
from assistantd.vision.room import room_candidates, room_ray
from tests.support.configs import BASE
from tests.support.home import z2m
from tests.support.pointing import pointing_hand, true_distance

POSE = CameraPose(x=0.0, y=2.0, z=2.2, yaw=0.0, pitch=-15.0)
"""On the wall at x = 0, 2.2 m up, looking along the room (x) and a little down."""
SETTINGS = PointingSettings()
LAMP = (4.5, 3.5, 1.0)
TV = (4.5, 0.5, 1.0)


def device(device_id: str, location: DeviceLocation) -> Device:
    return z2m(device_id, device_id.title(), "light", "lab", device_id, location=location)


def in_room(point: tuple[float, float, float]) -> DeviceLocation:
    return DeviceLocation(x=point[0], y=point[1], z=point[2])


def as_seen_from_the_camera(point: tuple[float, float, float]) -> DeviceLocation:
    """The same place given the old way, by bearing and elevation from the camera's axis."""
    from assistantd.vision.room import camera_axes

    right, down, forward = camera_axes(POSE)
    offset = np.array(point) - np.array([POSE.x, POSE.y, POSE.z])
    ahead = float(offset @ forward)
    bearing = math.degrees(math.atan2(float(offset @ right), ahead))
    elevation = math.degrees(math.atan2(-float(offset @ down), ahead))
    return DeviceLocation(bearing_degrees=bearing, elevation_degrees=elevation)


def test_the_pose_and_room_places_are_read_and_checked() -> None:
    placed = BASE.replace(
        "    zigbee2mqtt: {friendly_name: living/floor_lamp}",
        "    zigbee2mqtt: {friendly_name: living/floor_lamp}\n    location: {x: 4.5, y: 3.5, z: 1}",
    )
    config = parse_config(
        placed + "vision: {images: /tmp, pose: {x: 0, y: 2, z: 2.2, pitch: -15}}\n", file="h.yaml"
    )
    assert config.vision is not None and config.vision.pose == CameraPose(0.0, 2.0, 2.2, 0.0, -15.0)
    [lamp] = [d for d in config.devices if d.location is not None]
    assert lamp.location is not None and lamp.location.in_room == LAMP
    with pytest.raises(ConfigError, match=r"h.yaml:15: devices\[0\].location: placed by x, y and z"):
        parse_config(placed + "vision: {images: /tmp}\n", file="h.yaml")
    with pytest.raises(ConfigError, match="vision.pose.z: missing required key 'z'"):
        parse_config(placed + "vision: {images: /tmp, pose: {x: 0, y: 2}}\n", file="h.yaml")
    with pytest.raises(ConfigError, match="or x, y and z .metres in the room.: one of them"):
        parse_config(
            placed.replace("z: 1}", "z: 1, bearing: 10}") + "vision: {images: /tmp}\n", file="h.yaml"
        )
    with pytest.raises(ConfigError, match="location.z: missing required key 'z'"):
        parse_config(
            placed.replace(", z: 1}", "}") + "vision: {images: /tmp, pose: {x: 0, y: 0, z: 2}}\n",
            file="h.yaml",
        )


@pytest.mark.parametrize("seed", range(8))
def test_the_hand_is_placed_from_its_size_and_its_ray_points_where_the_finger_does(seed: int) -> None:
    tip = (2.0, 2.2, 1.3)
    hand = pointing_hand(tip, LAMP, POSE, SETTINGS, np.random.default_rng(seed))
    assert hand is not None
    ray = room_ray(hand, POSE, SETTINGS)
    assert ray is not None
    assert ray.distance_m == pytest.approx(true_distance(tip, POSE), rel=0.12)
    towards = np.array(LAMP) - np.array(ray.origin)
    off = math.degrees(math.acos(float(towards @ np.array(ray.direction)) / float(np.linalg.norm(towards))))
    assert off < 3.0


def test_a_lamp_and_the_tv_behind_it_on_one_line_of_sight_are_told_apart() -> None:
    """The image plane sees one direction from the camera; the room ray sees where the person stands."""
    lamp = (2.0, 2.8, 1.2)
    camera = np.array([POSE.x, POSE.y, POSE.z])
    tv = tuple(float(c) for c in camera + 2.2 * (np.array(lamp) - camera))
    flat = (device("lamp", as_seen_from_the_camera(lamp)), device("tv", as_seen_from_the_camera(tv)))
    seen = [(d.location.bearing_degrees, d.location.elevation_degrees) for d in flat if d.location is not None]
    assert len(seen) == 2 and seen[0] == pytest.approx(seen[1]), "one line of sight from the camera"
    placed = (device("lamp", in_room(lamp)), device("tv", in_room(tv)))
    rng = np.random.default_rng(3)
    for target, name in ((lamp, "lamp"), (tv, "tv")):
        hand = pointing_hand((2.6, 0.8, 1.3), target, POSE, SETTINGS, rng)
        assert hand is not None
        ray = room_ray(hand, POSE, SETTINGS)
        assert ray is not None
        ranked = room_candidates(ray, placed, SETTINGS)
        assert ranked[0][0] == name and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] > 0.3), ranked


@pytest.mark.parametrize("mirrored", [False, True])
def test_the_tracker_aims_in_the_room_and_keeps_the_image_plane_for_the_other_devices(mirrored: bool) -> None:
    devices = (
        device("lamp", in_room(LAMP)),
        device("tv", in_room(TV)),
        device("fan", DeviceLocation(image_x=0.5, image_y=0.5)),  # placed the old way: still a candidate
    )
    tracker = PointingTracker(devices, SETTINGS, mirrored=mirrored, pose=POSE)
    rng = np.random.default_rng(5)
    for target, name in ((LAMP, "lamp"), (TV, "tv")):
        events = []
        for frame in range(FIRST_FRAMES):  # one held pointing, its landmarks jittering from frame to frame
            hand = pointing_hand(
                (2.0, 2.0, 1.3), target, POSE, SETTINGS, rng, image_noise=0.002, mirrored=mirrored
            )
            assert hand is not None
            events.append(tracker.update(frame * 33, name, hand, 4 / 3))
        *waiting, event = events
        assert waiting == [None] * (FIRST_FRAMES - 1), (
            "the first event waits for a few frames of the pointing"
        )
        assert event is not None and event.candidates[0][0] == name, event
    flat_only = PointingTracker(
        devices, SETTINGS, mirrored=mirrored
    )  # no pose: the room devices are unplaced
    hand = pointing_hand((2.0, 2.0, 1.3), LAMP, POSE, SETTINGS, np.random.default_rng(5), mirrored=mirrored)
    assert hand is not None
    event = flat_only.update(0, "right", hand, 4 / 3)
    assert event is not None and {name for name, _ in event.candidates} <= {"fan"}


def test_without_world_landmarks_the_room_ray_is_not_guessed() -> None:
    hand = pointing_hand((2.0, 2.0, 1.3), LAMP, POSE, SETTINGS, np.random.default_rng(1))
    assert hand is not None
    assert room_ray(dataclasses.replace(hand, world=()), POSE, SETTINGS) is None
    edge_on = dataclasses.replace(hand, world=tuple((0.0, 0.0, float(i) / 100) for i in range(21)))
    assert room_ray(edge_on, POSE, SETTINGS) is None, "a palm seen edge-on tells no distance"


def test_the_landmarker_keeps_the_world_landmarks() -> None:
    point = SimpleNamespace
    result = SimpleNamespace(
        hand_landmarks=[[point(x=0.1 * i / 20, y=0.5, z=0.0) for i in range(21)]],
        hand_world_landmarks=[[point(x=0.01 * i, y=-0.02, z=0.003) for i in range(21)]],
        handedness=[[SimpleNamespace(category_name="Left", score=0.9)]],
    )
    [hand] = hands_from_result(result, mirrored=False)
    assert hand.world[3] == pytest.approx((0.03, -0.02, 0.003)) and len(hand.world) == 21
    assert hand.handedness == "right"


def test_two_devices_one_aim_apart_score_alike_so_that_the_fusion_asks() -> None:
    from assistantd.fusion.targets import POINTING_CLOSE
    from assistantd.vision.room import TIE_DEGREES

    tip = np.array([2.0, 2.0, 1.3])
    lamp = np.array([5.0, 2.0, 1.3])
    near = tip + _turned(lamp - tip, TIE_DEGREES / 2)  # half a tie away: one guess apart
    far = tip + _turned(lamp - tip, TIE_DEGREES * 1.5)
    hand = pointing_hand(tuple(tip), tuple(lamp), POSE, SETTINGS, np.random.default_rng(2))
    assert hand is not None
    ray = room_ray(hand, POSE, SETTINGS)
    assert ray is not None
    close = dict(
        room_candidates(
            ray, (device("lamp", in_room(tuple(lamp))), device("near", in_room(tuple(near)))), SETTINGS
        )
    )
    assert abs(close["lamp"] - close["near"]) < POINTING_CLOSE, close
    apart = room_candidates(
        ray, (device("lamp", in_room(tuple(lamp))), device("far", in_room(tuple(far)))), SETTINGS
    )
    assert apart[0][0] == "lamp" and apart[0][1] - apart[1][1] > POINTING_CLOSE, apart


def _turned(vector: np.ndarray, degrees: float) -> np.ndarray:
    """The vector turned about the vertical by some degrees."""
    angle = math.radians(degrees)
    x, y, z = vector
    return np.array([x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle), z])
