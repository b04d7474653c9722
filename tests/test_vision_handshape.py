"""The static gesture classifier: real photos through the real landmarker, real landmark vectors, invariance."""

from __future__ import annotations

import numpy as np
import pytest

from assistantd.vision.handshape import classify, hand_points
from assistantd.vision.kinematics import POSES, SHAPE_FINGERS, landmarks, place
from assistantd.vision.synthetic import sample_hand
from tests.support.vision import (
    keypoint_vectors,
    labelled_images,
    needs_mediapipe,
    precision_recall,
    print_table,
)

IN_SET = {"thumb_up", "thumb_down", "open_palm", "pointing_up", "victory", "i_love_you", "none"}
KEYPOINT_SHAPES = {0: "open", 1: "fist", 2: "index"}
"""Kazuhito00's classes as handshapes: a Pointer points in any direction, so it is the index shape."""


@pytest.fixture(scope="module")
def hand_landmarker():
    needs_mediapipe()
    from mediapipe.tasks.python import BaseOptions, vision

    from assistantd.vision.task_files import HAND_TASK, resolve_task_file

    options = vision.HandLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_task_file(None, HAND_TASK))),
        running_mode=vision.RunningMode.IMAGE,
        num_hands=2,
    )
    landmarker = vision.HandLandmarker.create_from_options(options)
    yield landmarker
    landmarker.close()


def _photo_gestures(landmarker, path) -> list[str]:
    """The gesture of every hand found in a photo."""
    import cv2
    import mediapipe as mp

    image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    result = landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=image))
    aspect = image.shape[1] / image.shape[0]
    return [
        classify(hand_points(tuple((p.x, p.y, p.z) for p in hand), aspect, depth=False)).gesture
        for hand in result.hand_landmarks
    ]


def test_every_labelled_photo_is_detected_and_classified(hand_landmarker) -> None:
    pairs, report = [], []
    for path, label, notes in labelled_images("hands"):
        if label not in IN_SET:
            continue
        found = _photo_gestures(hand_landmarker, path)
        assert found, f"no hand detected in {path.name}"
        predicted = label if label in found else found[0]
        pairs.append((label, predicted))
        report.append(
            f"  {path.name}: label {label}, seen {found}{'  (' + notes + ')' if label == 'none' else ''}"
        )
    print("\n".join(report))
    print_table("photos", pairs)
    wrong = [(true, seen) for true, seen in pairs if true != seen]
    # Measured: 15 of 17. Both misses are the two HaGRID photos labelled "none" by their source,
    # which show an index finger raised and a thumb down (labels.csv's notes say so): those are
    # what the classifier reports.
    assert len(pairs) == 17
    assert sum(true == seen for true, seen in pairs) == 15
    assert sorted(wrong) == [("none", "pointing_up"), ("none", "thumb_down")]


def test_photos_outside_the_gesture_set_still_have_hands(hand_landmarker) -> None:
    others = [(path, label) for path, label, _ in labelled_images("hands") if label not in IN_SET]
    assert others
    for path, label in others:
        assert _photo_gestures(hand_landmarker, path), f"no hand in {path.name} ({label})"


def test_landmark_vectors_accuracy_and_per_class_precision_recall() -> None:
    labels, points = keypoint_vectors()
    pairs = [
        (KEYPOINT_SHAPES[int(label)], classify(hand).shape)
        for label, hand in zip(labels, points, strict=True)
    ]
    print_table("landmark vectors (handshape)", pairs)
    table = precision_recall(pairs)
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    # Measured 0.805 (recall: open 0.926, fist 0.716, pointer 0.771; precision: fist 0.880, the others
    # above 0.93). The bar: every class found at least 70% of the time with at least 85% precision; the
    # thresholds and weights were set on generated hands, never on these vectors.
    assert accuracy >= 0.79
    for label, (precision, recall, _support) in table.items():
        assert recall >= 0.7, label
        assert precision >= 0.85, label


def test_fists_and_pointers_are_seldom_taken_for_a_thumbs_up() -> None:
    """A thumbs-up confirms a high-risk action: a fist or a pointing hand must rarely look like one."""
    labels, points = keypoint_vectors()
    shapes = [classify(hand).shape for label, hand in zip(labels, points, strict=True) if label in (1, 2)]
    thumbs = sum(shape == "thumb" for shape in shapes) / len(shapes)
    print(f"fists and pointers read as a thumb: {thumbs:.3f} of {len(shapes)}")
    assert thumbs <= 0.08  # measured 0.067 (with the thumb judged by its reach, before: 0.144)


@pytest.mark.parametrize("shape", sorted(SHAPE_FINGERS))
def test_invariant_to_size_rotation_in_the_image_plane_and_handedness(shape: str) -> None:
    pose = POSES[
        {"open": "open_palm", "fist": "closed_fist"}.get(shape, shape if shape != "ily" else "i_love_you")
    ]
    base = landmarks(pose)
    shapes = {
        classify(place(base, roll=roll, mirror=mirror, size=size)[:, :2]).shape
        for roll in range(-180, 180, 30)
        for mirror in (False, True)
        for size in (0.08, 0.3)
    }
    assert shapes == {shape}


def test_direction_decides_thumb_up_down_and_pointing_up() -> None:
    thumb, index = landmarks(POSES["thumb"]), landmarks(POSES["index"])
    assert classify(place(thumb, roll=90)[:, :2]).gesture == "thumb_up"
    assert classify(place(thumb, roll=-90)[:, :2]).gesture == "thumb_down"
    assert classify(place(thumb, roll=0)[:, :2]).gesture == "none"  # thumb held sideways
    assert classify(place(index, roll=0)[:, :2]).gesture == "pointing_up"
    assert classify(place(index, roll=120)[:, :2]).gesture == "pointing"


def test_synthetic_hands_seen_from_many_sides() -> None:
    rng = np.random.default_rng(7)
    pairs = [
        (shape, classify(sample_hand(rng, fingers)[:, :2]).shape)
        for shape, fingers in SHAPE_FINGERS.items()
        for _ in range(150)
    ]
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    print_table("synthetic hands", pairs)
    assert accuracy >= 0.9  # measured 0.931: the thumb is the hard part when the hand turns away
