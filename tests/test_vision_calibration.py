"""The camera's yaw and pitch found from a person pointing at known places (generated scenes)."""

from __future__ import annotations

import numpy as np
import pytest

from assistantd.config.vision import CameraPose, PointingSettings
from assistantd.vision.calibration import CalibrationError, Sighting, calibrate
from tests.support.pointing import misaimed, pointing_hand

SETTINGS = PointingSettings()
LAMP = (4.5, 3.5, 1.0)
TV = (4.5, 0.3, 0.9)
SPEAKER = (1.5, 3.8, 0.4)


def sightings(
    pose: CameraPose, targets: list[tuple[float, float, float]], rng: np.random.Generator, *,
    aim: float = 0.0, frames: int = 12, mirrored: bool = False,
) -> list[Sighting]:  # fmt: skip
    """A person standing somewhere in view pointing at each target in turn, with aiming error (one aim
    for the whole hold: a person's aim does not average out) and landmark jitter in every frame."""
    found: list[Sighting] = []
    for target in targets:
        for _ in range(50):  # somewhere the camera sees the hand
            tip = (rng.uniform(1.5, 3.0), rng.uniform(1.2, 2.8), rng.uniform(1.0, 1.5))
            aimed_at = misaimed(tip, target, aim, rng)
            hands = [
                pointing_hand(
                    tip,
                    aimed_at,
                    pose,
                    SETTINGS,
                    rng,
                    image_noise=0.002,
                    world_noise_metres=0.002,
                    mirrored=mirrored,
                )
                for _ in range(frames)
            ]
            if all(hand is not None for hand in hands):
                found.extend(Sighting(hand, target) for hand in hands if hand is not None)
                break
    return found


@pytest.mark.parametrize(
    "pose",
    [
        CameraPose(0.0, 2.0, 2.2, 0.0, -15.0),
        CameraPose(0.2, 0.3, 2.4, 35.0, -25.0),
        CameraPose(5.8, 2.0, 1.2, 180.0, 0.0),
        CameraPose(0.1, 3.9, 2.3, -40.0, -10.0),
    ],
)
def test_the_pose_is_found_from_pointing_at_two_places(pose: CameraPose) -> None:
    rng = np.random.default_rng(7)
    seen = sightings(pose, [LAMP, TV, SPEAKER], rng)
    usable = {s.target for s in seen}
    assert len(usable) >= 2, "the scene must show the hand pointing at two places"
    found = calibrate(seen, (pose.x, pose.y, pose.z), SETTINGS)
    assert (found.pose.x, found.pose.y, found.pose.z) == (pose.x, pose.y, pose.z)
    assert abs((found.pose.yaw - pose.yaw + 180) % 360 - 180) < 1.0
    assert found.pose.pitch == pytest.approx(pose.pitch, abs=1.0)
    assert set(found.errors_degrees) == usable and found.used == len(seen)


def test_a_persons_aim_costs_a_little_accuracy_and_the_errors_say_so() -> None:
    """People aim within a few degrees: over 20 calibrations with a 3-degree aim, the pose stays within
    the tolerance pointing needs, and the reported errors are of the size of the aim."""
    pose = CameraPose(0.0, 2.0, 2.2, 10.0, -15.0)
    rng = np.random.default_rng(11)
    yaw_off, pitch_off, reported = [], [], []
    for _ in range(20):
        found = calibrate(sightings(pose, [LAMP, TV], rng, aim=3.0), (pose.x, pose.y, pose.z), SETTINGS)
        yaw_off.append(abs(found.pose.yaw - pose.yaw))
        pitch_off.append(abs(found.pose.pitch - pose.pitch))
        reported.extend(found.errors_degrees.values())
    assert float(np.median(yaw_off)) < 3.0 and float(np.median(pitch_off)) < 3.0
    assert max(yaw_off + pitch_off) < 10.0
    assert 0.3 < float(np.median(reported)) < 6.0


def test_a_mirrored_camera_is_calibrated_the_same() -> None:
    pose = CameraPose(0.0, 2.0, 2.2, 20.0, -15.0)
    seen = sightings(pose, [LAMP, TV], np.random.default_rng(5), mirrored=True)
    found = calibrate(seen, (pose.x, pose.y, pose.z), SETTINGS, mirrored=True)
    assert found.pose.yaw == pytest.approx(20.0, abs=1.0) and found.pose.pitch == pytest.approx(
        -15.0, abs=1.0
    )
    unmirrored = calibrate(seen, (pose.x, pose.y, pose.z), SETTINGS)
    assert max(unmirrored.errors_degrees.values()) > max(found.errors_degrees.values())


def test_one_place_is_not_enough() -> None:
    pose = CameraPose(0.0, 2.0, 2.2, 0.0, -15.0)
    seen = sightings(pose, [LAMP], np.random.default_rng(1))
    assert seen
    with pytest.raises(CalibrationError, match="at least 2"):
        calibrate(seen, (pose.x, pose.y, pose.z), SETTINGS)
    with pytest.raises(CalibrationError):
        calibrate([], (pose.x, pose.y, pose.z), SETTINGS)
