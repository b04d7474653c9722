"""End to end with the intent model: the real `assistantd run` loads the model `assistantd train` made for
the example home, then asks about "that" with nothing to go by, follows the dialogue ("turn it off",
"brighter"), and turns on the floor lamp a video shows a hand pointing at, all against a real Mosquitto."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.models import Trainings
from tests.support.vision import IMAGES, needs_mediapipe

pytest.importorskip("torch", reason="the model extra is not installed (pip install '.[model]')")
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]  # the first test waits for a training

FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
BEDROOM_LAMP = "zigbee2mqtt/bedroom/lamp/set"
KITCHEN_CEILING = "zigbee2mqtt/kitchen/ceiling/set"
CONTEXT_TOPIC = "assistantd/living_room/context"
TV_STATE = "living_room/tv/state"
TV_VOLUME = "living_room/tv/volume/set"
VISION_TOPIC = "assistantd/living_room/vision"
POINTING_PHOTO = IMAGES / "hands" / "pointing_up__mp_sample.jpg"
WHERE_THE_PHOTO_POINTS = "location: {bearing: 10, elevation: 33}"
"""Where the photo's index finger, near the top of the image, points: up and a little left (a score of
about 0.92 there); the ceiling light, where the example has it, lies close to the ray and is moved aside."""
ASIDE = "location: {bearing: 35, elevation: -5}"
CAMERA_POSE = "{x: 0, y: 0, z: 1.5, yaw: 0, pitch: 0}"
WHERE_THE_PHOTO_POINTS_IN_THE_ROOM = "location: {x: 0.22, y: 0.21, z: 3.65}"
"""With the camera at CAMERA_POSE, the photo's hand is placed 0.75 m away by MediaPipe's world landmarks and
its finger points up and a little left: 2 m along that ray from the fingertip."""


def text_home(directory: Path, extra: str = "") -> Path:
    path = directory / "home.yaml"
    path.write_text(without_section(EXAMPLE.read_text(), "speech") + extra)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, trainings: Trainings) -> Path:
    """The example home's intent model, trained once by `assistantd train` (and lent to the other tests of
    the run); its models directory."""
    state = tmp_path_factory.mktemp("trained")
    command = [sys.executable, "-m", "assistantd", "train", "--config", str(text_home(state))]
    result = subprocess.run(
        [*command, "--state-dir", str(state)], check=False, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert "trained in" in result.stdout
    trainings.lend(state / "models")
    return state / "models"


@pytest.fixture
def state_dir(trained: Path) -> Iterator[Path]:
    """A short directory (unix socket paths stay under 108 bytes) holding the trained model."""
    directory = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))
    shutil.copytree(trained, directory / "models")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def running(mosquitto: Mosquitto, state_dir: Path) -> Iterator[callable]:
    made: list[DaemonProcess] = []

    def start(config: Path) -> DaemonProcess:
        daemon = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir, model=True)
        made.append(daemon)
        daemon.start()
        daemon.wait_for_log("Intent model ready", timeout_seconds=60)
        assert "Intent model ready on cpu (loaded" in daemon.log()  # the cached model, not a new training
        return daemon

    yield start
    for daemon in made:
        daemon.close()


def test_that_is_asked_about_then_it_follows_the_dialogue(
    mosquitto: Mosquitto, state_dir: Path, running: callable
) -> None:
    subscriber = Subscriber(mosquitto, [FLOOR_LAMP]).start()
    try:
        daemon = running(text_home(state_dir))
        asked = daemon.say("turn that on")
        assert (asked["outcome"], asked["actions"]) == ("asked", [])
        assert "Which one" in str(asked["response"])
        on = daemon.say("turn on the floor lamp")
        assert on["recognizer"] == "grammar" and on["targets"] == ["floor_lamp"]
        brighter = daemon.say("make it a bit brighter")
        assert brighter["intent"] == "HassLightSet"
        assert brighter["slots"]["brightness_step"] == 20  # type: ignore[index]
        assert (brighter["targets"], brighter["chosen_by"]) == (["floor_lamp"], "dialogue")
        off = daemon.say("turn it off")
        assert (off["intent"], off["targets"], off["chosen_by"]) == (
            "HassTurnOff",
            ["floor_lamp"],
            "dialogue",
        )
        elsewhere = daemon.say("and the bedroom too")  # elliptical: the last command, repeated there
        assert (elsewhere["intent"], elsewhere["outcome"]) == ("HassTurnOff", "executed")
        assert elsewhere["targets"] == ["bedroom_lamp"]
        subscriber.wait_for(3, timeout=10)
        sent = [json.loads(payload) for payload in subscriber.payloads(FLOOR_LAMP)]
        assert [(item.get("state"), item.get("brightness_step")) for item in sent] == [
            ("ON", None),
            (None, 51),
            ("OFF", None),
        ]  # a step of 20% is 51 of zigbee2mqtt's 254, sent as a step the device takes from where it is
    finally:
        subscriber.stop()


def test_the_context_text_leaves_the_bedroom_alone_until_it_is_withdrawn(
    mosquitto: Mosquitto, state_dir: Path, running: callable
) -> None:
    subscriber = Subscriber(mosquitto, [BEDROOM_LAMP, KITCHEN_CEILING]).start()
    try:
        daemon = running(text_home(state_dir))
        publish(mosquitto, CONTEXT_TOPIC, "guests are sleeping in the bedroom")
        daemon.wait_for_log("Context: guests are sleeping in the bedroom")
        quiet = daemon.say("turn off all the lights in the house")
        assert quiet["outcome"] == "executed"
        targets = quiet["targets"]
        assert "kitchen_ceiling" in targets and "bedroom_lamp" not in targets  # type: ignore[operator]
        assert quiet["left_alone"] == [
            {"device": "bedroom_lamp", "area": "bedroom", "reason": "guests are sleeping in the bedroom"}
        ]
        named = daemon.say("turn on the bedroom lights")  # named outright, it is reached
        assert named["targets"] == ["bedroom_lamp"] and named["outcome"] == "executed"
        publish(mosquitto, CONTEXT_TOPIC, b"")
        daemon.wait_for_log("Context text withdrawn")
        again = daemon.say("turn off all the lights in the house")
        assert "bedroom_lamp" in again["targets"] and "left_alone" not in again  # type: ignore[operator]
        subscriber.wait_for(4, timeout=10)
        assert [json.loads(p)["state"] for p in subscriber.payloads(BEDROOM_LAMP)] == ["ON", "OFF"]
        assert [json.loads(p)["state"] for p in subscriber.payloads(KITCHEN_CEILING)] == ["OFF", "OFF"]
    finally:
        subscriber.stop()


def test_turn_it_down_while_the_tv_is_on_sets_its_volume(
    mosquitto: Mosquitto, state_dir: Path, running: callable
) -> None:
    publish(mosquitto, TV_STATE, '{"power": "ON", "volume": 40}', retain=True)
    subscriber = Subscriber(mosquitto, [TV_VOLUME, FLOOR_LAMP]).start()
    try:
        daemon = running(text_home(state_dir))
        # The retained state comes with the subscription, before any message published after it: once this
        # context message is logged, the TV's state is in the cache.
        publish(mosquitto, CONTEXT_TOPIC, "nothing special")
        daemon.wait_for_log("Context: nothing special")
        down = daemon.say("turn it down")
        assert (down["intent"], down["slots"]["volume_step"]) == ("HassSetVolume", -10)  # type: ignore[index]
        assert (down["targets"], down["chosen_by"], down["outcome"]) == (["tv"], "context", "executed")
        subscriber.wait_for(1, timeout=10)
        assert subscriber.payloads(TV_VOLUME) == [b"30"]  # 10 points under the reported 40
        assert subscriber.payloads(FLOOR_LAMP) == []
    finally:
        subscriber.stop()


@pytest.mark.parametrize("in_the_room", [False, True])
def test_turn_that_on_while_pointing_at_the_floor_lamp(
    mosquitto: Mosquitto, state_dir: Path, running: callable, in_the_room: bool
) -> None:
    """The real photo's pointing finger, looped as a video: the floor lamp placed where it points, in the
    image plane (bearing and elevation) or in the room (a camera pose and x, y, z)."""
    needs_mediapipe()
    import cv2

    from tests.support.vision import write_video

    if not POINTING_PHOTO.is_file():
        pytest.skip(f"no photo at {POINTING_PHOTO}")
    video = state_dir / "pointing.avi"
    write_video(video, [cv2.imread(str(POINTING_PHOTO))] * 30, fps=15)
    vision = f"\nvision:\n  video: {{path: {video}, loop: true}}\n" + (
        f"  pose: {CAMERA_POSE}\n" if in_the_room else ""
    )
    home = text_home(state_dir, vision)
    moved = home.read_text().replace("location: {bearing: 0, elevation: 40}", ASIDE)
    lamp = WHERE_THE_PHOTO_POINTS_IN_THE_ROOM if in_the_room else WHERE_THE_PHOTO_POINTS
    home.write_text(moved.replace("location: {bearing: -35, elevation: 5}", lamp))
    subscriber = Subscriber(mosquitto, [FLOOR_LAMP, VISION_TOPIC]).start()
    try:
        daemon = running(home)
        deadline = time.monotonic() + 30
        while not any(b"floor_lamp" in payload for payload in subscriber.payloads(VISION_TOPIC)):
            assert time.monotonic() < deadline, f"no pointing at the floor lamp seen; log:\n{daemon.log()}"
            time.sleep(0.1)
        reply = daemon.say("turn that on")
        assert (reply["intent"], reply["targets"], reply["chosen_by"]) == (
            "HassTurnOn",
            ["floor_lamp"],
            "pointing",
        )
        assert reply["delivered"] is True
        pointed = [e for e in reply["evidence"] if e["source"] == "pointing"]  # type: ignore[union-attr]
        assert pointed[0]["device"] == "floor_lamp" and pointed[0]["score"] >= (0.8 if in_the_room else 0.4)
        deadline = time.monotonic() + 10
        while not subscriber.payloads(FLOOR_LAMP):
            assert time.monotonic() < deadline, "the floor lamp got nothing"
            time.sleep(0.05)
        assert json.loads(subscriber.payloads(FLOOR_LAMP)[0])["state"] == "ON"
    finally:
        subscriber.stop()


def test_sigterm_during_the_first_training_stops_cleanly(mosquitto: Mosquitto) -> None:
    """A daemon stopped while it trains leaves torch between two batches and exits 0 (a thread left
    inside torch at interpreter exit would abort the process), saving no half-trained model."""
    directory = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))
    daemon = DaemonProcess(text_home(directory), broker_url=mosquitto.url, state_dir=directory, model=True)
    try:
        daemon.start()
        daemon.wait_for_log("Intent model: training for this configuration", timeout_seconds=60)
        time.sleep(2.0)  # well inside the first epoch
        assert daemon.terminate() == 0, daemon.log()
        assert "Intent model: training abandoned" in daemon.log()
        assert "terminate called" not in daemon.log()
        assert not list((directory / "models").glob("*.pt"))
    finally:
        daemon.close()
        shutil.rmtree(directory, ignore_errors=True)


def carried_out(daemon: DaemonProcess, reply: dict[str, object]) -> None:
    """A command the model read is carried out: at once, or (read without certainty: "Did you mean ...?")
    once confirmed; how sure a training makes the model of one phrase is not what is tested here."""
    if reply["outcome"] == "awaiting_confirmation":
        reply = daemon.say("yes")
    assert reply["outcome"] in ("executed", "confirmed"), reply


def test_the_recognizer_workers_read_what_the_grammar_is_unsure_of(
    mosquitto: Mosquitto, state_dir: Path, running: callable
) -> None:
    """recognition.intent_model: workers: an `assistantd worker` with the same configuration reads the
    command the grammar is unsure of and the coordinator acts on its reading; once the worker is killed, the
    coordinator reads the next one itself after the deadline, and acts all the same."""
    home = text_home(state_dir, "\nrecognition: {intent_model: workers, model_deadline_seconds: 3}\n")
    worker_state = Path(tempfile.mkdtemp(prefix="ad-w-", dir="/tmp"))
    shutil.copytree(state_dir / "models", worker_state / "models")
    log = worker_state / "worker.log"
    command = [sys.executable, "-m", "assistantd", "worker", "--config", str(home), "--name", "gpu1"]
    command += ["--mqtt-url", mosquitto.url, "--state-dir", str(worker_state)]
    subscriber = Subscriber(mosquitto, [FLOOR_LAMP]).start()
    with log.open("ab") as out:
        worker = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while "answers $share/assistantd/assistantd/understand/request" not in log.read_text():
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "Intent model ready on cpu (loaded" in log.read_text()  # the same model as the coordinator's
        daemon = running(home)
        by_the_worker = daemon.say("floor lamp please get going")
        assert (by_the_worker["recognizer"], by_the_worker["intent"]) == ("model", "HassTurnOn")
        assert by_the_worker["targets"] == ["floor_lamp"]
        carried_out(daemon, by_the_worker)
        assert "Intent model read here" not in daemon.log()  # the worker answered
        worker.kill()
        worker.wait(30)
        by_itself = daemon.say("floor lamp please get going", timeout_seconds=60)
        assert "Intent model read here: no worker answered in 3 s" in daemon.log()
        assert (by_itself["recognizer"], by_itself["intent"], by_itself["targets"]) == (
            "model",
            "HassTurnOn",
            ["floor_lamp"],
        )
        carried_out(daemon, by_itself)
        deadline = time.monotonic() + 10
        while len(subscriber.payloads(FLOOR_LAMP)) < 2:
            assert time.monotonic() < deadline, "the floor lamp got fewer than two commands"
            time.sleep(0.05)
    finally:
        worker.kill()
        worker.wait(30)
        subscriber.stop()
        shutil.rmtree(worker_state, ignore_errors=True)
