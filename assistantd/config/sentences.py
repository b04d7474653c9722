"""Custom sentences (the ``sentences`` section), the checks of their templates, and slot values (also read by
rule triggers)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from assistantd.config.checks import get_color, get_state
from assistantd.config.domains import DOMAINS
from assistantd.config.fields import read_key, setting
from assistantd.config.fragments import RULES
from assistantd.config.home import Known
from assistantd.config.loader import ListNode, Node
from assistantd.config.references import check_name
from assistantd.config.section import open_section
from assistantd.config.template import Sequence, TemplateError, parse_rules, parse_template, slot_refs
from assistantd.config.walker import Issues, get_choice, get_int, get_map, get_number, get_string, suggestion
from assistantd.intents import ALL_INTENTS, HA_INTENTS, SLOT_NAMES

SlotValue = str | int | float
_PERCENT_SLOTS = ("brightness", "position", "volume_level")
_CLOSERS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True, slots=True)
class CustomSentence:
    """Extra sentence templates for an intent, with fixed slots."""

    intent: str = setting(choices=HA_INTENTS, what="intent")
    templates: tuple[str, ...]
    """Such as "(start|begin) [the] movie": ``(a|b)`` choice, ``[x]`` optional, ``{slot}``, ``<fragment>``."""
    slots: tuple[tuple[str, SlotValue], ...] = ()
    """Slot values every match carries."""


def check_sentence(sentence: CustomSentence) -> None:
    """Raise TemplateError when a custom sentence has an unknown intent, slot name or template slot, or a
    template that does not parse (``<fragment>`` references included)."""
    if sentence.intent not in ALL_INTENTS:
        raise TemplateError(f"unknown intent {sentence.intent!r} in custom sentence")
    unknown = [key for key, _ in sentence.slots if key not in SLOT_NAMES]
    if unknown:
        raise TemplateError(f"unknown slot {unknown[0]!r} in custom sentence for {sentence.intent}")
    for text in sentence.templates:
        check_template(text)


def check_template(text: str) -> None:
    """Raise TemplateError when a template does not parse or fills a slot that does not exist."""
    for ref in slot_refs(parse_template(text), _fragments()):
        if ref.slot not in SLOT_NAMES and ref.slot != "place":
            raise TemplateError(f"unknown slot {{{ref.slot}}} in template {text!r}")


@functools.cache
def _fragments() -> dict[str, Sequence]:
    """The shared ``<fragment>`` templates, parsed once."""
    return parse_rules(RULES)


def read_sentences(issues: Issues, items: list[tuple[str, Node]], known: Known) -> tuple[CustomSentence, ...]:
    """Extra sentence templates, each for one intent with fixed slots."""
    sentences: list[CustomSentence] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("intent", "templates"), optional=("slots",))
        if section is None:
            continue
        intent = read_key(section, CustomSentence, "intent")
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
    """Templates such as "(start|begin) [the] movie"; brackets balance, slots exist and the parser agrees."""
    templates: list[str] = []
    for item_path, item in items:
        template = get_string(issues, item, item_path)
        if template is None:
            continue
        problems = template_problems(template) or _parser_problems(template)
        for problem in problems:
            issues.add(item.line, item_path, f"invalid template {template!r}: {problem}")
        if not problems:
            templates.append(template)
    return tuple(templates)


def _parser_problems(template: str) -> list[str]:
    """What the template parser finds wrong (e.g. an empty choice, an unknown ``<fragment>``)."""
    try:
        check_template(template)
    except TemplateError as err:
        return [str(err)]
    return []


def template_problems(template: str) -> list[str]:
    """Messages for a sentence template: brackets must balance and ``{slot}`` name a slot."""
    problems: list[str] = []
    stack: list[tuple[str, int]] = []
    for column, char in enumerate(template, start=1):
        if char in "([{":
            if stack and stack[-1][0] == "{":
                problems.append(f"{char!r} at column {column} is inside a {{slot}}")
            stack.append((char, column))
        elif char in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[char]:
                problems.append(f"unbalanced {char!r} at column {column}")
                return problems
            opener, start = stack.pop()
            if opener == "{":
                problems.extend(_slot_problems(template[start : column - 1]))
    problems.extend(f"unclosed {opener!r} from column {start}" for opener, start in stack)
    return problems


def _slot_problems(name: str) -> list[str]:
    """Messages for the name inside ``{...}`` in a sentence template."""
    if name in SLOT_NAMES:
        return []
    return [f"unknown slot {{{name}}}{suggestion(name, SLOT_NAMES)}; slots are {', '.join(SLOT_NAMES)}"]


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
