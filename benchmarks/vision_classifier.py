"""Accuracy of the static gesture classifiers on real data neither was fitted to.

Compares the geometric classifier (assistantd.vision.handshape) with a small network trained on
synthetic hands from assistantd.vision.synthetic (an MLP, 42 -> 64 -> 64 -> 7, numpy, seeded), on
Kazuhito00's 4450 landmark vectors and on the labelled photos. Used by benchmarks/vision.py.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistantd.vision.handshape import classify, hand_points, palm_scale
from assistantd.vision.kinematics import SHAPE_FINGERS
from assistantd.vision.synthetic import sample_hand

SHAPES = [*SHAPE_FINGERS, "none"]
KEYPOINT_SHAPES = {0: "open", 1: "fist", 2: "index"}
_GESTURE_SHAPE = {"open_palm": "open", "closed_fist": "fist", "thumb_up": "thumb", "thumb_down": "thumb",
                  "pointing_up": "index", "victory": "victory", "i_love_you": "ily", "none": "none"}  # fmt: skip


def canonical(points: np.ndarray) -> np.ndarray:
    """2-D landmarks moved to the wrist, turned so the palm points up, scaled, thumb on the right."""
    flat = points[:, :2] - points[0, :2]
    angle = np.arctan2(flat[9, 0], -flat[9, 1])
    cos, sin = np.cos(angle), np.sin(angle)
    turned = flat @ np.array([[cos, sin], [-sin, cos]]).T  # rotates by -angle: the knuckle to straight up
    if turned[5, 0] < turned[17, 0]:
        turned[:, 0] *= -1
    return (turned / palm_scale(flat)).ravel()


def synthetic_set(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic hands of the six shapes and of other finger combinations ("none")."""
    shapes = list(SHAPE_FINGERS.values())
    others = [
        f
        for f in (tuple(int(b) for b in np.binary_repr(i, 5)) for i in range(32))
        if f not in shapes and f[1:] not in ((1, 0, 0, 0), (1, 1, 0, 0))
    ]
    features, labels = [], []
    for _ in range(count):
        label = int(rng.integers(0, len(SHAPES)))
        fingers = shapes[label] if label < len(shapes) else others[int(rng.integers(0, len(others)))]
        features.append(canonical(sample_hand(rng, fingers)))
        labels.append(label)
    return np.array(features), np.array(labels)


class Mlp:
    """Two hidden ReLU layers and a softmax, trained with Adam on cross-entropy."""

    def __init__(self, rng: np.random.Generator, sizes: tuple[int, ...] = (42, 64, 64, 7)) -> None:
        self.params = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            self.params += [rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out)), np.zeros(fan_out)]

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Activations of every layer, the logits last."""
        outs = [x]
        for i in range(0, len(self.params), 2):
            z = outs[-1] @ self.params[i] + self.params[i + 1]
            outs.append(np.maximum(z, 0) if i + 2 < len(self.params) else z)
        return outs

    def fit(
        self, x: np.ndarray, y: np.ndarray, rng: np.random.Generator, epochs: int = 30, lr: float = 1e-3
    ) -> None:
        """Mini-batch Adam."""
        m = [np.zeros_like(p) for p in self.params]
        v = [np.zeros_like(p) for p in self.params]
        step = 0
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), 128):
                batch = order[start : start + 128]
                step += 1
                for i, grad in enumerate(self._grads(x[batch], y[batch])):
                    m[i] = 0.9 * m[i] + 0.1 * grad
                    v[i] = 0.999 * v[i] + 0.001 * grad * grad
                    self.params[i] -= (
                        lr * (m[i] / (1 - 0.9**step)) / (np.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)
                    )

    def _grads(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        """Back-propagated gradients of the mean cross-entropy."""
        outs = self.forward(x)
        logits = outs[-1] - outs[-1].max(axis=1, keepdims=True)
        grad = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        grad[np.arange(len(y)), y] -= 1
        grad /= len(y)
        grads = []
        for i in range(len(self.params) - 2, -1, -2):
            grads[:0] = [outs[i // 2].T @ grad, grad.sum(axis=0)]
            grad = (grad @ self.params[i].T) * (outs[i // 2] > 0)
        return grads

    def predict(self, points: np.ndarray) -> str:
        """The handshape of one hand."""
        return SHAPES[int(self.forward(canonical(points)[None])[-1].argmax())]


def train_mlp(seed: int = 0, count: int = 24000) -> Mlp:
    """The network, trained on synthetic hands only."""
    rng = np.random.default_rng(seed)
    x, y = synthetic_set(rng, count)
    model = Mlp(rng)
    model.fit(x, y, rng)
    return model


def keypoint_pairs(path: Path, shape_of: Callable[[np.ndarray], str]) -> list[tuple[str, str]]:
    """(true, predicted) handshapes of the landmark vectors."""
    data = np.loadtxt(path, delimiter=",")
    return [(KEYPOINT_SHAPES[int(row[0])], shape_of(row[1:].reshape(21, 2))) for row in data]


def photo_hands(images: Path) -> list[tuple[str, str, np.ndarray]]:
    """(file, label, isotropic 3-D landmarks) of each hand in the labelled photos (IMAGE mode)."""
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    from assistantd.vision.task_files import HAND_TASK, resolve_task_file

    options = vision.HandLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_task_file(None, HAND_TASK))), num_hands=2
    )
    found = []
    with (
        vision.HandLandmarker.create_from_options(options) as landmarker,
        (images / "labels.csv").open() as handle,
    ):
        for row in csv.DictReader(handle):
            if not row["file"].startswith("hands/") or row["label"] not in _GESTURE_SHAPE:
                continue
            image = cv2.cvtColor(cv2.imread(str(images / row["file"])), cv2.COLOR_BGR2RGB)
            result = landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=image))
            aspect = image.shape[1] / image.shape[0]
            for hand in result.hand_landmarks[:1]:
                found.append(
                    (row["file"], row["label"], hand_points(tuple((p.x, p.y, p.z) for p in hand), aspect))
                )
    return found


def table(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """Accuracy and per-class precision and recall."""
    classes = sorted({t for t, _ in pairs})
    predicted = Counter(p for _, p in pairs)
    rows = {}
    for label in classes:
        hits = sum(1 for t, p in pairs if t == label == p)
        support = sum(1 for t, _ in pairs if t == label)
        rows[label] = {"precision": round(hits / predicted[label], 3) if predicted[label] else 0.0,
                       "recall": round(hits / support, 3), "n": support}  # fmt: skip
    return {"accuracy": round(sum(t == p for t, p in pairs) / len(pairs), 3), "classes": rows}


def compare(data: Path) -> dict[str, object]:
    """Every accuracy table: geometric (2-D and 3-D) and the trained network, on each real set."""
    model = train_mlp()
    keypoints = data / "hand-keypoints-kazuhito00" / "keypoint.csv"
    report: dict[str, object] = {
        "landmark_vectors": {
            "geometric": table(keypoint_pairs(keypoints, lambda p: classify(p).shape)),
            "trained_mlp": table(keypoint_pairs(keypoints, model.predict)),
        }
    }
    hands = photo_hands(data / "images")
    report["photos_gesture"] = {
        "geometric_2d": table([(label, classify(p[:, :2]).gesture) for _, label, p in hands]),
        "geometric_3d": table([(label, classify(p).gesture) for _, label, p in hands]),
    }
    report["photos_handshape"] = {
        "geometric_2d": table([(_GESTURE_SHAPE[label], classify(p[:, :2]).shape) for _, label, p in hands]),
        "trained_mlp": table([(_GESTURE_SHAPE[label], model.predict(p)) for _, label, p in hands]),
    }
    rng = np.random.default_rng(99)
    synthetic = [
        (shape, sample_hand(rng, fingers)) for shape, fingers in SHAPE_FINGERS.items() for _ in range(200)
    ]
    report["synthetic_held_out"] = {
        "geometric": table([(s, classify(p[:, :2]).shape) for s, p in synthetic]),
        "trained_mlp": table([(s, model.predict(p)) for s, p in synthetic]),
    }
    return report
