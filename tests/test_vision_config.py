"""The vision: section, device locations and gesture rules: values, and errors with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistantd.config import load_config, parse_config
from assistantd.config.vision import CameraSettings, DeviceLocation, ImagesSettings, VideoSettings
from tests.support.configs import BASE, EXAMPLE, issues_of

B = BASE.count("\n")


def test_the_example_config_places_devices_and_binds_gestures() -> None:
    config = load_config(EXAMPLE)
    assert config.device("floor_lamp").location == DeviceLocation(bearing_degrees=-35, elevation_degrees=5)
    assert config.device("tv").location == DeviceLocation(image_x=0.85, image_y=0.45)
    gesture_rules = {rule.id: rule.trigger for rule in config.rules if rule.trigger.gesture}
    assert gesture_rules["palm_pauses_tv"].gesture == "open_palm"
    assert gesture_rules["palm_pauses_tv"].held_seconds == 1.0
    assert gesture_rules["swipe_up_brighter"].held_seconds is None


def test_vision_defaults_and_full_section(tmp_path: Path) -> None:
    assert parse_config(BASE, file="home.yaml").vision is None
    config = parse_config(BASE + "vision: {}\n", file="home.yaml")
    assert config.vision is not None and config.vision.source == CameraSettings()
    text = BASE + (
        "vision:\n"
        "  camera: {device: /dev/video2, width: 1280, height: 720, max_fps: 10}\n"
        "  mirrored: true\n"
        "  hand_model: models/hand.task\n"
        "  hands: {max_hands: 1, min_confidence: 0.6}\n"
        "  faces: {enabled: false}\n"
        "  gestures: {stable_seconds: 0.5, cooldown_seconds: 2, hold_seconds: [1, 3]}\n"
        "  pointing: {horizontal_fov_degrees: 80, max_angle_degrees: 20}\n"
        "  publish: {max_rate_hz: 2, landmarks: true}\n"
    )
    vision = parse_config(text, file="home.yaml", base_dir=tmp_path).vision
    assert vision.source == CameraSettings("/dev/video2", 1280, 720, 10.0)
    assert vision.mirrored and vision.hand_model == tmp_path / "models" / "hand.task"
    assert (vision.hands.max_hands, vision.faces.enabled) == (1, False)
    assert vision.gestures.hold_seconds == (1.0, 3.0) and vision.gestures.cooldown_seconds == 2.0
    assert vision.pointing.horizontal_fov_degrees == 80 and vision.publish.landmarks


def test_file_sources(tmp_path: Path) -> None:
    video = parse_config(BASE + "vision: {video: clip.mp4}\n", file="h", base_dir=tmp_path).vision
    assert video.source == VideoSettings(tmp_path / "clip.mp4")
    images = parse_config(
        BASE + "vision: {images: {path: frames, fps: 10}}\n", file="h", base_dir=tmp_path
    ).vision
    assert images.source == ImagesSettings(tmp_path / "frames", 10.0)
    text = BASE + "vision: {images: {path: frames}}\n"
    assert parse_config(text, file="h", base_dir=tmp_path).vision.source == ImagesSettings(tmp_path / "frames")


# (id, appended text, line offset after BASE, key path, message part)
BROKEN = [
    ("unknown-key", "vision:\n  camra: 0\n", 2, "vision.camra", "did you mean 'camera'?"),
    ("two-sources", "vision:\n  camera: 0\n  video: a.mp4\n", 3, "vision.video", "give one frame source"),
    ("camera-name", "vision:\n  camera: webcam\n", 2, "vision.camera", "camera index"),
    ("fps-range", "vision:\n  camera: {max_fps: 0}\n", 2, "vision.camera.max_fps", "greater than 0"),
    (
        "nested-unknown",
        "vision:\n  gestures: {stable_second: 1}\n",
        2,
        "vision.gestures.stable_second",
        "did you mean 'stable_seconds'?",
    ),
    (
        "score-range",
        "vision:\n  faces: {attention_degrees: 120}\n",
        2,
        "vision.faces.attention_degrees",
        "between 1 and 90",
    ),
    (
        "hold-type",
        "vision:\n  gestures: {hold_seconds: [1, soon]}\n",
        2,
        "vision.gestures.hold_seconds[1]",
        "expected a number",
    ),
    (
        "nothing",
        "vision:\n  hands: {enabled: false}\n  faces: {enabled: false}\n",
        2,
        "vision",
        "nothing to watch",
    ),
    (
        "reconnect",
        "vision:\n  reconnect_min_seconds: 5\n  reconnect_max_seconds: 1\n",
        3,
        "vision.reconnect_max_seconds",
        "at least",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "path", "message"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_vision_errors_name_file_line_and_key(text: str, line: int, path: str, message: str) -> None:
    issues = issues_of(BASE + text)
    assert [(issue.file, issue.line, issue.key_path) for issue in issues] == [("home.yaml", B + line, path)]
    assert message in issues[0].message


LAMP = "    zigbee2mqtt: {friendly_name: living/floor_lamp}\n"
LOCATIONS = [
    ("both-forms", "    location: {bearing: 10, image_x: 0.5}\n", "devices[0].location", "one of them"),
    ("bearing-range", "    location: {bearing: 120}\n", "devices[0].location.bearing", "between -89 and 89"),
    (
        "image-range",
        "    location: {image_x: 1.5, image_y: 0.2}\n",
        "devices[0].location.image_x",
        "between 0 and 1",
    ),
    ("image-half", "    location: {image_x: 0.5}\n", "devices[0].location.image_y", "missing required key"),
    ("typo", "    location: {bearnig: 10}\n", "devices[0].location.bearnig", "did you mean 'bearing'?"),
]


@pytest.mark.parametrize(
    ("snippet", "path", "message"), [c[1:] for c in LOCATIONS], ids=[c[0] for c in LOCATIONS]
)
def test_location_errors(snippet: str, path: str, message: str) -> None:
    issues = issues_of(BASE.replace(LAMP, LAMP + snippet, 1))
    line = BASE[: BASE.index(LAMP)].count("\n") + 2
    assert [(issue.line, issue.key_path) for issue in issues] == [(line, path)]
    assert message in issues[0].message


RULE = "rules:\n  - id: r\n    when: {when}\n    actions:\n      - {action}\n"
GESTURE_RULES = [
    (
        "gesture-typo",
        "{gesture: thumbs_up}",
        "{device: floor_lamp, service: turn_on}",
        3,
        "rules[0].when.gesture",
        "did you mean 'thumb_up'?",
    ),
    (
        "held-swipe",
        "{gesture: swipe_up, held_seconds: 1}",
        "{device: floor_lamp, service: turn_on}",
        3,
        "rules[0].when.held_seconds",
        "static gestures only",
    ),
    (
        "both",
        "{gesture: wave, intent: HassTurnOn}",
        "{device: floor_lamp, service: turn_on}",
        3,
        "rules[0].when.intent",
        "not both",
    ),
    (
        "held-alone",
        "{held_seconds: 1}",
        "{device: floor_lamp, service: turn_on}",
        3,
        "rules[0].when.gesture",
        "missing required key",
    ),
    (
        "area-unknown",
        "{gesture: swipe_up}",
        "{area: atic, domain: light, service: turn_on}",
        5,
        "rules[0].actions[0].area",
        "unknown area",
    ),
    (
        "area-service",
        "{gesture: swipe_up}",
        "{area: here, domain: light, service: lock}",
        5,
        "rules[0].actions[0].service",
        "does not apply to a light",
    ),
    (
        "step-and-level",
        "{gesture: swipe_up}",
        "{area: here, domain: light, service: set_brightness, data: {brightness: 5, brightness_step: 5}}",
        5,
        "rules[0].actions[0].data",
        "one of them",
    ),
    (
        "step-range",
        "{gesture: swipe_up}",
        "{device: floor_lamp, service: set_brightness, data: {brightness_step: 150}}",
        5,
        "rules[0].actions[0].data.brightness_step",
        "between -100 and 100",
    ),
    (
        "domain-on-device",
        "{gesture: swipe_up}",
        "{device: floor_lamp, domain: light, service: turn_on}",
        5,
        "rules[0].actions[0].domain",
        "belongs to an area action",
    ),
]


@pytest.mark.parametrize(
    ("when", "action", "line", "path", "message"),
    [c[1:] for c in GESTURE_RULES],
    ids=[c[0] for c in GESTURE_RULES],
)
def test_gesture_rule_errors(when: str, action: str, line: int, path: str, message: str) -> None:
    issues = issues_of(BASE + RULE.replace("{when}", when).replace("{action}", action))
    assert [(issue.line, issue.key_path) for issue in issues] == [(B + line, path)]
    assert message in issues[0].message


def test_gesture_rule_values() -> None:
    text = BASE + RULE.replace("{when}", "{gesture: open_palm, held_seconds: 1.5}").replace(
        "{action}", "{area: here, domain: light, service: set_brightness, data: {brightness_step: -20}}"
    )
    rule = parse_config(text, file="home.yaml").rules[0]
    assert (rule.trigger.intent, rule.trigger.gesture, rule.trigger.held_seconds) == ("", "open_palm", 1.5)
    action = rule.actions[0]
    assert (action.area, action.domain, action.service, action.data) == (
        "here",
        "light",
        "set_brightness",
        (("brightness_step", -20),),
    )
