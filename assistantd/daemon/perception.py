"""The daemon's eyes and ears: runs the vision and speech pipelines the config asks for, files their
events in the fusion window, publishes vision events, and turns what they perceive into commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from assistantd import intents
from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.daemon.arbiter import Arbiter
from assistantd.daemon.commands import CommandProcessor
from assistantd.daemon.live import LiveEvents
from assistantd.daemon.presence import LivePublisher, Presence
from assistantd.errors import AssistantdError
from assistantd.events import Event, FaceEvent, GestureEvent
from assistantd.fusion.window import FusionWindow
from assistantd.intents import Modality

if TYPE_CHECKING:
    from assistantd.audio.endpointer import Segment
    from assistantd.speech.pipeline import SpeechPipeline, Utterance
    from assistantd.vision.pipeline import VisionPipeline

_LOGGER = logging.getLogger(__name__)

_P = TypeVar("_P")

class Perception:
    """Owns the optional pipelines; the daemon loads them before READY and runs them as tasks."""

    def __init__(
        self,
        config: Config,
        commands: CommandProcessor,
        client: LivePublisher,
        window: FusionWindow,
        presence: Presence | None = None,
        on_wake: Callable[[], None] | None = None,
    ) -> None:
        """presence: the site's state document, told what the microphone does and who attends; on_wake:
        told when the wake word is heard."""
        self._config = config
        self._presence = presence
        self._commands = commands
        self._client = client
        self._live = LiveEvents(client)
        self.window = window
        self.vision: VisionPipeline | None = None
        self.speech: SpeechPipeline | None = None
        self.arbiter: Arbiter | None = None
        """With satellites in the home: this site's part in answering once (its microphone claims too)."""
        if config.satellites and config.speech is not None:
            publish = lambda topic, payload: client.publish(topic, payload, qos=1)  # noqa: E731
            self.arbiter = Arbiter(config.site.id, config.mqtt.base_topic, publish)
        if config.vision is not None:
            self.vision = build_part("vision", lambda: vision_pipeline(config, self._on_vision_event))
        if config.speech is not None:
            attention = self._attending if self.vision is not None else None
            activity = presence.set_activity if presence is not None else None
            self.speech = build_part(
                "speech",
                lambda: _speech(config, self._on_utterance, attention, activity, on_wake, commands.complete,
                                self._claim if self.arbiter is not None else None),
            )  # fmt: skip

    def _attending(self) -> bool:
        """Whether someone faces the camera (False once vision is switched off)."""
        return self.vision is not None and self.vision.attending()

    def speaker_of(self, command: TextCommand) -> str:
        """The person track that spoke a heard command, when the camera saw several people ("" otherwise)."""
        if self.vision is None or command.spoken_from_ms is None or command.heard_ms is None:
            return ""
        found = self.vision.speaker(command.voice, command.spoken_from_ms, command.heard_ms)
        if found is None:
            return ""
        _LOGGER.debug("%s spoke %r (%s)", found.person, command.text,
                     ", ".join(f"{name} {score:.2f}" for name, score in found.scores))  # fmt: skip
        return found.person

    def deafen(self, deaf: bool) -> None:
        """Close the microphone while the voice speaks (and open it again)."""
        if self.speech is not None:
            self.speech.deaf = deaf

    def mute(self, muted: bool) -> None:
        """Stop listening (muted) or listen again; the state document says so."""
        if self.speech is not None:
            self.speech.muted = muted
        if self._presence is not None:
            self._presence.set_muted(muted)

    @property
    def active(self) -> bool:
        """Whether any pipeline is configured."""
        return self.vision is not None or self.speech is not None

    async def load(self) -> None:
        """Load the models (before READY); a pipeline whose models cannot load is switched off, loudly,
        and the daemon serves what still works."""
        if self.vision is not None:
            self.vision = await loaded_vision(self.vision)
        if self.speech is not None:
            try:
                await self.speech.load()
            except (AssistantdError, ImportError) as err:
                _LOGGER.error("Speech is off: %s", err)
                self.speech = None

    def tasks(self) -> list[tuple[str, Callable[[], object]]]:
        """(name, coroutine function) of each long-running pipeline."""
        found: list[tuple[str, Callable[[], object]]] = []
        if self.vision is not None:
            found.append(("vision", self._run_vision))
            found.append(("vision-events", self._live.run))
        if self.speech is not None:
            found.append(("speech", self.speech.run))
        return found

    async def _run_vision(self) -> None:
        assert self.vision is not None  # noqa: S101 - only scheduled when configured
        await run_vision(self.vision)

    def _on_vision_event(self, event: Event) -> None:
        """Called on the event loop for every vision event."""
        self.window.add(event)
        self.window.prune(monotonic_ms())
        if self._presence is not None:
            self._presence.saw(event)
        assert self.vision is not None  # noqa: S101 - only called by the vision pipeline
        message = self.vision.message(event)
        if message is not None:
            suffix, payload = message
            self._live.put(f"{self._config.mqtt.base_topic}/{self._config.site.id}/{suffix}", payload)
        if isinstance(event, GestureEvent) or (isinstance(event, FaceEvent) and event.head_gesture):
            self._commands.enqueue(event, "vision")

    def _claim(self, segment: Segment, reason: str) -> None:
        """Speech of this site's microphone paused or ended: claimed, as the satellites do."""
        assert self.arbiter is not None  # noqa: S101 - only then is this called
        wake = self.speech.last_wake if self.speech is not None else None
        attending = self._attending()
        self.arbiter.ended(
            segment, reason, wake=wake.probability if wake is not None else 0.0, attending=attending
        )

    def _on_utterance(self, utterance: Utterance) -> None:
        """Called on the event loop for every transcribed utterance."""
        self.window.add(utterance.event)
        self.window.prune(monotonic_ms())
        if not utterance.accepted or not utterance.text:
            return
        if self.arbiter is not None:  # a satellite may have heard it better
            self.arbiter.when_answers(
                utterance.event.end_ms, utterance.text, lambda: self._enqueue(utterance)
            )
        else:
            self._enqueue(utterance)

    def _enqueue(self, utterance: Utterance) -> None:
        reply = self._commands.enqueue(spoken_command(utterance), "speech")
        if reply is not None:
            reply.add_done_callback(self._after_speech)

    def _after_speech(self, reply: asyncio.Future[Report | None]) -> None:
        """Room chatter must not keep the assistant listening: what was no command (or a "never mind")
        closes the follow-up window, and the next command needs the wake phrase again."""
        if self.speech is None or reply.cancelled() or reply.exception() is not None:
            return
        report = reply.result()
        intent = report.decision.intent.name if report is not None else intents.NONE
        if intent in (intents.NONE, intents.NEVERMIND):
            self.speech.close_follow_up()


def spoken_command(utterance: Utterance) -> TextCommand:
    """The command an utterance makes: the text to understand, with the transcript's confidence and timing."""
    return TextCommand(
        text=utterance.text,
        modality=Modality.SPEECH,
        transcript_confidence=utterance.event.confidence,
        spoken_from_ms=utterance.event.start_ms,
        heard_ms=int(utterance.timings.speech_end_ms),
        text_ready_ms=int(utterance.timings.ready_ms),
        transcribe_ms=utterance.timings.transcribe_ms,
        speculative=utterance.timings.speculative,
        voice=utterance.event.voice,
        guessed=utterance.event.guessed,
        alternatives=utterance.event.alternatives,
    )


def build_part(extra: str, make: Callable[[], _P]) -> _P | None:
    """A pipeline, or None (with one clear error) when its optional packages are not installed."""
    try:
        return make()
    except ImportError as err:
        _LOGGER.error(
            "%s is configured but its packages are missing (pip install 'assistantd[%s]'): %s; serving the rest",
            extra.capitalize(),
            extra,
            err,
        )
        return None


async def loaded_vision(vision: VisionPipeline) -> VisionPipeline | None:
    """The pipeline with its models loaded, or None (one error) when they cannot load: what still works
    goes on without it."""
    try:
        await vision.load()
    except (AssistantdError, ImportError) as err:
        _LOGGER.error("Vision is off: %s", err)
        vision.close()
        return None
    return vision


async def run_vision(vision: VisionPipeline) -> None:
    """Run the pipeline until its source ends or it is cancelled, then release the camera and models."""
    try:
        await vision.run()
    finally:
        vision.close()


def vision_pipeline(config: Config, on_event: Callable[[Event], None]) -> VisionPipeline:
    from assistantd.vision.pipeline import VisionPipeline

    return VisionPipeline(config, on_event=on_event)


def _speech(
    config: Config,
    on_utterance: Callable[[Utterance], None],
    attention: Callable[[], bool] | None,
    on_activity: Callable[[str], None] | None,
    on_wake: Callable[[], None] | None,
    complete: Callable[[str], bool],
    on_ended: Callable[[Segment, str], None] | None = None,
) -> SpeechPipeline:
    from assistantd.speech.pipeline import SpeechPipeline

    return SpeechPipeline(config, on_utterance=on_utterance, attention=attention, on_activity=on_activity,
                          on_wake=on_wake, complete=complete, on_ended=on_ended)  # fmt: skip
