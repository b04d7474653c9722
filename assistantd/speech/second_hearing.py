"""A second hearing: an utterance whose transcript is no whole command is transcribed again with another
prompt, and that transcript is taken when it is one.

The first prompt names the home's rooms and devices, which is what makes Whisper write them right; but a
prompt that is a list of names also primes it to hear lists ("kitchen switch off" came out as "Kitchen
Switch, Office", "living room lamp on" as "Living Room Lamp, Party"). The second prompt has the example
commands alone. It costs one more transcription, only for what was not understood; on the held-out
development commands spoken (benchmarks/spoken.py) it read 1-5 points more of them right and no more
wrongly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Protocol, runtime_checkable

import numpy as np

from assistantd.speech.gate import strip_wake_phrase
from assistantd.speech.transcriber import Transcript


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
        self, transcriber: HearsAgain, complete: Callable[[str], bool], phrases: tuple[str, ...]
    ) -> None:
        """complete: whether words are a whole command read with certainty; phrases: the wake phrases
        a transcript may begin with."""
        self._transcriber = transcriber
        self._complete = complete
        self._phrases = phrases
        self.heard_again = 0
        """Utterances transcribed a second time."""
        self.taken = 0
        """Of them, those whose second transcript was taken."""

    def _whole(self, transcript: Transcript) -> bool:
        _, text = strip_wake_phrase(transcript.text, self._phrases)
        return bool(text.strip()) and self._complete(text)

    async def better(self, samples: np.ndarray, first: Transcript, executor: Executor | None) -> Transcript:
        """The second transcript when the first is no whole command and the second is; else the first
        (an empty first transcript is not heard again: silence and noise stay what they were). The second
        transcription runs in executor (None: the event loop's default)."""
        if not first.text.strip() or self._whole(first):
            return first
        loop = asyncio.get_running_loop()
        second = await loop.run_in_executor(executor, self._transcriber.transcribe_again, samples)
        self.heard_again += 1
        if not self._whole(second):
            return first
        self.taken += 1
        return second


def second_hearing_for(
    transcriber: object, complete: Callable[[str], bool] | None, phrases: tuple[str, ...]
) -> SecondHearing | None:
    """The second hearing of a transcriber, when it has a second prompt and commands can be judged whole."""
    if complete is None or not isinstance(transcriber, HearsAgain) or transcriber.second_prompt is None:
        return None
    return SecondHearing(transcriber, complete, phrases)
