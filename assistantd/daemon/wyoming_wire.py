"""Wyoming events read off a connection within bounds, and the audio of one utterance as it arrives.

wyoming's own reader (wyoming.event.async_read_event) takes garbage for the end of the stream (a line
that is no JSON, an over-long line, undecodable data all return None), lets a JSON header that is no
object raise AttributeError, and buffers whatever a declared ``data_length`` or ``payload_length`` asks
for: measured with wyoming 1.10.2, a header declaring 2**40 bytes allocates nothing at first, but every
byte the peer then sends is kept (200 MiB sent: the process grew by 203 MiB). read_event() here reads the
same framing (a JSON header line, then ``data_length`` bytes of JSON merged into its data, then
``payload_length`` bytes of payload) with a bound on each part, and says what was wrong.
"""

from __future__ import annotations

import asyncio
import json

import numpy as np
from wyoming.audio import AudioChunk, AudioChunkConverter
from wyoming.event import Event

from assistantd.errors import InputError

MAX_HEADER_BYTES = 64 * 1024
"""Longest header line: asyncio's default stream limit, which the Wyoming server's streams use."""
MAX_DATA_BYTES = 64 * 1024
"""Most bytes of JSON data one event may declare (a transcript, a context: a few hundred bytes)."""
MAX_PAYLOAD_BYTES = 1024 * 1024
"""Most bytes of payload one event may declare (an audio chunk: usually 2-10 KiB; this is over 5 s of
48 kHz stereo 16-bit audio)."""

RATE_HZ = 16_000
"""What speech to text takes: 16 kHz, mono, 16-bit samples."""
_WIDTHS = (1, 2, 3, 4)
_CHANNELS = (1, 2)
_MAX_RATE_HZ = 384_000


class MalformedEvent(InputError):
    """A connection sent something that is no Wyoming event; the stream cannot be read on."""


class BadEvent(InputError):
    """A well-framed event whose data is not what its type needs (it is ignored; the stream reads on)."""


async def read_event(reader: asyncio.StreamReader) -> Event | None:
    """The next event; None at the end of the stream between events; MalformedEvent for anything else."""
    line = await _header_line(reader)
    if line is None:
        return None
    header = _json_object(line, "the header")
    event_type = header.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise MalformedEvent("the header has no event type")
    data = header.get("data") or {}
    if not isinstance(data, dict):
        raise MalformedEvent("the header's data is not a JSON object")
    data_length = _length(header, "data_length", MAX_DATA_BYTES)
    payload_length = _length(header, "payload_length", MAX_PAYLOAD_BYTES)
    if data_length:
        data = {**data, **_json_object(await _exactly(reader, data_length, "data"), "the data")}
    payload = await _exactly(reader, payload_length, "payload") if payload_length else None
    return Event(type=event_type, data=data, payload=payload)


async def _header_line(reader: asyncio.StreamReader) -> bytes | None:
    """One header line, without checking it; None at the end of the stream."""
    try:
        return await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as err:
        if not err.partial.strip():
            return None
        raise MalformedEvent(f"the stream ended inside a header ({len(err.partial)} bytes)") from err
    except asyncio.LimitOverrunError as err:
        raise MalformedEvent(f"a header line longer than {MAX_HEADER_BYTES} bytes") from err


def _json_object(text: bytes, what: str) -> dict[str, object]:
    """A JSON object."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError is a ValueError
        raise MalformedEvent(f"{what} is not JSON: {text[:60]!r}") from err
    if not isinstance(document, dict):
        raise MalformedEvent(f"{what} is not a JSON object: {text[:60]!r}")
    return document


def _length(header: dict[str, object], key: str, most: int) -> int:
    """A declared length of 0 to ``most`` bytes (0 when absent)."""
    value = header.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedEvent(f"{key} is not a byte count: {value!r}")
    if value > most:
        raise MalformedEvent(f"{key} {value} is over the limit of {most} bytes")
    return value


async def _exactly(reader: asyncio.StreamReader, length: int, what: str) -> bytes:
    """``length`` bytes of the event's data or payload."""
    try:
        return await reader.readexactly(length)
    except asyncio.IncompleteReadError as err:
        raise MalformedEvent(
            f"the stream ended inside the {what} ({len(err.partial)} of {length} bytes)"
        ) from err


def audio_chunk(event: Event) -> AudioChunk:
    """An audio-chunk event's audio, its format checked (BadEvent says what is wrong)."""
    rate, width, channels = audio_format(event.data)
    audio = event.payload or b""
    if len(audio) % (width * channels):
        raise BadEvent(f"{len(audio)} bytes of audio is no whole number of {width * channels}-byte frames")
    return AudioChunk(rate=rate, width=width, channels=channels, audio=audio)


def audio_format(data: dict[str, object]) -> tuple[int, int, int]:
    """(rate Hz, sample width bytes, channels) of an audio-start or audio-chunk event."""
    rate, width, channels = data.get("rate"), data.get("width"), data.get("channels")
    if not _whole(rate) or not 1 <= rate <= _MAX_RATE_HZ:  # type: ignore[operator]
        raise BadEvent(f"the audio rate must be 1-{_MAX_RATE_HZ} Hz, got {rate!r}")
    if not _whole(width) or width not in _WIDTHS:
        raise BadEvent(f"the audio width must be 1-4 bytes, got {width!r}")
    if not _whole(channels) or channels not in _CHANNELS:
        raise BadEvent(f"the audio must be mono or stereo, got channels {channels!r}")
    return rate, width, channels  # type: ignore[return-value]


def _whole(value: object) -> bool:
    """Whether a JSON value is an integer (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


class AudioTake:
    """One utterance's audio as it arrives, converted to 16 kHz mono 16-bit, up to max_seconds."""

    def __init__(self, max_seconds: float) -> None:
        self.max_bytes = int(max_seconds * RATE_HZ) * 2
        self.overflowed = False
        """More than max_seconds arrived: the audio was dropped."""
        self._converter = AudioChunkConverter(rate=RATE_HZ, width=2, channels=1)
        self._audio = bytearray()

    def add(self, chunk: AudioChunk) -> bool:
        """Convert and keep a chunk; False (and the audio dropped) once the take is over its bound."""
        if self.overflowed:
            return False
        audio = self._converter.convert(chunk).audio
        if len(self._audio) + len(audio) > self.max_bytes:
            self.overflowed = True
            self._audio = bytearray()
            return False
        self._audio += audio
        return True

    @property
    def seconds(self) -> float:
        """How much audio was kept, seconds."""
        return len(self._audio) / 2 / RATE_HZ

    def samples(self) -> np.ndarray:
        """The audio as float32 samples in [-1, 1) at 16 kHz."""
        return np.frombuffer(bytes(self._audio), dtype="<i2").astype(np.float32) / 32768.0
