"""Which utterances reach speech-to-text in listening mode wake_word. Pure: times in, decisions out.

The wake word engine runs on the audio before the VAD; nothing is transcribed until it wakes. A wake
admits the utterance it was heard in (the wake word and whatever followed it without a pause) and opens
the gate's follow-up window, so the command said after a pause is admitted too, and every accepted
command keeps the window open as in the other modes. A person facing the camera is admitted as in
attention mode. The rest is not transcribed at all.
"""

from __future__ import annotations

from assistantd.audio.endpointer import Segment
from assistantd.audio.wakeword import WakeWordDetection
from assistantd.speech.gate import ListeningGate


class WakeAdmission:
    """Remembers the last wake (monotonic ms) and admits utterances by it, by attention and by follow-up."""

    def __init__(self, gate: ListeningGate, follow_up_seconds: float) -> None:
        self._gate = gate
        self._follow_up_ms = follow_up_seconds * 1000
        self._last_wake_ms = float("-inf")

    def heard(self, detection: WakeWordDetection) -> None:
        """A wake word was heard: the utterance around it and those within the follow-up window may pass."""
        self._last_wake_ms = detection.at_ms
        self._gate.open_follow_up(detection.at_ms + self._follow_up_ms)

    def reason(self, segment: Segment, *, attending: bool) -> str | None:
        """wake_word, attention or follow_up when the utterance is to be transcribed; None: no wake."""
        if segment.start_ms <= self._last_wake_ms:
            return "wake_word"
        if attending:
            return "attention"
        if self._gate.in_follow_up(segment.speech_start_ms):
            return "follow_up"
        return None
