"""A site's part in "one command, one answer" (see `claims.py`): it claims each utterance it heard, keeps
the other sites' claims, and says whether its hearing of some words is the one that answers. Every site
with a microphone takes part: each satellite, and the coordinator's own microphone when the home has
satellites."""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Awaitable, Callable

from assistantd.audio.endpointer import Segment
from assistantd.clock import monotonic_ms
from assistantd.daemon.claims import CLAIM_WAIT_MS, KEEP_MS, Claim, parse_claim, snr_db, winner
from assistantd.errors import BrokerError, InputError

_LOGGER = logging.getLogger(__name__)

REMEMBERED = 64
"""This site's own claims kept for their transcripts."""


class Arbiter:
    """One site's claims and the others'."""

    def __init__(
        self, site_id: str, base_topic: str, publish: Callable[[str, bytes], Awaitable[None]]
    ) -> None:
        """publish: sends a claim (topic, payload) at QoS 1; a BrokerError means the others did not see it."""
        self.site_id = site_id
        self.topic = f"{base_topic}/{site_id}/claim"
        self.subscription = f"{base_topic}/+/claim"
        self._publish = publish
        self._mine: dict[int, Claim] = {}
        self._claimed_at: dict[int, float] = {}
        """When each of this site's claims was first published (monotonic ms)."""
        self._others: collections.deque[Claim] = collections.deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self.silenced = 0

    def ended(self, segment: Segment, reason: str, *, wake: float = 0.0, attending: bool = False) -> None:
        """Words heard up to a pause, or an utterance that goes to be transcribed: claim them (on the event
        loop), once per end of speech (an utterance that ends at a pause was claimed there, before any
        transcript: every room claims at about the same time, however long its transcript takes)."""
        key = int(segment.speech_end_ms)
        claim = Claim(
            self.site_id, wall_ms(segment.speech_start_ms), wall_ms(segment.speech_end_ms),
            attending=attending or reason == "attention", wake=wake if reason == "wake_word" else 0.0,
            snr_db=snr_db(segment),
        )  # fmt: skip
        known = self._mine.get(key)
        if known is not None and known.rank()[:3] == claim.rank()[:3]:
            return  # claimed at its pause already
        self._mine[key] = claim
        self._claimed_at.setdefault(key, monotonic_ms())
        while len(self._mine) > REMEMBERED:
            oldest = next(iter(self._mine))
            del self._mine[oldest]
            self._claimed_at.pop(oldest, None)
        task = asyncio.get_running_loop().create_task(self._send(claim))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, claim: Claim) -> None:
        try:
            await self._publish(self.topic, claim.to_json())
        except BrokerError as err:  # unseen, the others may speak too; the words still go
            _LOGGER.debug("claim not published: %s", err)

    def on_claim(self, payload: bytes) -> None:
        """A claim on the claims topic (this site's own come back too, and are skipped)."""
        try:
            claim = parse_claim(payload)
        except InputError as err:
            _LOGGER.warning("Rejected a claim: %s", err)
            return
        if claim.site == self.site_id:
            return
        for earlier in [c for c in self._others if c.site == claim.site and c.start_ms == claim.start_ms]:
            self._others.remove(earlier)  # the same words claimed at a pause: their end is now known
        self._others.append(claim)
        while self._others and self._others[0].end_ms < claim.end_ms - KEEP_MS:
            self._others.popleft()

    async def answers(self, end_ms: int, text: str) -> bool:
        """Whether this site answers the words it heard ending at end_ms (monotonic, as the transcript says):
        once the others' claims are in (CLAIM_WAIT_MS after its own), unless another site heard them better.
        Words it did not claim: yes."""
        claim = self._mine.pop(end_ms, None)
        claimed_at = self._claimed_at.pop(end_ms, None)
        if claim is None:
            return True
        waited = monotonic_ms() - (claimed_at if claimed_at is not None else monotonic_ms())
        await asyncio.sleep(min(CLAIM_WAIT_MS, max(0.0, CLAIM_WAIT_MS - waited)) / 1000)
        best = winner(claim, list(self._others))
        _LOGGER.debug("Deciding on %s against %s", claim, [c for c in self._others if claim.same_speech(c)])
        if best.site == self.site_id:
            return True
        self.silenced += 1
        _LOGGER.info(
            '"%s" was heard better by %s: it answers, %s stays silent', text, best.site, self.site_id
        )
        return False

    async def settled(self) -> None:
        """Wait until the claims being sent and the decisions under way are done."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def when_answers(self, end_ms: int, text: str, then: Callable[[], object]) -> None:
        """Call then() if this site answers these words (at once when they were not claimed)."""
        if end_ms not in self._mine:
            then()
            return

        async def decide() -> None:
            if await self.answers(end_ms, text):
                then()

        task = asyncio.get_running_loop().create_task(decide())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def wall_ms(monotonic: float) -> float:
    """A time on the monotonic clock as Unix milliseconds (comparable between the home's machines)."""
    return time.time() * 1000 - (monotonic_ms() - monotonic)
