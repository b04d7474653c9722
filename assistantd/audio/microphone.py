"""The microphone through sounddevice (PortAudio): device by index or name, reopened with backoff."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType

import numpy as np

from assistantd.audio.retry import reopening
from assistantd.audio.source import CHUNK_MS, AudioChunk, Stamper
from assistantd.clock import monotonic_ms
from assistantd.errors import AudioError

_LOGGER = logging.getLogger(__name__)

QUEUE_BLOCKS = 200
"""Blocks (of CHUNK_MS) waiting for the event loop; beyond it the oldest are dropped with a warning."""
STALL_SECONDS = 2.0
"""A stream that delivers nothing this long is taken as gone (an unplugged USB microphone)."""
ALSA_CARDS = Path("/proc/asound/cards")
"""Changes when a sound card (a USB microphone) comes or goes."""
_UNSEEN = "<not read yet>"


def import_sounddevice() -> ModuleType:
    """sounddevice, or AudioError saying what to install."""
    try:
        import sounddevice
    except OSError as err:  # the module loads but finds no PortAudio library
        raise AudioError(f"PortAudio is missing (install the libportaudio2 package): {err}") from err
    except ImportError as err:
        raise AudioError(
            f"the microphone needs the sounddevice package (pip install sounddevice): {err}"
        ) from err
    return sounddevice


def find_input_device(sd: ModuleType, wanted: str | int | None) -> tuple[int, str]:
    """(index, name) of the input device: by index, by any part of its name, or the default."""
    devices = [
        (index, info) for index, info in enumerate(sd.query_devices()) if info["max_input_channels"] > 0
    ]
    if not devices:
        raise AudioError("no audio input device (no sound card or microphone found)")
    if wanted is None:
        default = sd.default.device[0]
        for index, info in devices:
            if index == default:
                return index, info["name"]
        return devices[0][0], devices[0][1]["name"]
    for index, info in devices:
        if wanted == index or (isinstance(wanted, str) and wanted.casefold() in info["name"].casefold()):
            return index, info["name"]
    names = ", ".join(f"{index}: {info['name']}" for index, info in devices)
    raise AudioError(f"no input device {wanted!r}; inputs are {names}")


def sound_cards() -> str | None:
    """The kernel's list of sound cards (Linux), or None where there is none to read."""
    try:
        return ALSA_CARDS.read_text(errors="replace")
    except OSError:
        return None


class MicrophoneSource:
    """Chunks from a sound card input; a missing or failed device is retried forever with backoff."""

    def __init__(self, device: str | int | None = None, *, sample_rate_hz: int = 16_000, channels: int = 1,
                 reopen_min_seconds: float = 0.5, reopen_max_seconds: float = 30.0,
                 backend: ModuleType | None = None, stall_seconds: float = STALL_SECONDS,
                 cards: Callable[[], str | None] = sound_cards) -> None:  # fmt: skip
        """backend: a stand-in for the sounddevice module (tests); stall_seconds: quiet time taken as
        unplugged; cards: what tells that sound cards came or went."""
        self.device = device
        self._backend = backend
        self._stall_seconds = stall_seconds
        self.sample_rate_hz = sample_rate_hz
        self.channels = channels
        self._reopen = (reopen_min_seconds, reopen_max_seconds)
        self._cards = cards
        self._cards_seen: str | None = _UNSEEN

    @property
    def name(self) -> str:
        """The microphone as configured."""
        return f"microphone {self.device if self.device is not None else 'default'}"

    @property
    def live(self) -> bool:
        """A microphone is heard as it is spoken to."""
        return True

    def chunks(self) -> AsyncIterator[AudioChunk]:
        """Audio until cancelled."""
        return reopening(self._stream, self.name, *self._reopen)

    async def _stream(self) -> AsyncIterator[AudioChunk]:
        """One open stream's chunks; AudioError when it cannot be opened, fails or stalls."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[np.ndarray, float, bool]] = asyncio.Queue(QUEUE_BLOCKS)
        stamper = Stamper(self.sample_rate_hz)
        warned = False

        def deliver(block: np.ndarray, arrived_ms: float, overflow: bool) -> None:
            nonlocal warned
            if queue.full():
                queue.get_nowait()
                stamper.mark_gap()
                if not warned:
                    _LOGGER.warning("Microphone audio is not consumed fast enough: dropping the oldest")
                    warned = True
            queue.put_nowait((block, arrived_ms, overflow))

        def callback(indata: np.ndarray, frames: int, time: object, status: object) -> None:
            loop.call_soon_threadsafe(deliver, indata.copy(), float(monotonic_ms()), bool(status))

        stream, device_name = await asyncio.to_thread(self._open, self._portaudio(), callback)
        try:
            while True:
                block, arrived_ms, overflow = await _next_block(queue, device_name, self._stall_seconds)
                if overflow:
                    stamper.mark_gap()
                chunk = stamper.chunk(block, arrived_ms)
                if chunk is not None:
                    yield chunk
        finally:
            await asyncio.to_thread(_close, stream)

    def _portaudio(self) -> ModuleType:
        """sounddevice with a current device list; called on the event loop, not in a thread.

        PortAudio lists devices once, when it starts; when the kernel's sound cards have changed
        since, it is restarted, so a USB microphone plugged in (or back) while the daemon runs is
        found. Starting PortAudio points the process's stderr at /dev/null for a moment (ALSA is
        chatty): on the loop's own thread, no log line of the loop can fall into that moment.
        """
        sd = self._backend or import_sounddevice()
        cards = self._cards()
        if self._cards_seen is _UNSEEN:
            self._cards_seen = cards
        elif cards is not None and cards != self._cards_seen:
            _LOGGER.debug("The sound cards changed: restarting PortAudio")
            _rescan_devices(sd)
            self._cards_seen = cards
        return sd

    def _open(self, sd: ModuleType, callback: Callable[..., None]) -> tuple[object, str]:
        """(stream, device name): find the device and start its stream (blocking: runs in a thread)."""
        index, device_name = find_input_device(sd, self.device)
        stream = None
        try:
            stream = sd.InputStream(device=index, channels=self.channels, samplerate=self.sample_rate_hz,
                                    dtype="float32", blocksize=self.sample_rate_hz * CHUNK_MS // 1000,
                                    callback=callback)  # fmt: skip
            stream.start()
        except (sd.PortAudioError, ValueError) as err:
            if stream is not None:
                _close(stream)
            raise AudioError(f"cannot open {device_name!r}: {err}") from err
        _LOGGER.info("Listening on input %d (%s) at %d Hz", index, device_name, self.sample_rate_hz)
        return stream, device_name


def _rescan_devices(sd: ModuleType) -> None:
    """Restart PortAudio so that its device list is current (sounddevice has no public call for it).

    sounddevice silences stderr while PortAudio starts (ALSA is chatty), so a line another thread
    writes to stderr at that very moment is lost: hence only when the cards have changed.
    """
    terminate, initialize = getattr(sd, "_terminate", None), getattr(sd, "_initialize", None)
    if terminate is None or initialize is None:
        return
    try:
        if getattr(sd, "_initialized", 1) > 0:
            terminate()
        initialize()
    except sd.PortAudioError as err:
        raise AudioError(f"cannot restart PortAudio to look for input devices: {err}") from err


async def _next_block(
    queue: asyncio.Queue[tuple[np.ndarray, float, bool]], device_name: str, stall_seconds: float
) -> tuple[np.ndarray, float, bool]:
    """The next block, or AudioError when the device went quiet (unplugged)."""
    try:
        return await asyncio.wait_for(queue.get(), stall_seconds)
    except TimeoutError:
        raise AudioError(f"{device_name!r} delivered no audio for {stall_seconds:g} s") from None


def _close(stream: object) -> None:
    """Stop and close a stream, whatever state it is in."""
    try:
        stream.stop()  # type: ignore[attr-defined]
        stream.close()  # type: ignore[attr-defined]
    except Exception as err:  # noqa: BLE001 - a vanished device fails to close; nothing more to do
        _LOGGER.debug("Closing the input stream: %s", err)
