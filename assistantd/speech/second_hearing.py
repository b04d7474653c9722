"""A second hearing: an utterance whose transcript is no whole command is transcribed again with another
prompt, and that transcript is taken when it is one.

The first prompt names the home's rooms and devices, which is what makes Whisper write them right; but a
prompt that is a list of names also primes it to hear lists ("kitchen switch off" came out as "Kitchen
Switch, Office", "living room lamp on" as "Living Room Lamp, Party"). The second prompt has the example
commands alone. It costs one more transcription, only for what was not understood; on the held-out
development commands spoken (benchmarks/spoken.py) it read 1-5 points more of them right and no more
wrongly. When neither hearing is a whole command, a name misheard in the first is put right from the audio
(speech.misheard), where the transcriber can fit texts to it.

A transcript kept that is still no whole command carries the beam's other readings of the audio with both
prompts (its `alternatives`, most likely first): where the words kept are read as no command at all, the
assistant tries them in turn and asks about the first that is one ("While you've done to 20" for "volume
down to 20": the third reading was "Volume counter 20"). On Home Assistant's forty-third development batch
spoken, that read 5 more of 95 commands right and none wrongly.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Protocol, runtime_checkable

import numpy as np

from assistantd.config.settings import Config
from assistantd.speech.gate import strip_wake_phrase
from assistantd.speech.misheard import Fits, put_right, spoken_names
from assistantd.speech.transcriber import Transcript

_LOGGER = logging.getLogger(__name__)
_CLAUSES = re.compile(r"[,.;:!?]+")
"""Where a transcript's clauses end: a command among remarks ("Kitchen lights on, please, I'm late") is
whole in its clause."""


@runtime_checkable
class Hypothesizes(Protocol):
    """A transcriber that gives the beam's other readings of the audio."""

    def hypotheses(self, samples: np.ndarray) -> list[str]:  # pragma: no cover - protocol
        """Readings of the audio, most likely first (blocking)."""
        ...


@runtime_checkable
class HearsAgain(Protocol):
    """A transcriber with a second prompt."""

    second_prompt: str | None

    def transcribe_again(self, samples: np.ndarray) -> Transcript:  # pragma: no cover - protocol
        """The text of the audio with the second prompt (blocking)."""
        ...


class SecondHearing:
    """Decides when to hear again, and which transcript to keep."""

    def __init__(
        self, transcriber: HearsAgain, complete: Callable[[str], bool], phrases: tuple[str, ...],
        names: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        """complete: whether words are a whole command read with certainty; phrases: the wake phrases
        a transcript may begin with; names: the home's names, which a misheard name is put right to."""
        self._transcriber = transcriber
        self._complete = complete
        self._phrases = phrases
        self._names = names if isinstance(transcriber, Fits) else ()
        self.heard_again = 0
        """Utterances transcribed a second time."""
        self.taken = 0
        """Of them, those whose second transcript was taken."""
        self.put_right = 0
        """Of them, those whose first transcript was taken with a misheard name put right."""

    async def better(self, samples: np.ndarray, first: Transcript, executor: Executor | None) -> Transcript:
        """The second transcript when the first is no whole command and the second is; else the first
        (an empty first transcript is not heard again: silence and noise stay what they were). Where
        neither is whole, a transcript with a clause that is ("Kitchen lights on, please, I'm late"), the
        first's before the second's; where none has, the first with a misheard name put right, marked
        guessed, if a name fits. A transcript kept that is no whole command carries the other readings of
        the audio (its alternatives). The transcriptions run in executor (None: the event loop's default)."""
        if not first.text.strip() or self._whole(first.text):
            return first
        kept = await self._heard_again(samples, first, executor)
        if self._whole(kept.text) or not isinstance(self._transcriber, Hypothesizes):
            return kept
        loop = asyncio.get_running_loop()
        readings = await loop.run_in_executor(executor, self._transcriber.hypotheses, samples)
        seen, others = {self._words(kept.text).casefold()}, []
        for words in map(self._words, readings):
            if words and words.casefold() not in seen:
                seen.add(words.casefold())
                others.append(words)
        return dataclasses.replace(kept, alternatives=tuple(others))

    async def _heard_again(
        self, samples: np.ndarray, first: Transcript, executor: Executor | None
    ) -> Transcript:
        """The second hearing proper: the transcript to keep of one that is no whole command."""
        loop = asyncio.get_running_loop()
        second = await loop.run_in_executor(executor, self._transcriber.transcribe_again, samples)
        self.heard_again += 1
        if self._whole(second.text) or (
            not self._whole(first.text, clauses=True) and self._whole(second.text, clauses=True)
        ):
            self.taken += 1
            return second
        if not self._names or self._whole(first.text, clauses=True):
            return first
        put = await loop.run_in_executor(executor, self._put_right, samples, first.text)
        if put is None:
            return first
        self.put_right += 1
        _LOGGER.info('Heard "%s" as "%s": a misheard name put right from the audio', first.text, put)
        return dataclasses.replace(first, text=put, guessed=True)

    def _put_right(self, samples: np.ndarray, text: str) -> str | None:
        assert isinstance(self._transcriber, Fits)
        return put_right(self._transcriber, samples, text, self._names, self._whole)

    def _words(self, text: str) -> str:
        """The words after a wake phrase."""
        return strip_wake_phrase(text, self._phrases)[1]

    def _whole(self, text: str, *, clauses: bool = False) -> bool:
        """Whether words (after a wake phrase) are a whole command; with clauses, or one of their clauses."""
        words = self._words(text)
        parts = [words, *(_CLAUSES.split(words) if clauses else ())]
        return any(part.strip() and self._complete(part.strip()) for part in parts)


def second_hearing_for(
    transcriber: object, complete: Callable[[str], bool] | None, phrases: tuple[str, ...], config: Config
) -> SecondHearing | None:
    """The second hearing of a transcriber for a home, when it has a second prompt and commands can be
    judged whole."""
    if complete is None or not isinstance(transcriber, HearsAgain) or transcriber.second_prompt is None:
        return None
    return SecondHearing(transcriber, complete, phrases, spoken_names(config))
