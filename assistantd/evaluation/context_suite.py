"""The turns of the multimodal suite that need the context: the context text and the device states.

Three kinds, each with turns the context changes and turns it must not: areas to leave alone ("guests are
sleeping in the bedroom", then "turn off all the lights in the house"), the media player that is on ("turn it
down" while the TV plays means its volume) and where the user is ("I'm in the kitchen", then "lights on").
Written for the example home (config/assistantd.yaml, heard in the living room); part of suite.build.
"""

from __future__ import annotations

import random
from typing import Any

TURN_ON, TURN_OFF, LIGHT_SET, SET_VOLUME = "HassTurnOn", "HassTurnOff", "HassLightSet", "HassSetVolume"
LIGHTS = {
    "living_room": ["floor_lamp", "living_room_ceiling_light"],
    "kitchen": ["kitchen_ceiling", "counter_lights"],
    "bedroom": ["bedroom_lamp"],
    "office": ["office_desk_lamp"],
}
UPSTAIRS = ("bedroom", "office")
SAID = {"kitchen": "kitchen", "bedroom": "bedroom", "office": "office", "living_room": "living room"}
QUIET = (
    "guests are sleeping in the {area}",
    "the baby is asleep in the {area}",
    "please don't disturb the {area}",
    "the kids are napping in the {area}",
    "leave the {area} alone tonight",
    "grandma is resting in the {area}",
    "my partner is asleep in the {area}, be careful",
)
WHOLE_HOME = (
    ("turn off all the lights in the house", TURN_OFF),
    ("switch off the lights everywhere", TURN_OFF),
    ("turn on all the lights in the house", TURN_ON),
    ("lights off in the whole house", TURN_OFF),
)
PLAYING_TEXT = (
    "we're watching a film",
    "the TV is on",
    "we are watching the match",
    "the telly is on in the lounge",
    "we're watching a movie in the living room",
    "the kids are watching cartoons",
)
QUIETER = ("turn it down", "turn it down a bit", "could you turn it down please", "a bit quieter",
           "turn the volume down", "make it quieter", "lower the sound a little")  # fmt: skip
LOUDER = ("turn it up", "turn it up a little", "can you turn it up", "louder please",
          "turn up the volume a bit", "make it louder")  # fmt: skip
HERE = (
    "I'm in the {area}",
    "I am in the {area} now",
    "we're in the {area}",
    "I'm working in the {area}",
    "I just went to the {area}",
)
BARE = (("turn on the lights", TURN_ON), ("lights off", TURN_OFF), ("switch the lights on", TURN_ON),
        ("turn the lights off please", TURN_OFF))  # fmt: skip


def turn(
    ident: str, category: str, text: str, expect: dict[str, Any], context: dict[str, Any]
) -> dict[str, Any]:
    """One suite line."""
    return {"id": ident, "category": category, "text": text, "context": context, "expect": expect}


def context_turns(rng: random.Random) -> list[dict[str, Any]]:
    """Every context turn, drawn from the suite's seeded random sequence."""
    return [*_quiet(rng), *_media(rng), *_here(rng)]


def _all_lights_but(*areas: str) -> list[str]:
    """Every light of the home outside some areas."""
    return [light for area, lights in LIGHTS.items() if area not in areas for light in lights]


def _quiet(rng: random.Random) -> list[dict[str, Any]]:
    """Whole-home commands leave alone the area the context asks to; named places and devices do not."""
    lines: list[dict[str, Any]] = []
    for n in range(40):
        area = rng.choice(("bedroom", "office", "kitchen"))
        context = {"text": rng.choice(QUIET).format(area=SAID[area])}
        kind = n % 5
        if kind in (0, 1, 2):
            text, intent = rng.choice(WHOLE_HOME)
            targets = _all_lights_but(area)
        elif kind == 3:  # the area said outright is reached after all
            intent = rng.choice((TURN_ON, TURN_OFF))
            text = f"turn {'on' if intent == TURN_ON else 'off'} the {SAID[area]} lights"
            targets = LIGHTS[area]
        else:  # a floor said: its quiet area is still left alone
            area = rng.choice(UPSTAIRS)
            context = {"text": rng.choice(QUIET).format(area=SAID[area])}
            text, intent = "turn off the lights upstairs", TURN_OFF
            targets = [light for other in UPSTAIRS if other != area for light in LIGHTS[other]]
        expect = {"intent": intent, "targets": targets}
        lines.append(turn(f"quiet-{n:03}", "context-quiet", text, expect, context))
    for n, (text, intent) in enumerate(WHOLE_HOME * 2, 40):
        context = {"text": "the kids are asleep upstairs"}
        targets = _all_lights_but(*UPSTAIRS)
        expect = {"intent": intent, "targets": targets}
        lines.append(turn(f"quiet-{n:03}", "context-quiet", text, expect, context))
    return lines


def _media(rng: random.Random) -> list[dict[str, Any]]:
    """"Turn it down" while the TV plays (its state, or the context text) is its volume; after a light was
    just turned on, the light's; with nothing playing and nothing before, the assistant asks."""
    lines: list[dict[str, Any]] = []
    for n in range(48):
        kind = n % 6
        context: dict[str, Any] = (
            {"states": {"tv": rng.choice(("playing", "on")), "floor_lamp": "off"}}
            if n % 2
            else {"text": rng.choice(PLAYING_TEXT)}
        )
        if kind in (0, 1, 2, 3):
            text = rng.choice(QUIETER if kind % 2 else LOUDER)
            expect = {"intent": SET_VOLUME, "targets": ["tv"]}
        elif kind == 4:  # a light spoken of just before is "it"
            light = rng.choice(LIGHTS["living_room"] + LIGHTS["kitchen"])
            context["previous"] = {"intent": TURN_ON, "targets": [light]}
            text = rng.choice(("turn it down a bit", "turn it down", "turn it up"))
            expect = {"intent": LIGHT_SET, "targets": [light]}
        else:
            text = rng.choice(("turn it off", "switch it off", "pause it"))
            expect = {"intent": "HassMediaPause" if text == "pause it" else TURN_OFF, "targets": ["tv"]}
        lines.append(turn(f"media-{n:03}", "context-media", text, expect, context))
    for n in range(48, 56):
        context = {"states": {"tv": rng.choice(("off", "paused"))}}
        text = rng.choice(("turn it down", "turn it up"))
        asks = {"intent": LIGHT_SET, "targets": [], "ask": True}
        lines.append(turn(f"media-{n:03}", "context-media", text, asks, context))
    return lines


def _here(rng: random.Random) -> list[dict[str, Any]]:
    """Commands that name no place act where the context text says the user is; a place said wins."""
    lines: list[dict[str, Any]] = []
    for n in range(32):
        area = rng.choice(("kitchen", "bedroom", "office"))
        context = {"text": rng.choice(HERE).format(area=SAID[area])}
        text, intent = rng.choice(BARE)
        if n % 4 == 3:
            elsewhere = rng.choice([a for a in LIGHTS if a != area])
            word = "on" if intent == TURN_ON else "off"
            text = f"turn {word} the {SAID[elsewhere]} lights"
            area = elsewhere
        lines.append(
            turn(f"here-{n:03}", "context-here", text, {"intent": intent, "targets": LIGHTS[area]}, context)
        )
    return lines
