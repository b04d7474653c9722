"""Built-in templates for a media player's volume: to a level ("turn the telly down to 15", "volume 30 in
here"), by a step the daemon takes ("turn the telly up a bit"), and of whatever "it" is ("volume to 35 on
it")."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_THAT = "(it|that|this|them|those|these) [one]"
_VOLUME = "({percent:volume_level} [percent]|{volume_share})"
_PLAYER = "([<the>] {name}|<place> [media player|speaker|speakers|tv])"
_AT, _ON_IT = f"(on|in|of|for|at) {_PLAYER}", f"(on|of|for) {_THAT}"
_A_BIT = "[a bit|a little|a little bit|a touch|a tad|a notch|a smidge|slightly|a bit more|some more]"
_VOLUME_VERB = (
    "((<set>|increase|decrease|raise|lower|adjust) [the] (volume|sound|music) [up|down]"
    "|turn (up|down) the (volume|sound|music)|turn [the] (volume|sound|music) (up|down)"
    "|volume [up|down]|music (up|down))"
)

VOLUME_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.SET_VOLUME,
        (
            f"[{_AT}] {_VOLUME_VERB} [{_AT}|<here>] [to|at] {_VOLUME} [{_AT}|<here>]",
            f"(<set>|turn) [the] {_PLAYER} (volume|sound) [up|down] to {_VOLUME}",
            f"(turn|put|bring|whack|crank|knock) [the] (volume|sound) {_AT} (up|down) [to|at] {_VOLUME}",
            f"{_PLAYER} (volume|sound) [up|down] [to] {_VOLUME}",  # "telly volume down to 15"
            f"(turn|put|bring) [<the>] {{name}} (up|down) to {_VOLUME}",
            f"(drop|lower) [<the>] {{name}} [down] to {_VOLUME}",  # "drop the telly to 10"
            f"(make|turn|get) [<the>] {{name}} (louder|quieter|softer) (to|at) {_VOLUME}",
            f"[<the>] {{name}} (up|down) to {_VOLUME}",  # "telly down to 10"
            f"[<set>|put] [<the>] {{name}} (to|at) {_VOLUME}",  # "set the telly to 15": its volume
        ),
        domains=("media_player",),
        context_area=True,
    ),
    SentenceGroup(  # "turn the telly up a bit": a step, the daemon's
        intents.SET_VOLUME,
        (
            f"(turn|put|bring|crank|knock|push) [<the>] {{name}} (up|down) {_A_BIT}",
            f"[<the>] {{name}} (up|down) {_A_BIT}",
        ),
        domains=("media_player",),
        context_area=True,
    ),
    SentenceGroup(  # "volume to 35 on it": whatever "it" is, from the pointing or the dialogue
        intents.SET_VOLUME,
        (f"{_VOLUME_VERB} [to|at] {_VOLUME} {_ON_IT}", f"{_VOLUME_VERB} {_ON_IT} [to|at] {_VOLUME}"),
        priority=-1,
    ),
)
"""HassSetVolume (percent); "the sound" or "the music" is the volume ("turn the sound down to fifteen", "music
down to 15 in here")."""
