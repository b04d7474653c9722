"""Keep a live source open: reopen it with jittered backoff when it fails, fails to open, or ends.

A microphone that stays away is retried for as long as the daemon runs; each new kind of failure
is one warning, the retries after it log at debug, and audio that flows again is one info line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from assistantd.audio.source import AudioChunk
from assistantd.errors import AudioError
from assistantd.reconnect import Reconnect

_LOGGER = logging.getLogger(__name__)

STABLE_SECONDS = 10.0
"""A stream that delivered audio this long resets the backoff (and the next failure is news)."""


class _Failures:
    """The retry state of one source, with the log lines of its failures and recovery."""

    def __init__(self, name: str, min_seconds: float, max_seconds: float) -> None:
        self.name = name
        self.max_seconds = max_seconds
        self.reconnect = Reconnect(min_seconds, max_seconds)
        self.warned = False

    def flowing(self) -> None:
        """A stream delivers audio: say so once after a warning."""
        if self.warned:
            _LOGGER.info("Audio from %s again", self.name)
            self.warned = False

    def failed(self, message: str, *, was_stable: bool) -> float:
        """Log a failure (a warning when it is news, else debug); the seconds to wait before reopening."""
        if was_stable:
            self.reconnect.recovered()
        delay, news = self.reconnect.failed(message)
        if news:
            _LOGGER.warning("Audio source %s: %s; retrying in %.1f s, then with backoff up to %g s "
                            "(text input still works)", self.name, message, delay, self.max_seconds)  # fmt: skip
            self.warned = True
        else:
            _LOGGER.debug("Audio source %s: %s (attempt %d); retrying in %.1f s",
                          self.name, message, self.reconnect.attempts, delay)  # fmt: skip
        return delay


async def reopening(
    open_stream: Callable[[], AsyncIterator[AudioChunk]], name: str, min_seconds: float, max_seconds: float
) -> AsyncIterator[AudioChunk]:
    """The chunks of streams opened one after another; AudioError is logged and retried, never raised."""
    failures = _Failures(name, min_seconds, max_seconds)
    had_audio = False
    while True:
        opened_at, first = time.monotonic(), True
        try:
            async with contextlib.aclosing(open_stream()) as stream:
                async for chunk in stream:
                    if first:
                        failures.flowing()
                        if had_audio:  # audio was lost between the two streams
                            chunk = AudioChunk(chunk.samples, chunk.start_ms, discontinuous=True)
                    first, had_audio = False, True
                    yield chunk
            message = "the stream ended"
        except AudioError as err:
            message = str(err)
        stable = not first and time.monotonic() - opened_at >= STABLE_SECONDS
        await asyncio.sleep(failures.failed(message, was_stable=stable))
