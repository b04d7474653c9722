"""The grammar recognizer: sentence templates compiled once per configuration into regular expressions.

Recognition normalises the text, tries the templates whose first and last words and required words
fit (exact names first; only when nothing matches, names, areas and floors are matched fuzzily with
rapidfuzz, one slot at a time), turns each match into Home Assistant's slots, and keeps the best:
custom sentences first, then the closest names, the most words taken by a device name, the group's
priority, the simplest reading (fewest slots) and the template order.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistantd import intents
from assistantd.config.fragments import RULES
from assistantd.config.home import Device
from assistantd.config.sentences import CustomSentence, check_sentence
from assistantd.config.settings import Config
from assistantd.config.template import (
    Sequence,
    SlotRef,
    TemplateError,
    compile_pattern,
    first_words,
    last_words,
    parse_rules,
    parse_template,
    required_words,
)
from assistantd.grammar.catalog import Catalog
from assistantd.grammar.goals import wanted
from assistantd.grammar.lists import Hit, SlotList, SlotValue
from assistantd.grammar.names import GREEDY_WILDCARD, WILDCARD
from assistantd.grammar.phrasing import plainly
from assistantd.grammar.sentences.chores import CHORE_GROUPS
from assistantd.grammar.sentences.clock import CLOCK_GROUPS
from assistantd.grammar.sentences.groups import SentenceGroup
from assistantd.grammar.sentences.media import DIALOGUE_GROUPS, MEDIA_GROUPS, SEARCH_GROUPS
from assistantd.grammar.sentences.state import STATE_GROUPS
from assistantd.grammar.sentences.switch import SWITCH_GROUPS
from assistantd.grammar.sentences.timers import TIMER_GROUPS
from assistantd.grammar.sentences.values import SET_GROUPS
from assistantd.grammar.sentences.weather import WEATHER_GROUPS
from assistantd.grammar.slots import kind_before_colour, one_of, resolve
from assistantd.intents import Intent, Modality, Slots
from assistantd.text import asked_in_order, normalize, strip_fillers

_LOGGER = logging.getLogger(__name__)
_AGREED = re.compile(r"(?<=\S) (?:yeah|yep|yup|yes|aye)$")
"""A "yeah" said after a command ("lights on yeah"): read without it when nothing reads the whole (a tag
question, "the front door is locked yeah", is read whole first) and a command of two words or more is left
("no yeah" is no "no")."""
_HEARD_FOR = {"but": ("put",), "our": ("are",), "and": ("add", "send")}
"""First words a transcriber writes for others that sound alike ("but the milk on the shopping list", "our the
lights still on", "and five more minutes to the timer", "and rover back to the dock"): read as the other when
nothing reads the words as written."""
_ROUGHLY = re.compile(r"\b(to|at|on) (?:about|around|roughly|approximately|like|maybe) (?=\w)")
_ROUGHLY_AFTER = re.compile(
    r"\b(?:a (?:bit|little|touch|tad) )?(louder|quieter|softer|brighter|dimmer),?"
    r" (?:about|around|like|maybe|say) (?=\d|[a-z]+(?:ty|teen)\b|ten\b|(?:a )?hundred\b)"
)
"""A value said roughly ("dim the lights to about 20 percent", "the telly louder like 40", "a bit dimmer,
maybe forty"): the value."""
_ABOUT = re.compile(
    r"(?<=\w )(?:about|around|roughly|approximately) (?=(?:a |one |two |three )?(?:quarter|third|half)|\d)"
)
"""A share said roughly after the thing ("open the bedroom curtain about a third"): the share."""
_OR_NOT = re.compile(r"\bor (?:not|nah|no|what|wat)\W*$")
"""A question said as a statement with "or not" after it ("garage door open or nah"): asked, never done."""
_STATE_LAST = re.compile(
    r"^(?!(?:turn|switch|lock|unlock|open|close|shut|set|put|make|please|can|could|would|will|is|are) )"
    r"(?!.* (?:is|are) ).+ (?:locked|unlocked|bolted|open|closed|shut|on|off)$"
)
"""A thing and a state with a question mark ("side door locked?", "kitchen lights on?"): asked, not
commanded."""
_NO_FIRST = re.compile(r"^(?:(?:no|nope|nah)(?: (?:wait|no|sorry))*|wait no|sorry) (?=\S+ \S)")
"""A command said after a "no" ("no, turn off the kitchen lights", "no wait, open them": what was meant
instead), read without it when nothing reads the whole; never a yes, a no or a never mind ("no, yes" is no
answer)."""

BUILTIN_GROUPS: tuple[SentenceGroup, ...] = (
    *DIALOGUE_GROUPS,
    *SWITCH_GROUPS,
    *SET_GROUPS,
    *MEDIA_GROUPS,
    *STATE_GROUPS,
    *CLOCK_GROUPS,
    *WEATHER_GROUPS,
    *CHORE_GROUPS,
    *SEARCH_GROUPS,
    *TIMER_GROUPS,
)
"""Every built-in sentence group, in tie-breaking order."""

_RULES = parse_rules(RULES)
_ASKING = frozenset("is are was were did does do has have can could will would should".split())
"""Words that open a question: no name said approximately starts with one."""
_HOLES = re.compile(r"\{[^}]*\}|<[^>]*>")
_LITERAL = re.compile(r"[a-z]+")
_AMBIGUITY_FACTOR = 0.75
_DIALOGUE = frozenset({intents.CONFIRM, intents.DECLINE, intents.NEVERMIND, intents.NONE})


@dataclass(frozen=True, slots=True)
class _Template:
    """One compiled template."""

    group: SentenceGroup
    order: int
    exact: re.Pattern[str]
    fuzzy: tuple[str, ...]
    """For each name, area or floor slot, the pattern (source) with that one slot as a wildcard."""
    slots: tuple[SlotRef, ...]
    lists: tuple[SlotList, ...]
    required: frozenset[str]
    """Words every matching sentence contains."""
    last: frozenset[str] | None
    """Words a matching sentence may end with (None: any)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One interpretation of the text."""

    rank: tuple[float, ...]
    group: SentenceGroup
    slots: dict[str, SlotValue]
    score: float


class GrammarRecognizer:
    """Recognises Home Assistant intents in text with templates compiled from a configuration."""

    def __init__(self, config: Config, *, lazy: bool = False) -> None:
        """Compile the templates; with lazy, fuzzy patterns wait until an utterance needs them."""
        self._config = config
        self._catalog = Catalog(config)
        self._fuzzy: dict[str, re.Pattern[str]] = {}
        self._threshold = config.recognizer.fuzzy_threshold
        self._played = tuple(
            f"{words} " for device in config.devices for name in device.names
            if (words := normalize(name)).startswith("play ")
        )  # fmt: skip
        """Names that begin with "play" ("play corner off" switches off the Play Corner: no search)."""
        groups = [custom_group(sentence) for sentence in config.sentences]
        self._groups = (*groups, *BUILTIN_GROUPS)
        templates = list(self._compile(self._groups))
        self._open = tuple(t for t, first in templates if first is None)
        self._by_first: dict[str, tuple[_Template, ...]] = {}
        for word in {word for _, first in templates if first for word in first}:
            chosen = (t for t, first in templates if first is None or word in first)
            self._by_first[word] = tuple(sorted(chosen, key=lambda t: t.order))
        if not lazy:
            self.prepare_fuzzy()
        _LOGGER.debug("compiled %d templates (%d open)", len(templates), len(self._open))

    def _compile(self, groups: Iterable[SentenceGroup]) -> Iterable[tuple[_Template, frozenset[str] | None]]:
        """Each template with the words it can start with."""
        order = itertools.count()
        for group in groups:
            for text in group.templates:
                yield self._compile_one(group, text, next(order))

    def _compile_one(
        self, group: SentenceGroup, text: str, order: int
    ) -> tuple[_Template, frozenset[str] | None]:
        """One template: its exact pattern, one fuzzy pattern per name/area/floor slot, its first words."""
        tree = parse_template(text)

        def slot_list(ref: SlotRef) -> SlotList:
            found = self._catalog.get(ref.list_name, group.domains)
            if found is None:
                raise TemplateError(f"unknown list {{{ref.list_name}}} in template {text!r}")
            return found

        def pattern(ref: SlotRef, fuzzy: bool) -> str:
            return slot_list(ref).pattern(fuzzy)

        exact, refs = compile_pattern(tree, _RULES, lambda ref: pattern(ref, False))
        lists = tuple(map(slot_list, refs))
        wildcards = sum(found.fuzzy for found in lists) if group.fuzzy else 0
        fuzzy: list[str] = []
        for target in range(wildcards):
            lazy = _one_wildcard(tree, pattern, target, greedy=False)
            fuzzy.append(lazy)
            if not lazy.endswith(f"{WILDCARD}) "):  # a wildcard at the end takes the rest either way
                fuzzy.append(_one_wildcard(tree, pattern, target, greedy=True))
        required, last = required_words(tree, _RULES), last_words(tree, _RULES)
        template = _Template(group, order, _regex(exact), tuple(fuzzy), refs, lists, required, last)
        return template, first_words(tree, _RULES)

    def prepare_fuzzy(self) -> None:
        """Compile every fuzzy pattern now rather than when the first utterance needs it (~0.1-0.5 s)."""
        for templates in (self._open, *self._by_first.values()):
            for template in templates:
                for source in template.fuzzy:
                    self._fuzzy_pattern(source)

    def _fuzzy_pattern(self, source: str) -> re.Pattern[str]:
        """A fuzzy pattern, compiled once for this recognizer."""
        pattern = self._fuzzy.get(source)
        if pattern is None:
            pattern = self._fuzzy[source] = _regex(source)
        return pattern

    def words(self) -> frozenset[str]:
        """Every word the templates and the home's names hold (what a typing slip may be corrected to)."""
        texts = [*RULES.values(), *(text for group in self._groups for text in group.templates)]
        config = self._config
        lists = config.lists.named if config.lists is not None else ()
        names = [
            *(name for device in config.devices for name in device.names),
            *(name for area in config.areas for name in (area.name, *area.aliases)),
            *(name for floor in config.floors for name in (floor.name, *floor.aliases)),
            *(name for item in lists for name in (item.name, *item.aliases)),
        ]
        literal = {word for text in texts for word in _LITERAL.findall(_HOLES.sub(" ", text))}
        return frozenset(literal | {word for name in names for word in normalize(name).split()})

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        """The intent of a text heard in area_id (default: the site's area); NONE when no template fits."""
        words = strip_fillers(_ROUGHLY_AFTER.sub(r"\1 to ", normalize(text)), asides=True)
        words = _ABOUT.sub("", _ROUGHLY.sub(r"\1 ", words))
        if not words:
            return intents.no_intent(text)
        area = self._config.area(area_id if area_id is not None else self._config.site.area)
        heard_area = area.name if area is not None else None
        if (goal := wanted(words, text)) is not None:  # "no lights on the first floor": off, never on
            said = self._candidates(strip_fillers(goal, asides=True), heard_area, fuzzy=False)
            return self._best(said, text) if said else intents.no_intent(text)
        candidates = self._candidates(words, heard_area)
        if (text.rstrip().endswith("?") or _OR_NOT.search(normalize(text))) and _STATE_LAST.match(words):
            asked = [*self._candidates(f"is {words}", heard_area)]
            asked += self._candidates(f"are {words}", heard_area)
            candidates = [c for c in asked if c.group.resolver == "state"] or candidates
        if not candidates and (agreed := _AGREED.sub("", words)) != words and " " in agreed:
            candidates = self._candidates(agreed, heard_area)
        for said in dict.fromkeys((words, normalize(text))):  # "and" is a filler too, where it starts
            first, _, rest = said.partition(" ")
            for meant in _HEARD_FOR.get(first, ()) if rest else ():
                candidates = candidates or self._candidates(strip_fillers(f"{meant} {rest}"), heard_area)
        if (plain := strip_fillers(plainly(words), asides=True)) != words and plain:  # read exactly if at all
            if not candidates or not self._candidates(words, heard_area, fuzzy=False):
                candidates = self._candidates(plain, heard_area, fuzzy=not candidates) or candidates
        if not candidates and (corrected := _NO_FIRST.sub("", words)) != words:
            readings = self._candidates(corrected, heard_area)
            candidates = [c for c in readings if c.group.intent not in (*intents.ANSWERS, intents.NEVERMIND)]
        if not candidates and (asked := asked_in_order(text)) is not None:
            readings = self._candidates(strip_fillers(plainly(asked), asides=True), heard_area)
            candidates = [c for c in readings if c.group.resolver in ("state", "measure")]
        if not candidates:
            return intents.no_intent(text)
        return self._best(candidates, text)

    def _candidates(self, words: str, heard_area: str | None, *, fuzzy: bool = True) -> list[_Candidate]:
        """The readings of normalised words: the exact templates', else (with fuzzy) the fuzzy ones'."""
        templates = self._templates_for(words.split(" "))
        padded = words + " "
        candidates = self._match(templates, padded, heard_area, fuzzy=False)
        return candidates or (self._match(templates, padded, heard_area, fuzzy=True) if fuzzy else [])

    def _templates_for(self, spoken: list[str]) -> tuple[_Template, ...]:
        """The templates whose first word, last word and required words the utterance has."""
        vocabulary, last = set(spoken), spoken[-1]
        return tuple(
            template
            for template in self._by_first.get(spoken[0], self._open)
            if template.required <= vocabulary and (template.last is None or last in template.last)
        )

    def _match(
        self, templates: tuple[_Template, ...], padded: str, heard_area: str | None, *, fuzzy: bool
    ) -> list[_Candidate]:
        """Every interpretation the templates give the text."""
        candidates: list[_Candidate] = []
        for template in templates:
            for pattern in map(self._fuzzy_pattern, template.fuzzy) if fuzzy else (template.exact,):
                match = pattern.fullmatch(padded)
                if match is not None:
                    candidates.extend(self._interpret(template, match, heard_area, fuzzy))
        return candidates

    def _interpret(
        self, template: _Template, match: re.Match[str], heard_area: str | None, fuzzy: bool
    ) -> Iterable[_Candidate]:
        """The candidates of one match: one per combination of slot meanings that resolves."""
        choices: list[tuple[tuple[str, Hit], ...]] = []
        for index, (ref, slot_list) in enumerate(zip(template.slots, template.lists, strict=True)):
            spoken = match.group(f"g{index}")
            if spoken is None:
                continue
            if fuzzy and spoken.split(" ", 1)[0] in _ASKING:
                return  # "is the thermostat on" is a question, not "{name} on" with a slip in the name
            hits = slot_list.lookup(spoken, fuzzy)
            if not hits:
                return
            choices.append(tuple((ref.slot, hit) for hit in hits))
        group = template.group
        for combination in itertools.product(*choices):
            values: dict[str, SlotValue] = dict(group.slots)
            devices: tuple[Device, ...] = ()
            score, name_words = 100.0, 0
            for slot, hit in combination:
                values.update(hit.slot_values(slot))
                score = min(score, hit.score)
                if hit.devices:
                    devices, name_words = hit.devices, name_words + hit.words
            slots = resolve(group, values, devices, heard_area)
            said = {ref.slot: (match.span(f"g{at}"), match.group(f"g{at}"))
                    for at, ref in enumerate(template.slots)}  # fmt: skip
            if slots is None or (group.resolver == "search" and self._plays_a_name(values)) or one_of(said):
                continue  # (and "the cabinets one" is a device, not a level of 1)
            kind_before_colour(slots, devices, said)
            rank = (float(group.custom), score, name_words, group.priority, -len(slots), -template.order)
            yield _Candidate(rank, group, slots, score)

    def _plays_a_name(self, values: dict[str, SlotValue]) -> bool:
        """Whether "play" and the search's first words are a device's name."""
        said = f"play {values.get('search_query', '')} "
        return any(said.startswith(name) for name in self._played)

    def _best(self, candidates: list[_Candidate], text: str) -> Intent:
        """The best candidate as an intent, with less confidence when a different reading ranks the same."""
        candidates.sort(key=lambda candidate: candidate.rank, reverse=True)
        best = candidates[0]
        confidence = 1.0 if best.group.custom else best.group.confidence
        if best.score < 100.0:
            span = max(100.0 - self._threshold, 1.0)
            confidence *= 0.55 + 0.4 * max(best.score - self._threshold, 0.0) / span
        for other in candidates[1:]:
            if other.rank[:5] != best.rank[:5]:
                break
            if other.group.intent != best.group.intent or other.slots != best.slots:
                confidence *= _AMBIGUITY_FACTOR
                break
        return Intent(
            name=best.group.intent,
            slots=Slots(**best.slots),  # type: ignore[arg-type]
            confidence=round(confidence, 3),
            modality=Modality.TEXT,
            text=text,
            recognizer="custom" if best.group.custom else "grammar",
            everywhere=best.group.everywhere,
        )


@functools.lru_cache(maxsize=4096)
def _regex(source: str) -> re.Pattern[str]:
    """A compiled pattern, shared by recognizers (fuzzy patterns are compiled when first needed)."""
    return re.compile(source)


def clear_pattern_cache() -> None:
    """Forget the compiled patterns recognizers share (for cold start measurements)."""
    _regex.cache_clear()


def _one_wildcard(tree: Sequence, pattern: Callable[[SlotRef, bool], str], target: int, greedy: bool) -> str:
    """The regex of a template whose target-th name, area or floor slot is a wildcard (others exact).

    A lazy wildcard leaves optional words after it to the template ("desk lamp [in the office]"), a
    greedy one takes them ("desk light" rather than "desk" + "light"); the fuzzy pass tries both.
    """
    seen = itertools.count()

    def slot_pattern(ref: SlotRef) -> str:
        exact = pattern(ref, False)
        if exact == pattern(ref, True):
            return exact
        if next(seen) != target:
            return exact
        return GREEDY_WILDCARD if greedy else pattern(ref, True)

    return compile_pattern(tree, _RULES, slot_pattern)[0]


def custom_group(sentence: CustomSentence) -> SentenceGroup:
    """A configured sentence as a group that wins over the built-ins; raises TemplateError if malformed."""
    check_sentence(sentence)
    return SentenceGroup(
        sentence.intent,
        sentence.templates,
        sentence.slots,
        context_area=sentence.intent not in _DIALOGUE,
        confidence=1.0,
        custom=True,
    )

