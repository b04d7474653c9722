"""What the landmarkers saw in one frame, as plain values (no MediaPipe types cross this boundary)."""

from __future__ import annotations

from dataclasses import dataclass

WRIST = 0
THUMB = (1, 2, 3, 4)
"""CMC, MCP, IP, tip."""
INDEX = (5, 6, 7, 8)
"""MCP, PIP, DIP, tip (likewise the other fingers)."""
MIDDLE = (9, 10, 11, 12)
RING = (13, 14, 15, 16)
PINKY = (17, 18, 19, 20)
FINGERS = (THUMB, INDEX, MIDDLE, RING, PINKY)
FINGER_NAMES = ("thumb", "index", "middle", "ring", "pinky")

Point = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class HandLandmarks:
    """One hand: 21 points in image-normalised coordinates (x, y in 0-1, z relative depth)."""

    points: tuple[Point, ...]
    handedness: str = ""
    """"left" or "right" as the person's own hand (MediaPipe labels a mirrored selfie view)."""
    score: float = 1.0
    """Detection confidence, 0-1."""
    world: tuple[Point, ...] = ()
    """The same 21 points in metres, around the hand's centre, on the image's axes (x right, y down, z away
    from the camera): the hand's real shape and direction. Empty when the landmarker gave none."""


@dataclass(frozen=True, slots=True)
class FaceLandmarks:
    """One face: its blendshape scores, head transform and where it is in the image."""

    blendshapes: tuple[tuple[str, float], ...]
    """(ARKit blendshape name, 0-1), the 52 MediaPipe gives."""
    matrix: tuple[float, ...]
    """The 4x4 facial transformation matrix, row-major (16 values)."""
    center: tuple[float, float] = (0.5, 0.5)
    """Image-normalised centre of the face's landmarks."""
    size: float = 0.0
    """Image-normalised height of the face's landmarks."""

    def blendshape(self, name: str) -> float:
        """One blendshape's score (0 when absent)."""
        for key, value in self.blendshapes:
            if key == name:
                return value
        return 0.0


@dataclass(frozen=True, slots=True)
class FrameLandmarks:
    """Everything the landmarkers found in one frame."""

    timestamp_ms: int
    width: int
    height: int
    hands: tuple[HandLandmarks, ...] = ()
    faces: tuple[FaceLandmarks, ...] = ()

    @property
    def aspect(self) -> float:
        """Width over height: x is scaled by it so that distances are isotropic."""
        return self.width / self.height if self.height else 1.0


def hand_slot(person: str, key: str) -> str:
    """The trackers' key of a hand: its handedness (or place) alone, or "person/key" when several people
    are in view and the hand's owner is known."""
    return f"{person}/{key}" if person else key


def hand_of(slot: str) -> str:
    """ "left" or "right" from a hand's slot ("" when unknown)."""
    key = slot.rpartition("/")[2]
    return key if key in ("left", "right") else ""


def person_of(slot: str) -> str:
    """The person track a hand's slot names ("" when one person or none is in view)."""
    return slot.rpartition("/")[0]
