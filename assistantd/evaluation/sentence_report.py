"""An evaluation of labelled sentences in words (`assistantd eval --dataset`) and as JSON (with --json)."""

from __future__ import annotations

from typing import Any

from assistantd.evaluation.sentence_scores import EvalReport, IntentStats
from assistantd.evaluation.sentences import (
    ACTED_ON_NON_COMMAND,
    ACTED_WRONGLY,
    REJECTED_COMMAND,
    CaseResult,
    ExpectedValue,
)

NAME_ALL_NOTE = 'name "all" read where the line has no name, or the other way round'
ALL_LINES_NOTE = 'one of another intent, or of "none", is right when not taken for a command'


def format_report(report: EvalReport, *, failures: int = 20) -> str:
    """A readable report; lists up to ``failures`` lines judged wrong."""
    others = report.total - report.supported
    lines = [
        f"sentences: {report.total} ({report.supported} of supported intents, {others} of others)",
        f"supported intents ({report.supported} lines):",
        f"  intent accuracy: {_figure(report.intent_correct, report.supported)}",
        f"  exact slots:     {_figure(report.slots_correct, report.supported)}",
        f"all lines ({report.total}; {ALL_LINES_NOTE}):",
        f"  intent right:    {_figure(report.all_intent_correct, report.total)}",
        f"  exactly right:   {_figure(report.all_slots_correct, report.total)}",
        *_apart(report),
        f"mean latency: {report.mean_latency_us:.0f} us per sentence",
    ]
    if report.only_name_all:
        lines.append(f'note: {report.only_name_all} lines fail only on name "all" ({NAME_ALL_NOTE})')
    lines += ["", f"{'intent':<28} {'n':>5} {'intent':>8} {'slots':>8}"]
    lines += [
        f"{s.intent:<28} {s.total:>5} {s.intent_accuracy:>8.1%} {s.slot_accuracy:>8.1%}"
        for s in report.per_intent
    ]
    if report.unsupported:
        lines += ["", f"{'not supported':<28} {'n':>5} {'acted on':>8}"]
        lines += [f"{s.intent:<28} {s.total:>5} {s.total - s.intent_correct:>8}" for s in report.unsupported]
    wrong = report.failures
    shown = wrong[: max(failures, 0)]
    if shown:
        lines += ["", f"failures ({len(shown)} of {len(wrong)}):"]
        lines += [_describe(outcome) for outcome in shown]
    return "\n".join(lines)


def _apart(report: EvalReport) -> list[str]:
    """The outcomes reported apart: wrong actions, lost commands, non-commands and unsupported requests."""
    rejected, non_commands = report.non_commands
    acted_on, unsupported = report.unsupported_acted_on
    commands = report.commands
    asked, asked_wrong = report.asked
    return [
        f"  acted wrongly:                 {report.count(ACTED_WRONGLY)} of {commands} commands (another command), "
        f"{report.at_once(ACTED_WRONGLY)} at once",
        f"  asked first (\"did you mean\"): {asked} readings, {asked_wrong} of them wrong",
        f"  commands lost:                 {report.count(REJECTED_COMMAND)} of {commands} (not taken for one)",
        f"  non-commands rejected:         {rejected} of {non_commands}"
        if non_commands
        else '  non-commands rejected:         - (no line of "none")',
        f"  unsupported requests acted on: {acted_on} of {unsupported}",
        f"  non-commands and unsupported requests acted on at once: {report.at_once(ACTED_ON_NON_COMMAND)}",
    ]


def _figure(part: int, whole: int) -> str:
    """A share with its counts."""
    return f"{part / whole if whole else 0.0:.1%} ({part}/{whole})"


def _describe(outcome: CaseResult) -> str:
    """One failure on one line."""
    case = outcome.case
    where = f" [in {case.area}]" if case.area else ""
    note = ' (only name "all")' if outcome.only_name_all else ""
    return (
        f"  {outcome.kind}{note}: {case.text!r}{where}: expected {case.intent} {_expected(case.slots)}, "
        f"got {outcome.intent} {dict(outcome.slots)}"
    )


def _expected(slots: tuple[tuple[str, ExpectedValue], ...]) -> dict[str, Any]:
    """Labelled slots as plain data (choices as lists)."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in slots}


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON data: the totals, then every line."""
    rejected, non_commands = report.non_commands
    acted_on, unsupported = report.unsupported_acted_on
    return {
        "total": report.total,
        "supported": report.supported,
        "intent_correct": report.intent_correct,
        "slots_correct": report.slots_correct,
        "intent_accuracy": report.intent_accuracy,
        "slot_accuracy": report.slot_accuracy,
        "all_lines": {
            "total": report.total,
            "intent_correct": report.all_intent_correct,
            "slots_correct": report.all_slots_correct,
            "intent_accuracy": report.all_intent_correct / report.total if report.total else 0.0,
            "slot_accuracy": report.all_slots_correct / report.total if report.total else 0.0,
            "commands": report.commands,
            "acted_wrongly": report.count(ACTED_WRONGLY),
            "acted_wrongly_at_once": report.at_once(ACTED_WRONGLY),
            "asked_first": report.asked[0],
            "asked_first_wrong": report.asked[1],
            "acted_on_non_commands_at_once": report.at_once(ACTED_ON_NON_COMMAND),
            "commands_rejected": report.count(REJECTED_COMMAND),
            "non_commands": non_commands,
            "non_commands_rejected": rejected,
            "unsupported": unsupported,
            "unsupported_acted_on": acted_on,
        },
        "kinds": dict(report.kinds),
        "only_name_all": report.only_name_all,
        "mean_latency_us": report.mean_latency_us,
        "per_intent": [_stats_json(stats) for stats in report.per_intent],
        "unsupported_intents": {stats.intent: stats.total for stats in report.unsupported},
        "lines": [outcome_to_json(outcome) for outcome in report.outcomes],
    }


def _stats_json(stats: IntentStats) -> dict[str, Any]:
    """One intent's figures."""
    return {
        "intent": stats.intent,
        "total": stats.total,
        "intent_correct": stats.intent_correct,
        "slots_correct": stats.slots_correct,
    }


def outcome_to_json(outcome: CaseResult) -> dict[str, Any]:
    """One line: what it says, what was read, how that is judged."""
    case = outcome.case
    return {
        "text": case.text,
        "area": case.area,
        "expected_intent": case.intent,
        "expected_slots": _expected(case.slots),
        "intent": outcome.intent,
        "slots": dict(outcome.slots),
        "confidence": round(outcome.confidence, 4),
        "recognizer": outcome.recognizer,
        "intent_ok": outcome.intent_ok,
        "slots_ok": outcome.slots_ok,
        "kind": outcome.kind,
        "asked": outcome.asked,
        "only_name_all": outcome.only_name_all,
        "source": case.source,
    }
