"""Questions the local clock answers: the time and the date, from the situation, with no device."""

from __future__ import annotations

import datetime

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.config import load_config
from assistantd.rules.clock import clock_answer, time_words
from tests.support.configs import EXAMPLE


@pytest.mark.parametrize(
    ("minute", "words"),
    [(0, "12:00 AM"), (62, "1:02 AM"), (720, "12:00 PM"), (750, "12:30 PM"), (1439, "11:59 PM")],
)
def test_time_words(minute: int, words: str) -> None:
    assert time_words(minute) == words


def test_the_date_in_words_and_without_one() -> None:
    tuesday = datetime.date(2013, 9, 17)
    assert clock_answer(intents.GET_CURRENT_DATE, 62, tuesday) == "It is Tuesday, September 17, 2013."
    assert clock_answer(intents.GET_CURRENT_DATE, 62, None) == "I don't know today's date."
    assert clock_answer(intents.GET_CURRENT_TIME, 62, None) == "It is 1:02 AM."


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("what time is it", "It is 9:05 PM."),
        ("what's the time right now", "It is 9:05 PM."),
        ("tell me the time please", "It is 9:05 PM."),
        ("what's the date today", "It is Friday, December 4, 2026."),
        ("what is today's date", "It is Friday, December 4, 2026."),
        ("what day is it", "It is Friday, December 4, 2026."),
    ],
)
def test_the_assistant_answers_from_the_situation(text: str, answer: str) -> None:
    assistant = Assistant(load_config(EXAMPLE))
    situation = Situation(1_000, 21 * 60 + 5, local_date=datetime.date(2026, 12, 4))
    decision = assistant.handle(TextCommand(text), situation).decision
    assert (decision.outcome, decision.response, decision.actions) == (Outcome.ANSWERED, answer, ())
