"""Confirmations: request, confirm, decline, expire, replace (times passed in)."""

from __future__ import annotations

import dataclasses

import pytest

from assistantd import intents
from assistantd.devices.state import DeviceState
from assistantd.rules.confirm import (
    DECLINED_RESPONSE,
    EXPIRED_RESPONSE,
    NOTHING_RESPONSE,
    Asker,
    Confirmations,
    Settlement,
)
from assistantd.rules.engine import RuleContext
from tests.support.home import HOME, intent, plan_for

CONTEXT = RuleContext(
    "kitchen", 600, {"front_door": DeviceState("locked"), "garage_door": DeviceState("closed")}
)
UNLOCK = plan_for(HOME, intent(intents.TURN_OFF, name="Front Door"), CONTEXT)
OPEN_GARAGE = plan_for(HOME, intent(intents.TURN_ON, name="Garage Door"), CONTEXT)


def test_the_plans_used_here_need_confirmation() -> None:
    assert UNLOCK.needs_confirmation and OPEN_GARAGE.needs_confirmation


def test_request_then_confirm_returns_the_plan_to_execute() -> None:
    confirmations = Confirmations(timeout_seconds=20)
    pending = confirmations.request(UNLOCK, now_ms=1_000)
    assert pending.prompt == "Unlock the Front Door? Say yes to confirm."
    assert pending.expires_ms == 21_000
    assert pending.plan is UNLOCK
    assert confirmations.pending is pending
    result = confirmations.answer(True, now_ms=20_999)
    assert result.settlement is Settlement.CONFIRMED
    assert result.plan is UNLOCK
    assert result.pending is pending
    assert result.message == "Unlocked the Front Door."
    assert confirmations.pending is None


def test_decline_drops_the_plan() -> None:
    confirmations = Confirmations(timeout_seconds=20)
    pending = confirmations.request(UNLOCK, now_ms=0)
    result = confirmations.answer(False, now_ms=5)
    assert (result.settlement, result.plan, result.message, result.pending) == (
        Settlement.DECLINED,
        None,
        DECLINED_RESPONSE,
        pending,
    )
    assert confirmations.pending is None


def test_a_late_yes_does_not_execute() -> None:
    confirmations = Confirmations(timeout_seconds=2.5)
    confirmations.request(UNLOCK, now_ms=100)
    result = confirmations.answer(True, now_ms=2_600)
    assert (result.settlement, result.plan, result.message) == (Settlement.EXPIRED, None, EXPIRED_RESPONSE)
    assert confirmations.pending is None


def test_expire_drops_only_what_is_due() -> None:
    confirmations = Confirmations(timeout_seconds=1)
    pending = confirmations.request(UNLOCK, now_ms=0)
    assert confirmations.expire(999) == ()
    assert confirmations.pending is pending
    assert confirmations.expire(1_000) == (pending,)
    assert confirmations.pending is None
    assert confirmations.expire(5_000) == ()
    assert confirmations.answer(True, now_ms=5_000).settlement is Settlement.NOTHING_PENDING


def test_a_new_request_replaces_the_old_one() -> None:
    confirmations = Confirmations(timeout_seconds=20)
    first = confirmations.request(UNLOCK, now_ms=0)
    second = confirmations.request(OPEN_GARAGE, now_ms=10)
    assert second.id == first.id + 1
    assert second.prompt == "Open the Garage Door? Say yes to confirm."
    assert confirmations.pending is second
    result = confirmations.answer(True, now_ms=20)
    assert result.plan is OPEN_GARAGE
    assert confirmations.answer(True, now_ms=30).settlement is Settlement.NOTHING_PENDING


def test_nothing_pending() -> None:
    result = Confirmations(timeout_seconds=20).answer(True, now_ms=0)
    assert (result.settlement, result.plan, result.message, result.pending) == (
        Settlement.NOTHING_PENDING,
        None,
        NOTHING_RESPONSE,
        None,
    )


def test_a_plan_without_a_prompt_gets_a_generic_question() -> None:
    bare = dataclasses.replace(UNLOCK, prompt="")
    pending = Confirmations(timeout_seconds=20).request(bare, now_ms=0)
    assert pending.prompt == "Are you sure? Say yes to confirm."


def test_zero_timeout_expires_at_once() -> None:
    confirmations = Confirmations(timeout_seconds=0)
    confirmations.request(UNLOCK, now_ms=50)
    assert confirmations.answer(True, now_ms=50).settlement is Settlement.EXPIRED


@pytest.mark.parametrize(
    ("asker", "party"),
    [
        (Asker("speech"), "room"),
        (Asker("vision"), "room"),
        (Asker("control"), "control"),
        (Asker("mqtt"), "mqtt"),
        (Asker("mqtt", "panel"), "mqtt:panel"),
        (Asker(), ""),
    ],
)
def test_the_microphone_and_the_camera_are_one_party(asker: Asker, party: str) -> None:
    assert asker.party == party


def test_an_answer_from_another_party_leaves_the_question_pending() -> None:
    confirmations = Confirmations(timeout_seconds=20)
    pending = confirmations.request(UNLOCK, now_ms=0, party="room")
    assert pending.party == "room"
    assert confirmations.answer(True, now_ms=5, party="mqtt").settlement is Settlement.NOTHING_PENDING
    assert confirmations.answer(False, now_ms=5, party="control").settlement is Settlement.NOTHING_PENDING
    assert confirmations.pending == pending
    assert confirmations.answer(True, now_ms=6, party="room").settlement is Settlement.CONFIRMED
    assert confirmations.answer(True, now_ms=7, party="room").settlement is Settlement.NOTHING_PENDING
