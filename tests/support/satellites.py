"""What the satellite tests and benchmarks share: a room's microphone as a capture command, recorded speech,
the command line run as a process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistantd.audio.pcm import pcm16_to_float, resample, to_mono

if TYPE_CHECKING:
    from tests.support.broker import Mosquitto

MICROPHONE = """\
import pathlib, sys, time
go, pcm = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_bytes()
QUIET = bytes(640)  # 20 ms blocks, as a sound card gives them

def play(blocks, until=lambda: False):
    start = time.monotonic()
    for n, block in enumerate(blocks):
        if until():
            return
        sys.stdout.buffer.write(block)
        sys.stdout.flush()
        time.sleep(max(0.0, start + (n + 1) * 0.02 - time.monotonic()))

def quiet():
    while True:
        yield QUIET

play(quiet(), until=go.exists)  # the quiet room until the words start (checked every 20 ms)
play(pcm[at : at + 640] for at in range(0, len(pcm), 640))
play(quiet())  # then the room is quiet again
"""
"""A capture command standing in for a room's microphone: the quiet room's samples in real time, then raw
PCM in real time from the moment GO exists (a sound card never stops giving samples, so the daemon never
restarts it, and every room's words start within 20 ms of GO)."""


def microphone_source(folder: Path, go: Path, room: str, audio: np.ndarray) -> str:
    """A satellite's `source:` (YAML flow) that plays 16 kHz float audio as a microphone would from GO on."""
    script, pcm = folder / "microphone.py", folder / f"{room}.pcm"
    script.write_text(MICROPHONE)
    pcm.write_bytes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return "{command: " + json.dumps([sys.executable, str(script), str(go), str(pcm)]) + "}"


def recorded(path: Path) -> np.ndarray:
    """A WAV file's speech as 16 kHz mono float audio."""
    with wave.open(str(path), "rb") as wav:
        samples = pcm16_to_float(wav.readframes(wav.getnframes()), wav.getnchannels())
        return resample(to_mono(samples), wav.getframerate())


def run_cli(config: Path, broker: Mosquitto, *args: str, log: Path) -> subprocess.Popen[bytes]:
    """`assistantd ARGS --config CONFIG --mqtt-url <the broker>` as a process, its output appended to log."""
    command = [sys.executable, "-m", "assistantd", *args, "--config", str(config), "--mqtt-url", broker.url]
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=out)


def wait_for_text(log: Path, text: str, *, count: int = 1, timeout: float = 120.0) -> None:
    """Wait until a process's log holds a text count times, case aside (fails with the log after timeout,
    which guards against a hang only)."""
    deadline = time.monotonic() + timeout
    while (log.read_text() if log.exists() else "").lower().count(text.lower()) < count:
        assert time.monotonic() < deadline, f"no {count} x {text!r} in {log}:\n{log.read_text()}"
        time.sleep(0.1)
