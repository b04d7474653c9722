"""Which utterances reach speech-to-text in listening mode wake_word. Pure: times in, decisions out.

The wake word engine runs on the audio before the VAD; nothing is transcribed until it wakes. A wake
admits the utterance it was heard in (the wake word and whatever followed it without a pause) and opens
the gate's follow-up window, so the command said after a pause is admitted too, and every accepted
command keeps the window open as in the other modes. A person facing the camera is admitted as in
attention mode. The rest is not transcribed at all.

An unsure wake (the engine's mean passed only `check_threshold`: a wake word said in noise, or by a voice
the model hears less well) admits its utterance to be transcribed, and Whisper decides: the wake stands
when the transcript starts with the wake word, or when the wake word put in place of its first words
(none to MAX_WORDS) fits the audio within MARGIN nats of what was written (`Fits`, the alignment pass
misheard names are put right with). Otherwise the utterance is dropped as one without a wake.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from concurrent.futures import Executor

import numpy as np

from assistantd.audio.endpointer import Segment
from assistantd.audio.wakeword import WakeWordDetection
from assistantd.config.speech import RejectionConfig
from assistantd.speech.gate import ListeningGate, strip_wake_phrase
from assistantd.speech.misheard import MARGIN, MAX_WORDS, Fits
from assistantd.speech.rejection import judge
from assistantd.speech.transcriber import Transcript

_LOGGER = logging.getLogger(__name__)
_WORD = re.compile(r"[\w']+")


class WakeAdmission:
    """Remembers the last wake (monotonic ms) and admits utterances by it, by attention and by follow-up."""

    def __init__(self, gate: ListeningGate, follow_up_seconds: float) -> None:
        self._gate = gate
        self._follow_up_ms = follow_up_seconds * 1000
        self._last_wake_ms = float("-inf")
        self.unsure: WakeWordDetection | None = None
        """The last unsure wake (Whisper is to check the utterance it admits)."""

    def heard(self, detection: WakeWordDetection) -> None:
        """A wake word was heard: the utterance around it and those within the follow-up window may pass
        (unsure: only the utterance around it, to be checked)."""
        if not detection.sure:
            self.unsure = detection
            return
        self._last_wake_ms = detection.at_ms
        self._gate.open_follow_up(detection.at_ms + self._follow_up_ms)

    def reason(self, segment: Segment, *, attending: bool) -> str | None:
        """wake_word, attention, follow_up, wake_unsure (Whisper is to check the wake word) or after_unsure
        (said in the follow-up window of an unsure wake not yet checked) when the utterance is to be
        transcribed; None: no wake."""
        if segment.start_ms <= self._last_wake_ms:
            return "wake_word"
        if attending:
            return "attention"
        if self._gate.in_follow_up(segment.speech_start_ms):
            return "follow_up"
        if self.unsure is not None and segment.start_ms <= self.unsure.at_ms:
            return "wake_unsure"
        if self.unsure is not None and segment.speech_start_ms <= self.unsure.at_ms + self._follow_up_ms:
            return "after_unsure"
        return None

    def forget(self, detection: WakeWordDetection) -> None:
        """Whisper did not confirm this unsure wake: what is said after it needs a wake of its own."""
        if self.unsure is detection:
            self.unsure = None


class WakeCheck:
    """Whether Whisper hears the wake word at the start of an utterance an unsure wake admitted."""

    def __init__(self, transcriber: object, phrase: str, rejection: RejectionConfig) -> None:
        self._fits = transcriber if isinstance(transcriber, Fits) else None
        self.phrase = phrase
        self._rejection = rejection

    async def heard(
        self, samples: np.ndarray, transcript: Transcript, executor: Executor
    ) -> Transcript | None:
        """The transcript, starting with the wake word, when it was said; None when it was not (nor
        anything: a transcript speech-to-text rejects as noise or a hallucination; one it is only unsure
        of may still say the wake word, and is judged again as a command)."""
        if judge(transcript, self._rejection).reason not in ("speech", "unsure"):
            return None
        if strip_wake_phrase(transcript.text, (self.phrase,))[0]:
            return transcript
        texts = said_first(transcript.text, self.phrase)
        if self._fits is None or not texts:
            return None
        loop = asyncio.get_running_loop()
        fits = await loop.run_in_executor(executor, self._fits.fit, samples, [transcript.text, *texts])
        best = max(range(len(texts)), key=lambda index: fits[index + 1])
        if fits[best + 1] < fits[0] - MARGIN:
            _LOGGER.info('Not woken: Whisper heard "%s", not the wake word (%.1f nats short)',
                         transcript.text, fits[0] - fits[best + 1])  # fmt: skip
            return None
        _LOGGER.info('Wake word checked: "%s" heard as "%s" (%.1f nats)', transcript.text, texts[best],
                     fits[best + 1] - fits[0])  # fmt: skip
        return dataclasses.replace(transcript, text=texts[best])


def said_first(text: str, phrase: str) -> list[str]:
    """The text with the wake phrase in place of none, one, ... MAX_WORDS of its first words."""
    spans = [match.span() for match in _WORD.finditer(text)]
    texts = []
    for taken in range(min(MAX_WORDS, len(spans)) + 1):
        rest = (text[spans[taken - 1][1] :] if taken else text).lstrip(" ,.!?;:-").strip()
        texts.append(f"{phrase}, {rest}" if rest else phrase)
    return list(dict.fromkeys(texts))
