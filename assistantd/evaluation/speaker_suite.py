"""The turns of the multimodal suite with two people in view: only the speaker's hand counts.

Four kinds: the speaker is known and both people point at different devices (the speaker's device); the
speaker is known and only the other person points (nothing the speaker showed: ask); nobody is known to
have spoken and the two point at different devices (ask rather than take either hand); nobody is known and
the words name the kind of one of the two devices ("that lamp": that one). Written for the example home
(config/assistantd.yaml); part of suite.build.
"""

from __future__ import annotations

import random
from typing import Any

TURN_ON, TURN_OFF = "HassTurnOn", "HassTurnOff"
POINTABLE = ("floor_lamp", "living_room_ceiling_light", "tv", "bedroom_lamp")
SAYING = {TURN_ON: ("turn that on", "switch that one on", "put this on"),
          TURN_OFF: ("turn that off", "switch this off", "shut that one off")}  # fmt: skip
KINDS = (("lamp", "floor_lamp", "tv"), ("tv", "tv", "living_room_ceiling_light"),
         ("light", "living_room_ceiling_light", "tv"))  # fmt: skip
"""(word, the device it fits, a device it does not fit)."""


def _pointing(person: str, device: str, t_ms: int, rng: random.Random) -> dict[str, Any]:
    return {"type": "pointing", "t_ms": t_ms, "person": person,
            "candidates": [[device, round(rng.uniform(0.7, 0.95), 2)]]}  # fmt: skip


def _line(
    ident: str, text: str, observations: list[dict[str, Any]], expect: dict[str, Any], speaker: str
) -> dict[str, Any]:
    line: dict[str, Any] = {"id": ident, "category": "speaker", "text": text}
    if speaker:
        line["speaker"] = speaker
    return {**line, "observations": observations, "expect": expect}


def speaker_turns(rng: random.Random) -> list[dict[str, Any]]:
    """Every two-person turn, drawn from the suite's seeded random sequence."""
    lines: list[dict[str, Any]] = []
    for n in range(24):
        intent = TURN_ON if n % 2 == 0 else TURN_OFF
        text = rng.choice(SAYING[intent])
        mine, theirs = rng.sample(POINTABLE, 2)
        speaker, other = rng.sample(("person1", "person2"), 2)
        both = [
            _pointing(speaker, mine, 1000, rng),
            _pointing(other, theirs, 1000 + rng.randrange(-200, 200), rng),
        ]
        rng.shuffle(both)
        if n < 12:
            lines.append(_line(f"speaker-{n:03}", text, both, {"intent": intent, "targets": [mine]}, speaker))
        elif n < 16:
            alone = [_pointing(other, theirs, 1000, rng)]
            lines.append(
                _line(f"speaker-{n:03}", text, alone, {"intent": intent, "targets": [], "ask": True}, speaker)
            )
        elif n < 20:
            lines.append(
                _line(f"speaker-{n:03}", text, both, {"intent": intent, "targets": [], "ask": True}, "")
            )
        else:
            word, fits, unfit = KINDS[n % len(KINDS)]
            said = f"turn that {word} {'on' if intent == TURN_ON else 'off'}"
            pair = [_pointing("person1", fits, 1000, rng), _pointing("person2", unfit, 1000, rng)]
            rng.shuffle(pair)
            lines.append(_line(f"speaker-{n:03}", said, pair, {"intent": intent, "targets": [fits]}, ""))
    return lines
