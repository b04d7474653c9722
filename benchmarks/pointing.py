"""Pointing in the room on generated scenes: how often the device aimed at is chosen, asked about or missed.

Each scene places a camera on a wall (2.2 m up, looking down 15 degrees), six devices at random in a
6 x 4.5 x 2.6 m room, and a person's right hand at a random place in view pointing at one of them, with
an aiming error (normal, in degrees; the person's, the same in every frame) and MediaPipe-like landmark
noise (image and world, new in every frame), held for a number of frames that the tracker averages. The
hand's landmarks come from the kinematic hand (tests/support/pointing.py). Two ways are scored on the same
scenes: the ray in the room (vision.pose, devices at x, y, z) and the image-plane ray with the same
devices given by bearing and elevation from the camera (the way without a pose). A choice follows the
fusion's rule: the best candidate, unless the second is within POINTING_CLOSE of it ("ask"). Scenes are
split by how far apart, seen from the hand, the target is from the nearest other device.

    python benchmarks/pointing.py [--scenes 2000] [--seed 7] [--calibrations 200]

Then `assistantd calibrate`'s search (vision/calibration.py) in generated rooms: how far the yaw and pitch it
finds are from the true ones, with a person's aiming error.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script, not with -m
    sys.path.insert(0, str(ROOT))

from assistantd.config.vision import CameraPose, DeviceLocation, PointingSettings  # noqa: E402
from assistantd.fusion.targets import POINTING_CLOSE  # noqa: E402
from assistantd.vision.pointing import candidates, ray_from_hand  # noqa: E402
from assistantd.vision.pointing_events import FIRST_FRAMES  # noqa: E402
from assistantd.vision.room import camera_axes, mean_ray, room_candidates, room_ray  # noqa: E402
from tests.support.home import z2m  # noqa: E402
from tests.support.pointing import misaimed, pointing_hand  # noqa: E402

POSE = CameraPose(x=0.1, y=2.25, z=2.2, yaw=0.0, pitch=-15.0)
SETTINGS = PointingSettings()
ASPECT = 4 / 3
DEVICES = 6


def bearing_of(point: np.ndarray) -> DeviceLocation:
    """A place as the camera sees it (the way devices are placed without a pose)."""
    right, down, forward = camera_axes(POSE)
    offset = point - np.array([POSE.x, POSE.y, POSE.z])
    ahead = max(float(offset @ forward), 1e-3)
    bearing = math.degrees(math.atan2(float(offset @ right), ahead))
    elevation = math.degrees(math.atan2(-float(offset @ down), ahead))
    return DeviceLocation(
        bearing_degrees=max(-89.0, min(89.0, bearing)), elevation_degrees=max(-89.0, min(89.0, elevation))
    )


def choice(ranked: tuple[tuple[str, float], ...]) -> str | None:
    """The fusion's rule: the best, or "ask" when the second is as good within POINTING_CLOSE."""
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < POINTING_CLOSE:
        return "ask"
    return ranked[0][0]


def separation(tip: np.ndarray, target: np.ndarray, others: list[np.ndarray]) -> float:
    """The angle, seen from the fingertip, between the target and the nearest other device (degrees)."""
    aim = (target - tip) / np.linalg.norm(target - tip)
    return min(
        math.degrees(math.acos(max(-1.0, min(1.0, float(aim @ ((o - tip) / np.linalg.norm(o - tip)))))))
        for o in others
    )


def run(scenes: int, seed: int, aim_noise: float, frames: int) -> dict[str, Counter[str]]:
    """Outcomes per (method, separation band)."""
    rng = np.random.default_rng(seed)
    tallies: dict[str, Counter[str]] = {}
    made = 0
    while made < scenes:
        places = [
            np.array([rng.uniform(1.5, 5.9), rng.uniform(0.1, 4.4), rng.uniform(0.3, 2.4)])
            for _ in range(DEVICES)
        ]
        tip = np.array([rng.uniform(1.0, 4.0), rng.uniform(0.6, 3.9), rng.uniform(1.1, 1.5)])
        aimed = int(rng.integers(DEVICES))
        towards = misaimed(tuple(tip), tuple(places[aimed]), aim_noise, rng)
        hands = [pointing_hand(tuple(tip), towards, POSE, SETTINGS, rng, image_noise=0.003, world_noise_metres=0.004)
                 for _ in range(frames)]  # fmt: skip
        if any(hand is None for hand in hands):
            continue
        made += 1
        apart = separation(tip, places[aimed], [p for i, p in enumerate(places) if i != aimed])
        band = ">=15" if apart >= 15 else "<15"
        ids = [f"d{i}" for i in range(DEVICES)]
        in_room = [
            z2m(i, i, "light", "lab", i, location=DeviceLocation(x=p[0], y=p[1], z=p[2]))
            for i, p in zip(ids, places)
        ]
        by_bearing = [z2m(i, i, "light", "lab", i, location=bearing_of(p)) for i, p in zip(ids, places)]
        rays = [
            ray for hand in hands if hand is not None and (ray := room_ray(hand, POSE, SETTINGS)) is not None
        ]
        ranked_room = room_candidates(mean_ray(rays), in_room, SETTINGS) if rays else ()
        last = hands[-1]
        assert last is not None
        ranked_flat = candidates(ray_from_hand(last.points, ASPECT), by_bearing, SETTINGS, ASPECT)
        for method, ranked in (("room", ranked_room), ("image plane", ranked_flat)):
            got = choice(ranked)
            outcome = (
                "right"
                if got == ids[aimed]
                else "asked"
                if got == "ask"
                else "none"
                if got is None
                else "wrong"
            )
            tallies.setdefault(f"{method} {band}", Counter())[outcome] += 1
    return tallies


def cost_us(repeats: int = 2000) -> tuple[float, float]:
    """Median microseconds per hand: the room ray with its candidates, and the image-plane ray with its."""
    rng = np.random.default_rng(1)
    hand = pointing_hand((2.0, 2.0, 1.3), (5.0, 3.5, 1.0), POSE, SETTINGS, rng)
    assert hand is not None
    devices = [
        z2m(f"d{i}", "d", "light", "lab", f"d{i}", location=DeviceLocation(x=5.0, y=0.5 * i, z=1.0))
        for i in range(DEVICES)
    ]
    flat = [
        z2m(f"d{i}", "d", "light", "lab", f"d{i}", location=DeviceLocation(bearing_degrees=5.0 * i))
        for i in range(DEVICES)
    ]
    times: dict[str, list[float]] = {"room": [], "flat": []}
    for _ in range(repeats):
        started = time.perf_counter()
        ray = room_ray(hand, POSE, SETTINGS)
        assert ray is not None
        room_candidates(ray, devices, SETTINGS)
        middle = time.perf_counter()
        candidates(ray_from_hand(hand.points, ASPECT), flat, SETTINGS, ASPECT)
        times["room"].append(middle - started)
        times["flat"].append(time.perf_counter() - middle)
    return statistics.median(times["room"]) * 1e6, statistics.median(times["flat"]) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--calibrations", type=int, default=200, help="calibrations per aiming error")
    args = parser.parse_args(argv)
    print(
        f"{args.scenes} generated scenes each; {DEVICES} devices; max angle {SETTINGS.max_angle_degrees} degrees"
    )
    print(
        f"{'aim error':>10} {'frames':>6} {'method':>12} {'apart':>6} {'scenes':>7} {'right':>7} {'asked':>7} {'wrong':>7} {'none':>7}"
    )
    for aim_noise, frames in ((3.0, FIRST_FRAMES), (3.0, 12), (6.0, FIRST_FRAMES), (6.0, 12)):
        tallies = run(args.scenes, args.seed, aim_noise, frames)
        for key in ("room >=15", "image plane >=15", "room <15", "image plane <15"):
            counts = tallies.get(key, Counter())
            total = sum(counts.values())
            method, band = key.rsplit(" ", 1)
            shares = [
                f"{counts[o] / total:.1%}" if total else "-" for o in ("right", "asked", "wrong", "none")
            ]
            cells = " ".join(f"{share:>7}" for share in shares)
            print(f"{aim_noise:>9.0f}° {frames:>6} {method:>12} {band:>6} {total:>7} {cells}")
    room, flat = cost_us()
    print(f"\ncost per pointing hand (median): room ray {room:.0f} µs, image-plane ray {flat:.0f} µs")
    print(f"\n`assistantd calibrate` on {args.calibrations} generated rooms each: two devices, 12 frames each")
    print(f"{'aim error':>10} {'yaw off p50/p90':>16} {'pitch off p50/p90':>18} {'> 5 degrees':>12} {'ms p50':>7}")
    for aim_noise in (0.0, 3.0, 6.0):
        yaw, pitch, took = calibrations(args.calibrations, args.seed, aim_noise)
        worse = sum(max(y, p) > 5 for y, p in zip(yaw, pitch)) / len(yaw)
        print(
            f"{aim_noise:>9.0f}° {_p(yaw, 50):>7.1f}/{_p(yaw, 90):<8.1f} {_p(pitch, 50):>8.1f}/{_p(pitch, 90):<9.1f}"
            f" {worse:>12.1%} {_p(took, 50):>7.0f}"
        )
    return 0


def calibrations(count: int, seed: int, aim_noise: float) -> tuple[list[float], list[float], list[float]]:
    """Degrees off the true yaw and pitch, and milliseconds, of calibrations in generated rooms: a camera
    on a wall at a random yaw and pitch, a person pointing at two random devices from random places."""
    from assistantd.vision.calibration import Sighting, calibrate

    rng = np.random.default_rng(seed)
    yaw_off: list[float] = []
    pitch_off: list[float] = []
    took: list[float] = []
    while len(took) < count:
        pose = CameraPose(0.1, rng.uniform(1.0, 3.5), 2.2, rng.uniform(-40, 40), rng.uniform(-30, 0))
        sightings = []
        for _ in range(2):
            place = (rng.uniform(1.5, 5.9), rng.uniform(0.1, 4.4), rng.uniform(0.3, 2.4))
            tip = (rng.uniform(1.0, 4.0), rng.uniform(0.6, 3.9), rng.uniform(1.1, 1.5))
            towards = misaimed(tip, place, aim_noise, rng)
            hands = [pointing_hand(tip, towards, pose, SETTINGS, rng, image_noise=0.003, world_noise_metres=0.004)
                     for _ in range(12)]  # fmt: skip
            sightings += [Sighting(hand, place) for hand in hands if hand is not None]
        if len({s.target for s in sightings}) < 2:
            continue
        started = time.perf_counter()
        found = calibrate(sightings, (pose.x, pose.y, pose.z), SETTINGS)
        took.append((time.perf_counter() - started) * 1000)
        yaw_off.append(abs((found.pose.yaw - pose.yaw + 180) % 360 - 180))
        pitch_off.append(abs(found.pose.pitch - pose.pitch))
    return yaw_off, pitch_off, took


def _p(values: list[float], percent: int) -> float:
    return float(np.percentile(values, percent))


if __name__ == "__main__":
    raise SystemExit(main())
