"""The fit behind assistantd.vision.handshape.THUMB_WEIGHTS: a logistic regression on generated hands
only (assistantd.vision.synthetic), seeded, numpy. benchmarks/handshape_fit.py prints its result.

Every handshape the classifier names and every other combination of extended fingers is drawn, so
that the thumb is judged among all the hands it may belong to. Real landmarks are never used here:
they are the held-out test (tests/test_vision_handshape.py, benchmarks/vision_classifier.py).
"""

from __future__ import annotations

import numpy as np

from assistantd.vision.handshape import thumb_features
from assistantd.vision.kinematics import SHAPE_FINGERS
from assistantd.vision.synthetic import sample_hand

COMBINATIONS = [tuple(int(bit) for bit in np.binary_repr(i, 5)) for i in range(32)]


def thumb_set(seed: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(features with a constant, thumb extended 0/1) of generated 2-D hands: the handshapes three
    times as often as each other combination."""
    rng = np.random.default_rng(seed)
    pool = list(SHAPE_FINGERS.values()) * 3 + COMBINATIONS
    features, labels = [], []
    for _ in range(count):
        fingers = pool[int(rng.integers(len(pool)))]
        features.append((*thumb_features(sample_hand(rng, fingers)[:, :2]), 1.0))
        labels.append(fingers[0])
    return np.array(features), np.array(labels, dtype=float)


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 30) -> np.ndarray:
    """Weights of an L2-regularised logistic regression (Newton's method; the last column unpenalised)."""
    weights = np.zeros(x.shape[1])
    penalty = l2 * np.diag([1.0] * (x.shape[1] - 1) + [0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ weights)))
        gradient = x.T @ (p - y) / len(y) + penalty @ weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x / len(y) + penalty
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def fit_thumb_weights(seed: int = 0, count: int = 6000) -> tuple[np.ndarray, float]:
    """The thumb weights and their accuracy on the generated hands they were fitted on."""
    x, y = thumb_set(seed, count)
    weights = logistic(x, y)
    return weights, float(((x @ weights > 0) == (y > 0.5)).mean())
