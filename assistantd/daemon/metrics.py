"""Prometheus metrics (`metrics:`): what the daemon did and how it stands, on an HTTP endpoint.

Counters and histograms are updated on the event loop as commands finish; the gauges (the broker, the
outbox, the inbox, the model, the pipelines) are read on the loop every SAMPLE_SECONDS into a snapshot
that the HTTP thread only copies, so a scrape never touches the daemon's SQLite connection or its
objects. Names follow Prometheus' conventions (base units in the name, `_total` counters) and every
label has a small, fixed set of values: no text, no ids.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report
from assistantd.config.service import MetricsConfig
from assistantd.errors import AssistantdError

_LOGGER = logging.getLogger(__name__)

SAMPLE_SECONDS = 1.0
"""How often the gauges are read."""
_FAST = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25)
"""Histogram buckets (seconds) for understanding and deciding: tens of microseconds to a few ms."""
_SLOW = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Buckets (seconds) for the broker's acknowledgement and for speech to text."""


class MetricsError(AssistantdError):
    """The metrics endpoint cannot be served (the package is missing, the port is taken)."""


@dataclass(frozen=True, slots=True)
class Sample:
    """How the daemon stands at one moment (read on the event loop)."""

    broker_connected: bool
    outbox_actions: int
    outbox_oldest_age_seconds: float
    inbox_commands: int
    model_ready: bool
    model_training: bool
    speech_up: bool
    vision_up: bool
    utterances: int = 0
    """Utterances the speech pipeline cut (each sent to speech-to-text), since start."""
    utterances_rejected: Mapping[str, int] = field(default_factory=dict)
    """Transcripts rejected, by reason (no_speech, unsure, hallucination, ...), since start."""
    utterances_gated: Mapping[str, int] = field(default_factory=dict)
    """Transcripts heard, by the listening gate's reason (always, wake_phrase, wake_phrase_only,
    attention, follow_up, not_addressed; no_wake: not transcribed, no wake word heard), since start."""
    wake_words: int = 0
    """Wake words the wake word engine heard (listening mode wake_word), since start."""
    false_wakes: int = 0
    """Wakes whose utterance was rejected as silence, noise or a hallucination, since start."""
    frames: int = 0
    """Camera frames analysed, since start."""


class Metrics:
    """The registry, its HTTP server and the updates the daemon feeds it."""

    def __init__(self, settings: MetricsConfig) -> None:
        try:
            from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
        except ImportError as err:
            raise MetricsError(
                f"metrics need the prometheus-client package (pip install 'assistantd[metrics]'): {err}"
            ) from err
        disable_created_metrics()  # the *_created series: noise in every scrape, of no use here
        self.settings = settings
        self.registry = CollectorRegistry()
        self._commands = Counter(
            "assistantd_commands", "Commands handled, by where they came from, the recognizer that read "
            "them and their outcome", ["source", "recognizer", "outcome"], registry=self.registry,
        )  # fmt: skip
        self._actions = Counter(
            "assistantd_actions", "Device actions submitted to the outbox", registry=self.registry
        )
        self._recognize = Histogram(
            "assistantd_recognize_seconds", "Reading a command's text (grammar, intent model)",
            buckets=_FAST, registry=self.registry,
        )  # fmt: skip
        self._decide = Histogram(
            "assistantd_decide_seconds", "Deciding what to do about a command (targets, rules, plan)",
            buckets=_FAST, registry=self.registry,
        )  # fmt: skip
        self._ack = Histogram(
            "assistantd_ack_seconds", "From a command's decision to the broker's acknowledgement of its "
            "actions", buckets=_SLOW, registry=self.registry,
        )  # fmt: skip
        self._speech = Histogram(
            "assistantd_speech_to_text_seconds", "From the end of speech to its transcript",
            buckets=_SLOW, registry=self.registry,
        )  # fmt: skip
        self._snapshot = _SnapshotCollector()
        self.registry.register(self._snapshot)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve /metrics on the configured address (in a thread); MetricsError when it cannot."""
        from prometheus_client import start_http_server

        host, port = self.settings.host, self.settings.port
        try:
            self._server, self._thread = start_http_server(port, addr=host, registry=self.registry)
        except OSError as err:
            raise MetricsError(f"cannot serve metrics on {host}:{port}: {err.strerror or err}") from err
        _LOGGER.info("Metrics on http://%s:%d/metrics", host, port)

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None

    def decided(self, report: Report) -> None:
        """Count a command as it is decided (its actions just submitted)."""
        intent = report.decision.intent
        outcome = report.decision.outcome.value
        self._commands.labels(report.source, intent.recognizer or "none", outcome).inc()
        self._actions.inc(len(report.decision.actions))
        command = report.command
        if isinstance(command, TextCommand):
            self._recognize.observe(report.timings.recognize_ms / 1000)
            if command.heard_ms is not None and command.text_ready_ms is not None:
                self._speech.observe(max(0, command.text_ready_ms - command.heard_ms) / 1000)
        self._decide.observe(report.timings.decide_ms / 1000)

    def delivered(self, report: Report, ack_ms: float | None) -> None:
        """Time the broker's acknowledgement of a command's actions (None: not delivered)."""
        if ack_ms is not None and report.decision.actions:
            self._ack.observe(ack_ms / 1000)

    def sample(self, sample: Sample) -> None:
        """The gauges as they are now."""
        self._snapshot.sample = sample


class _SnapshotCollector:
    """Yields the last Sample as metric families (called in the HTTP server's thread)."""

    def __init__(self) -> None:
        self.sample: Sample | None = None

    def describe(self) -> list[Any]:
        """Nothing up front: the families are known once sampled."""
        return []

    def collect(self) -> Iterator[Any]:
        """The families of the last sample (none before the first)."""
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        sample = self.sample  # one read: the loop replaces it whole
        if sample is None:
            return
        gauges = (
            ("assistantd_broker_connected", "1 when the broker is connected", sample.broker_connected),
            ("assistantd_outbox_actions", "Actions and events waiting for the broker", sample.outbox_actions),
            ("assistantd_outbox_oldest_age_seconds", "Age of the oldest waiting action (0: none)",
             sample.outbox_oldest_age_seconds),
            ("assistantd_inbox_commands", "Stored commands waiting to be handled", sample.inbox_commands),
            ("assistantd_model_ready", "1 when the intent model for the config in force is in use",
             sample.model_ready),
            ("assistantd_model_training", "1 while the intent model trains or loads", sample.model_training),
            ("assistantd_speech_up", "1 when the speech pipeline runs", sample.speech_up),
            ("assistantd_vision_up", "1 when the vision pipeline runs", sample.vision_up),
        )  # fmt: skip
        for name, documentation, value in gauges:
            yield GaugeMetricFamily(name, documentation, value=float(value))
        yield CounterMetricFamily(
            "assistantd_utterances", "Utterances sent to speech-to-text", value=sample.utterances
        )
        rejected = CounterMetricFamily(
            "assistantd_utterances_rejected", "Transcripts rejected (silence, noise, hallucinations), by "
            "reason", labels=["reason"],
        )  # fmt: skip
        for reason, count in sorted(sample.utterances_rejected.items()):
            rejected.add_metric([reason], count)
        yield rejected
        gated = CounterMetricFamily(
            "assistantd_utterances_heard", "Transcripts heard, by the listening gate's reason (wake_phrase, "
            "follow_up, not_addressed, ...)", labels=["gate"],
        )  # fmt: skip
        for reason, count in sorted(sample.utterances_gated.items()):
            gated.add_metric([reason], count)
        yield gated
        yield CounterMetricFamily("assistantd_wake_words", "Wake words heard", value=sample.wake_words)
        yield CounterMetricFamily(
            "assistantd_false_wakes", "Wake words whose utterance was rejected as silence, noise or a "
            "hallucination (most likely no one said the wake word)", value=sample.false_wakes,
        )  # fmt: skip
        yield CounterMetricFamily("assistantd_frames", "Camera frames analysed", value=sample.frames)


def frozen_counts(counts: Mapping[str, int]) -> Mapping[str, int]:
    """A read-only copy of a counter, safe to hand to the HTTP thread."""
    return MappingProxyType(dict(counts))
