"""Adding to lists: "add apples to my shopping list" -> JSON {"list": NAME, "item": WORDS} on the lists topic.

Pure: the configuration says the topic and the lists.
"""

from __future__ import annotations

from assistantd import intents
from assistantd.action import Action
from assistantd.config.lists import ListsConfig
from assistantd.devices.payloads import dumps
from assistantd.intents import Intent

NO_ITEM = "What should I add?"


def list_addition(lists: ListsConfig, intent: Intent) -> tuple[Action | None, str]:
    """The publish that adds the intent's item to its list, and what to say (the problem, without one)."""
    item = (intent.slots.item or "").strip()
    if not item:
        return None, NO_ITEM
    name = lists.shopping_list
    if intent.name == intents.LIST_ADD and intent.slots.name:
        found = lists.find(intent.slots.name)
        if found is None:
            return None, f"I don't know a list called {intent.slots.name}."
        name = found.name
    action = Action(topic=lists.topic, payload=dumps({"list": name, "item": item}))
    where = _the(name) if name.casefold().endswith("list") else f"{_the(name)} list"
    return action, f"Added {item} to {where}."


def _the(name: str) -> str:
    """A list's name as an object ("the Shopping List")."""
    return name if name.casefold().startswith(("the ", "my ")) else f"the {name}"
