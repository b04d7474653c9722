"""The `vision:` section, and where each device is as seen from the camera (`location:`)."""

from __future__ import annotations

import logging
from pathlib import Path

from assistantd.config.loader import ListNode, MapNode, Node, Scalar
from assistantd.config.references import Known
from assistantd.config.schema_service import read_path
from assistantd.config.section import Section, open_section
from assistantd.config.settings_vision import (
    CameraSettings,
    DeviceLocation,
    FaceSettings,
    GestureSettings,
    HandSettings,
    ImagesSettings,
    PointingSettings,
    PublishSettings,
    VideoSettings,
    VisionConfig,
)
from assistantd.config.walker import Issues, get_number

_LOGGER = logging.getLogger(__name__)

_SOURCES = ("camera", "video", "images")
_KEYS = (
    *_SOURCES,
    "mirrored",
    "hand_model",
    "face_model",
    "hands",
    "faces",
    "gestures",
    "pointing",
    "publish",
    "reconnect_min_seconds",
    "reconnect_max_seconds",
)
_LOCATION_KEYS = ("bearing", "elevation", "image_x", "image_y")


def read_vision(
    issues: Issues, node: Node | None, path: str, known: Known, base_dir: Path | None
) -> VisionConfig | None:
    """The vision settings, or None when the section is absent."""
    if node is None:
        return None
    section = open_section(issues, node, path, optional=_KEYS)
    if section is None:
        return None
    default = VisionConfig()
    low = section.number("reconnect_min_seconds", default.reconnect_min_seconds, positive=True, maximum=3600)
    high = section.number("reconnect_max_seconds", default.reconnect_max_seconds, positive=True, maximum=3600)
    if low is not None and high is not None and high < low:
        key = "reconnect_max_seconds"
        section.issues.add(
            section.line_of(key), section.path_of(key), f"must be at least reconnect_min_seconds ({low:g})"
        )
    hands, faces = _hands(section), _faces(section)
    if not hands.enabled and not faces.enabled:
        section.issues.add(section.line, path, "hands and faces are both disabled: nothing to watch")
    return VisionConfig(
        source=_source(section, base_dir),
        mirrored=section.boolean("mirrored", False),
        hand_model=read_path(section, "hand_model", base_dir),
        face_model=read_path(section, "face_model", base_dir),
        hands=hands,
        faces=faces,
        gestures=_gestures(section),
        pointing=_pointing(section),
        publish=_publish(section),
        reconnect_min_seconds=low or default.reconnect_min_seconds,
        reconnect_max_seconds=high or default.reconnect_max_seconds,
    )


def _source(section: Section, base_dir: Path | None) -> CameraSettings | VideoSettings | ImagesSettings:
    """Exactly one of camera, video or images (none: camera 0)."""
    given = [key for key in _SOURCES if section.given(key)]
    if len(given) > 1:
        message = f"give one frame source, not {' and '.join(given)}"
        section.issues.add(section.line_of(given[1]), section.path_of(given[1]), message)
    if not given or given[0] == "camera":
        return _camera(section)
    key = given[0]
    node = section.node(key)
    if isinstance(node, Scalar):
        found = read_path(section, key, base_dir)
        return VideoSettings(found or Path()) if key == "video" else ImagesSettings(found or Path())
    optional = ("realtime", "loop", "max_fps") if key == "video" else ("fps", "loop")
    sub = section.section(key, required=("path",), optional=optional)
    found = None if sub is None else read_path(sub, "path", base_dir)
    if sub is None or found is None:
        return VideoSettings(Path()) if key == "video" else ImagesSettings(Path())
    if key == "video":
        max_fps = sub.number("max_fps", positive=True, maximum=240)
        return VideoSettings(found, sub.boolean("realtime", True), sub.boolean("loop", False), max_fps)
    fps = sub.number("fps", ImagesSettings.fps, positive=True, maximum=240)
    return ImagesSettings(found, fps or ImagesSettings.fps, sub.boolean("loop", False))


def _camera(section: Section) -> CameraSettings:
    """``camera: 0``, ``camera: /dev/video0`` or ``camera: {device, width, height, max_fps}``."""
    default = CameraSettings()
    node = section.node("camera")
    if node is None:
        return default
    if isinstance(node, Scalar):
        return CameraSettings(device=_device(section, "camera"))
    sub = section.section("camera", optional=("device", "width", "height", "max_fps"))
    if sub is None:
        return default
    device = _device(sub, "device") if sub.node("device") is not None else default.device
    width = sub.integer("width", default.width, minimum=16, maximum=8192)
    height = sub.integer("height", default.height, minimum=16, maximum=8192)
    max_fps = sub.number("max_fps", default.max_fps, positive=True, maximum=240)
    return CameraSettings(
        device, width or default.width, height or default.height, max_fps or default.max_fps
    )


def _device(section: Section, key: str) -> int | str:
    """A camera index (0, 1, ...) or a device path."""
    node = section.node(key)
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        value = section.integer(key, minimum=0, maximum=63)
        return 0 if value is None else value
    text = section.string(key)
    if text is None:
        return 0
    if not text.startswith("/"):
        message = f"expected a camera index (0, 1, ...) or a device path such as /dev/video0, got {text!r}"
        section.issues.add(section.line_of(key), section.path_of(key), message)
    return text


def _hands(top: Section) -> HandSettings:
    """The hand landmarker's settings."""
    default = HandSettings()
    sub = top.section("hands", optional=("enabled", "max_hands", "min_confidence"))
    if sub is None:
        return default
    return HandSettings(
        enabled=sub.boolean("enabled", True),
        max_hands=sub.integer("max_hands", default.max_hands, minimum=1, maximum=4) or default.max_hands,
        min_confidence=_number(sub, "min_confidence", default.min_confidence, 0, 1),
    )


def _faces(top: Section) -> FaceSettings:
    """The face landmarker, expression, attention and head gesture settings."""
    d = FaceSettings()
    keys = (
        "enabled", "max_faces", "min_confidence", "attention_degrees", "attention_hold_seconds",
        "expression_min_score", "nod_min_degrees", "shake_min_degrees", "head_window_seconds",
    )  # fmt: skip
    sub = top.section("faces", optional=keys)
    if sub is None:
        return d
    return FaceSettings(
        enabled=sub.boolean("enabled", True),
        max_faces=sub.integer("max_faces", d.max_faces, minimum=1, maximum=8) or d.max_faces,
        min_confidence=_number(sub, "min_confidence", d.min_confidence, 0, 1),
        attention_degrees=_number(sub, "attention_degrees", d.attention_degrees, 1, 90),
        attention_hold_seconds=_number(sub, "attention_hold_seconds", d.attention_hold_seconds, 0, 60),
        expression_min_score=_number(sub, "expression_min_score", d.expression_min_score, 0, 1),
        nod_min_degrees=_number(sub, "nod_min_degrees", d.nod_min_degrees, 1, 60),
        shake_min_degrees=_number(sub, "shake_min_degrees", d.shake_min_degrees, 1, 60),
        head_window_seconds=_number(sub, "head_window_seconds", d.head_window_seconds, 0.3, 10),
    )


def _gestures(top: Section) -> GestureSettings:
    """Stability, cooldown, hold marks and swipe thresholds."""
    d = GestureSettings()
    keys = (
        "min_score",
        "stable_seconds",
        "cooldown_seconds",
        "hold_seconds",
        "swipe_min_distance",
        "swipe_max_seconds",
    )
    sub = top.section("gestures", optional=keys)
    if sub is None:
        return d
    return GestureSettings(
        min_score=_number(sub, "min_score", d.min_score, 0, 1),
        stable_seconds=_number(sub, "stable_seconds", d.stable_seconds, 0, 10),
        cooldown_seconds=_number(sub, "cooldown_seconds", d.cooldown_seconds, 0, 60),
        hold_seconds=_hold_seconds(sub, d.hold_seconds),
        swipe_min_distance=_number(sub, "swipe_min_distance", d.swipe_min_distance, 0.05, 2),
        swipe_max_seconds=_number(sub, "swipe_max_seconds", d.swipe_max_seconds, 0.1, 5),
    )


def _hold_seconds(sub: Section, default: tuple[float, ...]) -> tuple[float, ...]:
    """``hold_seconds: [1, 2]`` (a single number is one mark)."""
    node = sub.node("hold_seconds")
    if node is None:
        return default
    items = sub.items("hold_seconds") if isinstance(node, ListNode) else [(sub.path_of("hold_seconds"), node)]
    values = (get_number(sub.issues, item, path, positive=True, maximum=60) for path, item in items)
    return tuple(sorted({value for value in values if value is not None}))


def _pointing(top: Section) -> PointingSettings:
    """The camera's field of view and the pointing ray's tolerance."""
    d = PointingSettings()
    keys = ("horizontal_fov_degrees", "vertical_fov_degrees", "max_angle_degrees", "interval_seconds")
    sub = top.section("pointing", optional=keys)
    if sub is None:
        return d
    return PointingSettings(
        horizontal_fov_degrees=_number(sub, "horizontal_fov_degrees", d.horizontal_fov_degrees, 10, 170),
        vertical_fov_degrees=_number(sub, "vertical_fov_degrees", d.vertical_fov_degrees, 10, 170),
        max_angle_degrees=_number(sub, "max_angle_degrees", d.max_angle_degrees, 1, 90),
        interval_seconds=_number(sub, "interval_seconds", d.interval_seconds, 0.05, 60),
    )


def _publish(top: Section) -> PublishSettings:
    """What goes to <base>/<site>/vision."""
    d = PublishSettings()
    sub = top.section("publish", optional=("enabled", "max_rate_hz", "landmarks"))
    if sub is None:
        return d
    return PublishSettings(
        enabled=sub.boolean("enabled", True),
        max_rate_hz=_number(sub, "max_rate_hz", d.max_rate_hz, 0.1, 100),
        landmarks=sub.boolean("landmarks", False),
    )


def _number(section: Section, key: str, default: float, low: float, high: float) -> float:
    """A number within [low, high]; the default when absent or invalid (the issue is recorded)."""
    value = section.number(key, minimum=low, maximum=high)
    return default if value is None else value


def read_location(device: Section) -> DeviceLocation | None:
    """``location: {bearing: 30, elevation: 10}`` or ``{image_x: 0.8, image_y: 0.4}`` (as the camera sees it)."""
    if device.node("location") is None:
        return None
    section = device.section("location", optional=_LOCATION_KEYS)
    if section is None:
        return None
    by_direction = section.given("bearing") or section.given("elevation")
    by_image = section.given("image_x") or section.given("image_y")
    if by_direction == by_image:
        node = device.node("location")
        unknown_only = not by_direction and isinstance(node, MapNode) and node.entries
        if not unknown_only:  # an unknown key alone was reported already, with its suggestion
            message = "give bearing (and elevation) in degrees, or image_x and image_y (0-1), one of them"
            section.issues.add(section.line, section.path, message)
        return None
    if by_direction:
        section.require(("bearing",))
        bearing = section.number("bearing", minimum=-89, maximum=89)
        elevation = section.number("elevation", 0.0, minimum=-89, maximum=89)
        return (
            None if bearing is None else DeviceLocation(bearing_degrees=bearing, elevation_degrees=elevation)
        )
    section.require(("image_x", "image_y"))
    x, y = section.number("image_x", minimum=0, maximum=1), section.number("image_y", minimum=0, maximum=1)
    return None if x is None or y is None else DeviceLocation(image_x=x, image_y=y)
