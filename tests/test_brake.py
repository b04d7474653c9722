"""The brake on runaway rules: a rule firing more often than anyone could ask is held back, then let go."""

from __future__ import annotations

from assistantd.assistant.brake import HOLD_MS, MAX_FIRINGS, WINDOW_MS, RuleBrake
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.devices.state import DeviceState
from tests.support.configs import EXAMPLE

TV_ON = {"tv": DeviceState("on")}
"""The floor lamp's rule fires while the TV is on."""


def test_a_rule_firing_too_often_is_held_back_for_a_while() -> None:
    brake = RuleBrake()
    assert all(brake.held(("loop",), n * 10) == () for n in range(MAX_FIRINGS))
    assert brake.held(("other",), 200) == ()
    assert brake.held(("loop",), 210) == ("loop",)
    assert brake.held(("loop",), 210 + HOLD_MS - 1) == ("loop",)
    assert brake.held(("loop",), 210 + HOLD_MS) == ()


def test_firings_spread_out_never_trip_it() -> None:
    brake = RuleBrake()
    step = WINDOW_MS // MAX_FIRINGS + 1
    assert all(brake.held(("often",), n * step) == () for n in range(10 * MAX_FIRINGS))


def test_the_assistant_stops_acting_on_a_runaway_rule() -> None:
    config = load_config(EXAMPLE)
    assistant = Assistant(config)
    outcomes = []
    for n in range(MAX_FIRINGS + 2):
        report = assistant.handle(TextCommand("turn on the floor lamp"), Situation(now_ms=1_000 + n * 100,
                                  local_minute=600, states=TV_ON), source="control")  # fmt: skip
        outcomes.append((report.decision.outcome.value, bool(report.decision.actions)))
    assert report.decision.plan is not None and report.decision.plan.rules_fired
    assert outcomes[:MAX_FIRINGS] == [("executed", True)] * MAX_FIRINGS
    assert outcomes[MAX_FIRINGS:] == [("failed", False)] * 2
    assert "firing too often" in report.decision.response
    later = assistant.handle(TextCommand("turn on the floor lamp"), Situation(now_ms=1_000 + HOLD_MS + 10_000,
                             local_minute=600, states=TV_ON), source="control")  # fmt: skip
    assert later.decision.outcome.value == "executed"
