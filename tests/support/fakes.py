"""Fakes at the Protocol seams: a publisher that records, a sound backend with no sound card, an intent
model that reads from a table."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from assistantd import intents
from assistantd.action import Action
from assistantd.intent_model.features import NO_EVIDENCE, Evidence
from assistantd.intent_model.wire import Prediction
from assistantd.intents import Intent
from assistantd.speech.transcriber import Transcript

INTENT_TOPIC = "assistantd/living_room/intent"
"""The example home's intent topic."""


@dataclass
class FakePublisher:
    """Records every submission; the test settles the futures it handed out."""

    batches: list[list[Action]] = field(default_factory=list)
    """Actions and the messages after them (the intent event) as separate batches, in order."""
    futures: list[asyncio.Future[None]] = field(default_factory=list)
    steps: list[Callable[[object], None]] = field(default_factory=list)
    """The work each submission asked to share its transaction (settling a stored command)."""

    def submit(
        self,
        actions: Sequence[Action],
        *,
        then: Sequence[Action] = (),
        also: Callable[[object], None] | None = None,
    ) -> asyncio.Future[None]:
        if also is not None:
            self.steps.append(also)
        futures = []
        for batch in (actions, then):
            if batch:
                self.batches.append(list(batch))
                futures.append(asyncio.get_running_loop().create_future())
        self.futures.extend(futures)
        if actions:
            return futures[0]
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def topics(self) -> list[list[str]]:
        return [[action.topic for action in batch] for batch in self.batches]

    def events(self) -> list[dict[str, object]]:
        """The intent events published so far."""
        return [json.loads(a.payload) for batch in self.batches for a in batch if a.topic == INTENT_TOPIC]


class FakeBackend:
    """Stands in for the sounddevice module: like PortAudio, it lists the devices it saw when it started."""

    class PortAudioError(Exception):
        pass

    def __init__(self, devices: list[dict[str, object]], *, blocks: int = 5, fail_opens: int = 0) -> None:
        self.devices, self.blocks, self.fail_opens, self.opened = devices, blocks, fail_opens, 0
        self.plugged = devices
        """What is connected now (seen after the next restart)."""
        self.restarts = 0
        self._initialized = 1
        self.default = SimpleNamespace(device=[2, -1])

    def query_devices(self) -> list[dict[str, object]]:
        return self.devices

    def _terminate(self) -> None:
        self._initialized -= 1

    def _initialize(self) -> None:
        self._initialized += 1
        self.restarts += 1
        self.devices = self.plugged

    def InputStream(self, **options: object) -> FakeStream:
        return FakeStream(self, **options)


class FakeStream:
    """An input stream that delivers `blocks` blocks from a thread, then goes quiet (unplugged)."""

    def __init__(
        self, backend: FakeBackend, callback, samplerate: int, channels: int, blocksize: int, **_: object
    ) -> None:
        self.backend, self.callback, self.shape = backend, callback, (blocksize, channels)
        self.closed = threading.Event()

    def start(self) -> None:
        if self.backend.fail_opens > 0:
            self.backend.fail_opens -= 1
            raise self.backend.PortAudioError("Device unavailable")
        self.backend.opened += 1
        threading.Thread(target=self._deliver, daemon=True).start()

    def _deliver(self) -> None:
        for _ in range(self.backend.blocks):
            if self.closed.is_set():
                return
            self.callback(np.full(self.shape, 0.1, np.float32), self.shape[0], None, None)

    def stop(self) -> None:
        self.closed.set()

    def close(self) -> None:
        self.closed.set()


class TableModel:
    """The intent model's seam: a fixed reading per sentence (none for the rest), and what it was shown."""

    def __init__(self, readings: Mapping[str, Intent], unknown: frozenset[str] = frozenset()) -> None:
        """readings: sentence -> intent; unknown: the words it never saw in training."""
        self._readings = readings
        self._unknown = unknown
        self.seen: list[Evidence] = []
        self.batches: list[list[str]] = []

    def known_words(self) -> list[str]:
        return [word for text in self._readings for word in text.split()]

    def unknown_words(self, text: str) -> tuple[str, ...]:
        return tuple(word for word in text.split() if word in self._unknown)

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        self.seen.append(evidence)
        return self._reading(text)

    def predict(self, texts: Sequence[str], evidence: Sequence[Evidence] | None = None) -> list[Prediction]:
        """A batch read ahead: predictions that to_intent turns back into the table's readings."""
        self.batches.append(list(texts))
        return [Prediction(self._reading(text).name, 1.0, 1.0, (), tuple(text.split()), ()) for text in texts]

    def to_intent(self, prediction: Prediction, text: str, area_id: str | None = None) -> Intent:
        return self._reading(text)

    def _reading(self, text: str) -> Intent:
        return self._readings.get(text, Intent(intents.NONE, text=text, recognizer="model"))


class LoudnessVad:
    """A VAD for synthetic signals: speech is anything louder than 0.01 RMS."""

    frame_samples = 160

    def probability(self, frame: np.ndarray) -> float:
        return 1.0 if np.sqrt(np.mean(frame**2)) > 0.01 else 0.0

    def reset(self) -> None:
        pass


class ScriptedTranscriber:
    """Names an utterance by its loudest amplitude (0.1 -> texts[0], 0.2 -> texts[1], ...); records each call."""

    def __init__(self, texts: list[str], compute_seconds: float = 0.0) -> None:
        self.texts = texts
        self.compute_seconds = compute_seconds
        self.calls: list[int] = []
        self.threads: set[str] = set()

    def load(self) -> None:
        pass

    def transcribe(self, samples: np.ndarray) -> Transcript:
        self.calls.append(len(samples))
        self.threads.add(threading.current_thread().name)
        time.sleep(self.compute_seconds)  # stands in for the model's compute time
        level = round(float(np.abs(samples).max()) * 10) - 1
        return Transcript(self.texts[level], -0.1, 0.01, 1.0, transcribe_ms=self.compute_seconds * 1000)
