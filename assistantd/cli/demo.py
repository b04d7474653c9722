"""`assistantd demo`: a private Mosquitto, the real daemon, scripted commands, and the messages they cause."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as paho

from assistantd.mqtt.embedded import EmbeddedBroker

EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "config" / "assistantd.yaml"

SCRIPT: tuple[str, ...] = (
    "turn on the kitchen lights",
    "dim the floor lamp to 30 percent",
    "make the living room lamp red",
    "set the thermostat to 21 degrees",
    "close the bedroom blinds",
    "pause the TV",
    "movie time",
    "unlock the front door",
    "yes",
    "turn off all the lights",
    "what's the capital of France",
)
"""Commands the demo sends, in order (the example home understands each, or rightly ignores it)."""
MODEL_SCRIPT: tuple[str, ...] = (
    "turn on the floor lamp",
    "make it a bit brighter",
    "turn it off",
    "and the bedroom too",
    "it's too dark in the bedroom",
    "can the kitchen be a bit brighter",
)
"""Then, with the intent model: follow-ups ("it", "and the bedroom too") and paraphrases."""
MODEL_WAIT_SECONDS = 60.0


def without_section(text: str, key: str) -> str:
    """A config text without one top-level section (up to the next top-level line)."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"{key}:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "#", "\n", "")), len(lines)
    )
    return "".join(lines[:start] + lines[end:])


def _demo_config(config_path: Path | None, state: Path) -> Path:
    """The config to demo: the example home, without its microphone unless the speech extra is installed."""
    if config_path is not None:
        return config_path
    if importlib.util.find_spec("faster_whisper") is not None:
        return EXAMPLE_CONFIG
    print("(the speech extra is not installed: the demo runs the example home without its microphone)")
    path = state / "home.yaml"
    path.write_text(without_section(EXAMPLE_CONFIG.read_text(), "speech"))
    return path


def run_demo(config_path: Path | None) -> int:
    """Run the scripted demo; returns the daemon's exit status."""
    with EmbeddedBroker() as broker, tempfile.TemporaryDirectory(prefix="assistantd-demo-") as state:
        config = _demo_config(config_path, Path(state))
        print(f"Mosquitto listening on {broker.url} (private to this demo)")
        messages = _watch(broker.port)
        model = importlib.util.find_spec("torch") is not None and _train(config, state)
        daemon = _start_daemon(config, broker.url, Path(state))
        model_ready = _echo(daemon)
        try:
            _wait_for_socket(Path(state) / "control.sock", daemon)
            script = SCRIPT
            if model and model_ready.wait(MODEL_WAIT_SECONDS):
                script = SCRIPT[:-1] + MODEL_SCRIPT + SCRIPT[-1:]
            for text in script:
                _say(config, broker.url, state, text)
                _print_messages(messages)
            print("\nStopping the daemon (SIGTERM)...")
            daemon.send_signal(signal.SIGTERM)
            status = daemon.wait(20)
            time.sleep(0.2)
            _print_messages(messages)
            print(f"daemon exited with status {status}")
            return status
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.wait()


def _train(config: Path, state: str) -> bool:
    """Train the intent model for the home first (the daemon would, in the background); False on failure."""
    command = [sys.executable, "-m", "assistantd", "train", "--config", str(config), "--state-dir", state]
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, check=False).returncode == 0


def _start_daemon(config: Path, url: str, state: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistantd", "run", "--config", str(config), "--mqtt-url", url]
    command += ["--state-dir", str(state)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("RUNTIME_DIRECTORY", None)
    print("$ " + " ".join(command))
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _echo(daemon: subprocess.Popen[bytes]) -> threading.Event:
    """Show the daemon's log as it comes; the event is set once its intent model is ready."""
    ready = threading.Event()

    def pump() -> None:
        assert daemon.stdout is not None
        for raw in daemon.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            if "Intent model ready" in line:
                ready.set()

    threading.Thread(target=pump, name="daemon-log", daemon=True).start()
    return ready


def _wait_for_socket(path: Path, daemon: subprocess.Popen[bytes], timeout_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not path.exists():
        if daemon.poll() is not None:
            raise SystemExit(f"the daemon exited with status {daemon.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit("the daemon did not open its control socket in time")
        time.sleep(0.05)
    time.sleep(0.5)


def _say(config: Path, url: str, state: str, text: str) -> None:
    print(f'\n>>> assistantd say "{text}"', flush=True)
    command = [sys.executable, "-m", "assistantd", "--log-level", "WARNING", "say", "--config", str(config)]
    command += ["--mqtt-url", url, "--state-dir", state, text]
    subprocess.run(command, check=False)


def _watch(port: int) -> queue.Queue[tuple[str, str]]:
    """Subscribe to every topic; messages land in a queue."""
    received: queue.Queue[tuple[str, str]] = queue.Queue()
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="assistantd-demo-watch")

    def on_connect(client: paho.Client, *args: object) -> None:
        client.subscribe("#", qos=1)

    def on_message(client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        received.put((message.topic, message.payload.decode("utf-8", "replace")))

    client.on_connect, client.on_message = on_connect, on_message
    client.connect("127.0.0.1", port)
    client.loop_start()
    return received


def _print_messages(messages: queue.Queue[tuple[str, str]]) -> None:
    time.sleep(0.3)
    while not messages.empty():
        topic, payload = messages.get()
        if topic.endswith("/text"):
            continue
        if topic.endswith("/intent"):
            try:
                event = json.loads(payload)
                payload = f"{event.get('intent')} {event.get('slots')} -> {event.get('outcome')}"
            except ValueError:
                pass
        print(f"    MQTT {topic}: {payload}")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("demo", help="start a private Mosquitto and the daemon, and run scripted commands")
    parser.add_argument("--config", type=Path, help="config to demo (default: the bundled example home)")
    parser.set_defaults(handler=lambda args: run_demo(args.config))
