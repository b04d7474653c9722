"""Sentence patterns for answers to the assistant's own questions and for taking a request back: never
mind, yes, no. Written as phrasebook.py's patterns are, and learnt with them."""

from __future__ import annotations

from assistantd import intents

ANSWERS: dict[str, tuple[str, ...]] = {
    intents.NEVERMIND: (
        "(never mind|nevermind)",
        "(cancel|forget) [it|that]",
        "nothing",
        "ignore (that|me)",
        "sorry wrong (room|person)",
        "(oh|eh|um|ah) (never mind|nevermind)",
        "[no] wait (cancel|forget it|never mind|nevermind)",
        "(do not|dont) worry about it",
        "(scratch|cancel) that [request|command]",
        "forget (i said anything|what i said|about it)",
    ),
    intents.CONFIRM: (
        "(yes|yeah|yep|sure|ok|okay) [please|do it|go ahead]",
        "(do it|go ahead|confirm|confirmed|proceed|affirmative)",
        "yes i am sure",
        "that is right",
        "(yes|yeah|yep) (please do|go for it|do that|(unlock|open|lock|close) it)",
        "please do",
        "(sure|absolutely|of course|definitely|certainly) [go ahead|do it]",
        "(ok|okay|alright) (yes|do it|go on)",
    ),
    intents.DECLINE: (
        "(no|nope|nah) [thanks|thank you|do not]",
        "(do not|dont) [do it]",
        "(abort|no stop) [that]",
        "no i changed my mind",
        "(wait|hold on) no",
        "(no|nah|nope) (leave it|keep it) (locked|closed|as it is|shut|on)",
        "(no|nah) (do not|dont) (do that|bother|open it|unlock it)",
        "(not now|maybe later|better not|i would rather not)",
    ),
}
"""Paraphrase patterns of the answers, per intent."""
