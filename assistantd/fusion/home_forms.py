"""A certain reading in the form the home's own configuration gives it: a scene or script its sentences name
without a domain is read so by every template ("activate movie mode" as "movie time": {name: Movie Scene}),
one form for its rules; the robot vacuum of a home that has one is named ("send the hoover back": Rover);
someone in a room is asked of the presence sensor it has ("is anyone in the study": its motion sensor, where
it has no occupancy sensor), a measure of a room of the sensor named after it ("the humidity in the living
room": "Living room humidity"); and an item to add that begins by ticking one off ("chores list, check off the
plants") is no item to add, nor is a gate to move where the home has none."""

from __future__ import annotations

import dataclasses
import re

from assistantd import intents
from assistantd.config.settings import Config, Device
from assistantd.fusion.negation import ticked_off
from assistantd.intents import Intent, Slots
from assistantd.text import normalize

_ADDING = frozenset({intents.SHOPPING_LIST_ADD, intents.LIST_ADD})
_VACUUMING = frozenset({intents.VACUUM_START, intents.VACUUM_RETURN})
_SWITCHING = frozenset({intents.TURN_ON, intents.TURN_OFF})
_ONE_OF_A_KIND = frozenset(
    {intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE, intents.LIGHT_SET, intents.SET_POSITION}
    | {intents.GET_STATE}
)
_COVER_FORMS = frozenset({intents.SET_POSITION, intents.GET_STATE})
"""Intents whose reading of a named cover carries its domain, as Home Assistant's tests write them."""
_MANY = frozenset("lamps lights all every both everything single any".split())
_PRESENCE = ("motion", "occupancy")
_ONE_WORDS = {"lamp": ("light", "switch"), "curtain": ("cover",), "switch": ("switch",)}
"""Words for one device ("the switch in here"), and the domains a device so named may have (the first: the
kind said). Not "light" or "fan": "the light in here" and "the fan" are said of a room's lights and fans as
Home Assistant reads them."""
_HEARD_ONLY = frozenset({"curtain"})
"""Words for one device only where the room is the one heard in, not said."""
_ALL_OF_A_TIME = re.compile(r"\ball (?:the way|night|day|morning|afternoon|evening|week|weekend)\b")
""""all" that says how far or how long, not how many ("it's been on all night")."""
_THE_SWITCH = re.compile(r"\b(?:the|that|this|a|light) switch\b")
""""switch" as a thing, not the verb ("switch the fan on")."""
_KIN = {"blind": frozenset({"blind", "shade"}), "shade": frozenset({"blind", "shade"})}
"""Cover classes said for each other ("the shades" of a home whose one cover of the kind is blinds)."""
def kin_words(device: Device) -> frozenset[str]:
    """The words a cover may be called by for its class ("blind" for a shade); none for other devices."""
    if device.domain != "cover" or not device.device_class:
        return frozenset()
    return _KIN.get(device.device_class, frozenset({device.device_class}))


_PLACED_FORMS = frozenset(
    {intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE, intents.LIGHT_SET, intents.SET_POSITION}
    | {intents.GET_STATE, intents.SET_VOLUME}
    | {intents.CLIMATE_SET_TEMPERATURE, intents.CLIMATE_GET_TEMPERATURE}
)
"""Intents whose named device needs no place beside its name."""
_APART = frozenset({"gate", "awning", "damper"})
"""Covers no other kind is called ("the gate"): a home without one has nothing to move (windows are asked
of a room as Home Assistant reads them, whatever it has)."""
_ONE_CLASS = {"curtain": "curtain"}
"""The device class a word for one device says, where the reading may carry it."""
_TICKED_OFF = re.compile(r"(?:(?:check|tick|cross|strike|scratch) off|mark|remove|delete)\b")
_DONE = re.compile(r"\b(?:is|are|was|were) (?:now )?(?:done|finish|finished|complete|completed)\b")
"""An item said to be done ("chores list, clean the windows is finish, tick it"): ticked off, not added."""


class HomeForms:
    """The configuration's own forms of readings."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._plain_names = frozenset(
            (sentence.intent, str(slots["name"]))
            for sentence in config.sentences
            if "name" in (slots := dict(sentence.slots)) and "domain" not in slots
        )
        """(intent, name) of the scenes and scripts the home's own sentences name without a domain."""
        vacuums = [device.name for device in config.devices if device.domain == "vacuum"]
        self._vacuum = vacuums[0] if len(vacuums) == 1 else None
        """The home's one robot vacuum, which "the vacuum" or "the hoover" is (None: none, or several)."""
        self._presence = {
            area.name: tuple(
                sorted(
                    {
                        d.device_class
                        for d in config.devices
                        if d.area == area.id and d.device_class in _PRESENCE
                    }
                )
            )
            for area in config.areas
        }
        """The presence sensors' classes (motion, occupancy) each area's name has."""
        self._valves = frozenset(device.name for device in config.devices if device.domain == "valve")
        """The valves' names: switching one on or off opens or closes it ("shut off the main valve")."""
        covers = {device.device_class for device in config.devices if device.domain == "cover"}
        self._missing = _APART - covers
        """The covers of a kind of their own the home has none of ("the gate")."""

    def apply(self, heard: Intent) -> Intent:
        """The reading in the home's form (NONE for an item that is ticked off rather than added)."""
        slots = heard.slots
        item = str(slots.item or "")
        if heard.name in _ADDING and (_TICKED_OFF.match(item) or _DONE.search(item) or ticked_off(item)):
            return intents.no_intent(heard.text)
        if (placed := self._placed(self._said_in_full(heard))) is not None:
            return placed  # "turn on the desk lamp in the study": the lamp, which is there
        if heard.name in intents.ACTING and slots.device_class in self._missing and not slots.name:
            return intents.no_intent(heard.text)  # "open the gate for the postman": the home has no gate
        if slots.domain in ("scene", "script") and (heard.name, slots.name) in self._plain_names:
            return dataclasses.replace(heard, slots=dataclasses.replace(slots, domain=None))
        if heard.name in _SWITCHING and slots.name in self._valves and slots.domain is None:
            return dataclasses.replace(heard, slots=dataclasses.replace(slots, domain="valve"))
        if heard.name in _VACUUMING and not (slots.name or slots.area or slots.floor) and self._vacuum:
            return dataclasses.replace(heard, slots=dataclasses.replace(slots, name=self._vacuum))
        if heard.name == intents.GET_STATE and slots.domain == "sensor" and slots.area and not slots.name:
            named = self._named_for(slots.area, slots.device_class)
            if named is not None:
                return dataclasses.replace(heard, slots=Slots(name=named))
        if heard.name == intents.GET_STATE and slots.domain == "binary_sensor" and slots.area:
            sensing = self._presence.get(slots.area, ())
            if slots.device_class in _PRESENCE and slots.device_class not in sensing and len(sensing) == 1:
                return dataclasses.replace(heard, slots=dataclasses.replace(slots, device_class=sensing[0]))
        return heard

    def _said_in_full(self, heard: Intent) -> Intent:
        """Every device of a kind in a place ("the bedroom ceiling fan": {area, domain, name: all}) read as
        the one device there whose whole name was said (the "Ceiling Fan" of the bedroom)."""
        slots = heard.slots
        if slots.name != "all" or not slots.area or not slots.domain:
            return heard
        spoken = f" {normalize(heard.text)} "
        said = [device for device in self._config.devices
                if device.domain == slots.domain and f" {normalize(device.name)} " in spoken
                and (area := self._config.area(device.area or "")) is not None
                and area.name == slots.area]  # fmt: skip
        named = slots.replace(name=said[0].name, domain=None) if len(said) == 1 else None
        return dataclasses.replace(heard, slots=named) if named is not None else heard

    def _placed(self, heard: Intent) -> Intent | None:
        """A device named with the place it is in ("the desk lamp in the study", "the blinds upstairs"): the
        device alone, as a name says which one it is; None where no place of its own is said with it."""
        slots = heard.slots
        if not slots.name or not (slots.area or slots.floor) or heard.name not in _PLACED_FORMS:
            return None
        if slots.domain in ("scene", "script") or slots.device_class or slots.search_query:
            return None
        found = [device for device in self._config.devices if device.name == slots.name]
        area = self._config.area(found[0].area) if len(found) == 1 and found[0].area else None
        if area is None or slots.area not in (None, area.name):
            return None
        floor = self._config.floor(area.floor) if area.floor else None
        if slots.floor is not None and (floor is None or slots.floor != floor.name):
            return None
        return dataclasses.replace(heard, slots=dataclasses.replace(slots, area=None, floor=None))

    def _named_for(self, area_name: str, device_class: str | None) -> str | None:
        """The one sensor of the class named after an area that has none of it placed in it ("the humidity
        in the living room": the "Living room humidity" sensor, placed nowhere); None where there is not
        exactly one."""
        area = next((area for area in self._config.areas if area.name == area_name), None)
        if area is None or device_class is None:
            return None
        sensors = [d for d in self._config.devices if d.domain == "sensor" and d.device_class == device_class]
        if any(sensor.area == area.id for sensor in sensors):
            return None
        said = [normalize(name) for name in (area.name, *area.aliases)]
        named = [s for s in sensors if any(f" {name} " in f" {normalize(s.name)} " for name in said)]
        return named[0].name if len(named) == 1 else None

    def one_of_a_kind(self, heard: Intent, area_id: str | None = None) -> Intent:
        """Lights of a place said as one "lamp" ("the lamp, seventy five percent" heard in the living room,
        "make my lamp blue" in the bedroom), or its covers as one "curtain", are the one lamp or curtain of
        that place, where only one device's name says so: not every light there. A question about "the lamp"
        with no place said is about the lamp of the room it was heard in (area_id). "The valve" of a home with
        one is that valve."""
        heard = self._the_rooms_lock(self._kin_in_room(self._the_homes_one(heard, area_id)), area_id)
        valve = heard.slots.domain == "valve" and not (heard.slots.name or heard.slots.area)
        if valve and len(self._valves) == 1:  # "valve shut"
            heard = dataclasses.replace(heard, slots=heard.slots.replace(name=next(iter(self._valves))))
        slots = heard.slots
        if heard.name not in _ONE_OF_A_KIND or slots.name or slots.floor:
            return heard
        area = next((area for area in self._config.areas if area.name == slots.area), None)
        if area is None and heard.name == intents.GET_STATE and slots.area is None:
            area = next((area for area in self._config.areas if area.id == area_id), None)
        words = set(_ALL_OF_A_TIME.sub(" ", normalize(heard.text)).split())  # "the lamp all the way up"
        words -= set() if _THE_SWITCH.search(normalize(heard.text)) else {"switch"}
        said = [word for word in _ONE_WORDS if word in words]
        if area is None or len(said) != 1 or words & _MANY:
            return heard
        kinds = _ONE_WORDS[said[0]]
        spoken = f" {normalize(heard.text)} "
        room_said = any(f" {normalize(name)} " in spoken for name in (area.name, *area.aliases))
        if said[0] in _HEARD_ONLY and room_said:
            return heard  # "set the curtain in the bedroom to 50%": its curtains, as Home Assistant reads it
        if slots.domain not in (None, kinds[0]) or slots.device_class not in (None, _ONE_CLASS.get(said[0])):
            return heard
        ones = [
            device
            for device in self._config.devices
            if device.area == area.id
            and device.domain in kinds
            and any(said[0] in normalize(name).split() for name in device.names)
        ]
        if len(ones) != 1 or (ones[0].domain != "light" and heard.name == intents.LIGHT_SET):
            return heard
        domain = "cover" if ones[0].domain == "cover" and heard.name in _COVER_FORMS else None
        named = dataclasses.replace(slots, name=ones[0].name, area=None, domain=domain, device_class=None)
        return dataclasses.replace(heard, slots=named)

    def _the_homes_one(self, heard: Intent, area_id: str | None) -> Intent:
        """Covers of a kind heard in a room that has none of that kind, no room said ("open all the blinds
        halfway" in the living room, "open the garage" in the kitchen), are the home's one cover of it."""
        slots = heard.slots
        if heard.name not in _ONE_OF_A_KIND or slots.domain != "cover" or slots.name or not slots.area:
            return heard
        area = next((area for area in self._config.areas if area.name == slots.area), None)
        spoken = f" {normalize(heard.text)} "
        if area is None or area.id != (area_id or self._config.site.area) or any(
            f" {normalize(name)} " in spoken for name in (area.name, *area.aliases)
        ):
            return heard  # a room said, or none heard in
        kin = _KIN.get(slots.device_class or "", frozenset({slots.device_class}))
        covers = [device for device in self._config.devices if device.domain == "cover"
                  and (not slots.device_class or device.device_class in kin)]  # fmt: skip
        if len(covers) != 1 or covers[0].area == area.id:
            return heard
        domain = "cover" if heard.name in _COVER_FORMS else None
        named = dataclasses.replace(slots, name=covers[0].name, area=None, domain=domain, device_class=None)
        return dataclasses.replace(heard, slots=named)

    def _kin_in_room(self, heard: Intent) -> Intent:
        """Covers of a kind said of a room whose covers are all of its kin are those ("close the blinds in
        here" where the guest room has shades); one said as one ("the blind in this room", "blind down,
        there's glare all over my screen") is the one there."""
        slots = heard.slots
        if slots.domain != "cover" or slots.name or not slots.area or slots.device_class not in _KIN:
            return heard
        area = next((area for area in self._config.areas if area.name == slots.area), None)
        covers = [device for device in self._config.devices
                  if area is not None and device.area == area.id and device.domain == "cover"]  # fmt: skip
        classes = {device.device_class for device in covers}
        if not covers or slots.device_class in classes or not classes <= _KIN[slots.device_class]:
            return heard
        words = set(normalize(heard.text).split())
        if len(covers) == 1 and slots.device_class in words and f"{slots.device_class}s" not in words:
            domain = "cover" if heard.name in _COVER_FORMS else None
            one = dataclasses.replace(slots, name=covers[0].name, area=None, domain=domain, device_class=None)
            return dataclasses.replace(heard, slots=one)
        return dataclasses.replace(heard, slots=dataclasses.replace(slots, device_class=classes.pop()))

    def _the_rooms_lock(self, heard: Intent, area_id: str | None) -> Intent:
        """Every lock read for "the door" said as one ("lock the door please, I'm in" heard in the hall, "is
        the door locked?") is the one lock of the room heard in, where it has one."""
        slots = heard.slots
        asked = heard.name == intents.GET_STATE and slots.name is None  # "is the door locked?" in the hall
        if slots.domain != "lock" or not (slots.name == "all" or asked) or slots.area or slots.floor:
            return heard
        words = set(normalize(heard.text).split())
        if not words & {"door", "lock"} or words & (_MANY | {"doors", "locks", "house", "everywhere"}):
            return heard
        here = area_id or self._config.site.area
        locks = [device for device in self._config.devices if device.domain == "lock" and device.area == here]
        if len(locks) != 1:
            return heard
        domain = "lock" if asked else None
        return dataclasses.replace(heard, slots=dataclasses.replace(slots, name=locks[0].name, domain=domain))
