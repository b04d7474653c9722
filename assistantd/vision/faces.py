"""Faces: expression from the blendshapes, head pose and attention from the transformation matrix. Pure.

Expressions follow the Facial Action Coding System's prototypes, read off MediaPipe's ARKit-style
blendshapes: a smile is AU12 (lip corners pulled up) with AU6 (cheeks raised); a frown (sadness) is
AU1 (inner brows raised) without AU2 (outer brows) and AU15 (lip corners down) or AU20 (lips
stretched); surprise is AU1+AU2 (all brows raised) with AU26 (jaw dropped) or AU5 (eyes wide);
anger is AU4 (brows lowered) with AU7 (lids tightened). Below a minimum score a face is neutral.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistantd.vision.landmarks import FaceLandmarks


@dataclass(frozen=True, slots=True)
class HeadPose:
    """Where a head faces, degrees."""

    yaw_degrees: float
    """Turned towards the camera's right (positive)."""
    pitch_degrees: float
    """Tilted up (positive)."""
    off_axis_degrees: float
    """Angle between where the face points and the direction from the face to the camera."""


@dataclass(frozen=True, slots=True)
class FaceReading:
    """One face in one frame."""

    expression: str
    expression_score: float
    pose: HeadPose
    attending: bool
    size: float


def _pair(face: FaceLandmarks, stem: str) -> float:
    """Mean of a left/right blendshape pair."""
    return (face.blendshape(stem + "Left") + face.blendshape(stem + "Right")) / 2


def expression_scores(face: FaceLandmarks) -> dict[str, float]:
    """Each non-neutral expression's score, 0-1."""
    inner, outer = face.blendshape("browInnerUp"), _pair(face, "browOuterUp")
    smile = _pair(face, "mouthSmile") + 0.3 * _pair(face, "cheekSquint")
    frown = 0.6 * max(0.0, inner - outer) + _pair(face, "mouthFrown") + 0.5 * _pair(face, "mouthStretch")
    surprise = 0.6 * (inner + 2 * outer) / 3 + 0.4 * max(face.blendshape("jawOpen"), _pair(face, "eyeWide"))
    anger = 0.7 * _pair(face, "browDown") + 0.3 * _pair(face, "eyeSquint")
    scores = {"smile": smile, "frown": frown, "surprise": surprise, "anger": anger}
    return {name: round(min(1.0, value), 3) for name, value in scores.items()}


def expression(face: FaceLandmarks, min_score: float) -> tuple[str, float]:
    """The strongest expression and its score; neutral (score 1 - strongest) below min_score."""
    scores = expression_scores(face)
    best = max(scores, key=scores.__getitem__)
    if scores[best] < min_score:
        return "neutral", round(1.0 - scores[best], 3)
    return best, scores[best]


def head_pose(matrix: tuple[float, ...]) -> HeadPose:
    """Yaw, pitch and angle off the camera of a 4x4 row-major facial transformation matrix."""
    fx, fy, fz = matrix[2], matrix[6], matrix[10]
    tx, ty, tz = matrix[3], matrix[7], matrix[11]
    yaw = math.degrees(math.atan2(fx, fz))
    pitch = math.degrees(math.atan2(fy, math.hypot(fx, fz)))
    distance = math.sqrt(tx * tx + ty * ty + tz * tz)
    forward = math.sqrt(fx * fx + fy * fy + fz * fz)
    if distance == 0.0 or forward == 0.0:
        return HeadPose(yaw, pitch, abs(yaw))
    cosine = -(fx * tx + fy * ty + fz * tz) / (distance * forward)
    return HeadPose(yaw, pitch, math.degrees(math.acos(max(-1.0, min(1.0, cosine)))))


def read_face(face: FaceLandmarks, *, min_score: float, attention_degrees: float) -> FaceReading:
    """Expression, pose and attention of one face."""
    name, score = expression(face, min_score)
    pose = head_pose(face.matrix)
    return FaceReading(name, score, pose, pose.off_axis_degrees <= attention_degrees, face.size)
