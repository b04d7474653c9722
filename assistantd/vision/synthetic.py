"""Random synthetic hands as a webcam and MediaPipe would give them: for tuning and testing, never for
the daemon's input.

Joint angles are drawn inside their anatomical ranges; a folded thumb is drawn until its tip rests on
a folded finger or on the palm, as a real one does; the hand is turned as one shown to a camera is
(palm or back towards it, within 50 degrees; pitched up to 45; any roll), mirrored half the time (the
other hand), seen in perspective from 4 to 12 palm lengths, and every landmark is displaced as
MediaPipe's estimates are: a few percent of the palm, shared along a finger, more for the tips of
folded fingers, which the palm hides. benchmarks/vision_classifier.py measures how real these are: a
network trained on them alone, scored on real landmarks.
"""

from __future__ import annotations

import numpy as np

from assistantd.vision.kinematics import FingerPose, HandPose, ThumbPose, landmarks, place

REST_DISTANCE = 0.22
"""A folded thumb's tip lies this close (palm lengths, landmark to landmark) to a surface it rests on."""
_PALM_SPOTS = np.array([[0.0, -0.55, -0.12], [0.15, -0.7, -0.12], [-0.1, -0.75, -0.12]])
"""Points over the palm's hollow, where a thumb folded across an open hand comes to rest."""
_TIPS = (4, 8, 12, 16, 20)


def random_finger(rng: np.random.Generator, extended: bool) -> FingerPose:
    """A long finger's pose: straight (some hyperextension and spread), or curled into the palm."""
    if extended:
        return FingerPose(rng.uniform(-15, 25), rng.uniform(0, 25), rng.uniform(-5, 15), rng.uniform(-15, 15))
    pip = rng.uniform(70, 110)
    return FingerPose(rng.uniform(50, 95), pip, pip * rng.uniform(0.45, 0.9), rng.uniform(-6, 6))


def _extended_thumb(rng: np.random.Generator) -> ThumbPose:
    """A thumb held out: nearly straight, swung away from the index."""
    return ThumbPose(
        swing=rng.uniform(30, 75),
        lift=rng.uniform(0, 40),
        mcp=rng.uniform(-10, 15),
        ip=rng.uniform(-15, 20),
        pronation=rng.uniform(10, 70),
    )


def _folded_thumb(rng: np.random.Generator) -> ThumbPose:
    """A thumb's pose with its metacarpal drawn in and its joints bent (not yet checked for rest)."""
    return ThumbPose(
        swing=rng.uniform(0, 35),
        lift=rng.uniform(5, 60),
        mcp=rng.uniform(15, 70),
        ip=rng.uniform(5, 85),
        pronation=rng.uniform(15, 85),
    )


def _segment_distance(point: np.ndarray, start: np.ndarray, end: np.ndarray) -> float:
    """The distance from a point to a line segment."""
    span = end - start
    t = float(np.clip(np.dot(point - start, span) / max(float(np.dot(span, span)), 1e-12), 0.0, 1.0))
    return float(np.linalg.norm(point - (start + t * span)))


def rest_distance(points: np.ndarray, fingers: tuple[int, ...]) -> float:
    """How far the thumb's tip is from where a folded thumb rests: the middle phalanx of the first two
    folded fingers (index side first: the thumb reaches no further in a fist), else the palm."""
    tip = points[4]
    folded = [number for number, flag in enumerate(fingers[1:]) if not flag][:2]
    if not folded:
        return min(float(np.linalg.norm(tip - spot)) for spot in _PALM_SPOTS)
    return min(_segment_distance(tip, points[6 + 4 * n], points[7 + 4 * n]) for n in folded)


def sample_pose(rng: np.random.Generator, fingers: tuple[int, ...], *, tries: int = 150) -> HandPose:
    """A random pose with the given fingers extended (thumb to pinky); a folded thumb rests on the hand."""
    long_fingers = tuple(random_finger(rng, bool(flag)) for flag in fingers[1:])
    if fingers[0]:
        return HandPose(_extended_thumb(rng), long_fingers)  # type: ignore[arg-type]
    best, best_gap = None, np.inf
    for _ in range(tries):
        pose = HandPose(_folded_thumb(rng), long_fingers)  # type: ignore[arg-type]
        gap = rest_distance(landmarks(pose), fingers)
        if gap < REST_DISTANCE:
            return pose
        if gap < best_gap:
            best, best_gap = pose, gap
    return best  # type: ignore[return-value]


def _perspective(points: np.ndarray, distance: float) -> np.ndarray:
    """Points (palm lengths, centred) as a pinhole camera `distance` palm lengths away projects them."""
    projected = points.copy()
    projected[:, :2] *= (distance / (distance + points[:, 2]))[:, None]
    return projected


def mediapipe_noise(rng: np.random.Generator, fingers: tuple[int, ...], *, scale: float = 1.0) -> np.ndarray:
    """Landmark errors (palm lengths) like MediaPipe's: a shared jitter per finger and one per landmark,
    larger for the tips of folded fingers."""
    sigma = rng.uniform(0.015, 0.045) * scale
    noise = rng.normal(0.0, sigma, (21, 3))
    for number in range(5):
        chain = slice(1 + 4 * number, 5 + 4 * number)
        noise[chain] += rng.normal(0.0, sigma, 3)
        if not fingers[number]:
            noise[_TIPS[number]] += rng.normal(0.0, 2.0 * sigma, 3)
    return noise


def sample_hand(rng: np.random.Generator, fingers: tuple[int, ...], *, noise: float = 1.0) -> np.ndarray:
    """Random landmarks (isotropic image units, y down) of a hand with the given fingers extended."""
    points = landmarks(sample_pose(rng, fingers)) + mediapipe_noise(rng, fingers, scale=noise)
    turned = place(
        points,
        roll=rng.uniform(-180, 180),
        yaw=rng.uniform(-50, 50) + (180.0 if rng.random() < 0.5 else 0.0),
        pitch=rng.uniform(-45, 45),
        mirror=bool(rng.random() < 0.5),
        center=(0.0, 0.0),
        size=1.0,
    )
    size = rng.uniform(0.1, 0.4)
    return _perspective(turned, rng.uniform(4.0, 12.0)) * size + np.array([0.5, 0.5, 0.0])
