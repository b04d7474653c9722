"""One Wyoming client's connection: its events read within bounds, each answered in turn.

A stream that cannot be read on (no JSON, an over-long or truncated event) is closed; an event whose
data is wrong (a missing text, audio without a rate, audio before audio-start) is answered with an
`error` event and ignored; an event type the server does not serve is ignored. Each kind of problem is
logged once per connection (a WARNING), so a misbehaving client cannot flood the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

import numpy as np
from wyoming.asr import Transcript
from wyoming.error import Error
from wyoming.event import Event, Eventable
from wyoming.info import Info
from wyoming.ping import Pong
from wyoming.server import AsyncEventHandler

from assistantd.daemon.inputs import command_text
from assistantd.daemon.wyoming_wire import (
    AudioTake,
    BadEvent,
    MalformedEvent,
    audio_chunk,
    audio_format,
    read_event,
)
from assistantd.errors import AssistantdError, InputError

_LOGGER = logging.getLogger(__name__)


class Parts(Protocol):
    """What a connection needs of the server (WyomingService)."""

    max_utterance_seconds: float

    def info(self) -> Info:
        """The answer to `describe`."""
        ...

    async def transcribe(self, samples: np.ndarray) -> str:
        """The text of 16 kHz mono float32 audio (SpeechUnavailable, SpeechError: why not)."""
        ...

    async def handle(self, text: str, area: str | None, context: dict[str, object] | None) -> Eventable:
        """`handled` or `not-handled` for a command."""
        ...

    def opened(self, task: asyncio.Task[None]) -> None:
        """A connection's task began."""
        ...

    def closed(self, task: asyncio.Task[None]) -> None:
        """A connection's task ends."""
        ...


class Connection(AsyncEventHandler):
    """Reads one client's events and answers them, in order."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, parts: Parts) -> None:
        super().__init__(reader, writer)
        self._parts = parts
        self._peer = _peer(writer)
        self._take: AudioTake | None = None
        self._context: dict[str, object] | None = None
        """The context of the last `transcribe`, echoed in its `transcript`."""
        self._warned: set[str] = set()
        self._answers: dict[str, Callable[[Event], Awaitable[None]]] = {
            "describe": self._describe, "ping": self._ping, "transcribe": self._transcribe,
            "audio-start": self._audio_start, "audio-chunk": self._audio_chunk, "audio-stop": self._audio_stop,
            "transcript": self._transcript,
        }  # fmt: skip

    async def run(self) -> None:
        """Read and answer events until the client leaves, sends garbage or the server stops."""
        task = asyncio.current_task()
        assert task is not None  # always run as a task by the server
        self._parts.opened(task)
        try:
            await self._read_events()
        except ConnectionError as err:
            _LOGGER.debug("Wyoming client %s went away: %s", self._peer, err)
        finally:
            self._parts.closed(task)
            self.writer.close()

    async def _read_events(self) -> None:
        while True:
            try:
                event = await read_event(self.reader)
            except MalformedEvent as err:
                _LOGGER.warning("Wyoming client %s sent no readable event, closing its connection: %s",
                                self._peer, err)  # fmt: skip
                return
            if event is None or not await self.handle_event(event):
                return

    async def handle_event(self, event: Event) -> bool:
        """Answer one event; True: read on."""
        answer = self._answers.get(event.type)
        if answer is None:
            self._warn(f"type {event.type}", "Wyoming client %s sent a %r event, which is not served: ignored",
                       self._peer, event.type)  # fmt: skip
            return True
        try:
            await answer(event)
        except BadEvent as err:
            self._warn(f"bad {event.type}", "Wyoming client %s sent a malformed %r event, ignored: %s",
                       self._peer, event.type, err)  # fmt: skip
            await self.write_event(Error(text=f"{event.type}: {err}", code="bad-event").event())
        return True

    def _warn(self, key: str, message: str, *args: object) -> None:
        """One warning per kind of problem and connection."""
        if key not in self._warned:
            self._warned.add(key)
            _LOGGER.warning(message, *args)

    async def _describe(self, event: Event) -> None:
        await self.write_event(self._parts.info().event())

    async def _ping(self, event: Event) -> None:
        text = event.data.get("text")
        await self.write_event(Pong(text=text if isinstance(text, str) else None).event())

    async def _transcribe(self, event: Event) -> None:
        self._context = _context(event.data)

    async def _audio_start(self, event: Event) -> None:
        self._take = None
        audio_format(event.data)
        self._take = AudioTake(self._parts.max_utterance_seconds)

    async def _audio_chunk(self, event: Event) -> None:
        if self._take is None:
            raise BadEvent("audio-chunk before audio-start (or after a bad one)")
        if self._take.overflowed:
            return
        if not self._take.add(audio_chunk(event)):
            seconds = self._parts.max_utterance_seconds
            _LOGGER.warning("Wyoming client %s sent more than %.0f s of audio for one transcript: dropped",
                            self._peer, seconds)  # fmt: skip
            await self.write_event(
                Error(text=f"more than {seconds:.0f} s of audio: dropped", code="too-long").event()
            )

    async def _audio_stop(self, event: Event) -> None:
        take, self._take = self._take, None
        if take is None:
            raise BadEvent("audio-stop before audio-start")
        if take.overflowed:
            return
        try:
            text = await self._parts.transcribe(take.samples()) if take.seconds else ""
        except AssistantdError as err:
            _LOGGER.error("Wyoming speech to text failed for %s: %s", self._peer, err)
            await self.write_event(Error(text=f"speech to text failed: {err}", code="asr-failed").event())
            return
        _LOGGER.info("Wyoming heard %r in %.1f s of audio from %s", text, take.seconds, self._peer)
        await self.write_event(Transcript(text=text, language="en", context=self._context).event())

    async def _transcript(self, event: Event) -> None:
        text = event.data.get("text")
        if not isinstance(text, str):
            raise BadEvent(f"a transcript needs its text, got {text!r}")
        try:
            words = command_text(text)
        except InputError as err:
            raise BadEvent(str(err)) from err
        context = _context(event.data)
        area = context.get("area") if context else None
        reply = await self._parts.handle(words, area if isinstance(area, str) else None, context)
        await self.write_event(reply.event())


def _context(data: dict[str, object]) -> dict[str, object] | None:
    """An event's context (a JSON object: Home Assistant sends its conversation, device and satellite ids)."""
    context = data.get("context")
    if context is not None and not isinstance(context, dict):
        raise BadEvent(f"the context must be a JSON object, got {type(context).__name__}")
    return context


def _peer(writer: asyncio.StreamWriter) -> str:
    """The client's address, for log lines."""
    address = writer.get_extra_info("peername")
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address or "unknown")
