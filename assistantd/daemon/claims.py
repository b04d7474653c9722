"""One command, one answer: when satellites in several rooms hear the same words, exactly one of them sends
the command and says the answer.

As speech pauses (before anything is transcribed) and as an utterance ends, each satellite publishes a claim
on ``<base>/<site>/claim`` (QoS 1): when the speech started and ended (wall clock, milliseconds), whether a
face attended to it, its wake word's probability and the speech's signal-to-noise ratio; an utterance that
ends at its pause is claimed once, at the pause, so that every room claims the same words at about the same
time however long its transcript takes. Every satellite hears every claim (a later claim of a site for
words with the same start replaces its earlier one). When its transcript is back (and at least
CLAIM_WAIT_MS after its own claim, so that the others' have arrived), a satellite sends its command only if
no other claim for the same speech ranks above its own: a face attending first,
then the wake word's probability, then the SNR, then the earlier end, then the site id (so that every
satellite, seeing the same claims, picks the same winner). Claims for the same speech start and end within
SAME_SPEECH_MS of each other: two people speaking in two rooms at the very same moment are taken for one.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass

import numpy as np

from assistantd.audio.endpointer import Segment
from assistantd.errors import InputError

SAME_SPEECH_MS = 600.0
"""How close in time two claims' starts and ends must be to be the same speech heard twice."""
CLAIM_WAIT_MS = 250.0
"""How long after its own claim a satellite waits for the others' before it decides."""
KEEP_MS = 30_000.0
"""How long others' claims are kept."""
SAMPLE_RATE = 16_000


@dataclass(frozen=True, slots=True)
class Claim:
    """One satellite's hearing of one utterance."""

    site: str
    start_ms: float
    """Wall clock (Unix ms) of the start of the speech."""
    end_ms: float
    """Wall clock (Unix ms) of the end of the speech."""
    attending: bool = False
    wake: float = 0.0
    """The wake word's probability (0 when it was not woken by one)."""
    snr_db: float = 0.0

    def rank(self) -> tuple[bool, float, float, float, str]:
        """Greater is better (the site id last: reversed, so that the earlier in the alphabet wins)."""
        return (
            self.attending,
            round(self.wake, 3),
            round(self.snr_db, 1),
            -self.end_ms,
            _reversed(self.site),
        )

    def same_speech(self, other: Claim) -> bool:
        """Whether another satellite's claim is for the same words."""
        return (
            other.site != self.site
            and abs(other.start_ms - self.start_ms) <= SAME_SPEECH_MS
            and abs(other.end_ms - self.end_ms) <= SAME_SPEECH_MS
        )

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()


def _reversed(site: str) -> str:
    """A key that orders site ids backwards (so that max() picks the first in the alphabet)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in site)


def parse_claim(payload: bytes) -> Claim:
    """A claim from its JSON; InputError for anything else."""
    try:
        document = json.loads(payload)
        claim = Claim(
            site=str(document["site"]),
            start_ms=float(document["start_ms"]),
            end_ms=float(document["end_ms"]),
            attending=bool(document.get("attending", False)),
            wake=float(document.get("wake", 0.0)),
            snr_db=float(document.get("snr_db", 0.0)),
        )
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"malformed claim: {err}") from err
    if not all(math.isfinite(x) for x in (claim.start_ms, claim.end_ms, claim.wake, claim.snr_db)):
        raise InputError("malformed claim: a number that is not finite")
    return claim


def winner(mine: Claim, others: list[Claim]) -> Claim:
    """The claim that speaks for this speech: mine, or a better one of the others for the same words."""
    return max([mine, *(other for other in others if mine.same_speech(other))], key=Claim.rank)


def snr_db(segment: Segment) -> float:
    """The speech's power over the room's before the words, in dB; 0 without a pre-roll. The room's is the
    median power of the pre-roll's 20 ms frames: the voice detector may start the words a few frames late,
    and their onset in the pre-roll must not count as the room's sound (with the mean, a clean recording
    measured 16 to 84 dB as the start moved by 50 ms, below the same words through noise)."""
    samples = np.asarray(segment.samples, dtype=np.float64)
    lead = int((segment.speech_start_ms - segment.start_ms) * SAMPLE_RATE / 1000)
    frame = SAMPLE_RATE // 50
    if lead < frame or lead >= len(samples):  # under 20 ms of room sound: nothing to compare
        return 0.0
    frames = samples[: lead // frame * frame].reshape(-1, frame)
    noise = float(np.median(np.mean(frames**2, axis=1))) + 1e-10
    speech = float(np.mean(samples[lead:] ** 2)) + 1e-10
    return round(10.0 * math.log10(speech / noise), 1)
