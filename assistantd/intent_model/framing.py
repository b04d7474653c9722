"""The words around commands: deixis, follow-ups, adjustments, habits from other assistants, reasons said
before a command and afterthoughts said after it (none of which changes what the command asks for)."""

from __future__ import annotations

from assistantd import intents

DEICTIC: dict[str, tuple[str, ...]] = {
    intents.TURN_ON: ("(turn|switch) (that|this|it) on", "(turn|switch) on (that|this) [one|thing|light]"),
    intents.TURN_OFF: ("(turn|switch) (that|this|it) off", "(turn|switch) off (that|this) [one|thing|light]"),
    intents.TOGGLE: ("(toggle|flip) (that|this|it) [one|thing|light|switch]",),
    intents.LIGHT_SET: (
        "(dim|brighten) (that|this) [one|light]",
        "make (that|this) [one] {color}",
        "(that|this) [one|light] [to] {brightness} [percent] [please]",
        "(set|put|turn) (that|this|it) [one|light] (to|at) {brightness} [percent]",
    ),
    intents.GET_STATE: (
        "(is|are) (that|this|it|those) [one|thing|light] (on|off|open|closed|locked) [or what|right now]",
    ),
}
"""Commands whose target comes from pointing or from the previous turn."""

FOLLOW_UPS: tuple[str, ...] = (
    "(and|also) [in] the {area} [too|as well]",
    "(and|also) [on] [the] {floor} [too|as well]",
    "(and|also) the {name:on} [too|as well]",
    "same (in|for) the {area}",
    "[and|also] [in] the {area} (too|as well)",
    "(and|now) the {area}",
)
"""Follow-ups that repeat the previous turn's intent elsewhere (no previous turn: not a command)."""
ADJUSTMENTS: tuple[str, ...] = (
    "(brighter|dimmer|darker)",
    "[a] [bit|little|lot] (brighter|dimmer|darker) [please]",
    "(even|much) (brighter|dimmer)",
    "make it (brighter|dimmer|darker)",
)
"""Adjustments of the last light (after turning it on or setting it)."""
VOLUME_STEPS: tuple[str, ...] = (
    "[a] [bit|little|lot] (louder|quieter|softer) [please]",
    "turn [the] (volume|sound) (up|down) [a bit|a little|a notch]",
    "turn (up|down) the (volume|sound) [a bit|a little]",
    "(raise|lower|increase|decrease|reduce) the (volume|sound) [a bit|a little]",
    "make it (louder|quieter|softer)",
    "(volume|sound) (up|down) [please]",
    "can you turn the (volume|sound) (up|down)",
)
"""Relative volume changes: of the media player that is on, else the room's."""
IT_STEPS: tuple[str, ...] = (
    "turn it (up|down) [a bit|a little|a notch|please]",
    "bring it (up|down) [a bit|a little]",
    "can you turn it (up|down) [a bit]",
    "(lower|raise) it [a bit|a little]",
)
""""Turn it down": the volume when a media player is on, else the brightness of the last light."""

WAKE_WORDS: tuple[str, ...] = (
    "alexa",
    "hey alexa",
    "hey siri",
    "ok google",
    "hey google",
    "olly",
    "hey mycroft",
    "jarvis",
    "kindly",
    "please help me",
    "go ahead and",
)
"""What people say before a command out of habit with other assistants (added to the leading fillers)."""

PREFACES: tuple[str, ...] = (
    "it is (late|bedtime|movie time|getting late|dinner time) [now] [so]",
    "(i am|we are) (going to bed|off to work|home|back|leaving|reading|watching a movie) [now] [so]",
    "(we have guests|the kids are asleep|i cannot sleep|i am cold|i am tired|i am off to bed) [so]",
    "(okay|alright|right|so|well|um|uh) [then]",
)
"""Clauses said before a command, giving a reason; the command after them decides the intent (said alone,
they are no command)."""
COMPLAINTS: tuple[str, ...] = (
    "(it is|this is) (too bright|too dark|so dark|really bright) [in here]",
    "(it is|because it is) (hard|difficult) to see [in here|down here]",
    "i (cannot|can not) see [a thing|anything]",
)
"""Complaints said before or after a command (alone, they are commands of their own: see COMMANDS)."""

AFTERTHOUGHTS: tuple[str, ...] = (
    "(tonight|this evening|for now|for a bit)",
    "(and|then) let the (party|movie|fun|show) (begin|start)",
    "so (i|we) can (see|read|sleep|relax|work)",
    "(because|as) (it is|i am) (late|dark|tired|going out|leaving)",
    "before (i leave|we eat|dinner|bed)",
    "(in|of) (my|our|the) (apartment|house|flat|home|room)",
    "(i am|we are) (done|finished|off) for (today|the day|tonight)",
    "(cheers|ta|thanks a lot|thank you kindly)",
    "(i am|we are) (carrying|holding) (the shopping|the baby|some boxes|a tray)",
)
"""Clauses said after a command: reasons, places, thanks; they change no intent (alone, they are none).
Times are not among them: a command for later asks for a timer (out_of_scope.DELAYS)."""
