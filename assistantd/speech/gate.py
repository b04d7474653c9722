"""When to listen: always, after a wake phrase found in the transcript, or while a person attends. Pure.

The wake phrase is looked for at the start of the transcript (fuzzily: Whisper writes "Hey, House!",
"hey house" or "Hey house."), and stripped before the text is understood. A wake phrase alone is no
command but opens a follow-up window, so "hey house" ... "turn on the lamp" works; so does every
accepted utterance, so a second command can follow the first without the wake phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistantd.config.speech import ListenConfig
from assistantd.text import normalize

WAKE_MATCH_SCORE = 75.0
"""Mean rapidfuzz ratio (0-100) of the words against the wake phrase's ("hay house" passes)."""
WORD_MATCH_SCORE = 60.0
"""The least ratio of any one word, whose first letter must also match ("the house" is not "hey house")."""
_FILLERS = frozenset({"ok", "okay", "um", "uh", "so", "oh", "and", "well"})
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True, slots=True)
class GateDecision:
    """Whether an utterance is a candidate command, the text to understand, and why."""

    accepted: bool
    text: str
    reason: str
    """always, wake_phrase, wake_word, attention, follow_up, not_addressed, or wake_phrase_only (nothing
    after it: not a command, but it opens the follow-up window)."""


def strip_wake_phrase(text: str, phrases: tuple[str, ...]) -> tuple[bool, str]:
    """(found, the text after it) for a wake phrase at the start of the text (after one filler word)."""
    spans = [match.span() for match in _WORD.finditer(text)]
    words = [normalize(text[start:end]) for start, end in spans]
    starts = (0, 1) if words and words[0] in _FILLERS else (0,)
    for phrase in phrases:
        wanted = normalize(phrase).split()
        for start in starts:
            taken = _match_at(words, start, wanted)
            if taken:
                rest = text[spans[start + taken - 1][1] :]
                return True, rest.lstrip(" ,.!?;:-").strip()
    return False, text.strip()


def _match_at(words: list[str], start: int, wanted: list[str]) -> int:
    """How many words from start say the wake phrase (0: they do not); each word is compared fuzzily."""
    if start < len(words) and words[start] == "".join(wanted):
        return 1
    said = words[start : start + len(wanted)]
    if len(said) < len(wanted) or not wanted:
        return 0
    if any(heard[:1] != word[:1] for heard, word in zip(said, wanted, strict=True)):
        return 0
    scores = [fuzz.ratio(heard, word) for heard, word in zip(said, wanted, strict=True)]
    return (
        len(wanted)
        if min(scores) >= WORD_MATCH_SCORE and sum(scores) / len(scores) >= WAKE_MATCH_SCORE
        else 0
    )


class ListeningGate:
    """Decides per utterance; remembers the follow-up window (times on the monotonic clock, ms)."""

    def __init__(self, settings: ListenConfig, *, wake_word: str | None = None) -> None:
        self.settings = settings
        self._phrases = settings.wake_phrases if wake_word is None else (wake_word, *settings.wake_phrases)
        """Stripped from transcripts: in wake_word mode the engine's wake word first."""
        self._follow_up_until_ms = -1.0

    @property
    def phrases(self) -> tuple[str, ...]:
        """The wake phrases stripped from transcripts (in wake_word mode the engine's wake word first)."""
        return self._phrases

    def admit(
        self, text: str, *, start_ms: float, end_ms: float, attending: bool = False, woken: bool = False
    ) -> GateDecision:
        """The decision on an utterance heard from start_ms to end_ms (woken: the wake word engine woke for it)."""
        found, rest = strip_wake_phrase(text, self._phrases)
        mode = self.settings.mode
        if found and not rest:
            decision = GateDecision(False, rest, "wake_phrase_only")
        elif mode == "always":
            decision = GateDecision(True, rest, "always")
        elif woken:
            decision = GateDecision(True, rest, "wake_word")
        elif found and mode != "wake_word":
            decision = GateDecision(True, rest, "wake_phrase")
        elif mode in ("attention", "wake_word") and attending:
            decision = GateDecision(True, rest, "attention")
        elif self.in_follow_up(start_ms):
            decision = GateDecision(True, rest, "follow_up")
        else:
            return GateDecision(False, rest, "not_addressed")
        self._follow_up_until_ms = end_ms + self.settings.follow_up_seconds * 1000
        return decision

    def open_follow_up(self, until_ms: float) -> None:
        """Admit utterances starting until until_ms (a wake word heard in the audio opens the window)."""
        self._follow_up_until_ms = max(self._follow_up_until_ms, until_ms)

    def in_follow_up(self, start_ms: float) -> bool:
        """Whether an utterance starting at start_ms falls in the follow-up window."""
        return start_ms <= self._follow_up_until_ms

    def close_follow_up(self) -> None:
        """End the follow-up window now (e.g. after "nevermind")."""
        self._follow_up_until_ms = -1.0
