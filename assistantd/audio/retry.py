"""Keep a live source open: reopen it with jittered backoff when it fails, fails to open, or ends."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Callable

from assistantd.audio.source import AudioChunk
from assistantd.errors import AudioError

_LOGGER = logging.getLogger(__name__)

STABLE_SECONDS = 10.0
"""A stream that delivered audio this long resets the backoff."""


class Backoff:
    """Exponential delays between min and max seconds, each drawn in [delay/2, delay] (jitter)."""

    __slots__ = ("_max_seconds", "_min_seconds", "_next_seconds", "_random")

    def __init__(self, min_seconds: float, max_seconds: float, rng: random.Random | None = None) -> None:
        self._min_seconds = min_seconds
        self._max_seconds = max(min_seconds, max_seconds)
        self._next_seconds = min_seconds
        self._random = rng or random.Random()

    def next_seconds(self) -> float:
        """The delay before the next attempt; doubles the one after."""
        delay = self._next_seconds
        self._next_seconds = min(self._max_seconds, delay * 2)
        return self._random.uniform(delay / 2, delay)

    def reset(self) -> None:
        """Start again from the minimum."""
        self._next_seconds = self._min_seconds


async def reopening(
    open_stream: Callable[[], AsyncIterator[AudioChunk]], name: str, min_seconds: float, max_seconds: float
) -> AsyncIterator[AudioChunk]:
    """The chunks of streams opened one after another; AudioError is logged and retried, never raised."""
    backoff = Backoff(min_seconds, max_seconds)
    failed = had_audio = False
    while True:
        opened_at, first = time.monotonic(), True
        try:
            async with contextlib.aclosing(open_stream()) as stream:
                async for chunk in stream:
                    if failed:
                        _LOGGER.info("Audio from %s again", name)
                        failed = False
                    if first and had_audio:  # audio was lost between the two streams
                        chunk = AudioChunk(chunk.samples, chunk.start_ms, discontinuous=True)
                    first, had_audio = False, True
                    yield chunk
            message = "the stream ended"
        except AudioError as err:
            message = str(err)
        if time.monotonic() - opened_at > STABLE_SECONDS:
            backoff.reset()
        delay = backoff.next_seconds()
        _LOGGER.warning(
            "Audio source %s: %s; retrying in %.1f s (text input still works)", name, message, delay
        )
        failed = True
        await asyncio.sleep(delay)
