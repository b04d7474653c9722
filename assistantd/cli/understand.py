"""`assistantd understand`: what a sentence would do, without a broker."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistantd.action import Action
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
    config: Config, text: str, *, area_id: str | None = None, model: ModelRecognizer | None = None
) -> Explanation:
    """Recognise and plan a sentence against a config (with the intent model when given), with no known
    device states and no earlier turn."""
    assistant = Assistant(config, model=model)
    started = time.perf_counter()
    turn = assistant.understand(text, now_ms=monotonic_ms(), area_id=area_id)
    intent = turn.intent
    recognized = time.perf_counter()
    local = time.localtime()
    decision = assistant.decide_turn(
        turn,
        now_ms=monotonic_ms(),
        local_minute=local.tm_hour * 60 + local.tm_min,
        states={},
        area_id=area_id,
    )
    decided = time.perf_counter()
    plan = decision.plan
    actions = plan.actions if plan is not None else decision.actions
    return Explanation(
        text=text,
        intent=intent.name,
        slots=intent.slots.as_dict(),
        confidence=round(intent.confidence, 3),
        recognizer=intent.recognizer,
        outcome=decision.outcome.value,
        response=decision.response,
        targets=plan.targets if plan is not None else (),
        actions=actions,
        needs_confirmation=decision.confirmation is not None,
        recognize_ms=round((recognized - started) * 1000, 3),
        decide_ms=round((decided - recognized) * 1000, 3),
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


def cached_model(config: Config) -> tuple[ModelRecognizer | None, str]:
    """The intent model already trained for a config (by the daemon or `assistantd train`), and a note
    on why there is none."""
    if not config.recognizer.model:
        return None, "the grammar alone (recognizer.model is false)"
    try:
        from assistantd.intent_model.predictor import ModelRecognizer
        from assistantd.intent_model.training import checkpoint_path
    except ImportError:
        return None, "the grammar alone (the model extra is not installed: pip install 'assistantd[model]')"
    path = checkpoint_path(config)
    if not path.is_file():
        return (
            None,
            f"the grammar alone (no intent model trained for this config in {path.parent}: assistantd train)",
        )
    model = ModelRecognizer.load(path, config, device=config.recognizer.model_device)
    return model, f"the grammar and the intent model {path.name}"
