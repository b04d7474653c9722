"""Built-in templates for media transport (pause, resume, next, previous) and the dialogue answers."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_PLAYER = "([<the>] {name}|<place> [media player|player|speaker|speakers|tv])"
_AT = f"(on|in|of|at|for) {_PLAYER}"
_WHERE = f"[{_AT}|{_PLAYER}]"
_MEDIA = (
    "[the|my|this|that|our] (music|song|track|show|programme|program|movie|film|video|podcast|media|playback"
    "|audio|episode"
    "|radio|tv|album|playlist|player|media player|thing|it|that|this)"
)
_SHOW = "(the|my|our) (film|movie|show|programme|program|match|episode|series|music|podcast)"
"""What was being watched or heard, to go back to."""
_LEFT_OFF = "from where (we|i|you|it) (stopped|left|paused) [it|off]"
_ITEM = "(song|track|item|one|episode|video|chapter|tune|title)"
_AWHILE = "[for] (a|one) (sec|second|minute|moment|bit|while)"


def _media_group(intent: str, commands: tuple[str, ...]) -> SentenceGroup:
    """A media command said alone, before or after where it applies."""
    body = "(" + "|".join(commands) + ")"
    return SentenceGroup(
        intent,
        (f"{_WHERE} {body} [{_AT}|<here>]", f"{body} {_PLAYER}"),
        domains=("media_player",),
        context_area=True,
    )


MEDIA_GROUPS: tuple[SentenceGroup, ...] = (
    _media_group(
        intents.MEDIA_PAUSE,
        (
            f"(pause|hold) [{_MEDIA}]",
            "(pause|stop) (whatever|what) [is] (playing|on) [in here]",
            f"(stop|halt) {_MEDIA}",
            "stop (playing|playback)",
            f"(pause|stop|hold) [{_MEDIA}] [there] {_AWHILE}",
            f"(pause|stop|hold) (this|that) one [there] {_AWHILE}",
        ),
    ),
    SentenceGroup(
        intents.MEDIA_PAUSE,
        (f"(pause|stop|hold) {_PLAYER} [there] {_AWHILE}",),
        domains=("media_player",),
        context_area=True,
    ),
    SentenceGroup(
        intents.MEDIA_UNPAUSE,
        (
            "play [<the>] {name} [again]",  # "play the telly again please" ("again please" is a filler)
            f"start [<the>] {{name}} again [{_LEFT_OFF}]",  # "start the tv again from where
            # we stopped it": the named one
            "(start|get) [<the>] {name} (going|up|running) again",
            "(carry on|continue|keep going) with [<the>] {name}",
        ),
        domains=("media_player",),
        context_area=True,
    ),
    _media_group(
        intents.MEDIA_UNPAUSE,
        (
            f"(unpause|resume|continue|restart) [{_MEDIA}]",
            "(resume|continue) (playing|playback)",
            f"(play|start) {_MEDIA} again",
            f"(start|get) {_MEDIA} (going|up|running) again",  # "start that going again"
            f"[can|could] {_MEDIA} (play|start|carry on) again [now]",
            f"(put|turn) {_MEDIA} back on",
            "(keep|carry on|go on) playing",
            "(carry on|keep going)",
            "(press|hit) play [again]",
            f"(carry on|continue|keep going) with {_MEDIA}",
            f"[(let us|lets|we can) (get|go)] back to {_SHOW}",  # "right, back to the film"
        ),
    ),
    _media_group(
        intents.MEDIA_NEXT,
        (
            f"next [{_ITEM}]",
            f"skip [(this|the|that)] [{_ITEM}]",
            f"(skip|jump|go|move) [ahead|forward] to [the] next [{_ITEM}]",
            f"(play|go to) [the] next [{_ITEM}]",
            f"(skip|go|jump) (ahead|forward) [a|one] [{_ITEM}]",
        ),
    ),
    _media_group(
        intents.MEDIA_PREVIOUS,
        (
            f"(go|skip|jump) back [a|one] [{_ITEM}] [to [the] (previous|last) [{_ITEM}]]",
            f"(go|skip|jump) [back] to [the] {_ITEM} [that was] [on|playing] before [this|that] [one]",
            f"(replay|play|go to|skip to|jump to) [the] (previous|last) [{_ITEM}] [again]",
            f"(previous|last) [{_ITEM}]",
            "replay [(this|that|it)]",
        ),
    ),
)
"""HassMediaPause, HassMediaUnpause, HassMediaNext, HassMediaPrevious."""

DIALOGUE_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.NEVERMIND,
        (
            "[no|nah|nope] (never mind|nevermind|forget it|forget about it|forget that|cancel|cancel that"
            "|nothing"
            "|ignore (that|it|me|what i [just] said)|stop listening|i was not talking to you) [then]"
            " [it does not matter|(does not|doesnt) matter|no matter|not important|it is not important"
            "|my mistake|my bad|sorry|wrong room|me]",
            "(it does not matter|(does not|doesnt) matter|not important) [never mind|forget it]",
        ),
    ),
    SentenceGroup(
        intents.CONFIRM,
        (
            "[oh|um|uh|well|hmm|no actually|no wait|actually|wait] (yes|yeah|yep|yup|yes yes|yeah yeah"
            "|yep yep"
            "|ok ok|aye|si|si si|sure|sure thing"
            "|confirm|confirmed|i confirm|do it"
            "|go ahead|go for it|go on|ok|okay|of course|correct|affirmative|please do|absolutely|definitely"
            "|that is right|right|proceed|exactly|alright|all right|fine|sounds good|why not|that is the one"
            "|that is it|yes please|that is correct|let (him|her|them|us|me) in)"
            " [sure|sure thing|ok|okay|fine|alright|yes|yeah|do it"
            "|go ahead|go on|go for it|please do|that is the one|that is it|that is correct"
            "|that is right|exactly|correct|do that|that one|why not|sounds good|of course|that is fine"
            "|that is ok"
            "|that is okay|that is good|(open|unlock|lock|close|shut) it [up]"
            "|you can (open|unlock|lock|close|shut) [it]|let (him|her|them|us|me) in]"
            " [(open|unlock|lock|close|shut) it [up]|(turn|switch) (it|them) (on|off)] [please|thanks"
            "|thank you|then]",
        ),
    ),
    SentenceGroup(
        intents.DECLINE,
        (
            "[oh|um|uh|well|hmm] (no|nope|nah|no no|do not|dont|do not do it|do not do that|negative|no way"
            "|not now|stop|abort|i do not want that|no do not|wrong one|not that one|that is wrong|leave it"
            "|do not bother|no thanks|cancel it) [leave it|not that one|wrong one|that is wrong|do not bother"
            "|do not do it|not now] [thanks|thank you]",
        ),
    ),
)
"""HassNevermind and assistantd's confirm/decline answers (whole utterances only)."""

_PLAY = "(play|put on|start playing|i want to (watch|listen to|hear)|let us (watch|listen to))"
_PLAY_TITLE = "(play|start playing|i want to (watch|listen to|hear)|let us (watch|listen to))"
"""Without a kind of media, "put on" is no search: "put on the kettle", "put on my coat"."""
_ON_PLAYER = "[(on|in|at) [<the>] {name}] [(in|on) <area>|<here>]"

SEARCH_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.MEDIA_SEARCH,
        (
            f"{_PLAY} [the|my] {{media_class}} {{search_query}} {_ON_PLAYER}",
            f"{_PLAY} [the] {{search_query}} {{media_class}} {_ON_PLAYER}",
            "(put|stick) [on] [the|my] {media_class} {search_query} on [<the>] {name} [(in|on) <area>]",
        ),
        domains=("media_player",),
        context_area=True,
        resolver="search",
        priority=-1,
    ),
    SentenceGroup(
        intents.MEDIA_SEARCH,
        (
            f"{_PLAY_TITLE} {{search_query}} {_ON_PLAYER}",
            "(put|stick) [on] {search_query} on [<the>] {name} [(in|on) <area>]",
        ),
        domains=("media_player",),
        context_area=True,
        resolver="search",
        priority=-2,
    ),
)
"""HassMediaSearchAndPlay ("play The Office on the TV", "play the Queen album"): what to find is any few
words; a reading of another media command ("play the next song") or of a device's name wins, and a title
of only media words ("play music") is none."""
