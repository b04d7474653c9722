"""Answers the local clock gives: the time ("It is 1:02 AM.") and the date ("It is Tuesday, September 17,
2013."). Pure: the time of day and the date are passed in."""

from __future__ import annotations

import datetime

from assistantd import intents

CLOCK_INTENTS = frozenset({intents.GET_CURRENT_TIME, intents.GET_CURRENT_DATE})
_NO_DATE = "I don't know today's date."


def clock_answer(intent_name: str, local_minute: int, local_date: datetime.date | None) -> str:
    """The answer to a time or date question."""
    if intent_name == intents.GET_CURRENT_TIME:
        return f"It is {time_words(local_minute)}."
    if local_date is None:
        return _NO_DATE
    day, month = local_date.strftime("%A"), local_date.strftime("%B")
    return f"It is {day}, {month} {local_date.day}, {local_date.year}."


def time_words(local_minute: int) -> str:
    """Minutes after midnight on a 12-hour clock ("1:02 AM", "12:30 PM")."""
    hour, minute = divmod(local_minute % 1440, 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
