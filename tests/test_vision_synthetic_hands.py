"""The kinematic hand and the generated hands the classifier is tuned on: anatomy, rest, the fit."""

from __future__ import annotations

import numpy as np
import pytest

from assistantd.vision.handshape import THUMB_WEIGHTS
from assistantd.vision.kinematics import POSES, HandPose, ThumbPose, landmarks
from assistantd.vision.landmarks import INDEX, PINKY, THUMB
from assistantd.vision.synthetic import REST_DISTANCE, rest_distance, sample_hand, sample_pose
from tests.support.handshape_fit import fit_thumb_weights


def _thumb_tip(**pose: float) -> np.ndarray:
    return landmarks(HandPose(ThumbPose(**pose)))[THUMB[3]]


def _turn(a: np.ndarray, b: np.ndarray) -> float:
    """The z of the cross product of two 2-D vectors: positive when b is clockwise of a (y down)."""
    return float(a[0] * b[1] - a[1] * b[0])


def test_a_right_hand_facing_the_camera_has_its_thumb_on_the_left() -> None:
    points = landmarks(POSES["open_palm"])
    assert points[THUMB[3], 0] < points[INDEX[0], 0] < points[PINKY[0], 0]
    assert np.all(points[:, 1] <= 1e-9), "the fingers point up (y grows downwards)"


def test_the_thumb_folds_about_its_own_axis() -> None:
    straight = _thumb_tip(swing=40, lift=0, mcp=0, ip=0, pronation=0)
    across = _thumb_tip(swing=40, lift=0, mcp=60, ip=40, pronation=0)
    forward = _thumb_tip(swing=40, lift=0, mcp=60, ip=40, pronation=90)
    # Not pronated, it folds across the palm in the palm's plane, towards the little finger.
    assert abs(across[2]) < 1e-9
    assert across[0] > straight[0] + 0.3
    # Pronated by 90 degrees it folds like a finger, towards the palm's side (the camera, -z).
    assert forward[2] < -0.3
    assert abs(forward[0] - straight[0]) < abs(across[0] - straight[0])


def test_a_folded_thumb_rests_on_the_fingers_or_the_palm() -> None:
    rng = np.random.default_rng(3)
    for fingers in ((0, 0, 0, 0, 0), (0, 1, 0, 0, 0), (0, 1, 1, 0, 0), (0, 1, 1, 1, 1)):
        gaps = [rest_distance(landmarks(sample_pose(rng, fingers)), fingers) for _ in range(100)]
        assert np.mean(np.array(gaps) <= REST_DISTANCE) >= 0.9, fingers
    assert rest_distance(landmarks(POSES["closed_fist"]), (0, 0, 0, 0, 0)) <= REST_DISTANCE
    assert rest_distance(landmarks(POSES["thumb"]), (0, 0, 0, 0, 0)) > 2 * REST_DISTANCE


def test_generated_hands_are_seeded_and_turned_every_way() -> None:
    first = sample_hand(np.random.default_rng(5), (1, 1, 1, 1, 1))
    again = sample_hand(np.random.default_rng(5), (1, 1, 1, 1, 1))
    assert np.array_equal(first, again)
    rng = np.random.default_rng(6)
    hands = [sample_hand(rng, (0, 1, 0, 0, 0))[:, :2] for _ in range(200)]
    angles = [np.degrees(np.arctan2(*(hand[INDEX[0]] - hand[0])[::-1])) for hand in hands]
    assert np.histogram(angles, bins=6, range=(-180, 180))[0].min() > 10  # every roll
    sides = [_turn(hand[INDEX[0]] - hand[0], hand[PINKY[0]] - hand[0]) > 0 for hand in hands]
    assert 0.3 < np.mean(sides) < 0.7  # both hands, or palm and back


@pytest.mark.parametrize("seed", [0, 1])
def test_the_thumb_weights_are_those_fitted_on_generated_hands(seed: int) -> None:
    weights, accuracy = fit_thumb_weights(seed, 2500)
    assert accuracy >= 0.85
    assert np.allclose(weights, THUMB_WEIGHTS, atol=0.6), (weights, THUMB_WEIGHTS)
