"""Elliptical follow-ups: "and the bedroom too", "what about the kitchen?", "same for the desk lamp", and
a new value for the last setting: "try blue instead", "a bit more, like 80", "no, make it 19 and a half".

Words that name one place or one device and nothing else but a connective repeat the previous command or
question there: after "what's the temperature", "and in the bedroom?" asks it of the bedroom; after "set
the kitchen lights to 40%", "and the office too" sets the office's lights to 40%. Words that say only a
value (a colour, a number) after a command that set one set it again, on the same devices. The grammar
reads no such turn and the model reads only some, so the dialogue reads them here, with certainty.
"""

from __future__ import annotations

import re

from assistantd import intents
from assistantd.colors import COLORS
from assistantd.config.settings import Config
from assistantd.fusion.described import described
from assistantd.fusion.exclusion import named_in
from assistantd.fusion.turns import Previous
from assistantd.grammar.kinds import DOMAIN_NOUNS
from assistantd.grammar.learners import comparatives
from assistantd.grammar.numbers import NUMBER_PATTERN, parse_number
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers

_CONNECTIVES = frozenset("and also too plus then now what how about same for with as well".split())
"""Words that make a bare place or device a follow-up (one of them must be said)."""
_INSTEAD = re.compile(
    r"^(?:(?:no|nope|oops|whoops|sorry)(?: (?:no|sorry))*(?: i (?:meant|mean))?|i (?:meant|mean)) "
)
_NOT_THAT = re.compile(r" not (?:that|this|the other) one$")
"""A device or place said instead of the previous command's ("no, the bedroom lamp"), and the one it is
not."""
_FILLERS = (
    _CONNECTIVES
    | frozenset("the my our in on at of please one ones there here one while you youre are it all".split())
    | frozenset("oh ok okay so right um uh hmm well".split())
    | frozenset("do could thank thanks cheers lovely great perfect likewise again colour color".split())
    | frozenset("thing ooh nice brilliant to ta thx make brightness level temperature".split())
)  # "thank you, now do the same in the living room", "do that in the bedroom too", "same thing in ...", "and
# the desk lamp to" (a slip for "too")
_THAT_SETTING = re.compile(r"\b(?:that|the same|same) (?P<setting>colou?r|brightness|level|temperature)\b")
"""The previous command's setting said of the next device ("that colour as well")."""
_SWITCHED = re.compile(r"(?:^| )(?:turn|switch|put) (?P<way>on|off) (?=the )")
_SWITCHED_TO = {"on": intents.TURN_ON, "off": intents.TURN_OFF}
"""The previous command's own verb said again before the one place or device it is now for."""
_KIND_NOUNS = {
    noun: domain
    for domain in ("light", "fan", "switch")
    for noun in DOMAIN_NOUNS[domain]
    if noun.endswith("s")
}
"""Kinds a place may be said with ("the living room lights too"): the previous command on those there (one
"lamp in the lounge" is a device of it, not all its lights)."""
_KEPT = ("domain", "device_class", "state", "brightness", "brightness_step", "color", "color_temp_kelvin",
         "temperature", "temperature_step", "position", "volume_level", "volume_step")  # fmt: skip
"""What the follow-up repeats of the previous turn's slots (the place or device is its own)."""
_REPEATABLE = (intents.ACTING | {intents.GET_STATE, intents.CLIMATE_GET_TEMPERATURE}) - {intents.TOGGLE}
"""A toggle is not repeated: "and the kitchen" after "toggle the lamp" may mean either state."""

_SKIPS = frozenset({intents.MEDIA_NEXT, intents.MEDIA_PREVIOUS})
_ANOTHER = re.compile(
    r"(?:(?:and|oh|ugh|ok|okay|right) )*(?:another(?: one)?|one more|again|and again)(?: please)?"
)
"""A skip asked for once more ("another one, this song's rubbish too" after "next song")."""


def _once_more(config: Config, text: str, previous: Previous, heard: str | None) -> Intent | None:
    """The previous skip asked for again ("another one, this song's rubbish too": nothing named after it)."""
    first, _, after = text.partition(",")
    another = _ANOTHER.fullmatch(strip_fillers(normalize(first), asides=True))
    if previous.intent not in _SKIPS or not another or any(named_in(config, normalize(after), heard)[:2]):
        return None
    again = Slots(**dict(previous.slots))  # type: ignore[arg-type]
    return Intent(previous.intent, again, confidence=0.9, text=text, recognizer="grammar")


def follow_up(
    config: Config, text: str, previous: Previous | None, heard: str | None = None
) -> Intent | None:
    """The previous command or question asked of the one place or device the words name (heard: the area id
    the words were heard in, whose devices may be named without the room), or None when the words are not
    such a follow-up."""
    if previous is None or previous.intent not in _REPEATABLE:
        return None
    if (again := _once_more(config, text, previous, heard)) is not None:
        return again
    words = strip_fillers(normalize(text), asides=True).replace("do that ", "do ")  # "do that in the bedroom"
    words = _THAT_SETTING.sub(r"\g<setting>", words)  # "do the bedside one that colour as well"
    if (verb := _SWITCHED.search(words)) is not None and _SWITCHED_TO[verb["way"]] == previous.intent:
        words = _SWITCHED.sub(" ", words).strip()  # "turn on the one in the bathroom as well" after a fan
    if _INSTEAD.match(words):  # "no sorry, I meant the bedroom lamp, not that one": that one instead
        words = _NOT_THAT.sub("", _INSTEAD.sub("", words))
    elif not set(normalize(text).split()) & _CONNECTIVES:
        return None
    areas, devices, rest = named_in(config, words, heard)
    described_ = set(rest.split()) - _FILLERS and "other" not in words.split()  # "the other one": other_one
    if described_ and (said := described(config, words, heard)) is not None:
        areas, devices, rest = named_in(config, said, heard)  # "and the lamp on the desk in the office too"
    unnamed = not (areas or devices or _floor_in(config, rest))
    for said in _ones_as_kind(config, words, previous) if unnamed else []:
        areas, devices, rest = named_in(config, said, heard)  # "the counter ones too": the counter lights
        if areas or devices:
            break  # "the bedside one too": the bedside lamp
    floor = None if areas or devices else _floor_in(config, rest)
    if floor is not None:
        rest = f" {rest} ".replace(f" {normalize(floor[1])} ", " ")
    kind = {_KIND_NOUNS[word] for word in rest.split() if word in _KIND_NOUNS} if not devices else set()
    rest = " ".join(word for word in rest.split() if word not in _KIND_NOUNS) if len(kind) == 1 else rest
    if len(areas) + len(devices) + (floor is not None) != 1 or set(rest.split()) - _FILLERS:
        return None
    slots = {key: value for key, value in previous.slots if key in _KEPT}
    kinds = {device.domain for device in map(config.device, previous.targets) if device is not None}
    if devices:
        device = config.device(next(iter(devices)))
        if device is None:
            return None
        slots["name"] = device.name
        if "domain" in slots and slots["domain"] != device.domain:  # "is it locked?" "and the garage door?"
            for key in ("domain", "device_class", "state"):
                slots.pop(key, None)
    else:
        if len(kind) == 1 and previous.intent != intents.LIGHT_SET:  # "the living room lights too"
            slots.update(domain=kind.pop())
            slots.pop("device_class", None)
        area = config.area(next(iter(areas))) if areas else None
        if area is None and floor is None:
            return None
        slots["area" if area is not None else "floor"] = area.name if area is not None else floor[0]  # type: ignore[index]
        if "domain" not in slots and len(kinds) == 1 and "name" in dict(previous.slots):
            slots["domain"] = kinds.pop()  # "turn on the ceiling fan", "what about the bathroom?": its fan
        if area is not None and (called := _called_so(config, area.id, slots.get("domain"))) is not None:
            slots["name"] = called  # "and the garage one too" after a light: the Garage Light (a switch)
            for key in ("area", "domain", "device_class"):
                slots.pop(key, None)
    return Intent(previous.intent, Slots(**slots), confidence=0.9, text=text, recognizer="grammar")  # type: ignore[arg-type]


def _called_so(config: Config, area_id: str, domain: object) -> str | None:
    """The name of the one device of an area called by a word for a kind the area has no device of (the
    Garage Light, a switch, for lights there), else None."""
    if not isinstance(domain, str) or any(d.area == area_id and d.domain == domain for d in config.devices):
        return None
    nouns = set(DOMAIN_NOUNS.get(domain, ()))
    called = [d.name for d in config.devices if d.area == area_id and set(normalize(d.name).split()) & nouns]
    return called[0] if len(called) == 1 else None


def _ones_as_kind(config: Config, words: str, previous: Previous) -> list[str]:
    """The words with "one"/"ones" said as each word for the kind of the previous command's devices ("the
    counter ones too" after the kitchen ceiling light: "the counter lights too"; "the bedside one": "the
    bedside light", "the bedside lamp"), none where there is no such word or no one kind."""
    kinds = {device.domain for device in map(config.device, previous.targets) if device is not None}
    nouns = DOMAIN_NOUNS.get(next(iter(kinds)), ()) if len(kinds) == 1 else ()
    if len(nouns) < 2 or not {"one", "ones"} & set(words.split()):
        return []
    pairs = [(one, many) for one, many in zip(nouns[::2], nouns[1::2], strict=False) if many == f"{one}s"]
    pairs = pairs or [(nouns[0], nouns[1])]
    return [_MANY.sub(many, _ONE.sub(one, words)) for one, many in pairs]


def _floor_in(config: Config, words: str) -> tuple[str, str] | None:
    """(the floor's name, the name or alias said) of the one floor the words name, else None."""
    said = [(floor.name, name) for floor in config.floors for name in (floor.name, *floor.aliases)
            if f" {normalize(name)} " in f" {words} "]  # fmt: skip
    return said[0] if len({name for name, _ in said}) == 1 else None


_VALUE_SLOTS = {
    intents.LIGHT_SET: "brightness",
    intents.SET_POSITION: "position",
    intents.SET_VOLUME: "volume_level",
    intents.CLIMATE_SET_TEMPERATURE: "temperature",
}
"""The commands that set a value, and the slot a bare number sets again."""
_VALUE_FILLERS = frozenset(
    "hmm um uh oh och no nah actually try instead make it that them set go with to like a bit wee more less"
    " rather please then ok okay maybe how about what lets let us do percent per cent degrees %"
    " lower higher up down louder quieter softer warmer cooler brighter dimmer turn put bring only just"
    " open now touch tad little than all the way tho though for me could would can you i im am afraid be"
    " nicer better".split()
)
"""Words a bare new value may come with ("hmm, try blue instead", "no make it 19 and a half")."""
_NUMBER = re.compile(rf"(?<![\w.])({NUMBER_PATTERN})( and a half)?(?![\w.])")


_HALF = re.compile(r"\bhalf(?: ?way)?\b")
_ALL_THE_WAY = re.compile(r"\b(?:all the way|fully|right) (?P<way>up|down|open|closed)\b")
_MOVED = frozenset({intents.TURN_ON, intents.TURN_OFF})


def as_position(config: Config, previous: Previous | None) -> Previous | None:
    """The previous turn, where it opened or closed covers or valves only, as the setting of their position
    (after "open the blinds", "no, only halfway" sets them to 50); else as it was."""
    if previous is None or previous.intent not in _MOVED or not previous.targets:
        return previous
    devices = [config.device(target) for target in previous.targets]
    if any(device is None or device.domain not in ("cover", "valve") for device in devices):
        return previous
    return Previous(intents.SET_POSITION, previous.targets, previous.slots)


def value_follow_up(text: str, previous: Previous | None) -> Intent | None:
    """The previous value-setting command with the value these words say instead, or None when the words
    say more than a value (and fillers) or the previous command set none."""
    if previous is None or previous.intent not in _VALUE_SLOTS:
        return None
    words = strip_fillers(normalize(text), asides=True)
    colors = [color for color in COLORS if re.search(rf"\b{re.escape(color)}\b", words)]
    numbers = list(_NUMBER.finditer(words))
    half = _HALF.search(words) if previous.intent == intents.SET_POSITION else None
    full = _ALL_THE_WAY.search(words) if previous.intent != intents.CLIMATE_SET_TEMPERATURE else None
    if half is not None and not numbers:  # "no, only halfway"
        rest = words[: half.start()] + " " + words[half.end() :]
        key, value = "position", 50
    elif full is not None and not numbers and not colors:  # "all the way up now, please"
        rest = words[: full.start()] + " " + words[full.end() :]
        key, value = _VALUE_SLOTS[previous.intent], 0 if full.group("way") in ("down", "closed") else 100
    elif previous.intent == intents.LIGHT_SET and len(colors) == 1 and not numbers:
        rest = re.sub(rf"\b{re.escape(colors[0])}\b", " ", words)
        key: str = "color"
        value: object = colors[0]
    elif len(numbers) == 1 and not colors:
        found = numbers[0]
        number = parse_number(found.group(1))
        if number is None:
            return None
        rest = words[: found.start()] + " " + words[found.end() :]
        key, value = _VALUE_SLOTS[previous.intent], number + (0.5 if found.group(2) else 0.0)
        if key != "temperature":
            value = int(value)
    else:
        return None
    if set(rest.split()) - _VALUE_FILLERS:
        return None
    kept = {k: v for k, v in previous.slots if k in ("name", "area", "floor", "domain", "device_class")}
    return Intent(previous.intent, Slots(**kept, **{key: value}), confidence=0.9, text=text,  # type: ignore[arg-type]
                  recognizer="grammar")  # fmt: skip


_SCALED = (  # fmt: skip
    (re.compile(r"\b(?:half (?:of )?(?:that|it)|halve (?:that|it)|cut (?:that|it) in half"
                r"|half as (?:much|loud|bright))\b"), 0.5),
    (re.compile(r"\b(?:double (?:that|it)|twice (?:that|as (?:much|loud|bright|high|far)))\b"), 2.0),
)
_STEPPED = re.compile(
    rf"\b(?:(?:by |another )?(?P<before>{NUMBER_PATTERN}) (?:degrees? |percent |per cent |% )?"
    r"(?P<way>warmer|hotter|cooler|colder|more|less|higher|lower|louder|quieter|brighter|dimmer|up|down)"
    rf"|(?P<way2>warmer|hotter|cooler|colder|higher|lower|louder|quieter|brighter|dimmer|up|down) by "
    rf"(?P<after>{NUMBER_PATTERN})(?: degrees?| percent| per cent| %)?)\b"
)
_ONE, _MANY = re.compile(r"\bone\b"), re.compile(r"\bones\b")
_MORE_FIRST = re.compile(rf"\b(?P<number>{NUMBER_PATTERN}) (?P<way>more|less) (?P<unit>degrees?|percent)\b")
_NUDGED = re.compile(
    r"\b(?:(?:(?:a )?(?:bit|little|touch|tad|notch)|a degree|(?:a )?little bit|slightly|way|much|even|far)"
    r"(?: more)? (?P<way>warmer|hotter|cooler|colder|higher|lower|louder|quieter|brighter|dimmer|more|less)"
    r"|(?P<bare>warmer|hotter|cooler|colder|louder|quieter|brighter|dimmer)"
    r"|(?P<either>lower|higher|more|less)(?= than (?:that|this|it|before)| please|$))\b"
)
_SAID_OF = {
    "temperature": frozenset("warmer hotter cooler colder".split()),
    "volume_level": frozenset({"louder", "quieter"}),
    "brightness": frozenset({"brighter", "dimmer"}),
}
"""The value a comparative said alone changes ("louder": the volume)."""
_COMPARED = frozenset().union(*_SAID_OF.values())
_STEP_SLOTS = {
    "brightness": "brightness_step",
    "volume_level": "volume_step",
    "temperature": "temperature_step",
}
"""The slot of a step from a level not known ("a bit brighter" after a light was set by a scene)."""
_STEP_UNKNOWN = {"brightness": 20, "volume_level": 10}
"""The step from a level not known (as understand.BRIGHTNESS_STEP and VOLUME_STEP)."""
_DOWN = frozenset("cooler colder less lower quieter dimmer down".split())
_COMPLAINTS = frozenset(
    "way too far much so loud bright dark hot cold warm quiet noisy its it is still".split()
)


def _nudge(key: str, known: bool, said: str) -> float:
    """How far "a bit more" moves a value: one degree, or ten percent from a level known; from one not known,
    as far as "brighter" said alone moves it (twice for "much brighter")."""
    if key == "temperature" or known:
        return 1 if key == "temperature" else 10
    step = _STEP_UNKNOWN[key]
    return step * 2 if key == "brightness" and said.split()[0] in ("much", "way", "far") else step


def relative_follow_up(text: str, previous: Previous | None) -> Intent | None:
    """The previous value-setting command with its value changed by what these words say ("half that",
    "double it", "warmer by two degrees", "ten more"), or None when they say more or it set no value; where it
    set none that is known, a step from where it is ("a touch warmer than that" after the heating was set)."""
    if previous is None or previous.intent not in _VALUE_SLOTS:
        return None
    key = _VALUE_SLOTS[previous.intent]
    before = dict(previous.slots).get(key)
    known = isinstance(before, (int, float)) and not isinstance(before, bool)
    if not known and key not in _STEP_SLOTS:
        return None
    words = comparatives(strip_fillers(normalize(text), asides=True))  # "more loud"
    words = _MORE_FIRST.sub(r"\g<number> \g<unit> \g<way>", words)  # "one more degree": one degree more
    scaled = [(found, factor) for pattern, factor in _SCALED if (found := pattern.search(words))]
    stepped = _STEPPED.search(words)
    nudged = _NUDGED.search(words) if not scaled and stepped is None else None
    if len(scaled) + (stepped is not None) + (nudged is not None) != 1 or (scaled and not known):
        return None
    found = scaled[0][0] if scaled else stepped or nudged
    assert found is not None
    if scaled:
        way = None
    elif stepped:
        way = found["way"] or found["way2"]
    else:
        way = found["way"] or found["bare"] or found["either"]
    if way in _COMPARED and way not in _SAID_OF.get(key, ()):
        return None  # "warmer" after a brightness: a colour, not a level
    if not scaled:
        amount = parse_number(found["before"] or found["after"]) if stepped else _nudge(key, known, found[0])
        if amount is None:
            return None
        step = -amount if way in _DOWN else amount
    rest = words[: found.start()] + " " + words[found.end() :]
    if set(rest.split()) - _VALUE_FILLERS - _COMPLAINTS:
        return None
    kept = {k: v for k, v in previous.slots if k in ("name", "area", "floor", "domain", "device_class")}
    if not known:  # "a bit dimmer than that" after the lamp was dimmed to a level not known here
        kept[_STEP_SLOTS[key]] = step if key == "temperature" else int(step)
    else:
        value = before * scaled[0][1] if scaled else before + step
        kept[key] = value if key == "temperature" else int(round(min(max(value, 0), 100)))
    return Intent(previous.intent, Slots(**kept), confidence=0.9, text=text,  # type: ignore[arg-type]
                  recognizer="grammar")  # fmt: skip


_OTHER_ONE = re.compile(
    r"(?:(?:and|also|now|then|ok|okay|oh|plus) )*(?:the )?other"
    r"(?:s| (?:one|ones|light|lights|lamp|fan|switch|plug))?"
    r"(?: (?:in there|over there|there|too|also|as well|please))*"
    r"(?: (?:under|over|above|by|beside|behind|near|next to) the \w+)?"
)
"""The device left of a pair just spoken of ("and the other one in there" after the kitchen light)."""


def other_one(config: Config, text: str, previous: Previous | None) -> Intent | None:
    """The previous command asked of the other device of the same kind in the same room as the previous
    command's ("and the other one in there" after "kitchen light off": the counter lights), where exactly
    one other is there, or where none is there, in the home ("and the other fan as well"
    after the bedroom's ceiling fan: the bathroom's); None otherwise."""
    if previous is None or previous.intent not in _REPEATABLE or not _OTHER_ONE.fullmatch(normalize(text)):
        return None
    before = [device for device in map(config.device, previous.targets) if device is not None]
    places = {(device.area, device.domain) for device in before}
    if len(places) != 1:
        return None
    area, domain = places.pop()
    others = [
        device
        for device in config.devices
        if device.area == area and device.domain == domain and device.id not in previous.targets
    ]
    if not others:
        others = [device for device in config.devices  # "and the other fan": the home's other one
                  if device.domain == domain and device.id not in previous.targets]  # fmt: skip
    if len(others) != 1:
        return None
    slots = {key: value for key, value in previous.slots if key in _KEPT}
    slots.pop("domain", None)
    slots.pop("device_class", None)
    slots["name"] = others[0].name
    return Intent(previous.intent, Slots(**slots), confidence=0.9, text=text, recognizer="grammar")  # type: ignore[arg-type]
