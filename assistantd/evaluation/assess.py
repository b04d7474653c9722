"""Measuring recognizers side by side: Home Assistant's tests, SLURP, rejection, the multimodal suite, latency."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from assistantd.evaluation.sentence_scores import RecognizerFor, evaluate
from assistantd.evaluation.sentences import EvalCase
from assistantd.evaluation.slurp import SlurpSentence
from assistantd.evaluation.turn_file import Expected, LabelledTurn
from assistantd.fusion.turns import Turn
from assistantd.fusion.understand import TurnResult
from assistantd.intents import Recognizer


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


def score_ha(cases: Sequence[EvalCase], home: Mapping[str, Any], factory: RecognizerFor) -> Score:
    """A recognizer on Home Assistant's supported test lines (each line's fixtures merged into the home),
    judged as `assistantd eval` judges them."""
    report = evaluate(cases, home=home, recognizer_for=factory)
    return Score(report.supported, report.intent_correct, report.slots_correct)


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


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """How a labelled turn was read and whether that is right."""

    labelled: LabelledTurn
    result: TurnResult
    right: bool


def judge_turn(reader: TurnReader, labelled: LabelledTurn) -> TurnOutcome:
    """Read a suite turn: right when its intent, targets and asking are as expected (or nothing is)."""
    result = reader.understand_turn(labelled.turn)
    expected = labelled.expect
    if expected is None:
        return TurnOutcome(labelled, result, True)
    targets_ok = expected.targets is None or set(result.targets.ids) == set(expected.targets)
    right = result.intent.name == expected.intent and targets_ok and result.ask == expected.ask
    return TurnOutcome(labelled, result, right)


def judge_suite(reader: TurnReader, turns: Sequence[LabelledTurn]) -> list[TurnOutcome]:
    """Every turn read in order, each on its own context."""
    return [judge_turn(reader, turn) for turn in turns]


def suite_scores(outcomes: Sequence[TurnOutcome]) -> dict[str, Score]:
    """Per category and "all": turns fully right."""
    totals: dict[str, list[int]] = {}
    for outcome in outcomes:
        for key in (outcome.labelled.category, "all"):
            figures = totals.setdefault(key, [0, 0])
            figures[0] += 1
            figures[1] += outcome.right
    return {key: Score(total, right) for key, (total, right) in totals.items()}


def score_suite(reader: TurnReader, turns: Sequence[LabelledTurn]) -> dict[str, Score]:
    """Per category and "all": turns fully right."""
    return suite_scores(judge_suite(reader, turns))


def turn_to_json(outcome: TurnOutcome) -> dict[str, Any]:
    """One turn: what it should mean, what was read, and whether that is right."""
    labelled, result = outcome.labelled, outcome.result
    return {
        "id": labelled.id,
        "category": labelled.category,
        "text": labelled.turn.text,
        "expected": _expected_json(labelled.expect),
        "got": {"intent": result.intent.name, "targets": list(result.targets.ids), "ask": result.ask},
        "chosen_by": result.chosen_by,
        "left_alone": [{"device": i.device, "area": i.area, "reason": i.reason} for i in result.left_alone],
        "recognizer": result.intent.recognizer,
        "confidence": round(result.intent.confidence, 4),
        "right": outcome.right,
    }


def _expected_json(expected: Expected | None) -> dict[str, Any] | None:
    """What a turn should mean (targets None: not checked; None: nothing expected)."""
    if expected is None:
        return None
    targets = None if expected.targets is None else list(expected.targets)
    return {"intent": expected.intent, "targets": targets, "ask": expected.ask}


def latency_ms(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """p50 and p99 of a call's wall time, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
