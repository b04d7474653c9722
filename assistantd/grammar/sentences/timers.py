"""Built-in templates for timers, with Home Assistant's intents and slots: start one for a length ({duration}:
hours, minutes, seconds), and cancel, pause, resume, lengthen, shorten or ask about one picked by its name,
its area or the length it was started with ({start_duration}: start_hours, start_minutes, start_seconds)."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_A = "[a|an|the|my|one|another]"
_NAME = "{timer_name:name}"
_SO_NAMED = "(named|called|for)"
_START = (
    "(start|set [up]|create|make|begin|put on|put|give me|i need|i want|(can|could|may) i (get|have)|get me"
    "|do|run|pop)"
)
_PLACE = "[(in|on|for) <area>|in here]"
"""Where a timer is set: an area said ("in here" is where it is heard, as a timer without a place is)."""

_WHICH: tuple[str, ...] = (
    "[<the>] timer",
    "[<the>] {start_duration} timer",
    "[<the>] timer for {start_duration}",
    "<area> timer",
    "[<the>] timer (in|on) <area>",
    f"[<the>] {_NAME} timer",
    f"[<the>] timer {_SO_NAMED} {_NAME}",
)
"""Which timer: the one, by the length it was started with, by area, by name (in that order: an area's name
is its area, not a timer's name)."""
_WHICH_ANY = (*_WHICH, "[<the>] timers", "<area> timers", "[<the>] timers (in|on) <area>")
"""Which timer, for a question about them all too ("how long is left on my timers")."""


def _each(verbs: str, *shapes: str, which: tuple[str, ...] = _WHICH) -> tuple[str, ...]:
    """Every shape with each way of saying which timer (``W`` in a shape)."""
    return tuple(
        shape.replace("W", target).replace("V", verbs)
        for shape in shapes
        for target in (which if "W" in shape else ("",))
    )


START_TIMER_GROUP = SentenceGroup(
    intents.START_TIMER,
    (
        f"[{_START}] {_A} {{duration}} timer [{_SO_NAMED} {_NAME}] {_PLACE}",
        f"[{_START}] {_A} {{duration}} {_NAME} timer {_PLACE}",
        f"[{_START}] {_A} timer for {{duration}} [(named|called|for) {_NAME}] {_PLACE}",
        f"[{_START}] {_A} timer {_SO_NAMED} {_NAME} [for] {{duration}} {_PLACE}",  # "..., twenty minutes"
        f"{_NAME} timer [for] {{duration}} [please]",
        f"timer [for] {_NAME} {{duration}} [please]",  # "timer rice 18 minutes"
        f"[{_START}] {_A} {_NAME} timer for {{duration}} {_PLACE}",
        f"{_START} {_A} timer {_PLACE} for {{duration}}",
        f"[{_START}] {_A} timer {{duration}} [{_SO_NAMED} {_NAME}] {_PLACE}",
        f"(put|get|stick) {_A} {{duration}} timer (on|going) [{_SO_NAMED} {_NAME}] {_PLACE}",
        f"(put|get|stick) {_A} timer (on|going) [for] {{duration}} [{_SO_NAMED} {_NAME}] {_PLACE}",
        f"(put|get|stick) {_A} {_NAME} timer (on|going) [for] {{duration}} {_PLACE}",
        "(time|count down [from]) {duration} [for me]",
        "(remind me|let me know|tell me|wake me [up]) in {duration}",
    ),
    priority=2,
)
"""HassStartTimer: "set a timer for 5 minutes", "an hour and a half pizza timer", "timer for 90 seconds
named tea" (hours, minutes, seconds as said; name; area when said)."""

_CANCEL = (
    "(cancel|stop|delete|remove|end|clear|turn off|switch off|kill|dismiss|silence|get rid of|scrap|ditch"
    "|forget [about])"
)
CANCEL_TIMER_GROUP = SentenceGroup(
    intents.CANCEL_TIMER,
    _each(_CANCEL, "V W", "V W (now|please)", "W V [please]", "W V (it|that) [now|please]"),
    priority=2,
)
"""HassCancelTimer: "cancel the pizza timer", "stop my 5 minute timer", "stop timer in the kitchen", "timer,
cancel", "the pizza timer, cancel it"."""

CANCEL_ALL_GROUP = SentenceGroup(
    intents.CANCEL_ALL_TIMERS,
    (
        f"{_CANCEL} (all|every|each) [single] [of] [the|my|our|your] timers",
        f"{_CANCEL} (all|every|each) [single] [of] [the|my|our|your] timer",
        f"{_CANCEL} (all|every|each) [of] <area> timers",
        f"{_CANCEL} (all|every|each) [of] [the|my|our|your] timers (in|on) <area>",
        f"{_CANCEL} [the|my|our|your] timers",
        f"{_CANCEL} <area> timers",
        f"{_CANCEL} [the|my|our|your] timers (in|on) <area>",
    ),
    priority=3,
)
"""HassCancelAllTimers: "cancel all timers", "stop all the kitchen timers"."""

INCREASE_TIMER_GROUP = SentenceGroup(
    intents.INCREASE_TIMER,
    _each(
        "(add|put|give)",
        "V [another|an extra] {duration} (to|on|onto) W",
        "V {duration} more (to|on) W",
        "[another|an extra] {duration} [more] (on|onto) W",
        "(increase|extend|lengthen) W by {duration}",
        "give W {duration} more",
        "W plus {duration}",
        *(
            shape.replace("U", f"{{{unit}}} more ({unit[:-1]}|{unit})")
            for unit in ("hours", "minutes", "seconds")
            for shape in ("give W U", "V U (to|on|onto) W", "U (on|onto) W")
        ),
        f"(add|put) [another|an extra] {{duration}} [more] (to|on) [<the>] {_NAME}",  # "... to the rice"
        f"(add|put) {{minutes}} more (min|mins|minute|minutes) (to|on) [<the>] {_NAME}",
    ),
    priority=2,
)
"""HassIncreaseTimer: "add 5 minutes to the pizza timer", "increase the kitchen timer by 2 minutes"."""

DECREASE_TIMER_GROUP = SentenceGroup(
    intents.DECREASE_TIMER,
    _each(
        "(remove|take|subtract|knock|cut)",
        "V {duration} (from|off|off of) W",
        "V {duration} off",
        "(decrease|reduce|shorten|cut) W by {duration}",
        "W minus {duration}",
    ),
    priority=2,
)
"""HassDecreaseTimer: "take 2 minutes off the pizza timer", "decrease my timer by 5 minutes"."""

PAUSE_TIMER_GROUP = SentenceGroup(
    intents.PAUSE_TIMER,
    _each(
        "(pause|hold|freeze|suspend)",
        "V W [for] [a (sec|second|minute|moment|bit)]",
        "put W on hold",
        "W (V|on hold) [please]",
    ),
    priority=2,
)
"""HassPauseTimer: "pause the timer", "pause the pizza timer"."""

UNPAUSE_TIMER_GROUP = SentenceGroup(
    intents.UNPAUSE_TIMER,
    _each(
        "(resume|continue|unpause|un pause|restart)",
        "V W",
        "start W again",
        "W V [please]",
        "(carry on|go on|keep going) with W",
    ),
    priority=2,
)
"""HassUnpauseTimer: "resume the timer", "continue the timer in the kitchen", "carry on with the timer"."""

_LEFT = "(left|remaining|to go)"
TIMER_STATUS_GROUP = SentenceGroup(
    intents.TIMER_STATUS,
    (
        *_each(
            "",
            "W status",
            "status of W",
            "what is the status of W",
            f"how (much time|many minutes|many seconds|long) [(is|are) [there]] {_LEFT} (on|in|for) W",
            "how long [has|does] W (got|have) [left]",  # "how long's that timer got left"
            f"[what is the] time {_LEFT} (on|in|for) W",
            f"what is {_LEFT} (on|in|for) W",
            "how long until W (ends|finishes|goes off|rings|is done)",
            "when (will|does) W (end|finish|go off|ring|be done)",
            "is W (running|still running|done|finished|paused)",
            "is W (nearly|almost|nearly about|about) (done|finished|up|over|ready)",
            "how is W (doing|going|getting on|coming along)",
            f"how much (longer|more time) [is [there]] [{_LEFT}] (on|in|for) W",
            "how (long|much longer) (until|till|before) W (ends|finishes|goes off|rings|is done)",
            f"W (how much (longer|more time)|how long [is] {_LEFT})",
            f"W how (much time|many minutes|many seconds|long) [is|is there] [still] {_LEFT}",
            which=_WHICH_ANY,
        ),
        f"how (much time|many minutes|many seconds|long) [is|is there] [still] {_LEFT}",
        f"how much (longer|more time) [is [there]] [{_LEFT}]",
        "(is there|are there) (a|any) (timer|timers) [running|set|going]",
        "what timers (are|do i have) [running|set|going]",
        "(list|show) [me] [all] [the|my] timers",
        f"how (much time|long) [is|is there] [still] {_LEFT} on [<the>] {_NAME}",  # "... left on the rice"
        f"how long (until|till|til) [<the>] {_NAME} is (done|ready)",
    ),
    priority=2,
)
"""HassTimerStatus: "timer status", "how much time is left", "how long is left on the pizza timer"."""

TIMER_GROUPS: tuple[SentenceGroup, ...] = (
    CANCEL_ALL_GROUP,
    START_TIMER_GROUP,
    CANCEL_TIMER_GROUP,
    INCREASE_TIMER_GROUP,
    DECREASE_TIMER_GROUP,
    PAUSE_TIMER_GROUP,
    UNPAUSE_TIMER_GROUP,
    TIMER_STATUS_GROUP,
)
