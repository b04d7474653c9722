"""Writes turns.jsonl, the multimodal suite, for the example home (config/assistantd.yaml); seeded.

Its phrasings are written apart from the training phrasebook (assistantd/intent_model/phrasebook.py), so
the suite measures how the model carries over, not what it memorised. Run: python -m
assistantd.evaluation.suite
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from assistantd.evaluation.context_suite import context_turns
from assistantd.evaluation.speaker_suite import speaker_turns

TURN_ON, TURN_OFF, LIGHT_SET = "HassTurnOn", "HassTurnOff", "HassLightSet"
CONFIRM, DECLINE, NEVERMIND, NONE = "AssistantConfirm", "AssistantDecline", "HassNevermind", "none"
POINTABLE = (
    "floor_lamp",
    "living_room_ceiling_light",
    "tv",
    "kitchen_ceiling",
    "bedroom_lamp",
    "bedroom_fan",
)
LIGHTS = {
    "living_room": ["floor_lamp", "living_room_ceiling_light"],
    "kitchen": ["kitchen_ceiling", "counter_lights"],
    "bedroom": ["bedroom_lamp"],
    "office": ["office_desk_lamp"],
}
AREA_WORDS = {"kitchen": "kitchen", "bedroom": "bedroom", "office": "office", "living_room": "lounge"}
DEICTIC_ON = (
    "turn that on",
    "switch this on",
    "put that one on",
    "can you turn that on",
    "that one on please",
    "turn this thing on",
    "could you switch that on for me",
    "on with that one",
)
DEICTIC_OFF = (
    "turn that off",
    "switch this off",
    "shut that one off",
    "can you turn that off",
    "that one off please",
    "turn this thing off",
    "could you switch that off",
    "kill that one",
)
ANAPHORA_OFF = ("turn it off", "switch it off again", "ok now turn it off", "shut it off")
ANAPHORA_ON = ("turn it back on", "switch it on again", "put it back on")
ADJUST = ("brighter", "a little brighter please", "bit dimmer", "make it dimmer", "even brighter")
AGAIN = ("and the {area} too", "the {area} as well", "also in the {area}", "same for the {area}")
YES_WORDS = ("yes", "yes please", "sure go ahead", "yep do it", "ok confirm")
NO_WORDS = ("no", "no thanks", "nope", "do not do that", "no stop")
NAMED = (
    ("switch the floor lamp on", TURN_ON, ["floor_lamp"]),
    ("turn off the telly", TURN_OFF, ["tv"]),
    ("turn the bedside lamp off", TURN_OFF, ["bedroom_lamp"]),
    ("put the desk lamp on", TURN_ON, ["office_desk_lamp"]),
    ("switch off the ceiling fan", TURN_OFF, ["bedroom_fan"]),
    ("turn on the garage light", TURN_ON, ["garage_light"]),
    ("turn the kitchen light on", TURN_ON, ["kitchen_ceiling"]),
    ("switch off the extractor fan", TURN_OFF, ["bathroom_fan"]),
)
AFTER_ANOTHER = (
    *NAMED,
    ("it's too dark in the bedroom", TURN_ON, ["bedroom_lamp"]),
    ("can the kitchen be a bit brighter", "HassLightSet", ["kitchen_ceiling", "counter_lights"]),
    ("i want the garage light off", TURN_OFF, ["garage_light"]),
    ("please get the desk lamp going", TURN_ON, ["office_desk_lamp"]),
)
"""Commands that say what they want, heard after an unrelated one: the earlier turn must not sway them."""
NON_COMMANDS = (
    "i can't believe she said that to him",
    "where were you last night",
    "the movie starts at eight",
    "honey did you feed the cat",
    "that was the best pasta i have ever had",
    "what do you think of my haircut",
    "i'm so tired today",
    "we should paint the hallway green someday",
    "he never calls his mother",
    "pass me the salt",
    "the kids are asleep finally",
    "look at that dog outside",
    "i'll be right back",
    "did you lock your bike at work",
    "this show is getting boring",
    "who is that guy on the screen",
    "the lamp in the shop window was gorgeous",
    "my brother is coming over on sunday",
    "what a game",
    "i told you the light bulbs were on sale",
    "how was school today",
    "i love this song",
    "you left the fridge open again",
    "can you believe the price of petrol",
    "let's order thai food",
    "the detective knew the butler did it",
    "get out of my house",
    "we're out of milk",
    "that's hilarious",
    "the meeting got moved to tuesday",
    "don't forget your umbrella",
    "is it me or is it cold in the office",
    "she turned off her phone during the film",
    "grandma's lamp broke when we moved",
    "nice weather for ducks",
    "i need to call the bank tomorrow",
    "the fan club meets on fridays",
    "switching jobs was a good idea",
    "how many episodes are left",
    "what year did this come out",
    "he turned around and left",
    "the power went out at work yesterday",
    "bright ideas are rare",
    "i'm off to bed",
    "good night everyone",
    "remember to water the plants",
    "the blinds at the office are broken",
    "what a lovely evening",
    "this coffee is too strong",
    "i wonder what's for dinner",
    "the heating bill was huge this month",
)


def turn(ident: str, category: str, text: str, expect: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One suite line."""
    return {"id": ident, "category": category, "text": text, **extra, "expect": expect}


def pointing(device: str, rng: random.Random) -> list[dict[str, Any]]:
    """A pointing observation at a device, with a weaker second candidate."""
    other = rng.choice([d for d in POINTABLE if d != device])
    return [
        {
            "type": "pointing",
            "t_ms": 1000,
            "candidates": [
                [device, round(rng.uniform(0.6, 0.98), 2)],
                [other, round(rng.uniform(0.1, 0.35), 2)],
            ],
        }
    ]


def build(seed: int = 7) -> list[dict[str, Any]]:
    """Every turn of the suite, category by category, drawn from one seeded random sequence."""
    rng = random.Random(seed)
    parts = (_deixis, _asking, _follow_up_it, _follow_up_adjust, _follow_up_again, _confirmations,
             _gestures_alone, _named, _rejections, _after_another, context_turns, speaker_turns)  # fmt: skip
    return [line for part in parts for line in part(rng)]


def _deixis(rng: random.Random) -> list[dict[str, Any]]:
    """Turns that say "that" while pointing at a device."""
    lines: list[dict[str, Any]] = []
    for n in range(80):
        device = rng.choice(POINTABLE)
        on = n % 2 == 0
        text = rng.choice(DEICTIC_ON if on else DEICTIC_OFF)
        lines.append(
            turn(
                f"deixis-{n:03}",
                "deixis",
                text,
                {"intent": TURN_ON if on else TURN_OFF, "targets": [device]},
                observations=pointing(device, rng),
            )
        )
    return lines


def _asking(rng: random.Random) -> list[dict[str, Any]]:
    """Turns that say "that" with nothing to go by: the assistant asks."""
    lines: list[dict[str, Any]] = []
    for n in range(24):
        on = n % 2 == 0
        text = rng.choice(DEICTIC_ON if on else DEICTIC_OFF)
        lines.append(
            turn(
                f"ask-{n:03}",
                "deixis",
                text,
                {"intent": TURN_ON if on else TURN_OFF, "targets": [], "ask": True},
            )
        )
    return lines


def _follow_up_it(rng: random.Random) -> list[dict[str, Any]]:
    """"Turn it off" after a device was turned on (and the other way round)."""
    lines: list[dict[str, Any]] = []
    for n in range(30):
        device = rng.choice(POINTABLE)
        on = n % 2 == 1
        previous = {"intent": TURN_OFF if on else TURN_ON, "targets": [device]}
        text = rng.choice(ANAPHORA_ON if on else ANAPHORA_OFF)
        lines.append(
            turn(
                f"followup-it-{n:03}",
                "follow-up",
                text,
                {"intent": TURN_ON if on else TURN_OFF, "targets": [device]},
                context={"previous": previous},
            )
        )
    return lines


def _follow_up_adjust(rng: random.Random) -> list[dict[str, Any]]:
    """"Brighter", "dimmer" after a light was turned on or set."""
    lines: list[dict[str, Any]] = []
    for n in range(20):
        light = rng.choice([d for ds in LIGHTS.values() for d in ds])
        previous = {"intent": rng.choice((TURN_ON, LIGHT_SET)), "targets": [light]}
        lines.append(
            turn(
                f"followup-adjust-{n:03}",
                "follow-up",
                rng.choice(ADJUST),
                {"intent": LIGHT_SET, "targets": [light]},
                context={"previous": previous},
            )
        )
    return lines


def _follow_up_again(rng: random.Random) -> list[dict[str, Any]]:
    """"And the bedroom too" after the lights of another room."""
    lines: list[dict[str, Any]] = []
    for n in range(24):
        first, second = rng.sample(sorted(LIGHTS), 2)
        intent = rng.choice((TURN_ON, TURN_OFF))
        previous = {"intent": intent, "targets": LIGHTS[first], "slots": {"area": first, "domain": "light"}}
        text = rng.choice(AGAIN).format(area=AREA_WORDS[second])
        lines.append(
            turn(
                f"followup-again-{n:03}",
                "follow-up",
                text,
                {"intent": intent, "targets": LIGHTS[second]},
                context={"previous": previous},
            )
        )
    return lines


def _confirmations(rng: random.Random) -> list[dict[str, Any]]:
    """Yes and no to a pending confirmation: in words, by hand, by head."""
    lines: list[dict[str, Any]] = []
    for n in range(60):
        yes = n % 2 == 0
        how = rng.choice(("words", "hand", "head"))
        observations: list[dict[str, Any]] = []
        text = ""
        if how == "words":
            text = rng.choice(YES_WORDS if yes else NO_WORDS)
        elif how == "hand":
            observations = [
                {
                    "type": "gesture",
                    "t_ms": 900,
                    "gesture": "thumb_up" if yes else rng.choice(("thumb_down", "open_palm")),
                    "score": 0.9,
                }
            ]
        else:
            observations = [
                {"type": "face", "t_ms": 900, "head_gesture": "nod" if yes else "shake", "attending": True}
            ]
        lines.append(
            turn(
                f"confirm-{n:03}",
                "confirmation",
                text,
                {"intent": CONFIRM if yes else DECLINE},
                observations=observations,
                context={"awaiting_confirmation": True},
            )
        )
    return lines


def _gestures_alone(rng: random.Random) -> list[dict[str, Any]]:
    """Gestures with no words: never mind, or nothing."""
    lines: list[dict[str, Any]] = []
    for n in range(30):
        kind = n % 3
        if kind == 0:
            observations = [{"type": "gesture", "t_ms": 500, "gesture": "open_palm", "score": 0.9}]
            expect = NEVERMIND
        elif kind == 1:
            observations = [
                {"type": "gesture", "t_ms": 500, "gesture": rng.choice(("wave", "victory")), "score": 0.8}
            ]
            expect = NONE
        else:
            observations = [
                {"type": "gesture", "t_ms": 500, "gesture": "thumb_up", "score": 0.9},
                {"type": "face", "t_ms": 520, "attending": False},
            ]
            expect = NONE
        lines.append(
            turn(f"gesture-{n:03}", "gesture-only", "", {"intent": expect}, observations=observations)
        )
    return lines


def _named(rng: random.Random) -> list[dict[str, Any]]:
    """Devices named plainly, with a face in view."""
    lines: list[dict[str, Any]] = []
    for n, (text, intent, targets) in enumerate(NAMED * 3):
        face = [
            {
                "type": "face",
                "t_ms": 700,
                "expression": rng.choice(("smile", "neutral", "frown")),
                "attending": True,
            }
        ]
        lines.append(
            turn(f"named-{n:03}", "named", text, {"intent": intent, "targets": targets}, observations=face)
        )
    return lines


def _rejections(rng: random.Random) -> list[dict[str, Any]]:
    """Chatter that is no command (half of it with an idle gesture)."""
    lines: list[dict[str, Any]] = []
    for n, text in enumerate(NON_COMMANDS * 2):
        observations = []
        if n >= len(NON_COMMANDS):
            observations = [
                {
                    "type": "gesture",
                    "t_ms": 400,
                    "gesture": rng.choice(("wave", "pointing", "victory")),
                    "score": 0.7,
                }
            ]
        lines.append(
            turn(
                f"reject-{n:03}",
                "rejection",
                text,
                {"intent": NONE},
                observations=observations,
                speech_confidence=round(rng.uniform(0.6, 1.0), 2),
            )
        )
    return lines


def _after_another(rng: random.Random) -> list[dict[str, Any]]:
    """Commands after an unrelated earlier one (not follow-ups)."""
    lines: list[dict[str, Any]] = []
    earlier = (TURN_ON, TURN_OFF, "HassLightSet", "HassMediaPause")
    for n, (text, intent, targets) in enumerate(AFTER_ANOTHER * 2):
        before = rng.choice([e for e in earlier if e != intent])
        previous = {"intent": before, "targets": [rng.choice(("tv", "floor_lamp", "kitchen_ceiling"))]}
        lines.append(
            turn(
                f"context-{n:03}",
                "context",
                text,
                {"intent": intent, "targets": targets},
                context={"previous": previous},
            )
        )
    return lines


def main() -> None:
    """Write the suite into data/turns.jsonl beside this file."""
    path = Path(__file__).parent / "data" / "turns.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in build()), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
