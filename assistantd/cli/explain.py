"""What a command would do, without a broker: the intent, slots, outcome and exact actions, as the daemon's
assistant decides them (for `understand`, `understand --audio` and the tests)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistantd.action import Action
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer


@dataclass(frozen=True, slots=True)
class Explanation:
    """The intent, slots, confidence, outcome and exact actions of one sentence."""

    text: str
    intent: str
    slots: dict[str, str | int | float]
    confidence: float
    recognizer: str
    outcome: str
    response: str
    targets: tuple[str, ...]
    actions: tuple[Action, ...]
    needs_confirmation: bool
    recognize_ms: float
    decide_ms: float


def explain(
    config: Config,
    text: str | TextCommand,
    *,
    area_id: str | None = None,
    model: ModelRecognizer | None = None,
    context_text: str = "",
) -> Explanation:
    """Handle a command as the daemon would (with the intent model when given), with no known device
    states and no earlier turn, in a context text ("" for none); text may be a heard command with its
    transcript's confidence."""
    command = text if isinstance(text, TextCommand) else TextCommand(text)
    local = time.localtime()
    today = datetime.date(local.tm_year, local.tm_mon, local.tm_mday)
    minute = local.tm_hour * 60 + local.tm_min
    situation = Situation(
        monotonic_ms(), minute, area_id=area_id, local_date=today, context_text=context_text
    )
    report = Assistant(config, model=model).handle(command, situation)
    decision, intent = report.decision, report.decision.intent
    plan = decision.plan
    return Explanation(
        text=command.text,
        intent=intent.name,
        slots=intent.slots.as_dict(),
        confidence=round(intent.confidence, 3),
        recognizer=intent.recognizer,
        outcome=decision.outcome.value,
        response=decision.response,
        targets=plan.targets if plan is not None else (),
        actions=plan.actions if plan is not None else decision.actions,
        needs_confirmation=decision.confirmation is not None,
        recognize_ms=round(report.timings.recognize_ms, 3),
        decide_ms=round(report.timings.decide_ms, 3),
    )


def format_explanation(explanation: Explanation) -> str:
    """Human-readable lines."""
    slots = ", ".join(f"{key}={value!r}" for key, value in explanation.slots.items()) or "-"
    lines = [
        f"text:       {explanation.text}",
        f"intent:     {explanation.intent} (confidence {explanation.confidence:.2f}, {explanation.recognizer or '-'})",
        f"slots:      {slots}",
        f"outcome:    {explanation.outcome}"
        + (" (needs confirmation)" if explanation.needs_confirmation else ""),
        f"targets:    {', '.join(explanation.targets) or '-'}",
        f"response:   {explanation.response or '-'}",
        f"actions:    {len(explanation.actions)}",
    ]
    lines += [f"  {action.describe()}" for action in explanation.actions]
    lines.append(
        f"timings:    recognize {explanation.recognize_ms:.3f} ms, decide {explanation.decide_ms:.3f} ms"
    )
    return "\n".join(lines)
