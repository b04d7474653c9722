"""The site's voice (`tts:`): which answers are spoken, the say topic, Hermes's tts/say and session texts,
the stop, and the spoken WAV published for another player.

Each command from a source in ``tts.speak`` (the microphone by default) has its response spoken, after
a short sound (done when something was carried out, error when it could not be); the response also
stays in the intent event, as without a voice. ``<base>/<site>/say`` speaks any text. With Hermes on,
``hermes/tts/say`` for this site is spoken and answered with ``hermes/tts/sayFinished``, and the text of
``hermes/dialogueManager/endSession`` or ``continueSession`` for a session of this site is spoken. A
finished timer rings (an alarm and its words, again until stop); the wake word plays the wake sound.
No sound card: one warning, and the answers go to ``tts.directory`` (and MQTT) only.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
from collections.abc import Callable

from assistantd.assistant.command import TextCommand
from assistantd.assistant.decision import Outcome
from assistantd.assistant.report import Report
from assistantd.config.settings import Config
from assistantd.config.tts import TtsConfig
from assistantd.daemon.inputs import parse_text_command
from assistantd.daemon.presence import LivePublisher
from assistantd.errors import BrokerError, InputError, VoiceError
from assistantd.timers.book import Timer
from assistantd.voice.output import FileSink, Sink, Sinks, SoundCardSink
from assistantd.voice.speaker import Speaker, Spoken
from assistantd.voice.synthesizer import Synthesizer, make_synthesizer

_LOGGER = logging.getLogger(__name__)

HERMES_SAY = "hermes/tts/say"
HERMES_SAY_FINISHED = "hermes/tts/sayFinished"
HERMES_SESSION_TEXTS = ("hermes/dialogueManager/endSession", "hermes/dialogueManager/continueSession")
RING_PAUSE_SECONDS = 2.0
"""A ringing timer's words come again after this pause, until stopped (or the ring's bound)."""
RECENT_SESSIONS = 256
"""Command ids remembered as this site's Hermes sessions."""
_DONE = frozenset({Outcome.EXECUTED, Outcome.CONFIRMED})
_ERROR = frozenset({Outcome.FAILED, Outcome.IGNORED})


def answer_sound(outcome: Outcome) -> str | None:
    """The sound before an answer: done, error, or none (a question, an answer from the state)."""
    if outcome in _DONE:
        return "done"
    return "error" if outcome in _ERROR else None


class Voice:
    """Speaks the site's answers; built from the config's tts section."""

    def __init__(
        self,
        config: Config,
        client: LivePublisher,
        *,
        on_speaking: Callable[[bool], None] | None = None,
        synthesizer: Synthesizer | None = None,
        sink: Sink | None = None,
    ) -> None:
        """synthesizer, sink: given (tests), else made from the config by load()."""
        assert config.tts is not None  # noqa: S101 - built only for a config with a voice
        self._config = config
        self._settings: TtsConfig = config.tts
        self._client = client
        self._on_speaking = on_speaking
        self._synthesizer = synthesizer
        self._sink = sink
        self.speaker: Speaker | None = None
        self._sessions: collections.deque[str] = collections.deque(maxlen=RECENT_SESSIONS)
        self._tasks: set[asyncio.Task[None]] = set()
        self._ringing: asyncio.Task[None] | None = None

    @property
    def topic(self) -> str:
        """Text to speak, in."""
        return f"{self._config.mqtt.base_topic}/{self._config.site.id}/say"

    @property
    def audio_topic(self) -> str:
        """Spoken WAVs, out (tts.publish_audio)."""
        return f"{self._config.mqtt.base_topic}/{self._config.site.id}/audio/out"

    @property
    def subscriptions(self) -> list[str]:
        """The say topic, and Hermes's when Hermes is on."""
        hermes = [HERMES_SAY, *HERMES_SESSION_TEXTS] if self._config.hermes.enabled else []
        return [self.topic, *hermes] if self.speaker is not None else []

    async def load(self) -> bool:
        """Load the engine and find the outputs; False (one error line) when nothing can speak."""
        try:
            synthesizer = self._synthesizer or await asyncio.to_thread(make_synthesizer, self._settings)
            sink = self._sink or await asyncio.to_thread(self._sinks)
        except VoiceError as err:
            _LOGGER.error("Spoken answers are off: %s; answers stay on MQTT", err)
            return False
        self.speaker = Speaker(synthesizer, sink, on_speaking=self._on_speaking,
                               keep_wav=self._settings.publish_audio)  # fmt: skip
        _LOGGER.info("Answers are spoken by %s on %s", synthesizer.name, sink.name)
        return True

    def _sinks(self) -> Sink:
        """The sound card (unless output is none; missing: a warning) and the folder, if any."""
        sinks: list[Sink] = []
        if self._settings.output.strip().casefold() != "none":
            card = SoundCardSink(self._settings.output)
            try:
                card.check()
                sinks.append(card)
            except VoiceError as err:
                _LOGGER.warning("Answers are not played: %s (they stay on MQTT%s)", err,
                                " and in tts.directory" if self._settings.directory else "")  # fmt: skip
        if self._settings.directory is not None:
            sinks.append(FileSink(self._settings.directory))
        return Sinks(sinks)

    async def run(self) -> None:
        """Speak until cancelled."""
        if self.speaker is None:
            return
        try:
            await self.speaker.run()
        finally:
            self._stop_ringing()

    # The command processor's watcher: each decided command.
    def decided(self, report: Report) -> None:
        """Speak the answer of a command from a speaking source."""
        command = report.command
        if isinstance(command, TextCommand) and command.request_id:
            self._sessions.append(command.request_id)
        response = report.decision.response
        if self.speaker is None or report.source not in self._settings.speak or not response:
            return
        sound = answer_sound(report.decision.outcome) if self._settings.sounds else None
        self._speak(response, sound)

    def delivered(self, report: Report, ack_ms: float | None) -> None:
        """(Nothing to do once the actions are acknowledged: the answer is already on its way.)"""

    def on_say(self, payload: bytes) -> None:
        """The say topic: plain text, or JSON {"text": ...}; InputError for anything else."""
        if self.speaker is not None:
            self._speak(parse_text_command(payload).text, None)

    def on_hermes(self, topic: str, payload: bytes) -> None:
        """hermes/tts/say for this site, or a session's closing or continuing text; InputError when malformed."""
        if self.speaker is None:
            return
        message = _hermes_json(payload)
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            if topic == HERMES_SAY:
                raise InputError('hermes/tts/say without a "text"')
            return
        if topic == HERMES_SAY:
            site = message.get("siteId")
            if site not in (None, "default", self._config.site.id):
                return
            done = self._speak(text, None)
            done.add_done_callback(lambda _: self._say_finished(message))
        elif message.get("sessionId") in self._sessions:
            self._speak(text, None)

    def stop(self) -> None:
        """Cut the voice and the answers waiting (and a timer's ringing)."""
        self._stop_ringing()
        if self.speaker is not None and self.speaker.stop():
            _LOGGER.info("Stop: the voice was cut")

    def woke(self) -> bool:
        """The wake word was heard: what the voice was saying or ringing is cut at once (the wake word is how
        to interrupt it), then the wake sound (a sound alone leaves the microphone open). True when
        something was cut."""
        if self.speaker is None:
            return False
        cut = self._ringing is not None or self.speaker.speaking
        if cut:
            self.stop()
        if self._settings.sounds:
            self.speaker.say("", sound_name="wake")
        return cut

    # The timers' ringer.
    def ring(self, timer: Timer) -> None:
        """A timer finished: the alarm and its words, again and again until stop() (the timers bound it)."""
        self.ring_named(timer.name)

    def ring_named(self, name: str | None) -> None:
        """Ring for the timer of that name (None: unnamed) until stop()."""
        if self.speaker is None:
            return
        self._stop_ringing()
        words = f"The {name} timer is done." if name else "Your timer is done."
        self._ringing = asyncio.get_running_loop().create_task(self._ring(words), name="timer-ring")

    async def _ring(self, words: str) -> None:
        while True:
            await self._speak(words, "alarm")
            await asyncio.sleep(RING_PAUSE_SECONDS)

    def _stop_ringing(self) -> None:
        ringing, self._ringing = self._ringing, None
        if ringing is not None:
            ringing.cancel()
            if self.speaker is not None:
                self.speaker.stop()

    def _speak(self, text: str, sound: str | None) -> asyncio.Future[Spoken]:
        assert self.speaker is not None  # noqa: S101 - callers check
        done = self.speaker.say(text, sound_name=sound)
        if self._settings.publish_audio:
            done.add_done_callback(self._publish_audio)
        return done

    def _publish_audio(self, done: asyncio.Future[Spoken]) -> None:
        spoken = done.result()
        if spoken.wav:
            self._publish(self.audio_topic, spoken.wav, 0)

    def _say_finished(self, message: dict[str, object]) -> None:
        finished = {key: message.get(key) for key in ("id", "sessionId")}
        finished["siteId"] = message.get("siteId") or self._config.site.id
        self._publish(HERMES_SAY_FINISHED, json.dumps(finished).encode(), 1)

    def _publish(self, topic: str, payload: bytes, qos: int) -> None:
        """Publish in the background while connected (telemetry: lost when the broker is away)."""
        if not self._client.connected:
            return
        task = asyncio.get_running_loop().create_task(self._send(topic, payload, qos))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, topic: str, payload: bytes, qos: int) -> None:
        try:
            await self._client.publish(topic, payload, qos=qos)
        except BrokerError as err:
            _LOGGER.debug("%s not published: %s", topic, err)


def _hermes_json(payload: bytes) -> dict[str, object]:
    """A Hermes message's JSON object; InputError otherwise."""
    try:
        message = json.loads(payload)
    except (ValueError, RecursionError) as err:
        raise InputError(f"Hermes message is not JSON: {err}") from err
    if not isinstance(message, dict):
        raise InputError("Hermes message is not a JSON object")
    return message
