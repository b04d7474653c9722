"""What the satellite tests and benchmarks share: a room's microphone as a capture command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

MICROPHONE = """\
import pathlib, sys, time
go, pcm = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_bytes()
while not go.exists():
    time.sleep(0.002)
start = time.monotonic()
for at in range(0, len(pcm), 640):  # 20 ms blocks, as a sound card gives them
    sys.stdout.buffer.write(pcm[at : at + 640])
    sys.stdout.flush()
    time.sleep(max(0.0, start + (at + 640) / 32000 - time.monotonic()))
while True:  # then the room is quiet (a capture command that stops writing is restarted)
    sys.stdout.buffer.write(bytes(640))
    sys.stdout.flush()
    time.sleep(0.02)
"""
"""A capture command standing in for a room's microphone: raw PCM in real time from the moment GO exists."""


def microphone_source(folder: Path, go: Path, room: str, audio: np.ndarray) -> str:
    """A satellite's `source:` (YAML flow) that plays 16 kHz float audio as a microphone would from GO on."""
    script, pcm = folder / "microphone.py", folder / f"{room}.pcm"
    script.write_text(MICROPHONE)
    pcm.write_bytes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return "{command: " + json.dumps([sys.executable, str(script), str(go), str(pcm)]) + "}"
