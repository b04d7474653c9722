"""Measuring recognizers side by side: Home Assistant's tests, SLURP, rejection, the multimodal suite, latency."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from assistantd.config.settings import Config
from assistantd.evaluation.ha_fixtures import config_from_fixtures, merge_fixtures
from assistantd.evaluation.sentences import EvalCase, heard_area_id, score_case
from assistantd.evaluation.slurp import SlurpSentence
from assistantd.evaluation.turn_file import LabelledTurn
from assistantd.fusion.turns import Turn
from assistantd.fusion.understand import TurnResult
from assistantd.intents import Recognizer

RecognizerFactory = Callable[[Config], Recognizer]
"""Builds a recognizer for a home (Home Assistant's lines may add their own fixtures)."""


@dataclass(frozen=True, slots=True)
class Score:
    """Right answers out of a total."""

    total: int
    intent_correct: int
    slots_correct: int = 0

    @property
    def intent_accuracy(self) -> float:
        """Share with the right intent."""
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def slot_accuracy(self) -> float:
        """Share with the right intent and exactly the right slots."""
        return self.slots_correct / self.total if self.total else 0.0


def score_ha(cases: Sequence[EvalCase], home: Mapping[str, Any], factory: RecognizerFactory) -> Score:
    """A recognizer on Home Assistant's supported test lines (each line's fixtures merged into the home)."""
    built: dict[str | None, tuple[Recognizer, Config]] = {}
    intent_ok = slots_ok = total = 0
    for case in cases:
        if not case.supported:
            continue
        if case.fixtures not in built:
            merged = merge_fixtures(home, json.loads(case.fixtures)) if case.fixtures else home
            config = config_from_fixtures(merged)
            built[case.fixtures] = (factory(config), config)
        recognizer, config = built[case.fixtures]
        intent = recognizer.recognize(case.text, area_id=heard_area_id(config, case.area))
        outcome = score_case(case, intent.name, intent.slots.as_dict())
        total += 1
        intent_ok += outcome.intent_ok
        slots_ok += outcome.slots_ok
    return Score(total, intent_ok, slots_ok)


def score_intents(recognizer: Recognizer, sentences: Sequence[SlurpSentence]) -> Score:
    """Intent accuracy on labelled sentences (SLURP's mapped ones)."""
    right = sum(recognizer.recognize(s.text).name == s.intent for s in sentences)
    return Score(len(sentences), right)


def rejected_share(recognizer: Recognizer, texts: Sequence[str]) -> float:
    """The share of texts the recognizer takes for no command."""
    return sum(not recognizer.recognize(text).is_command for text in texts) / len(texts) if texts else 0.0


class TurnReader(Protocol):
    """Anything that understands whole turns (the Assistant, or a TurnRecognizer alone)."""

    def understand_turn(self, turn: Turn) -> TurnResult:
        """The turn's intent, the devices it means and why."""
        ...


def turn_right(reader: TurnReader, labelled: LabelledTurn) -> bool:
    """Whether a suite turn's intent, targets and asking are as expected."""
    result = reader.understand_turn(labelled.turn)
    expected = labelled.expect
    if expected is None:
        return True
    targets_ok = expected.targets is None or set(result.targets.ids) == set(expected.targets)
    return result.intent.name == expected.intent and targets_ok and result.ask == expected.ask


def score_suite(reader: TurnReader, turns: Sequence[LabelledTurn]) -> dict[str, Score]:
    """Per category and "all": turns fully right."""
    totals: dict[str, list[int]] = {}
    for turn in turns:
        right = turn_right(reader, turn)
        for key in (turn.category, "all"):
            figures = totals.setdefault(key, [0, 0])
            figures[0] += 1
            figures[1] += right
    return {key: Score(total, right) for key, (total, right) in totals.items()}


def latency_ms(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """p50 and p99 of a call's wall time, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
