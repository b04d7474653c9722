"""Which satellite answers when several heard the same words: the claims' ranking, what counts as the same
speech, the wire format and the SNR each satellite measures."""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest

from assistantd.audio.endpointer import Segment
from assistantd.clock import monotonic_ms
from assistantd.daemon.arbiter import Arbiter
from assistantd.daemon.claims import SAME_SPEECH_MS, Claim, parse_claim, snr_db, winner
from assistantd.errors import InputError
from tests.support.audio import espeak, have_espeak, mix_at_snr, pad

KITCHEN = Claim("kitchen", 1_000_000.0, 1_002_000.0, wake=0.91, snr_db=18.0)


def test_the_best_hearing_of_the_same_words_wins_in_order_of_the_rules() -> None:
    bedroom = Claim("bedroom", 1_000_080.0, 1_002_050.0, wake=0.91, snr_db=18.0)
    assert winner(KITCHEN, [bedroom]).site == "kitchen"  # all equal but the end: the earlier
    louder = Claim("bedroom", 1_000_080.0, 1_002_050.0, wake=0.91, snr_db=24.0)
    assert winner(KITCHEN, [louder]).site == "bedroom"  # SNR before the end
    surer = Claim("bedroom", 1_000_080.0, 1_002_050.0, wake=0.97, snr_db=6.0)
    assert winner(KITCHEN, [surer]).site == "bedroom"  # the wake word before the SNR
    watched = Claim("hall", 999_900.0, 1_002_100.0, attending=True, wake=0.6, snr_db=3.0)
    assert winner(KITCHEN, [surer, watched]).site == "hall"  # a face attending before all
    twin = Claim("attic", 1_000_000.0, 1_002_000.0, wake=0.91, snr_db=18.0)
    assert winner(KITCHEN, [twin]).site == winner(twin, [KITCHEN]).site == "attic"  # the same everywhere


def test_other_speech_at_another_time_is_not_a_rival() -> None:
    later = Claim("bedroom", KITCHEN.start_ms + SAME_SPEECH_MS + 1, KITCHEN.end_ms + 1_500, snr_db=40.0)
    longer = Claim("bedroom", KITCHEN.start_ms, KITCHEN.end_ms + SAME_SPEECH_MS + 1, snr_db=40.0)
    mine_again = Claim("kitchen", KITCHEN.start_ms, KITCHEN.end_ms, snr_db=40.0)
    assert winner(KITCHEN, [later, longer, mine_again]) is KITCHEN


def test_claims_cross_the_wire_and_bad_ones_are_refused() -> None:
    assert parse_claim(KITCHEN.to_json()) == KITCHEN
    for bad in (b"not json", b'{"site": "x"}', b'{"site": "x", "start_ms": "NaN", "end_ms": 1}', b"[1, 2]"):
        with pytest.raises(InputError, match="malformed claim"):
            parse_claim(bad)


@pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng")
def test_snr_is_measured_against_the_room_before_the_words() -> None:
    words = espeak("turn off the lights")

    def segment(audio: np.ndarray) -> Segment:
        return Segment(
            0,
            audio,
            start_ms=5_000.0,
            speech_start_ms=5_400.0,
            speech_end_ms=5_400.0 + len(words) / 16,
            voiced_ms=0,
        )

    quiet = pad(words, 0.4, 0.0)
    noisy = mix_at_snr(quiet, 6.0, seed=1)
    clean = mix_at_snr(quiet, 30.0, seed=1)
    assert snr_db(segment(noisy)) < snr_db(segment(clean))
    assert 3.0 < snr_db(segment(noisy)) < 12.0
    assert snr_db(Segment(0, words, 5_400.0, 5_400.0, 6_000.0, 0)) == 0.0  # no room sound before: unknown
    # The voice detector starts the clean words 60 ms late, the noisy ones on time: the words' onset in the
    # clean pre-roll is not the room's sound, and the clean hearing still ranks above (the mean measured
    # the clean one below the noisy one here).
    onset = int(np.argmax(np.abs(quiet) > 0.05))
    late = dataclasses.replace(segment(clean), speech_start_ms=5_000.0 + (onset + 960) / 16)
    on_time = dataclasses.replace(segment(noisy), speech_start_ms=5_000.0 + onset / 16)
    assert snr_db(late) > snr_db(on_time) + 10.0


async def test_a_site_answers_unless_another_claimed_the_same_words_better() -> None:
    sent: list[tuple[str, bytes]] = []

    async def publish(topic: str, payload: bytes) -> None:
        sent.append((topic, payload))

    arbiter = Arbiter("living_room", "assistantd", publish)
    assert arbiter.subscription == "assistantd/+/claim"
    now = float(monotonic_ms())
    quiet = np.zeros(6_400, dtype=np.float32) + 0.001
    words = np.concatenate([quiet, np.full(16_000, 0.01, dtype=np.float32)])
    arbiter.ended(Segment(0, words, now - 1_400, now - 1_000, now - 10, 0), "wake_word", wake=0.9)
    arbiter.ended(Segment(1, words, now - 1_400, now - 1_000, now - 20, 0), "listening", wake=0.9)
    await asyncio.sleep(0)
    mine = [parse_claim(payload) for _, payload in sent]
    assert [topic for topic, _ in sent] == ["assistantd/living_room/claim"] * 2
    assert mine[0].wake == 0.9 and mine[1].wake == 0.0 and mine[0].snr_db == pytest.approx(20.0, abs=0.5)
    arbiter.on_claim(mine[0].to_json())  # its own, back from the broker: not a rival
    better = Claim("kitchen", mine[0].start_ms + 50, mine[0].end_ms + 40, wake=0.95, snr_db=30.0)
    arbiter.on_claim(better.to_json())
    arbiter.on_claim(b"{broken")
    assert not await arbiter.answers(int(now - 10), "turn on the lamp")
    assert arbiter.silenced == 1
    assert not await arbiter.answers(int(now - 20), "turn on the lamp")  # the kitchen ranks above too
    assert await arbiter.answers(int(now - 30), "never claimed")  # typed, or from before: answered


async def test_words_claimed_at_their_pause_are_claimed_once_and_the_wait_counts_from_the_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each room claims at the pause, before its transcript: the end's claim of the same words is not sent
    again, a rival's later claim of the same words replaces its pause's, and a transcript that comes back
    long after the pause decides at once, on the claims that were in by then."""
    sent: list[bytes] = []

    async def publish(topic: str, payload: bytes) -> None:
        sent.append(payload)

    arbiter = Arbiter("living_room", "assistantd", publish)
    now = float(monotonic_ms())
    words = np.concatenate([np.zeros(6_400, np.float32) + 0.001, np.full(16_000, 0.01, np.float32)])
    heard = Segment(0, words, now - 1_400, now - 1_000, now - 10, 0)
    arbiter.ended(heard, "listening")  # the pause
    arbiter.ended(heard, "listening")  # the end, at that pause
    await asyncio.sleep(0)
    (mine,) = [parse_claim(payload) for payload in sent]
    at_pause = Claim("kitchen", mine.start_ms, mine.end_ms - 700, snr_db=40.0)  # its words went on
    arbiter.on_claim(at_pause.to_json())
    arbiter.on_claim(Claim("kitchen", mine.start_ms, mine.end_ms + 900, snr_db=40.0).to_json())
    assert await arbiter.answers(int(now - 10), "turn on the lamp")  # its words ended later: not these
    arbiter.ended(Segment(1, words, now - 1_400, now - 1_000, now - 20, 0), "listening")
    await asyncio.sleep(0.3)  # the transcript takes longer than the wait
    (later,) = [parse_claim(payload) for payload in sent[1:]]
    arbiter.on_claim(Claim("kitchen", later.start_ms, later.end_ms, snr_db=40.0).to_json())
    waits: list[float] = []
    sleep = asyncio.sleep

    async def recorded(seconds: float) -> None:
        waits.append(seconds)
        await sleep(seconds)

    monkeypatch.setattr(asyncio, "sleep", recorded)
    assert not await arbiter.answers(int(now - 20), "turn off the lamp")
    assert waits == [0.0]  # decided without waiting again
