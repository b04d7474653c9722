"""Audio from a capture command (e.g. `arecord -t raw -f S16_LE`) writing raw PCM to stdout."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
from collections.abc import AsyncIterator

from assistantd.audio.pcm import pcm16_to_float
from assistantd.audio.retry import reopening
from assistantd.audio.source import CHUNK_MS, AudioChunk, Stamper
from assistantd.clock import monotonic_ms
from assistantd.errors import AudioError

_LOGGER = logging.getLogger(__name__)

STALL_SECONDS = 2.0
"""A command that writes nothing this long is taken as stuck and restarted."""
_STDERR_TAIL = 400


class CommandSource:
    """Chunks from a program's stdout (signed 16-bit little-endian PCM); restarted with backoff when it exits."""

    def __init__(self, argv: tuple[str, ...], *, sample_rate_hz: int = 16_000, channels: int = 1,
                 reopen_min_seconds: float = 0.5, reopen_max_seconds: float = 30.0) -> None:  # fmt: skip
        if not argv:
            raise AudioError("the capture command is empty")
        self.argv = argv
        self.sample_rate_hz = sample_rate_hz
        self.channels = channels
        self._reopen = (reopen_min_seconds, reopen_max_seconds)

    @property
    def name(self) -> str:
        """The command line."""
        return shlex.join(self.argv)

    @property
    def live(self) -> bool:
        """A capture command delivers audio as it is recorded."""
        return True

    def chunks(self) -> AsyncIterator[AudioChunk]:
        """Audio until cancelled."""
        return reopening(self._stream, self.name, *self._reopen)

    async def _stream(self) -> AsyncIterator[AudioChunk]:
        """One run of the command; AudioError when it cannot start, stalls or exits."""
        try:
            process = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
        except OSError as err:
            raise AudioError(f"cannot start the capture command: {err}") from err
        assert process.stdout is not None and process.stderr is not None
        _LOGGER.info("Capturing from %s (pid %d)", self.name, process.pid)
        block_bytes = self.sample_rate_hz * CHUNK_MS // 1000 * 2 * self.channels
        stamper = Stamper(self.sample_rate_hz)
        frame_bytes, carry = 2 * self.channels, b""
        try:
            while data := await _read(process.stdout, block_bytes):
                data = carry + data
                whole = len(data) - len(data) % frame_bytes
                data, carry = data[:whole], data[whole:]
                chunk = stamper.chunk(pcm16_to_float(data, self.channels), float(monotonic_ms()))
                if chunk is not None:
                    yield chunk
            code = await process.wait()
            tail = (await process.stderr.read())[-_STDERR_TAIL:].decode(errors="replace").strip()
            raise AudioError(f"the capture command exited with status {code}" + (f": {tail}" if tail else ""))
        finally:
            await _stop(process)


async def _read(stream: asyncio.StreamReader, size: int) -> bytes:
    """Up to size bytes, b"" at end of stream, AudioError when nothing comes."""
    try:
        return await asyncio.wait_for(stream.read(size), STALL_SECONDS)
    except TimeoutError:
        raise AudioError(f"the capture command wrote nothing for {STALL_SECONDS:.0f} s") from None


async def _stop(process: asyncio.subprocess.Process) -> None:
    """End the command (TERM, then KILL) and reap it."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 2.0)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
