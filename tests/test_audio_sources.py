"""Live sources: a microphone that is missing, found by name or index, unplugged and back; a capture command."""

from __future__ import annotations

import asyncio
import logging
import sys

import numpy as np
import pytest

from assistantd.audio.command_source import CommandSource
from assistantd.audio.microphone import MicrophoneSource, find_input_device
from assistantd.audio.source import AudioChunk
from assistantd.errors import AudioError
from tests.support.fakes import FakeBackend

DEVICES = [
    {"name": "HDA Intel PCH: ALC892 Analog (hw:0,0)", "max_input_channels": 2},
    {"name": "HDMI 0", "max_input_channels": 0},
    {"name": "USB PnP Sound Device: Audio (hw:2,0)", "max_input_channels": 1},
]


@pytest.mark.parametrize(("wanted", "index"), [(None, 2), (0, 0), (2, 2), ("usb", 2), ("ALC892", 0)])
def test_input_device_by_index_name_or_default(wanted: str | int | None, index: int) -> None:
    assert find_input_device(FakeBackend(DEVICES), wanted)[0] == index


@pytest.mark.parametrize(("devices", "wanted", "message"), [
    ([], None, "no audio input device (no sound card or microphone found)"),
    (DEVICES, 1, "no input device 1; inputs are 0: HDA Intel"),
    (DEVICES, "Blue Yeti", "no input device 'Blue Yeti'"),
])  # fmt: skip
def test_a_missing_input_device_is_a_clear_error(
    devices: list, wanted: str | int | None, message: str
) -> None:
    with pytest.raises(AudioError, match=message.replace("(", r"\(").replace(")", r"\)")):
        find_input_device(FakeBackend(devices), wanted)


async def _take(source, count: int, timeout_seconds: float = 10.0) -> list[AudioChunk]:
    """The first count chunks of a live source (which is then closed)."""
    chunks: list[AudioChunk] = []

    async def take() -> None:
        stream = source.chunks()
        try:
            async for chunk in stream:
                chunks.append(chunk)
                if len(chunks) == count:
                    return
        finally:
            await stream.aclose()

    await asyncio.wait_for(take(), timeout_seconds)
    return chunks


async def test_an_unplugged_microphone_is_reopened_with_backoff(caplog: pytest.LogCaptureFixture) -> None:
    backend = FakeBackend(DEVICES, blocks=4, fail_opens=2)
    source = MicrophoneSource("usb", sample_rate_hz=48_000, reopen_min_seconds=0.01, reopen_max_seconds=0.05,
                              backend=backend, stall_seconds=0.2)  # fmt: skip
    with caplog.at_level(logging.INFO):
        chunks = await _take(source, 8)
    assert backend.opened == 2, "opened, went quiet, reopened"
    assert [len(chunk.samples) for chunk in chunks] == [480] * 8, "48 kHz blocks arrive as 16 kHz"
    assert [chunk.discontinuous for chunk in chunks] == [False] * 4 + [True] + [False] * 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w.split(": ", 1)[1].split(";")[0] for w in warnings] == [
        "cannot open 'USB PnP Sound Device: Audio (hw:2,0)': Device unavailable",
        "'USB PnP Sound Device: Audio (hw:2,0)' delivered no audio for 0.2 s",
    ], "one warning per kind of failure, not one per attempt"
    assert all("retrying in" in w and "text input still works" in w for w in warnings)
    assert "Audio from microphone usb again" in caplog.text


async def test_no_sound_card_is_one_warning_and_retried_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="assistantd.audio")
    source = MicrophoneSource(None, reopen_min_seconds=0.01, reopen_max_seconds=0.02, backend=FakeBackend([]))
    task = asyncio.create_task(_take(source, 1, timeout_seconds=30))
    while caplog.text.count("no audio input device") < 5:
        await asyncio.sleep(0.01)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    levels = [r.levelname for r in caplog.records if "no audio input device" in r.getMessage()]
    assert levels[0] == "WARNING" and set(levels[1:]) == {"DEBUG"}, "once per state, not a flood"
    assert "no sound card or microphone found" in caplog.records[0].getMessage()


async def test_a_microphone_plugged_in_later_is_found_without_a_restart(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="assistantd.audio")
    backend, cards = FakeBackend([], blocks=50), ["0 [PCH ]: HDA-Intel"]
    source = MicrophoneSource("usb", reopen_min_seconds=0.01, reopen_max_seconds=0.02, backend=backend,
                              cards=lambda: cards[0])  # fmt: skip
    task = asyncio.create_task(_take(source, 3, timeout_seconds=10))
    while caplog.text.count("no audio input device") < 4:
        await asyncio.sleep(0.01)
    assert backend.restarts == 0, "PortAudio is restarted only when the sound cards change"
    backend.plugged = DEVICES  # PortAudio does not see it until it is restarted
    cards[0] += "\n1 [Device ]: USB-Audio - USB PnP Sound Device"
    chunks = await task
    assert len(chunks) == 3 and backend.opened == 1 and backend.restarts == 1
    assert backend._initialized == 1, "every terminate was matched by an initialize"
    assert "Listening on input 2 (USB PnP Sound Device" in caplog.text


PCM_WRITER = """
import sys, math, array
rate, channels, seconds = 8000, 2, 0.3
samples = array.array('h', (int(8000 * math.sin(2 * math.pi * 200 * i / rate)) for i in range(int(rate * seconds)) for _ in range(channels)))
data = samples.tobytes()
for start in range(0, len(data), 333):   # odd-sized writes split samples across reads
    sys.stdout.buffer.write(data[start:start + 333]); sys.stdout.buffer.flush()
"""


async def test_a_capture_command_is_read_converted_and_restarted(caplog: pytest.LogCaptureFixture) -> None:
    source = CommandSource((sys.executable, "-c", PCM_WRITER), sample_rate_hz=8000, channels=2,
                           reopen_min_seconds=0.01, reopen_max_seconds=0.02)  # fmt: skip
    with caplog.at_level(logging.INFO):
        chunks = await _take(source, 30)
    first_run = []
    for chunk in chunks:
        if chunk.discontinuous:
            break
        first_run.append(chunk)
    assert abs(sum(len(chunk.samples) for chunk in first_run) - 4800) <= 40, "0.3 s at 16 kHz"
    joined = np.concatenate([chunk.samples for chunk in first_run])
    assert abs(np.sqrt(np.mean(joined[100:-100] ** 2)) - 8000 / 32768 / np.sqrt(2)) < 0.01, (
        "samples kept aligned"
    )
    assert any(chunk.discontinuous for chunk in chunks), "the command was started again"
    assert "the capture command exited with status 0" in caplog.text


async def test_a_missing_capture_program_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="assistantd.audio")
    source = CommandSource(("/nonexistent/arecord", "-q"), reopen_min_seconds=0.01, reopen_max_seconds=0.02)
    task = asyncio.create_task(_take(source, 1, timeout_seconds=30))
    while caplog.text.count("cannot start the capture command") < 2:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
