"""Labelled sentences read by a recognizer and summed up: the figures on the supported intents (as Home
Assistant's tests count them) and on all lines (where a sentence that is no command must not be taken for one).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistantd.config.settings import Config
from assistantd.evaluation.ha_fixtures import config_from_fixtures, merge_fixtures
from assistantd.evaluation.sentences import (
    KINDS,
    CaseResult,
    EvalCase,
    heard_area_id,
    score_case,
)
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import NONE, Recognizer

RecognizerFor = Callable[[Config], Recognizer]
"""Builds a recognizer for a home (Home Assistant's lines may add their own fixtures)."""


@dataclass(frozen=True, slots=True)
class IntentStats:
    """Figures for one expected intent."""

    intent: str
    total: int
    intent_correct: int
    slots_correct: int

    @property
    def intent_accuracy(self) -> float:
        """Share of this intent's cases judged right in intent."""
        return _share(self.intent_correct, self.total)

    @property
    def slot_accuracy(self) -> float:
        """Share of this intent's cases judged right in intent and slots."""
        return _share(self.slots_correct, self.total)


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The figures of an evaluation, and every line's outcome in the order of the file."""

    outcomes: tuple[CaseResult, ...]
    per_intent: tuple[IntentStats, ...]
    """Supported intents ("none" included), by name."""
    unsupported: tuple[IntentStats, ...]
    """Intents assistantd does not support, most lines first (right: not taken for a command)."""
    kinds: tuple[tuple[str, int], ...]
    """How many lines had each kind of outcome (every kind, in the order of KINDS)."""
    mean_latency_us: float

    @property
    def total(self) -> int:
        """Lines read."""
        return len(self.outcomes)

    @property
    def supported(self) -> int:
        """Lines of a supported intent ("none" included)."""
        return sum(stats.total for stats in self.per_intent)

    @property
    def intent_correct(self) -> int:
        """Lines of a supported intent read with it."""
        return sum(stats.intent_correct for stats in self.per_intent)

    @property
    def slots_correct(self) -> int:
        """Lines of a supported intent read with it and exactly its slots."""
        return sum(stats.slots_correct for stats in self.per_intent)

    @property
    def intent_accuracy(self) -> float:
        """Share of supported lines with the right intent."""
        return _share(self.intent_correct, self.supported)

    @property
    def slot_accuracy(self) -> float:
        """Share of supported lines with the right intent and exactly the expected slots."""
        return _share(self.slots_correct, self.supported)

    @property
    def all_intent_correct(self) -> int:
        """Lines judged right in intent, of all lines."""
        return sum(outcome.intent_ok for outcome in self.outcomes)

    @property
    def all_slots_correct(self) -> int:
        """Lines judged right in intent and slots, of all lines."""
        return sum(outcome.slots_ok for outcome in self.outcomes)

    def count(self, kind: str) -> int:
        """How many lines had this kind of outcome."""
        return dict(self.kinds).get(kind, 0)

    def at_once(self, kind: str) -> int:
        """How many lines had this kind of outcome and would be acted on at once (not asked first)."""
        return sum(outcome.kind == kind and outcome.at_once for outcome in self.outcomes)

    @property
    def asked(self) -> tuple[int, int]:
        """(asked about first, of them wrong): readings not certain enough to act on at once."""
        asked = [outcome for outcome in self.outcomes if outcome.asked]
        return len(asked), sum(not outcome.slots_ok for outcome in asked)

    @property
    def commands(self) -> int:
        """Lines of a supported command (not "none")."""
        return sum(outcome.case.is_command for outcome in self.outcomes)

    @property
    def non_commands(self) -> tuple[int, int]:
        """(rejected, lines) of the lines labelled "none"."""
        stats = next((stats for stats in self.per_intent if stats.intent == NONE), None)
        return (stats.intent_correct, stats.total) if stats else (0, 0)

    @property
    def unsupported_acted_on(self) -> tuple[int, int]:
        """(taken for a command, lines) of the lines of intents assistantd does not support."""
        lines = sum(stats.total for stats in self.unsupported)
        return lines - sum(stats.intent_correct for stats in self.unsupported), lines

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        """The lines judged wrong."""
        return tuple(outcome for outcome in self.outcomes if not outcome.slots_ok)

    @property
    def only_name_all(self) -> int:
        """Lines wrong only because of a name "all" on one side."""
        return sum(outcome.only_name_all for outcome in self.outcomes)


def grammar_for(config: Config) -> Recognizer:
    """The grammar alone (compiled as the lines need it)."""
    return GrammarRecognizer(config, lazy=True)


def evaluate(
    cases: Sequence[EvalCase],
    config: Config | None = None,
    home: Mapping[str, Any] | None = None,
    *,
    recognizer_for: RecognizerFor = grammar_for,
) -> EvalReport:
    """Read every case with a config, or a home from fixtures (plus each line's own), by the recognizer
    recognizer_for builds for each home (default: the grammar alone), and judge it."""
    if (config is None) == (home is None):
        raise ValueError("evaluate needs exactly one of config and home")
    recognizers: dict[str | None, tuple[Recognizer, Config]] = {}
    outcomes: list[CaseResult] = []
    elapsed = 0.0
    for case in cases:
        key = case.fixtures if home is not None else None
        if key not in recognizers:
            built = config if config is not None else _home_config(home or {}, key)
            recognizers[key] = (recognizer_for(built), built)
        recognizer, used = recognizers[key]
        start = time.perf_counter()
        intent = recognizer.recognize(case.text, area_id=heard_area_id(used, case.area))
        elapsed += time.perf_counter() - start
        slots, asks = intent.slots.as_dict(), getattr(recognizer, "asks_first", None)
        asked = asks(intent) if asks is not None else False
        outcomes.append(
            score_case(
                case, intent.name, slots, confidence=intent.confidence, recognizer=intent.recognizer, asked=asked
            )
        )
    return summarize(outcomes, elapsed_seconds=elapsed)


def _home_config(home: Mapping[str, Any], fixtures: str | None) -> Config:
    """The config of the home plus one line's fixtures."""
    merged = merge_fixtures(home, json.loads(fixtures)) if fixtures else home
    return config_from_fixtures(merged)


def summarize(outcomes: Iterable[CaseResult], *, elapsed_seconds: float = 0.0) -> EvalReport:
    """The figures of judged lines (the benchmarks sum up theirs with it too)."""
    judged = tuple(outcomes)
    kinds = {kind: 0 for kind in KINDS}
    for outcome in judged:
        kinds[outcome.kind] += 1
    return EvalReport(
        outcomes=judged,
        per_intent=_stats((o for o in judged if o.case.supported), key=lambda stats: stats.intent),
        unsupported=_stats(
            (o for o in judged if not o.case.supported), key=lambda stats: (-stats.total, stats.intent)
        ),
        kinds=tuple(kinds.items()),
        mean_latency_us=elapsed_seconds / len(judged) * 1e6 if judged else 0.0,
    )


def _stats(outcomes: Iterable[CaseResult], *, key: Callable[[IntentStats], Any]) -> tuple[IntentStats, ...]:
    """Figures per expected intent."""
    figures: dict[str, list[int]] = {}
    for outcome in outcomes:
        counts = figures.setdefault(outcome.case.intent, [0, 0, 0])
        counts[0] += 1
        counts[1] += outcome.intent_ok
        counts[2] += outcome.slots_ok
    return tuple(sorted((IntentStats(name, *counts) for name, counts in figures.items()), key=key))


def _share(part: int, whole: int) -> float:
    """part / whole, 0 for nothing."""
    return part / whole if whole else 0.0
