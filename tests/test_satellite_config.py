"""The satellites and recognition sections: read, checked with file, line and key, and as a satellite sees
the home's config; `assistantd satellite` with an id the file does not have; which room a timer rings in."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistantd.cli.main import main
from assistantd.config import parse_config
from assistantd.config.satellites import RecognitionConfig
from assistantd.daemon.answers import satellite_areas
from assistantd.daemon.homeassistant import discovery_document
from assistantd.daemon.satellite import Satellite, satellite_config
from assistantd.daemon.timers import HereRinger
from assistantd.events import FaceEvent, GestureEvent
from tests.support.configs import BASE, issues_of

SATELLITES = """
satellites:
  - id: kitchen
    area: kitchen
    source: {file: kitchen.wav, realtime: false}
    vision: {images: kitchen-frames, pose: {x: 1, y: 0, z: 2}}
  - {id: lounge_corner, area: living_room, username: lounge, password_env: LOUNGE_PASSWORD}
recognition: {group: gpus, deadline_seconds: 4, attempts: 3}
"""


def test_satellites_are_read_with_their_own_source_and_user() -> None:
    config = parse_config(BASE + SATELLITES, file="home.yaml", base_dir=Path("/etc/assistantd"))
    kitchen, lounge = config.satellites
    assert (kitchen.id, kitchen.area, kitchen.mqtt_client_id) == (
        "kitchen",
        "kitchen",
        "assistantd-satellite-kitchen",
    )
    assert kitchen.source is not None and kitchen.source.kind == "file"
    assert kitchen.source.path == Path("/etc/assistantd/kitchen.wav") and not kitchen.source.realtime
    assert (lounge.source, lounge.username, lounge.password_env) == (None, "lounge", "LOUNGE_PASSWORD")
    assert kitchen.vision is not None and kitchen.vision.pose is not None and kitchen.vision.pose.z == 2.0
    assert kitchen.vision.source.path == Path("/etc/assistantd/kitchen-frames") and lounge.vision is None
    assert config.recognition == RecognitionConfig(group="gpus", deadline_seconds=4.0, attempts=3)
    assert parse_config(BASE, file="home.yaml").satellites == ()


def test_a_satellite_sees_the_home_as_its_own_site() -> None:
    config = parse_config(BASE + SATELLITES, file="home.yaml")
    kitchen, lounge = config.satellites
    seen = satellite_config(config, kitchen)
    assert (seen.site.id, seen.site.area) == ("kitchen", "kitchen")
    assert seen.mqtt.client_id == "assistantd-satellite-kitchen" and seen.mqtt.host == config.mqtt.host
    assert seen.speech is not None and seen.speech.source == kitchen.source
    assert seen.devices == config.devices  # the same home
    assert seen.vision == kitchen.vision and config.vision is None
    assert satellite_config(config, lounge).vision is None  # a satellite without a camera has none
    own = satellite_config(config, lounge).mqtt
    assert (own.username, own.password_env, own.password_file) == ("lounge", "LOUNGE_PASSWORD", None)


@pytest.mark.parametrize(
    ("section", "key", "message"),
    [
        ("satellites:\n  - {id: kitchen, area: cellar}\n", "satellites[0].area", "unknown area 'cellar'"),
        ("satellites:\n  - {id: living_room, area: kitchen}\n", "satellites[0].id", "coordinator's own site"),
        (
            "satellites:\n  - {id: kitchen, area: kitchen}\n  - {id: kitchen, area: living_room}\n",
            "satellites[1].id",
            "duplicate satellite id 'kitchen'",
        ),
        ("satellites:\n  - {id: Kitchen Box, area: kitchen}\n", "satellites[0].id", "lower-case"),
        ("satellites:\n  - {id: kitchen}\n", "satellites[0].area", "missing required key 'area'"),
        ("satellites:\n  - {id: kitchen, area: kitchen, volume: 3}\n", "satellites[0].volume", "volume"),
        ("satellites: {id: kitchen, area: kitchen}\n", "satellites", "must be a list"),
        (
            "satellites:\n  - {id: kitchen, area: kitchen, vision: {video: a.mp4, images: b}}\n",
            "satellites[0].vision.images",
            "give one frame source",
        ),
        ("recognition: {attempts: 0}\n", "recognition.attempts", "must be between 1 and 5, got 0"),
    ],
)
def test_a_broken_satellites_section_names_the_key(section: str, key: str, message: str) -> None:
    issues = issues_of(BASE + section)
    assert any(issue.key_path == key and message in issue.message for issue in issues), issues
    assert all(issue.line is not None for issue in issues)


def test_satellite_with_an_id_the_file_lacks_is_a_config_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(BASE + SATELLITES)
    assert main(["satellite", "cellar", "--config", str(path)]) == 78
    error = capsys.readouterr().err
    assert "no satellite 'cellar' in the satellites section (known: kitchen, lounge_corner)" in error


def test_check_config_warns_of_satellite_audio_without_tls(tmp_path: Path, capsys) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(BASE.replace("host: 127.0.0.1", "host: broker.home.lan") + SATELLITES)
    assert main(["check-config", "--config", str(path), "--state-dir", str(tmp_path)]) == 0
    assert (
        "satellites send their audio to the broker at broker.home.lan:1883 without TLS"
        in capsys.readouterr().err
    )
    path.write_text(BASE + SATELLITES)  # on this machine: nothing crosses a network
    assert main(["check-config", "--config", str(path), "--state-dir", str(tmp_path)]) == 0
    shown = capsys.readouterr()
    assert "without TLS" not in shown.err
    assert (
        "Satellites: kitchen (Kitchen), lounge_corner (Living Room); speech to text by this coordinator"
        in shown.out
    )


def test_check_config_warns_of_a_satellite_user_not_named_like_its_id(tmp_path: Path, capsys) -> None:
    """The example ACL's patterns take a satellite's site id from its user name (%u): lounge_corner logging in
    as lounge would have none of its own topics there."""
    path = tmp_path / "home.yaml"
    path.write_text(BASE + SATELLITES)
    check = ["check-config", "--config", str(path), "--state-dir", str(tmp_path)]
    assert main(check) == 0
    err = capsys.readouterr().err
    assert "note: satellite 'lounge_corner' logs in as 'lounge', not as its id: the example ACL" in err
    assert "so name the user 'lounge_corner' or give 'lounge' those topics in your ACL" in err
    assert "satellite 'kitchen'" not in err  # no user of its own (mqtt's): nothing to say
    path.write_text(BASE + SATELLITES.replace("username: lounge,", "username: lounge_corner,"))
    assert main(check) == 0
    assert "not as its id" not in capsys.readouterr().err


class RecordingVoice:
    """Stands in for the satellite's Voice at its seam: what it was asked to ring and stop."""

    def __init__(self) -> None:
        self.rung: list[str | None] = []
        self.stopped = 0
        self.subscriptions: list[str] = []

    def ring_named(self, name: str | None) -> None:
        self.rung.append(name)

    def stop(self) -> None:
        self.stopped += 1


async def test_a_timer_set_in_a_satellites_room_rings_there_and_nowhere_else() -> None:
    config = parse_config(BASE + SATELLITES, file="home.yaml")
    kitchen = Satellite(config, config.satellites[0])
    voice = RecordingVoice()
    kitchen._voice = voice  # type: ignore[assignment]
    topic = "assistantd/living_room/timer"
    kitchen._on_message(topic, json.dumps({"event": "finished", "name": "pizza", "area": "Kitchen"}).encode())
    kitchen._on_message(
        topic, json.dumps({"event": "finished", "name": "tea", "area": "Living Room"}).encode()
    )
    kitchen._on_message(topic, json.dumps({"event": "started", "name": "egg", "area": "Kitchen"}).encode())
    kitchen._on_message(topic, b"not json")
    assert voice.rung == ["pizza"] and voice.stopped == 0
    kitchen._on_message(
        topic, json.dumps({"event": "cancelled", "name": "pizza", "area": "Kitchen"}).encode()
    )
    assert voice.stopped == 1

    rung: list[str] = []

    class Ringer:
        def ring(self, timer) -> None:
            rung.append(timer.name)

        def stop(self) -> None:
            rung.append("stop")

    here = HereRinger(Ringer(), lambda: satellite_areas(config))
    here.ring(SimpleNamespace(name="pizza", area="Kitchen"))  # the kitchen satellite rings it
    here.ring(SimpleNamespace(name="tea", area="Office"))
    here.ring(SimpleNamespace(name="egg", area=None))
    here.stop()
    assert rung == ["tea", "egg", "stop"]


def test_a_satellite_listens_its_own_way_over_the_speech_sections() -> None:
    text = (
        BASE
        + "speech:\n  listen: {mode: wake_phrase, wake_phrases: [hey house]}\n"
        + """
satellites:
  - {id: kitchen, area: kitchen, listen: {mode: wake_word}, wake_word: {model: hey_jarvis}}
  - {id: lounge_corner, area: living_room}
"""
    )
    config = parse_config(text, file="home.yaml")
    kitchen, lounge = (satellite_config(config, satellite).speech for satellite in config.satellites)
    assert kitchen is not None and lounge is not None
    assert kitchen.listen.mode == "wake_word" and kitchen.listen.wake_phrases == (
        "hey house",
    )  # the rest kept
    assert kitchen.wake_word.model == "hey_jarvis"
    assert lounge.listen.mode == "wake_phrase" and lounge.wake_word.model == "okay_nabu"
    bad = issues_of(BASE + "satellites:\n  - {id: kitchen, area: kitchen, listen: {mode: whisper}}\n")
    assert any(issue.key_path == "satellites[0].listen.mode" for issue in bad), bad
    assert parse_config(BASE + SATELLITES, file="home.yaml").speech is None  # the coordinator itself: deaf


def test_a_satellite_is_muted_and_stopped_on_its_own_topics(caplog) -> None:
    config = parse_config(BASE + SATELLITES, file="home.yaml")
    kitchen = Satellite(config, config.satellites[0])
    voice = RecordingVoice()
    kitchen._voice = voice  # type: ignore[assignment]
    kitchen._on_message("assistantd/kitchen/mute/set", b"ON")
    assert kitchen.presence.muted and kitchen.presence.document()["state"] == "muted"
    kitchen._on_message("assistantd/living_room/mute/set", b"OFF")  # the coordinator's: not this one's
    kitchen._on_message("assistantd/kitchen/mute/set", b"maybe")
    assert kitchen.presence.muted
    assert "Rejected message on assistantd/kitchen/mute/set: expected ON or OFF" in caplog.text
    kitchen._on_message("assistantd/kitchen/mute/set", b"off")
    assert not kitchen.presence.muted and kitchen.presence.state == "idle"
    kitchen._on_message("assistantd/kitchen/stop", b"")
    assert voice.stopped == 1
    assert kitchen.presence.topic == "assistantd/kitchen/state"


def test_typed_in_a_satellites_room_is_said_there_and_it_is_a_device_in_home_assistant() -> None:
    config = parse_config(BASE + "speech: {}\n" + SATELLITES, file="home.yaml")
    kitchen = Satellite(config, config.satellites[0])
    kitchen._on_message("assistantd/kitchen/text", b"turn off the lights")
    kitchen._on_message("assistantd/kitchen/text", b"\x00\x01")  # not text: refused, nothing sent
    command_id, payload = kitchen._outgoing.get_nowait()
    assert kitchen._outgoing.empty()
    document = json.loads(payload)
    assert document == {
        "text": "turn off the lights",
        "id": command_id,
        "area": "kitchen",
        "source": "kitchen",
        "seen": [],  # its camera (not started here) saw nothing as the words were typed
    }
    assert command_id.startswith("kitchen-")
    found = discovery_document(kitchen.config)
    assert found["availability_topic"] == "assistantd/kitchen/status"
    parts = found["cmps"]
    assert parts["mute"]["command_topic"] == "assistantd/kitchen/mute/set"  # type: ignore[index]
    assert parts["text"]["command_topic"] == "assistantd/kitchen/text"  # type: ignore[index]
    assert parts["intent"]["state_topic"] == "assistantd/kitchen/intent"  # type: ignore[index]


def test_a_satellite_sends_a_yes_or_no_it_sees_only_while_its_question_waits() -> None:
    config = parse_config(BASE + "speech: {}\n" + SATELLITES, file="home.yaml")
    kitchen = Satellite(config, config.satellites[0])
    thumb, nod = GestureEvent("thumb_up", 0.95, 1_000), FaceEvent(1_100, head_gesture="nod")
    kitchen._signed(thumb)
    kitchen._signed(nod)
    assert kitchen._outgoing.empty()  # a nod in conversation is no answer to anything
    kitchen._command("unlock the front door")
    command_id, _ = kitchen._outgoing.get_nowait()
    kitchen._on_answer(json.dumps({"id": command_id, "outcome": "awaiting_confirmation"}).encode())
    kitchen._signed(nod)
    sent_id, payload = kitchen._outgoing.get_nowait()
    document = json.loads(payload)
    assert document["sign"] == {"type": "face", "expression": "neutral", "attending": False, "faces": 1,
                                "head_gesture": "nod", "t_ms": 0}  # fmt: skip
    assert (document["source"], document["area"], "text" in document) == ("kitchen", "kitchen", True)
    kitchen._on_answer(json.dumps({"id": sent_id, "outcome": "confirmed"}).encode())
    kitchen._signed(thumb)
    assert kitchen._outgoing.empty()  # answered: the question no longer waits
