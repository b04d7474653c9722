"""Built-in templates for chores: robot vacuums (start, back to base) and adding to lists."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_VACUUM = (
    "[the|my|our] [little] (vacuum|vacuum cleaner|robot vacuum|robot vacuum cleaner|robot|hoover|robot hoover"
    "|roomba|robot cleaner"
    "|cleaning robot)"
)
_ROBOT = f"([<the>] {{name}}|{_VACUUM})"
_PLACE = "[(in|on|upstairs in|downstairs in) (<area>|<floor>)] [now|please]"
_CLEAN = "(start|start cleaning|clean|go clean|do [its|the] cleaning)"
_BASE = "[the|its|your|his|her] (base|dock|docking station|charger|charging station|bed)"

VACUUM_START_GROUP = SentenceGroup(
    intents.VACUUM_START,
    (
        f"(start|run|launch|turn on|switch on|activate|fire up) {_ROBOT} {_PLACE}",
        f"(start|begin) (cleaning|vacuuming|hoovering) {_PLACE}",
        "(clean|vacuum|hoover) (<area>|<floor>)",
        "(clean|vacuum|hoover) [the] (house|home|flat|apartment|floors|floor|everywhere)",
        f"(send|let) {_ROBOT} (clean|vacuum) (<area>|<floor>)",
        f"{_ROBOT} (start|start cleaning|clean|clean up|go clean) {_PLACE}",
        f"(get|tell|ask|have) {_ROBOT} [to] {_CLEAN} {_PLACE}",
        f"(let|set) {_ROBOT} loose {_PLACE}",
        f"(get|set) {_ROBOT} (going|started|cleaning) {_PLACE}",
        f"(send|run|take|push|whizz|put) {_ROBOT} (round|around|about|over)"
        " [(the (house|home|flat|place|floors|floor)|<area>|<floor>)] [now|please]",  # "send the hoover round
        # the house"
    ),
    domains=("vacuum",),
    priority=1,
)
"""HassVacuumStart ("start Rover", "clean the first floor"); above turning a device on, as Home Assistant
reads "start Rover"."""

VACUUM_RETURN_GROUP = SentenceGroup(
    intents.VACUUM_RETURN,
    (
        f"(return|send|take) {_ROBOT} [back] (to {_BASE}|home)",
        f"[can|could|will|would] {_ROBOT} [go|return] [back] (to {_BASE}|home) [now]",
        f"(dock|park|recall) {_ROBOT}",
        f"(send|bring) {_ROBOT} back",
        f"(get|tell|ask|have) {_ROBOT} [to] (go|return) [back] (to {_BASE}|home)",
    ),
    domains=("vacuum",),
    priority=1,
)
"""HassVacuumReturnToBase ("return Rover to base", "send the vacuum home")."""

_ADD = "(add|put|write|stick)"
_ONTO = "(to|on|onto|in) [my|the|our]"
_FOR_WHEN = (
    "[for (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|later"
    "|the weekend|this week|next week|the morning)]"
)
"""When the item is for ("put mow the lawn on the chores list for saturday"): not part of the item."""

SHOPPING_LIST_GROUP = SentenceGroup(
    intents.SHOPPING_LIST_ADD,
    (
        f"{_ADD} {{item}} {_ONTO} [shopping|grocery|groceries] list {_FOR_WHEN}",
        f"{_ADD} {{item}} {_ONTO} (shopping|groceries) {_FOR_WHEN}",
        f"[my|the|our] (shopping|grocery|groceries) list [add|put] {{item}}",
        f"{_ADD} {_ONTO} [shopping|grocery|groceries] list {{item}}",
        f"{_ONTO} [shopping|grocery|groceries] list {_ADD} {{item}}",
    ),
    priority=1,
)
"""HassShoppingListAddItem: "add apples to my shopping list", "put apples on the list"."""

LIST_ADD_GROUP = SentenceGroup(
    intents.LIST_ADD,
    (
        f"{_ADD} {{item}} {_ONTO} {{todo_list:name}} [list|to do list|todo list] {_FOR_WHEN}",
        f"[my|the|our] {{todo_list:name}} (list|to do list|todo list) [add|put] {{item}}",
        f"{_ADD} {_ONTO} {{todo_list:name}} (list|to do list|todo list) {{item}}",
        f"{_ONTO} {{todo_list:name}} (list|to do list|todo list) {_ADD} {{item}}",
    ),
)
"""HassListAddItem: "add nails to the hardware list" (a named list of the config's)."""

CHORE_GROUPS: tuple[SentenceGroup, ...] = (
    VACUUM_START_GROUP,
    VACUUM_RETURN_GROUP,
    SHOPPING_LIST_GROUP,
    LIST_ADD_GROUP,
)
