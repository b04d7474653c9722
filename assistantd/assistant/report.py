"""What became of one command: the report `say` prints and the intent event published for it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from assistantd.action import Action
from assistantd.assistant.command import Sign, TextCommand
from assistantd.assistant.decision import Decision
from assistantd.fusion.understand import TurnResult
from assistantd.rules.confirm import PendingConfirmation


@dataclass(frozen=True, slots=True)
class Timings:
    """Stage timings of one command, milliseconds."""

    recognize_ms: float
    decide_ms: float


@dataclass(slots=True)
class Report:
    """What became of one command (the answer to `assistantd say`)."""

    command: TextCommand | Sign
    source: str
    """Where it came from: "mqtt", "control", "speech", "vision", ..."""
    decision: Decision
    timings: Timings
    received_ms: int = 0
    """Monotonic time the command was accepted."""
    turn: TurnResult | None = None
    """For words: the devices the evidence chose, and why."""
    decided_at: float = 0.0
    """Performance-counter seconds when the decision was made (the acknowledgement is timed from it)."""
    delivered: asyncio.Future[None] | None = None
    """Done when the broker acknowledged the actions (None: nothing to deliver)."""
    command_id: str | None = None
    """The id the daemon knows the command by (its request id, else one it gave): its actions carry it."""
    speaker: str = ""
    """The person track that said the words, when the camera saw several people ("" otherwise)."""

    def to_json(self, site_id: str, *, ack_ms: float | None = None) -> dict[str, object]:
        """The intent event / reply document."""
        intent = self.decision.intent
        plan = self.decision.plan
        text = self.command if isinstance(self.command, TextCommand) else None
        document: dict[str, object] = {
            "site": site_id,
            "id": self.command_id or (text.request_id if text else None),
            "source": self.source,
            "text": text.text if text and text.text else self.decision.intent.text,
            "intent": intent.name,
            "slots": intent.slots.as_dict(),
            "confidence": round(intent.confidence, 3),
            "modality": intent.modality.value,
            "recognizer": intent.recognizer,
            "outcome": self.decision.outcome.value,
            "response": self.decision.response,
            "targets": list(plan.targets) if plan else [],
            "rules": list(plan.rules_fired) if plan else [],
            "actions": [_action_json(action) for action in self.decision.actions],
            "timings_ms": {
                "recognize": round(self.timings.recognize_ms, 3),
                "decide": round(self.timings.decide_ms, 3),
            },
        }
        if self.turn is not None and self.turn.evidence:
            document["chosen_by"] = self.turn.chosen_by
            document["evidence"] = [
                {"device": item.device, "source": item.source, "score": round(item.score, 3)}
                for item in self.turn.evidence
            ]
        if self.speaker:
            document["speaker"] = self.speaker
        if self.turn is not None and self.turn.left_alone:
            document["left_alone"] = [
                {"device": item.device, "area": item.area, "reason": item.reason}
                for item in self.turn.left_alone
            ]
        if self.decision.confirmation is not None:
            document["confirmation"] = confirmation_json(self.decision.confirmation, self.decision)
        if ack_ms is not None:
            document["timings_ms"]["ack"] = round(ack_ms, 3)  # type: ignore[index]
        return document


def _action_json(action: Action) -> dict[str, object]:
    return {"topic": action.topic, "payload": action.payload, "qos": action.qos, "retain": action.retain}


def confirmation_json(pending: PendingConfirmation, decision: Decision) -> dict[str, object]:
    """The confirmation request a decision made, as published on the confirm topic."""
    return {
        "state": "requested",
        "id": pending.id,
        "prompt": pending.prompt,
        "reason": pending.reason,
        "text": decision.intent.text,
        "targets": list(decision.plan.targets) if decision.plan else [],
    }
