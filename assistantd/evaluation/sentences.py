"""Evaluation of the recognizer on labelled sentences (lines shaped like Home Assistant's en_tests.jsonl).

Each line: ``text``, ``intent``, ``slots`` (a list value means any one of its items is accepted),
optional ``context`` ({"area": name} is where the sentence was heard; without it, nowhere) and
optional ``file_fixtures`` (extra areas and entities for that line, merged into the home).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.errors import InputError
from assistantd.evaluation.ha_fixtures import config_from_fixtures, merge_fixtures
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Recognizer
from assistantd.rules.conditions import same_value

SlotValue = str | int | float
ExpectedValue = SlotValue | tuple[SlotValue, ...]


@dataclass(frozen=True, slots=True)
class EvalCase:
    """One labelled sentence."""

    text: str
    intent: str
    slots: tuple[tuple[str, ExpectedValue], ...] = ()
    """Expected slots; a tuple value accepts any of its items."""
    area: str | None = None
    """Name (or id) of the area the sentence was heard in."""
    fixtures: str | None = None
    """Extra fixtures for this line, as canonical JSON (None: none)."""
    source: str = ""
    context: tuple[tuple[str, str], ...] = ()
    """The line's whole context (area, and requirements such as domain)."""

    @property
    def supported(self) -> bool:
        """Whether the intent is one assistantd recognises."""
        return self.intent in intents.ALL_INTENTS


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What the recognizer said about one case."""

    case: EvalCase
    intent: str
    slots: tuple[tuple[str, str | int | float], ...]
    intent_ok: bool
    slots_ok: bool
    """Intent right and slots exactly as expected."""


@dataclass(frozen=True, slots=True)
class IntentStats:
    """Figures for one expected intent."""

    intent: str
    total: int
    intent_correct: int
    slots_correct: int

    @property
    def intent_accuracy(self) -> float:
        """Share of this intent's cases recognised as it."""
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def slot_accuracy(self) -> float:
        """Share of this intent's cases with exactly the expected slots."""
        return self.slots_correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The figures of an evaluation."""

    total: int
    supported: int
    skipped_unsupported: int
    intent_correct: int
    slots_correct: int
    per_intent: tuple[IntentStats, ...]
    failures: tuple[CaseResult, ...]
    unsupported_intents: tuple[tuple[str, int], ...]
    mean_latency_us: float

    @property
    def intent_accuracy(self) -> float:
        """Share of supported cases with the right intent."""
        return self.intent_correct / self.supported if self.supported else 0.0

    @property
    def slot_accuracy(self) -> float:
        """Share of supported cases with the right intent and exactly the expected slots."""
        return self.slots_correct / self.supported if self.supported else 0.0


def load_cases(path: Path | str) -> list[EvalCase]:
    """The cases of a JSON-lines file; raises InputError naming the line of a malformed one."""
    path = Path(path)
    cases = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    cases.append(case_from_json(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError) as err:
                    raise InputError(f"{path}:{number}: not a dataset line: {err}") from err
    return cases


def case_from_json(item: Mapping[str, Any]) -> EvalCase:
    """One case from its JSON object."""
    slots = tuple(
        (str(key), tuple(value) if isinstance(value, list) else value)
        for key, value in (item.get("slots") or {}).items()
    )
    context = item.get("context") or {}
    fixtures = item.get("file_fixtures")
    return EvalCase(
        text=str(item["text"]),
        intent=str(item["intent"]),
        slots=slots,
        area=context.get("area"),
        fixtures=json.dumps(fixtures, sort_keys=True) if fixtures else None,
        source=str(item.get("source_file", "")),
        context=tuple((str(key), str(value)) for key, value in context.items()),
    )


def grammar_for(config: Config) -> Recognizer:
    """The grammar alone (compiled as the lines need it)."""
    return GrammarRecognizer(config, lazy=True)


def evaluate(
    cases: Sequence[EvalCase],
    config: Config | None = None,
    home: Mapping[str, Any] | None = None,
    *,
    recognizer_for: Callable[[Config], Recognizer] = grammar_for,
) -> EvalReport:
    """Recognise the supported cases with a config, or a home from fixtures (plus each line's own), by
    the recognizer recognizer_for builds for each home (default: the grammar alone)."""
    if (config is None) == (home is None):
        raise ValueError("evaluate needs exactly one of config and home")
    recognizers: dict[str | None, tuple[Recognizer, Config]] = {}
    outcomes: list[CaseResult] = []
    elapsed = 0.0
    for case in cases:
        if not case.supported:
            continue
        key = case.fixtures if home is not None else None
        if key not in recognizers:
            built = config if config is not None else _home_config(home or {}, key)
            recognizers[key] = (recognizer_for(built), built)
        recognizer, used = recognizers[key]
        area_id = heard_area_id(used, case.area)
        start = time.perf_counter()
        intent = recognizer.recognize(case.text, area_id=area_id)
        elapsed += time.perf_counter() - start
        outcomes.append(score_case(case, intent.name, intent.slots.as_dict()))
    return _report(cases, outcomes, elapsed)


def _home_config(home: Mapping[str, Any], fixtures: str | None) -> Config:
    """The config of the home plus one line's fixtures."""
    merged = merge_fixtures(home, json.loads(fixtures)) if fixtures else home
    return config_from_fixtures(merged)


def heard_area_id(config: Config, area: str | None) -> str:
    """The id of the area a case was heard in, by id or name ("" for nowhere)."""
    if not area:
        return ""
    for known in config.areas:
        if area in (known.id, known.name) or area.casefold() == known.name.casefold():
            return known.id
    return ""


def score_case(case: EvalCase, intent: str, slots: Mapping[str, str | int | float]) -> CaseResult:
    """Compare a prediction with a case."""
    intent_ok = intent == case.intent
    expected = dict(case.slots)
    found = _home_wide(slots, expected)
    slots_ok = intent_ok and set(found) == set(expected)
    slots_ok = slots_ok and all(_same(found[key], expected[key]) for key in expected)
    return CaseResult(case, intent, tuple(slots.items()), intent_ok, slots_ok)


def _home_wide(slots: Mapping[str, SlotValue], expected: Mapping[str, ExpectedValue]) -> dict[str, SlotValue]:
    """The prediction without name "all" where both mean the whole home: Home Assistant leaves the area
    out for it ({domain: light}); assistantd, for which no area means the site's, says name "all"."""
    found = dict(slots)
    whole_home = not any(key in found or key in expected for key in ("area", "floor"))
    if whole_home and "name" not in expected and str(found.get("name", "")).casefold() == "all":
        del found["name"]
    return found


def _same(predicted: str | float, expected: ExpectedValue) -> bool:
    """Equal as numbers, or as trimmed case-insensitive text; a tuple accepts any of its items."""
    options = expected if isinstance(expected, tuple) else (expected,)
    return any(same_value(predicted, option) for option in options)


def _report(cases: Sequence[EvalCase], outcomes: list[CaseResult], elapsed: float) -> EvalReport:
    """Figures from outcomes."""
    per_intent: dict[str, list[int]] = {}
    for outcome in outcomes:
        figures = per_intent.setdefault(outcome.case.intent, [0, 0, 0])
        figures[0] += 1
        figures[1] += outcome.intent_ok
        figures[2] += outcome.slots_ok
    unsupported: dict[str, int] = {}
    for case in cases:
        if not case.supported:
            unsupported[case.intent] = unsupported.get(case.intent, 0) + 1
    return EvalReport(
        total=len(cases),
        supported=len(outcomes),
        skipped_unsupported=len(cases) - len(outcomes),
        intent_correct=sum(outcome.intent_ok for outcome in outcomes),
        slots_correct=sum(outcome.slots_ok for outcome in outcomes),
        per_intent=tuple(IntentStats(name, *figures) for name, figures in sorted(per_intent.items())),
        failures=tuple(outcome for outcome in outcomes if not outcome.slots_ok),
        unsupported_intents=tuple(sorted(unsupported.items(), key=lambda item: (-item[1], item[0]))),
        mean_latency_us=elapsed / len(outcomes) * 1e6 if outcomes else 0.0,
    )


def format_report(report: EvalReport, *, failures: int = 20) -> str:
    """A readable report; lists up to ``failures`` failed cases."""
    lines = [
        f"sentences: {report.total}, supported: {report.supported}, "
        f"skipped (unsupported intents): {report.skipped_unsupported}",
        f"intent accuracy: {report.intent_accuracy:.1%} ({report.intent_correct}/{report.supported})",
        f"exact slots:     {report.slot_accuracy:.1%} ({report.slots_correct}/{report.supported})",
        f"mean latency:    {report.mean_latency_us:.0f} us per sentence",
        "",
        f"{'intent':<28} {'n':>5} {'intent':>8} {'slots':>8}",
    ]
    for stats in report.per_intent:
        lines.append(
            f"{stats.intent:<28} {stats.total:>5} {stats.intent_accuracy:>8.1%} {stats.slot_accuracy:>8.1%}"
        )
    shown = report.failures[: max(failures, 0)]
    if shown:
        lines += ["", f"failures ({len(shown)} of {len(report.failures)}):"]
        lines += [_describe(outcome) for outcome in shown]
    return "\n".join(lines)


def _describe(outcome: CaseResult) -> str:
    """One failure on one line."""
    expected = {key: list(value) if isinstance(value, tuple) else value for key, value in outcome.case.slots}
    got = dict(outcome.slots)
    where = f" [in {outcome.case.area}]" if outcome.case.area else ""
    case = outcome.case
    return f"  {case.text!r}{where}: expected {case.intent} {expected}, got {outcome.intent} {got}"


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON data."""
    return {
        "total": report.total,
        "supported": report.supported,
        "skipped_unsupported": report.skipped_unsupported,
        "intent_accuracy": report.intent_accuracy,
        "slot_accuracy": report.slot_accuracy,
        "intent_correct": report.intent_correct,
        "slots_correct": report.slots_correct,
        "mean_latency_us": report.mean_latency_us,
        "per_intent": [
            {
                "intent": s.intent,
                "total": s.total,
                "intent_correct": s.intent_correct,
                "slots_correct": s.slots_correct,
            }
            for s in report.per_intent
        ],
        "unsupported_intents": dict(report.unsupported_intents),
        "failures": [_failure_json(outcome) for outcome in report.failures],
    }


def _failure_json(outcome: CaseResult) -> dict[str, Any]:
    """One failure as JSON data."""
    return {
        "text": outcome.case.text,
        "area": outcome.case.area,
        "expected_intent": outcome.case.intent,
        "expected_slots": {k: list(v) if isinstance(v, tuple) else v for k, v in outcome.case.slots},
        "intent": outcome.intent,
        "slots": dict(outcome.slots),
        "source": outcome.case.source,
    }
