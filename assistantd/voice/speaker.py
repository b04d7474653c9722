"""The voice's queue: answers spoken one after another, each synthesized a sentence at a time while the
sentence before it plays, so the first words come as soon as the first sentence is made.

One task runs the queue; synthesis and playback run in worker threads (never on the event loop).
``stop()`` cuts the answer being spoken and drops those waiting. Whoever must not hear the voice (the
microphone) is told when it starts and stops speaking.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from assistantd.errors import VoiceError
from assistantd.voice.output import Sink, wav_bytes
from assistantd.voice.sounds import sound
from assistantd.voice.synthesizer import Synthesizer

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 16
"""Answers waiting to be spoken; beyond it the oldest is dropped (a stale answer helps nobody)."""


@dataclass(slots=True)
class Spoken:
    """What became of one answer."""

    text: str
    sound: str | None = None
    first_audio_ms: float | None = None
    """From when it was asked for to when its first audio went to the sink."""
    seconds: float = 0.0
    """Audio played."""
    cut: bool = False
    wav: bytes = b""
    """The whole answer (when kept)."""


@dataclass(slots=True)
class _Item:
    text: str
    sound: str | None
    asked: float
    done: asyncio.Future[Spoken] = field(repr=False)


class Speaker:
    """Speaks answers in order on a sink."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        sink: Sink,
        *,
        on_speaking: Callable[[bool], None] | None = None,
        keep_wav: bool = False,
    ) -> None:
        """on_speaking: told True as an answer with words starts, False when the queue is empty again; keep_wav: each
        Spoken carries the answer's WAV (to publish it)."""
        self.synthesizer = synthesizer
        self.sink = sink
        self._on_speaking = on_speaking
        self._keep_wav = keep_wav
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._current: _Item | None = None
        self.speaking = False

    def say(self, text: str, *, sound_name: str | None = None) -> asyncio.Future[Spoken]:
        """Queue an answer (sound_name: a sound before it; text may be empty for the sound alone)."""
        done: asyncio.Future[Spoken] = asyncio.get_running_loop().create_future()
        if self._queue.qsize() >= QUEUE_SIZE:
            stale = self._queue.get_nowait()
            _LOGGER.warning("Answers are waiting to be spoken: dropped %r", stale.text)
            stale.done.set_result(Spoken(stale.text, stale.sound, cut=True))
        self._queue.put_nowait(_Item(text.strip(), sound_name, time.perf_counter(), done))
        return done

    def stop(self) -> int:
        """Cut the answer being spoken and drop those waiting; how many were silenced."""
        silenced = 0
        while not self._queue.empty():
            item = self._queue.get_nowait()
            item.done.set_result(Spoken(item.text, item.sound, cut=True))
            silenced += 1
        if self._current is not None:
            self.sink.cut()
            silenced += 1
        return silenced

    async def run(self) -> None:
        """Speak queued answers until cancelled."""
        while True:
            item = await self._queue.get()
            self._current = item
            if item.text:  # a sound alone (the wake sound) leaves the microphone open: a command follows
                self._set_speaking(True)
            try:
                spoken = await self._speak(item)
            except VoiceError as err:
                _LOGGER.error("Could not speak %r: %s", item.text, err)
                spoken = Spoken(item.text, item.sound, cut=True)
            finally:
                self._current = None
                if self._queue.empty():
                    self._set_speaking(False)
            if not item.done.done():
                item.done.set_result(spoken)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self.speaking:
            self.speaking = speaking
            if self._on_speaking is not None:
                self._on_speaking(speaking)

    async def _speak(self, item: _Item) -> Spoken:
        """Synthesize the next sentence while this one plays."""
        rate = self.synthesizer.sample_rate
        spoken = Spoken(item.text, item.sound)
        kept: list[np.ndarray] = []
        await asyncio.to_thread(self.sink.open, rate)
        try:
            parts = self._parts(item)
            pending = asyncio.ensure_future(asyncio.to_thread(next, parts, None))
            while (audio := await pending) is not None:
                pending = asyncio.ensure_future(asyncio.to_thread(next, parts, None))
                if spoken.first_audio_ms is None:
                    spoken.first_audio_ms = (time.perf_counter() - item.asked) * 1000
                if self._keep_wav:
                    kept.append(audio)
                spoken.seconds += len(audio) / rate
                if not await asyncio.to_thread(self.sink.write, audio):
                    spoken.cut = True
                    break
            await _finish(pending)
        finally:
            await asyncio.to_thread(self.sink.close)
        if kept:
            spoken.wav = wav_bytes(np.concatenate(kept), rate)
        how = "cut" if spoken.cut else f"first audio after {spoken.first_audio_ms or 0:.0f} ms"
        _LOGGER.info('Said "%s" (%.1f s, %s)', item.text or f"<{item.sound}>", spoken.seconds, how)
        return spoken

    def _parts(self, item: _Item) -> Iterator[np.ndarray]:
        """The sound, then each sentence (a generator advanced in worker threads, one at a time)."""
        if item.sound is not None:
            yield sound(item.sound, self.synthesizer.sample_rate)
        if item.text:
            yield from self.synthesizer.sentences(item.text)


async def _finish(pending: asyncio.Future[np.ndarray | None]) -> None:
    """Wait for a synthesis that is no longer wanted (its thread must end before the next answer)."""
    with contextlib.suppress(Exception):
        await pending
