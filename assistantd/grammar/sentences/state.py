"""Built-in templates for questions: device states, sensor values, kinds of devices, temperature."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_NOW = "[currently|still|now|securely|really|right now|at the moment|yet]"
_ASK_IF = (
    "([please] (tell|show) me|[please] check|see|let me know|do you know|i (wonder|want to know))"
    " (if|whether)"
)
"""A question asked indirectly ("could you tell me whether the garage door is shut")."""
_ANY = (
    "((are|is) [there] (any|some) [of]|(are|is) there still [any|some]|are all [of]|is every|are (both|the)"
    "|any"
    "|(do|does) (i|we|anyone) have any"
    "|tell me if there (are|is) any|there are any|(which|what) [of] [the]|how many [of] [the]|are)"
)
_ASK = "(what is|tell me|give me|show me|check)"
_WHERE = "(<in_place>|<everywhere>)"
_MEASURE = "[the] [{measure_modifier}] [{measure_noun} of] [the]"
_BY = "(of|in|for|from|at|on|by|indicated by|measured by|reported by|shown by|according to|on the)"

_WHO = (
    "(i|we|you|someone|somebody|anyone|anybody|they|(the|my|our) (kids|children|boys|girls|guests|cleaner"
    "|delivery (guy|man|driver)|postman|builders))"
)
"""Who may have left something in a state ("did the delivery guy leave the shed door open")."""

_IN = "(in|at|upstairs in|downstairs in|down in|up in|out in|over in)"
"""How a place is said after a temperature ("what's the temperature down in the living room")."""

_SURE = "(right|is it not|are they not|correct|is not it|are not they|y n|yes or no)"
_TAG = "(right|is it not|are they not|correct|is not it|are not they|yeah|yes)"
"""A statement made a question ("the front door is locked, right", "front door's locked, right?"); with no
"the", no verb and no "still", a "yeah" ends a command ("lights on yeah")."""

NAMED_STATE = SentenceGroup(
    intents.GET_STATE,
    (
        f"(is|are) [<the>] {{name}} [{{noun}}] {_NOW} [switched|turned] {{state_word}} {_NOW} [<in_place>]"
        " [yeah|right|yes|or what]",
        f"(is|are) [<the>] {{name}} [{{noun}}] <in_place> {_NOW} {{state_word}}",
        f"<the> {{name}} [{{noun}}] [is|are] {_NOW} {{state_word}} {_TAG}",
        f"{{name}} [{{noun}}] (is|are) {_NOW} {{state_word}} {_TAG}",
        f"{{name}} [{{noun}}] {_NOW} {{state_word}} {_SURE}",
        f"{{name}} [{{noun}}] (still|already|currently) {{state_word}} (yeah|yes)",
        f"{_ASK_IF} [<the>] {{name}} [{{noun}}] (is|are) {_NOW} {{state_word}} {_NOW} [<in_place>]",
        f"(has|have) [<the>] {{name}} [{{noun}}] been [left] {{state_word}} [<in_place>]",
        f"did [<the>] {{name}} [{{noun}}] get [left] {{state_word}} [<in_place>]",  # "did the front door get
        # left unlocked last night"
    ),
    resolver="state",
)
"""Is a named device in a state ("is the front door locked", "is the phone battery low")."""

CLASS_STATE = SentenceGroup(
    intents.GET_STATE,
    (
        f"{_ANY} [<all>] [<place>] {{noun}} [(are|is)] {_NOW} {{state_word}} {_NOW} [{_WHERE}]",
        f"{_ANY} [<all>] {{noun}} <in_place> [(are|is)] {_NOW} {{state_word}}",
        f"{_ANY} [<all>] [<place>] {{state_word}} {{noun}} [<in_place>|<everywhere>]",
        f"(is|are) [<the>] {{noun}} {_NOW} {{state_word}} {_NOW} [<in_place>]",
        f"(is|are) [<the>] <place> {{noun}} {_NOW} {{state_word}} {_NOW}",  # "is the guest room blind open"
        f"(did|have|has) {_WHO} (leave|left) (any|the|all the) [<place>] {{noun}} {{state_word}} [{_WHERE}]"
        " [do you know]",  # "have we left any lights on upstairs, do you know"
    ),
    resolver="state",
)
CLASS_STATE_HERE = SentenceGroup(
    intents.GET_STATE,
    (
        f"(is|are) [<the>] {{noun}} {_NOW} {{state_word}} {_NOW} <here>",
        f"(is|are) [<the>] {{noun}} <here> {_NOW} {{state_word}} {_NOW}",  # "is the lamp in here on"
        f"[{_ASK_IF}] {_ANY} [<all>] {{noun}} [(are|is)] {_NOW} {{state_word}} {_NOW} <here>",
        f"{_ASK_IF} any [of the] {{noun}} (are|is) {_NOW} {{state_word}} {_NOW} <here>",
    ),
    resolver="state",
    context_area=True,
)
"""Are the devices of a kind where the question was heard in a state ("are the lights on in here")."""

THAT_STATE = SentenceGroup(
    intents.GET_STATE,
    (
        f"[wait|so|hey|um|hmm] (is|are) (it|that|this|they|those|these) [one|thing|device] [even] {_NOW}"
        f" {{state_word}} {_NOW} [or not]",
    ),
    resolver="state",
    priority=-1,
)
"""Is the device pointed at or spoken of in a state ("is it locked", "are they on"): the daemon takes the
device from the pointing or the dialogue."""

_DID = (
    f"[hey|so|wait|um|oh] did {_WHO}"
    " [actually|really|definitely|even]"
)
_HAVE = (
    "[hey|so|wait|um|oh] (have|has) (i|we|someone|somebody|anyone|anybody|they)"
    " [actually|really|definitely|even]"
)
_DONE = ((("lock",), "locked"), (("unlock",), "unlocked"), (("close", "shut"), "closed"), (("open",), "open"))
_DONE_PAST = {"lock": "locked", "unlock": "unlocked", "close": "closed", "shut": "shut", "open": "opened"}
DID_STATE = (
    SentenceGroup(
        intents.GET_STATE,
        (
            f"{_DID} (leave|keep) [<the>] {{name}} {{state_word}} [<in_place>]",
            f"(has|have) (anyone|anybody|someone|somebody|i|we|you) left [<the>] {{name}} {{state_word}}"
            " [<in_place>]",
        ),
        resolver="state",
    ),
    *(
        SentenceGroup(
            intents.GET_STATE,
            (
                f"{_DID} [remember to|forget to] ({'|'.join(verbs)}) [<the>] {{name}} [<in_place>]",
                f"{_HAVE} [remembered to] ({'|'.join(_DONE_PAST[verb] for verb in verbs)}) [<the>] {{name}}"
                " [<in_place>]",  # "have I locked the front door or not"
                f"[hey|so|wait|um|oh] did [<the>] ({{name}} [{{noun}}]|{{noun}})"
                f" [actually|really|definitely|even] ({'|'.join(verbs)}) [properly|ok|okay|all right|alright]"
                " [<in_place>]",
            ),
            slots=(("_state", state),),
            resolver="state",
        )
        for verbs, state in _DONE
    ),
    *(
        SentenceGroup(
            intents.GET_STATE,
            (
                f"{_DID} [remember to|forget to] (turn|switch) {way} [<the>] {{name}} [<in_place>]",
                f"{_DID} [remember to|forget to] (turn|switch) [<the>] {{name}} {way} [<in_place>]",
            ),
            slots=(("_state", way),),
            resolver="state",
        )
        for way in ("on", "off")
    ),
)
"""Whether something was done to a named device is its state now ("did I remember to lock the front door",
"have we shut the garage door", "did the door actually lock",
"did I leave the garage light on", "did someone turn off the kettle")."""

PEOPLE_STATE = SentenceGroup(
    intents.GET_STATE,
    ("(who|which people|who else) (is|are) {state_word} [<in_place>]",),
    slots=(("_noun", "people"),),
    resolver="state",
)
"""Which or how many devices of a kind are in a state ("are any curtains open in the living room")."""

SUBSTANCE_STATE = SentenceGroup(
    intents.GET_STATE,
    (
        "(is|are) there [any] {substance} [detected|sensed] [<in_place>]",
        "(is|are) [there] any {substance} detected [<in_place>]",
        "(is|was) {substance} detected [<in_place>]",
        "any {substance} [detected|sensed] [<in_place>]",
        "(is|are) there [any] {substance} (with|on|in) [<the>] {name}",
        "(is|are) [<the>] <area> {condition}",
    ),
    resolver="state",
)
PEOPLE_IN = SentenceGroup(
    intents.GET_STATE,
    (
        "(is|are) {substance} [about|around] <in_place> [right now|at the moment|now]",
        "{substance} [about|around] <in_place> [right now|at the moment|now]",
    ),
    resolver="state",
    fuzzy=False,
)
"""Whether anyone is in a room, or moving about there, said with the room's own name ("someone's at the front
door" names no room)."""
"""What sensors detect ("is there smoke in the kitchen", "is the kitchen flooded", "is anyone in the
kitchen", "anyone moving about in the study")."""

SUBSTANCE_HERE = SentenceGroup(
    intents.GET_STATE,
    (
        "(is|are) {substance} [about|around] <here> [right now|at the moment|now]",
        "(is|are) [there] [any] {substance} [detected|sensed] <here> [right now|at the moment|now]",
        "any {substance} [detected|sensed] <here> [right now|at the moment|now]",
    ),
    resolver="state",
    context_area=True,
    fuzzy=False,
)
"""What sensors detect where the question was heard ("is anybody in here", "is there any smoke in here")."""

NAMED_VALUE = (
    SentenceGroup(
        intents.GET_STATE,
        (
            "(what is|tell me|give me|show me|check) [the] (state|status) of [<the>] {name}",
            "(what is|tell me|check) [<the>] {name} (state|status)",
            "[<the>] {name} [lock|door|light|switch] (state|status) [please|now]",
            "(state|status) [of] [<the>] {name} [please|now]",
            "where is [<the>] {name} [now|right now|at the moment]",
            "where (is|has) [<the>] {name} (got|gone|disappeared|wandered) [off] to [now|right now]",
            "where did [<the>] {name} (get|go|disappear|wander) [off] to [now|right now]",
        ),
        name_domain=True,
    ),
    SentenceGroup(intents.GET_STATE, ("[<the>] {name} [now|right now|at the moment]",), domains=("sensor",)),
    SentenceGroup(
        intents.GET_STATE,
        (
            "(what is|tell me|give me|show me|check|read) [the] [current] [(value|reading) of] [<the>] {name}"
            " [(value|reading)]",
            "what does [<the>] {name} (say|read|show)",
            "how much [<the>] {name} (have|did|do) (we|i) (had|have|got|get|made|make|produced|generated)"
            " [today|so far]",
        ),
    ),
    SentenceGroup(
        intents.GET_STATE,
        ("how much [is] [<the>] {name} [today|so far|so far today|right now|now] [in kwh]",),
        domains=("sensor",),
    ),  # "how much solar production today"
    SentenceGroup(
        intents.GET_STATE,
        (
            f"{_ASK} {_MEASURE} {{measure}} [{{measure_noun}}] {_BY} [<the>] {{name}}",
            f"{_ASK} [<the>] {{name}} {_MEASURE} {{measure}} [{{measure_noun}}]",
            "how much {measure} (does|do|is) [<the>] {name} (have|has|using|use|left|have left|got left)",
            f"{_ASK} {_MEASURE} {{measure}} [{{measure_noun}}] (in|on|at|upstairs in) <place>",
            f"{_ASK} [the] <place> {{measure}} [{{measure_noun}}]",
            "how much {measure} [is there|is it|is|do we have] (in|on|at) <place>",
            "when (is|will) [<the>] {name} [be]",
        ),
        slots=(("_measure", "date"),),
        domains=("sensor",),
        resolver="measure",
    ),
)
"""The value of a named device or sensor ("what is the humidity of the living room sensor")."""

MEASURE_HERE = SentenceGroup(
    intents.GET_STATE,
    (f"{_ASK} {_MEASURE} {{measure}} [{{measure_noun}}] [<here>]",),
    resolver="measure",
    context_area=True,
    priority=-1,
)
"""What a sensor where the question was heard measures ("what is the humidity")."""

_TEMP = "(temperature|temp)"
_TEMP_ASK = "(what is|tell me|give me|check)"
_TODAY = "(this morning|this afternoon|this evening|today|tonight|right now|now|at the moment)"
_BE_IT = "(is it|is|are|are there|is there|are we|do we have)"
"""How degrees are asked of ("how many degrees is it in the kitchen"; a learner's "how much degrees is
here")."""
_WARM = "(warm|hot|cold|cool|chilly)"
_INDOORS = "(in the house|in the flat|in the apartment|inside|indoors|at home)"
"""The home as a whole: no room of it."""

TEMPERATURE_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.CLIMATE_GET_TEMPERATURE,
        (
            f"{_TEMP_ASK} [the] [current] {_TEMP} [like] [<here>|outside] [{_TODAY}]",
            f"how {_WARM} is it [<here>] [exactly|right now|now|at the moment]",
            f"is it {_WARM} [<here>]",
            f"is it {_WARM} enough [<here>] [right now|now|at the moment]",
            f"what {_TEMP} is it [<here>] [right now|now|at the moment]",
            f"how (many|much) degrees [{_BE_IT}] [<here>]",
        ),
        context_area=True,
    ),
    SentenceGroup(
        intents.CLIMATE_GET_TEMPERATURE,
        (
            f"{_TEMP_ASK} [the] [current] {_TEMP} {_INDOORS} [right now|now|at the moment]",
            f"what {_TEMP} is it {_INDOORS} [right now|now|at the moment]",
            f"how {_WARM} is it {_INDOORS} [exactly|right now|now|at the moment]",
        ),
    ),
    SentenceGroup(
        intents.CLIMATE_GET_TEMPERATURE,
        (
            f"{_TEMP_ASK} [the] [current] {_TEMP} (of|on|{_IN}) <place>",
            f"what is [the] <place> [current] {_TEMP}",
            f"how {_WARM} is [it] [(on|{_IN})] <place>",
            f"how (many|much) degrees [{_BE_IT}] (in|on|at) <place>",
        ),
    ),
    SentenceGroup(
        intents.CLIMATE_GET_TEMPERATURE,
        (
            f"what is [the] [current] {_TEMP} (of|on|in|at|reported by|from) [<the>] {{name}}",
            f"what is [<the>] {{name}} [current] {_TEMP}",
            f"how {_WARM} is [<the>] {{name}}",
            "what does [<the>] {name} (say|read|show)",
            "what is [<the>] {name} [on] [(at|reading|showing)]",
            "what is [<the>] {name} [currently] set (to|at|on)",  # "what's the thermostat set to?"
        ),
        domains=("climate",),
        priority=1,
    ),
)
"""HassClimateGetTemperature: by area (or where heard) or by thermostat (what a thermostat says or is at is\nits temperature, not its state)."""

STATE_GROUPS: tuple[SentenceGroup, ...] = (
    NAMED_STATE,
    *DID_STATE,
    CLASS_STATE,
    CLASS_STATE_HERE,
    THAT_STATE,
    PEOPLE_STATE,
    SUBSTANCE_STATE,
    PEOPLE_IN,
    SUBSTANCE_HERE,
    *NAMED_VALUE,
    MEASURE_HERE,
    *TEMPERATURE_GROUPS,
)
