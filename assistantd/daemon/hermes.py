"""Hermes NLU messages (`hermes:`): each command, as Snips and Rhasspy apps expect to hear of it.

A command read as an intent is published on `hermes/intent/<intentName>`, one that is no command on
`hermes/nlu/intentNotRecognized`, both as Rhasspy's Hermes JSON (`input`, `intent{intentName,
confidenceScore}`, `slots[{entity, slotName, rawValue, value{kind, value}}]`, `siteId`, `sessionId`).
With `intents: unhandled` (the default) only what assistantd did not act on itself is published (a
command it does not know, or could not carry out), so an app and assistantd never both act; what it held
back on purpose (a high-risk action this input may not ask for) is not handed on. Gestures
have no words and are not published. The messages leave through the outbox with the intent event.
"""

from __future__ import annotations

import json

from assistantd import intents
from assistantd.action import Action
from assistantd.assistant.command import TextCommand
from assistantd.assistant.decision import Outcome
from assistantd.assistant.report import Report
from assistantd.config.service import HermesConfig

NOT_RECOGNIZED_TOPIC = "hermes/nlu/intentNotRecognized"
UNHANDLED: frozenset[Outcome] = frozenset({Outcome.IGNORED, Outcome.FAILED})
"""Outcomes of commands assistantd did not act on itself."""
_NOT_READ: frozenset[Outcome] = frozenset({Outcome.BUSY, Outcome.EXPIRED})
"""Commands never read (refused as busy, or too old): nothing to tell."""


def intent_topic(intent_name: str) -> str:
    """Where an intent is published."""
    return f"hermes/intent/{intent_name}"


def hermes_messages(report: Report, settings: HermesConfig, site_id: str) -> list[Action]:
    """The Hermes message for a command (none when off, for gestures, and for what was not read)."""
    command = report.command
    outcome = report.decision.outcome
    if not settings.enabled or not isinstance(command, TextCommand) or outcome in _NOT_READ:
        return []
    intent = report.decision.intent
    session = command.request_id
    if intent.name == intents.NONE:
        message = {"input": command.text, "siteId": site_id, "id": session, "sessionId": session}
        return [Action(NOT_RECOGNIZED_TOPIC, json.dumps(message))]
    if settings.intents == "unhandled" and not _unhandled(report):
        return []
    message = {
        "input": command.text,
        "rawInput": command.text,
        "intent": {"intentName": intent.name, "confidenceScore": round(intent.confidence, 3)},
        "slots": [_slot(name, value, intent.confidence) for name, value in intent.slots.as_dict().items()],
        "siteId": site_id,
        "id": session,
        "sessionId": session,
        "asrConfidence": command.transcript_confidence,
        "customData": None,
    }
    return [Action(intent_topic(intent.name), json.dumps(message))]


def _unhandled(report: Report) -> bool:
    """Whether assistantd left the command alone: not one it could carry out, and not one it held back
    (a high-risk action this input may not ask for, a rule firing too often), which no app may do either."""
    plan = report.decision.plan
    held_back = plan is not None and (bool(plan.actions) or plan.needs_confirmation)
    return report.decision.outcome in UNHANDLED and not held_back


def _slot(name: str, value: object, confidence: float) -> dict[str, object]:
    """One slot: numbers as Hermes' Number kind, everything else as its Unknown kind (text), with the
    confidence of the whole reading (slots are not scored apart)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    kind, said = ("Number", value) if number else ("Unknown", str(value))
    return {
        "entity": name,
        "slotName": name,
        "rawValue": str(value),
        "value": {"kind": kind, "value": said},
        "confidence": round(confidence, 3),
    }
