"""End to end: the real daemon with Piper answers aloud (into a folder: the test machines have no sound
card), on a real Mosquitto: the answer to a command, the say topic, Hermes's tts/say, and the warning
that there is no sound card."""

from __future__ import annotations

import json
import time
import wave
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytest.importorskip("piper", reason="needs the tts extra (piper-tts)")
pytestmark = pytest.mark.e2e



def answers(folder: Path, count: int, timeout: float = 30.0) -> list[Path]:
    """Wait until the folder holds count WAV files; them, oldest first."""
    deadline = time.monotonic() + timeout
    while len(found := sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_mtime_ns)) < count:
        assert time.monotonic() < deadline, f"{len(found)} of {count} answers in {folder}"
        time.sleep(0.05)
    return found


def seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_the_daemon_answers_aloud(mosquitto: Mosquitto, state_dir: Path) -> None:
    config = state_dir / "home.yaml"
    folder = state_dir / "spoken"
    text = without_section(EXAMPLE.read_text(), "speech")
    config.write_text(text + f"\ntts: {{engine: piper, speak: [mqtt], directory: {folder}}}\n")
    listener = Subscriber(mosquitto, ["hermes/tts/#", "assistantd/living_room/state"]).start()
    daemon = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir,
                           extra_args=("--set", "hermes.enabled=true"))  # fmt: skip
    try:
        daemon.start()
        log = daemon.log()
        assert "Answers are spoken by piper en_US-joe-medium" in log
        assert "Answers are not played: no audio output" in log, "no sound card here: said once, clearly"

        publish(mosquitto, "assistantd/living_room/text", "turn on the floor lamp")
        [answer] = answers(folder, 1)
        assert 1.0 < seconds(answer) < 4.0  # the done sound and "Turned on the Floor Lamp."

        publish(mosquitto, "assistantd/living_room/say", "Dinner is ready.")
        said = answers(folder, 2)[-1]
        assert 0.5 < seconds(said) < 3.0

        publish(mosquitto, "hermes/tts/say", "{broken")  # bad messages: a line each, and it goes on
        publish(mosquitto, "hermes/tts/say", json.dumps({"siteId": "living_room", "id": "a0"}))
        request = {"text": "Hello from an app.", "siteId": "living_room", "id": "a1", "sessionId": "s1"}
        publish(mosquitto, "hermes/tts/say", json.dumps(request))
        answers(folder, 3)
        deadline = time.monotonic() + 20
        while not listener.payloads("hermes/tts/sayFinished"):
            assert time.monotonic() < deadline, "no sayFinished"
            time.sleep(0.05)
        finished = json.loads(listener.payloads("hermes/tts/sayFinished")[0])
        assert finished == {"id": "a1", "sessionId": "s1", "siteId": "living_room"}
        rejected = [line for line in daemon.log().splitlines() if "Rejected message on hermes/tts/say" in line]
        assert len(rejected) == 2 and "not JSON" in rejected[0] and "without a" in rejected[1], rejected
        def states() -> list[str]:
            return [json.loads(payload)["state"] for payload in listener.payloads("assistantd/living_room/state")]

        while states()[-1] != "idle":  # the voice fell silent
            assert time.monotonic() < deadline, states()
            time.sleep(0.05)
        assert "speaking" in states()
        assert daemon.terminate() == 0
    finally:
        listener.stop()
        daemon.close()
