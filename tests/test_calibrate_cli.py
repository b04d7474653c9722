"""`assistantd calibrate` on real photos of pointing hands, through real MediaPipe: the devices are placed
where the two photos' fingers point from a camera whose true pose is known, the config is given wrong
angles, and the command finds the true ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistantd.cli.demo import without_section
from assistantd.config.vision import CameraPose, PointingSettings, VisionConfig
from tests.support.configs import EXAMPLE
from tests.support.vision import IMAGES, needs_mediapipe

TRUE_POSE = CameraPose(x=0.0, y=0.0, z=1.5, yaw=25.0, pitch=-10.0)
PHOTOS = {
    "floor_lamp": IMAGES / "hands" / "pointing_up__mp_sample.jpg",
    "living_room_ceiling_light": IMAGES / "hands" / "pointing_up__smartcanvas_1.jpeg",
}
ALONG_METRES = 2.0
"""How far along each finger's ray its device is placed."""


def where_it_points(photo: Path) -> tuple[float, float, float]:
    """The place ALONG_METRES down the ray of the photo's pointing hand, seen by a camera at TRUE_POSE."""
    from assistantd.vision.landmarker import Landmarkers
    from assistantd.vision.room import room_ray
    from assistantd.vision.sources import ImageFileSource

    landmarkers = Landmarkers(VisionConfig())
    landmarkers.load()
    source = ImageFileSource(photo)
    source.open()
    frame = source.read()
    assert frame is not None
    [hand] = landmarkers.detect(frame).hands
    ray = room_ray(hand, TRUE_POSE, PointingSettings())
    assert ray is not None
    place = np.array(ray.origin) + ALONG_METRES * np.array(ray.direction)
    return (round(float(place[0]), 3), round(float(place[1]), 3), round(float(place[2]), 3))


def test_the_camera_angles_are_found_from_two_photos_of_pointing(tmp_path: Path) -> None:
    needs_mediapipe()
    for photo in PHOTOS.values():
        if not photo.is_file():
            pytest.skip(f"no photo at {photo}")
    places = {device: where_it_points(photo) for device, photo in PHOTOS.items()}
    home = without_section(EXAMPLE.read_text(), "speech")
    home = home.replace("location: {bearing: -35, elevation: 5}", _location(places["floor_lamp"]))
    home = home.replace(
        "location: {bearing: 0, elevation: 40}", _location(places["living_room_ceiling_light"])
    )
    assert home.count("location: {x:") == 2, "the example's lamps must have been placed"
    config = tmp_path / "home.yaml"
    config.write_text(
        home + f"\nvision:\n  images: {tmp_path}\n  pose: {{x: 0, y: 0, z: 1.5, yaw: 0, pitch: 0}}\n"
    )
    points = [f"--point={device}={photo}" for device, photo in PHOTOS.items()]
    done = _calibrate(config, *points, "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["pose"]["yaw"] == pytest.approx(TRUE_POSE.yaw, abs=1.0)
    assert found["pose"]["pitch"] == pytest.approx(TRUE_POSE.pitch, abs=1.0)
    assert (found["pose"]["x"], found["pose"]["y"], found["pose"]["z"]) == (0.0, 0.0, 1.5)
    assert set(found["errors_degrees"]) == set(PHOTOS) and max(found["errors_degrees"].values()) < 1.0

    as_yaml = _calibrate(config, *points)
    assert as_yaml.returncode == 0 and as_yaml.stdout.startswith(
        "vision:\n  pose: {x: 0.0, y: 0.0, z: 1.5, yaw: "
    )


def test_what_cannot_be_calibrated_is_said(tmp_path: Path) -> None:
    home = without_section(EXAMPLE.read_text(), "speech")
    config = tmp_path / "home.yaml"
    config.write_text(home)
    no_pose = _calibrate(config, "--point=floor_lamp", "--point=living_room_ceiling_light")
    assert no_pose.returncode == 64 and "vision.pose" in no_pose.stderr
    config.write_text(home + f"\nvision:\n  images: {tmp_path}\n  pose: {{x: 0, y: 0, z: 1.5}}\n")
    unplaced = _calibrate(config, "--point=floor_lamp", "--point=living_room_ceiling_light")
    assert unplaced.returncode == 64 and "floor_lamp" in unplaced.stderr and "no location" in unplaced.stderr
    unknown = _calibrate(config, "--point=nothing_here", "--point=living_room_ceiling_light")
    assert unknown.returncode == 64 and "no device 'nothing_here'" in unknown.stderr


def _location(place: tuple[float, float, float]) -> str:
    return f"location: {{x: {place[0]}, y: {place[1]}, z: {place[2]}}}"


def _calibrate(config: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistantd", "calibrate", "--config", str(config), *arguments],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
