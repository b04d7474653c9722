"""The ``sentences`` section, and slot values (shared with rule triggers)."""

from __future__ import annotations

import logging

from assistantd.config.checks import get_color, get_state, template_problems
from assistantd.config.loader import ListNode, Node
from assistantd.config.references import Known, check_name
from assistantd.config.section import open_section
from assistantd.config.settings import DOMAINS, CustomSentence
from assistantd.config.template import TemplateError
from assistantd.config.walker import Issues, get_choice, get_int, get_map, get_number, get_string, suggestion
from assistantd.intents import HA_INTENTS, SLOT_NAMES

_LOGGER = logging.getLogger(__name__)

SlotValue = str | int | float
_PERCENT_SLOTS = ("brightness", "position", "volume_level")


def read_sentences(issues: Issues, items: list[tuple[str, Node]], known: Known) -> tuple[CustomSentence, ...]:
    """Extra sentence templates, each for one intent with fixed slots."""
    sentences: list[CustomSentence] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("intent", "templates"), optional=("slots",))
        if section is None:
            continue
        intent = section.choice("intent", HA_INTENTS, what="intent")
        templates = _templates(issues, section.items("templates"))
        written = section.node("templates")
        if isinstance(written, ListNode) and not written.items:
            issues.add(
                section.line_of("templates"), section.path_of("templates"), "needs at least one template"
            )
        slots_node = section.node("slots")
        slots = () if slots_node is None else read_slots(issues, slots_node, section.path_of("slots"), known)
        if intent is not None and templates and slots is not None:
            sentences.append(CustomSentence(intent=intent, templates=templates, slots=slots))
    return tuple(sentences)


def _templates(issues: Issues, items: list[tuple[str, Node]]) -> tuple[str, ...]:
    """Templates such as "(start|begin) [the] movie"; brackets balance and slots exist."""
    templates: list[str] = []
    for item_path, item in items:
        template = get_string(issues, item, item_path)
        if template is None:
            continue
        problems = template_problems(template) or _grammar_problems(template)
        for problem in problems:
            issues.add(item.line, item_path, f"invalid template {template!r}: {problem}")
        if not problems:
            templates.append(template)
    return tuple(templates)


def _grammar_problems(template: str) -> list[str]:
    """What the recognizer's template parser finds wrong (e.g. an empty choice)."""
    from assistantd.grammar.recognizer import custom_group  # the recognizer's own parser, not a copy

    try:
        custom_group(CustomSentence(intent=HA_INTENTS[0], templates=(template,)))
    except TemplateError as err:
        return [str(err)]
    return []


def read_slots(
    issues: Issues, node: Node, path: str, known: Known
) -> tuple[tuple[str, SlotValue], ...] | None:
    """Slot name -> value; names are Home Assistant's, values are checked per slot."""
    mapping = get_map(issues, node, path)
    if mapping is None:
        return None
    slots: list[tuple[str, SlotValue]] = []
    for entry in mapping.entries:
        entry_path = f"{path}.{entry.key}"
        if entry.key not in SLOT_NAMES:
            issues.add(
                entry.key_line, entry_path, f"unknown slot {entry.key!r}{suggestion(entry.key, SLOT_NAMES)}"
            )
            continue
        value = _slot_value(issues, entry.key, entry.value, entry_path, known)
        if value is not None:
            slots.append((entry.key, value))
    return tuple(slots)


def _slot_value(issues: Issues, slot: str, node: Node, path: str, known: Known) -> SlotValue | None:
    """One slot's value, checked against what the slot holds."""
    if slot in _PERCENT_SLOTS:
        return get_int(issues, node, path, minimum=0, maximum=100)
    if slot == "color_temp_kelvin":
        return get_int(issues, node, path, minimum=1000, maximum=20000)
    if slot == "temperature":
        return get_number(issues, node, path, minimum=-50, maximum=100)
    if slot == "state":
        return get_state(issues, node, path)
    if slot == "domain":
        return get_choice(issues, node, path, DOMAINS, what="domain")
    if slot == "color":
        return get_color(issues, node, path)
    value = get_string(issues, node, path)
    if value is None:
        return None
    return value if _name_known(issues, slot, node, path, value, known) else None


def _name_known(issues: Issues, slot: str, node: Node, path: str, value: str, known: Known) -> bool:
    """Whether a name/area/floor slot names something configured (other slots pass)."""
    if slot == "name":
        devices = [(d.id, d.name, d.aliases) for d in known.devices.values() if d is not None]
        return value.lower() == "all" or check_name(issues, node, path, value, "device", devices)
    if slot == "area":
        return check_name(issues, node, path, value, "area", [(a.id, a.name, a.aliases) for a in known.areas])
    if slot == "floor":
        return check_name(
            issues, node, path, value, "floor", [(f.id, f.name, f.aliases) for f in known.floors]
        )
    return True
