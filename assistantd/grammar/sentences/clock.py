"""Built-in templates for questions the local clock answers: the time and the date."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_NOW = "[now|right now|at the moment|currently|please]"
_ASK = "(what is|tell me|give me|do you know|can you tell me|could you tell me)"

TIME_GROUP = SentenceGroup(
    intents.GET_CURRENT_TIME,
    (
        f"what time is it {_NOW} [roughly|exactly|then|there|please|again]",
        f"{_ASK} [the] [current] time {_NOW}",
        f"{_ASK} what time it is {_NOW}",
        f"what [is] the time {_NOW} [roughly|exactly|then|there|please]",
        "(have you got|do you have|got) the time [please|on you]",
        "(time check|check the time|what time have you got|what time do you have) [please]",
    ),
)
"""What time it is ("what's the time", "tell me the time")."""

DATE_GROUP = SentenceGroup(
    intents.GET_CURRENT_DATE,
    (
        f"{_ASK} [the] [current] date [today] {_NOW}",
        "what [is] [the] date [is it] [today]",
        "what is today[s] date [again]",
        f"{_ASK} today[s] date [again]",
        "what day [of the (week|month)] is it [today|again]",
        "what is the date again",
        "(what day is today|what day it is today|remind me what day it is)",
        "(what is|which day is) today",
    ),
)
"""What the date is ("what's the date today", "what is today's date", "what day is it")."""

CLOCK_GROUPS: tuple[SentenceGroup, ...] = (TIME_GROUP, DATE_GROUP)
