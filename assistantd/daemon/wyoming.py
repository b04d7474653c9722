"""A Wyoming protocol server (`wyoming:`): Home Assistant's voice pipelines use the daemon's speech to text
and hand it their commands.

- ``describe`` -> ``info``: an ``asr`` program (the daemon's faster-whisper model, English) and a
  ``handle`` program that controls the home.
- ``transcribe`` (optional), ``audio-start``, ``audio-chunk``..., ``audio-stop`` -> ``transcript``: audio
  in any rate, width and channel count is converted to 16 kHz mono and transcribed by the daemon's own
  transcriber (the speech pipeline's when it runs), one utterance at a time, in a worker thread.
- ``transcript`` -> ``handled`` or ``not-handled``: the text runs as a command through the inbox, as
  `assistantd say` does (source ``wyoming``), and the answer is its spoken response.

A connection that sends something that is no event is closed, a malformed event is ignored, each with one
warning; other connections are served on.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np
from wyoming.event import Eventable
from wyoming.handle import Handled, NotHandled
from wyoming.info import AsrModel, AsrProgram, Attribution, HandleModel, HandleProgram, Info
from wyoming.server import AsyncServer

from assistantd import __version__
from assistantd.assistant.command import TextCommand
from assistantd.assistant.decision import Outcome
from assistantd.config.service import WyomingConfig
from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig, WhisperConfig
from assistantd.daemon.intake import Answer
from assistantd.daemon.wyoming_connection import Connection
from assistantd.errors import AssistantdError
from assistantd.speech.bias import build_hotwords, build_prompt
from assistantd.speech.transcriber import Transcriber, WhisperTranscriber

_LOGGER = logging.getLogger(__name__)

SOURCE = "wyoming"
"""The source of its commands (for confirmation.sources, the intent event and the metrics)."""
MAX_UTTERANCE_SECONDS = 30.0
"""Longest audio taken for one transcript (Whisper reads 30 s at most); longer audio is dropped."""
LANGUAGES = ["en"]
HANDLED_OUTCOMES = frozenset(
    {Outcome.EXECUTED, Outcome.ANSWERED, Outcome.ASKED, Outcome.AWAITING_CONFIRMATION, Outcome.CONFIRMED,
     Outcome.DECLINED, Outcome.CANCELLED}
)  # fmt: skip
"""Outcomes answered ``handled``; the rest (ignored, failed, busy, expired: nothing was done) ``not-handled``."""


def wyoming_service(config: Config, commands: Commands) -> WyomingService:
    """The server for a config; its own speech to text (when the speech pipeline does not run) is read from
    the config's speech settings (their defaults when it has none): the model, biased toward the home."""
    speech = config.speech or SpeechConfig()

    def make() -> Transcriber:
        prompt, hotwords = build_prompt(config, speech), build_hotwords(config, speech)
        return WhisperTranscriber(speech.model, prompt=prompt, hotwords=hotwords)

    return WyomingService(
        config.wyoming, commands, model_name=whisper_name(speech.model), make_transcriber=make
    )


def whisper_name(model: WhisperConfig) -> str:
    """The Whisper model's name: its folder's when a path is configured."""
    return model.path.name if model.path is not None else model.name


class Commands(Protocol):
    """What the server needs of the intake."""

    async def from_control(self, command: TextCommand, source: str = "control") -> Answer:
        """Store and handle a command; its report."""
        ...


class SpeechUnavailable(AssistantdError):
    """Speech to text is not loaded (the speech extra is missing, or the model failed to load)."""


class WyomingService:
    """The server's shared parts: the transcriber and its lock, the commands, what `describe` answers."""

    def __init__(
        self,
        settings: WyomingConfig,
        commands: Commands,
        *,
        model_name: str,
        make_transcriber: Callable[[], Transcriber],
    ) -> None:
        """model_name: the faster-whisper model announced in `info`; make_transcriber: speech to text of its
        own, for a daemon whose speech pipeline does not run."""
        self.settings = settings
        self.max_utterance_seconds = MAX_UTTERANCE_SECONDS
        self._commands = commands
        self._model_name = model_name
        self._make_transcriber = make_transcriber
        self._transcriber: Transcriber | None = None
        self._lock = asyncio.Lock()
        self._connections: set[asyncio.Task[None]] = set()
        self._server: AsyncServer | None = None
        self.listening = asyncio.Event()
        """Set once it listens."""

    async def load(self, transcriber: Transcriber | None) -> None:
        """Take the speech pipeline's (loaded) transcriber, or make and load one (in a thread); one that
        cannot load is reported, and only commands are served."""
        if transcriber is None:
            try:
                transcriber = self._make_transcriber()
                await asyncio.to_thread(transcriber.load)
            except (AssistantdError, ImportError) as err:
                _LOGGER.error("Wyoming speech to text is off: %s; serving commands only", err)
                return
        self._transcriber = transcriber

    def info(self) -> Info:
        """What `describe` is answered with: speech to text (when loaded) and command handling."""
        return Info(asr=[self._asr()] if self._transcriber is not None else [], handle=[self._handle()])

    def _asr(self) -> AsrProgram:
        model = AsrModel(
            name=self._model_name,
            attribution=Attribution(name="OpenAI", url="https://huggingface.co/openai"),
            installed=True,
            description=f"Whisper {self._model_name} (faster-whisper, CTranslate2)",
            version=None,
            languages=list(LANGUAGES),
        )
        return AsrProgram(
            name="assistantd",
            attribution=Attribution(
                name="SYSTRAN faster-whisper", url="https://github.com/SYSTRAN/faster-whisper"
            ),
            installed=True,
            description="assistantd speech to text",
            version=__version__,
            models=[model],
        )

    def _handle(self) -> HandleProgram:
        home = Attribution(name="assistantd", url="")
        model = HandleModel(
            name="assistantd",
            attribution=home,
            installed=True,
            description="the home's grammar and intent model",
            version=__version__,
            languages=list(LANGUAGES),
        )
        return HandleProgram(
            name="assistantd",
            attribution=home,
            installed=True,
            description="assistantd: controls the home",
            version=__version__,
            models=[model],
            supports_home_control=True,
        )

    async def transcribe(self, samples: np.ndarray) -> str:
        """The text of 16 kHz mono audio: one transcription at a time, in a worker thread."""
        if self._transcriber is None:
            raise SpeechUnavailable("speech to text is not loaded")
        async with self._lock:
            job = asyncio.ensure_future(asyncio.to_thread(self._transcriber.transcribe, samples))
            try:
                transcript = await asyncio.shield(job)
            except asyncio.CancelledError:
                await asyncio.wait([job])  # the thread finishes before the next transcription starts
                raise
        return transcript.text

    async def handle(self, text: str, area: str | None, context: dict[str, object] | None) -> Eventable:
        """Run a command; `handled` with its spoken response, or `not-handled` when nothing was done."""
        if not text:
            return NotHandled(text=None, context=context)
        command = TextCommand(text=text, area=area or self.settings.area)
        answer = await self._commands.from_control(command, SOURCE)
        outcome, response = _outcome(answer)
        _LOGGER.info("Wyoming command %r: %s", text, outcome.value if outcome else "no answer")
        if outcome in HANDLED_OUTCOMES:
            return Handled(text=response, context=context)
        return NotHandled(text=response, context=context)

    def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Connection:
        """A handler for one client (the server's handler factory)."""
        return Connection(reader, writer, self)

    def opened(self, task: asyncio.Task[None]) -> None:
        """A connection's task began (kept so that stopping the server ends it)."""
        self._connections.add(task)

    def closed(self, task: asyncio.Task[None]) -> None:
        """A connection's task ends."""
        self._connections.discard(task)

    async def start(self) -> bool:
        """Listen (before READY, so a client may connect as soon as the daemon says it serves); False when
        the port cannot be had: reported, and the daemon serves on without it."""
        uri = self.settings.uri
        server = AsyncServer.from_uri(uri)
        try:
            await server.start(self.connection)
        except OSError as err:
            _LOGGER.error("Wyoming is off: cannot listen on %s: %s", uri, err.strerror or err)
            return False
        what = "speech to text and commands" if self._transcriber is not None else "commands"
        _LOGGER.info("Wyoming server on %s (%s)", uri, what)
        self._server = server
        self.listening.set()
        return True

    async def serve(self) -> None:
        """Serve what start() listens on until cancelled (listening first when it was not started)."""
        if self._server is None and not await self.start():
            return
        server = self._server
        assert server is not None  # noqa: S101 - set by start()
        try:
            await self._announce()
            await asyncio.get_running_loop().create_future()  # until cancelled
        finally:
            self._server = None
            await server.stop()
            await self.close_connections()

    async def close_connections(self) -> None:
        """End the connections still open (cancelled: a transcription in its thread is waited for)."""
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _announce(self) -> None:
        """Announce the server over mDNS for Home Assistant's discovery, when asked and possible."""
        if not self.settings.zeroconf:
            return
        if importlib.util.find_spec("zeroconf") is None:
            _LOGGER.warning(
                "Wyoming is not announced over mDNS: that needs the zeroconf package (pip install zeroconf)"
            )
            return
        from wyoming.zeroconf import HomeAssistantZeroconf

        parts = urlsplit(self.settings.uri)
        host = None if parts.hostname in ("0.0.0.0", "::") else parts.hostname
        try:
            await HomeAssistantZeroconf(port=parts.port or 0, host=host).register_server()
        except OSError as err:
            _LOGGER.warning("Wyoming is not announced over mDNS: %s", err)
            return
        _LOGGER.info("Wyoming announced over mDNS (_wyoming._tcp) on port %s", parts.port)


def _outcome(answer: Answer) -> tuple[Outcome | None, str | None]:
    """(outcome, spoken response) of a command's answer, or of the first reply kept for its id."""
    if answer.report is not None:
        return answer.report.decision.outcome, answer.report.decision.response
    document = answer.repeated or {}
    response = document.get("response")
    try:
        outcome = Outcome(document.get("outcome"))
    except ValueError:
        outcome = None
    return outcome, response if isinstance(response, str) else None
