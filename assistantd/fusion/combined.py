"""The grammar and the intent model side by side, combined by calibrated confidence.

Where the grammar matches with certainty it is nearly always right and costs nothing: it decides. Where it
matches nothing, or only fuzzily, the model reads the turn (paraphrases, misheard words, deixis, gestures)
and its calibrated confidence, times its command score, must clear a floor, otherwise the turn is rejected.
torch is imported only when a model is loaded, so the text-only daemon never pays for it.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.address import to_someone
from assistantd.fusion.clauses import (
    BARE_NAME,
    CLAUSE_BREAK,
    CLAUSE_EXACT,
    SAYS_WHEN,
    TOPICAL_EXACT,
    asked_of_it,
    before_remarks,
    commands,
    given_up,
    said_again,
    the_answer,
    the_command,
    the_command_before,
    unknown_topic,
    with_place,
    with_topic,
)
from assistantd.fusion.contrast import contrasted
from assistantd.fusion.coreference import from_remark
from assistantd.fusion.corrections import corrected, named_corrections, put_right
from assistantd.fusion.delayed import put_off, said_later
from assistantd.fusion.described import described, described_clause
from assistantd.fusion.doubts import a_set_point, an_effect, doubtful, on_a_condition, stated, unfounded
from assistantd.fusion.home_forms import HomeForms, kin_words
from assistantd.fusion.negation import left_be, negated, reported, talk
from assistantd.fusion.one_clause import (
    asked_clauses,
    model_doubted,
    no_level,
    said_dark,
    the_one_command,
    unanchored,
)
from assistantd.fusion.ramble import among
from assistantd.fusion.remarks import (
    after_a_try,
    before_a_remark,
    before_a_remark_on_it,
    before_remarks_said,
    kept_reading,
    placed_aside,
    without_remark,
)
from assistantd.fusion.spelling import Speller
from assistantd.fusion.thresholds import Thresholds
from assistantd.fusion.valued import VALUE_SLOTS, lit_at, valued
from assistantd.grammar.names import DEVICE_WORDS, ROOM_WORDS, everyday_names
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intent_model.features import NO_EVIDENCE, Evidence
from assistantd.intent_model.wire import Prediction
from assistantd.intents import Intent
from assistantd.text import asked_in_order, normalize, strip_fillers, without_hesitation

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)

DESCRIBED = 0.75
"""The confidence of a reading of a device described rather than named: it stands, and is asked about."""
_TAKEN_BACK = frozenset({intents.DECLINE, intents.NEVERMIND})
"""A clause that takes the rest back ("turn on the lamp, no wait"); a yes ("right, ...") is a manner."""
_QUOTED = re.compile("[\"\u201c\u201d]|(?:^|\\s)['\u2018][^'\u2019]+['\u2019](?=[\\s?.,!]|$)")
_QUESTIONS = frozenset({intents.GET_STATE, intents.CLIMATE_GET_TEMPERATURE, intents.GET_WEATHER})
_NOT_NAMING = frozenset("a an the of and in on at to for my our your today tonight now yesterday".split())
"""Words of the home's names that name no thing ("Water pump usage today", "scorcher today, ...")."""
MAX_CLAUSES = 6  # more are not searched for a run that is a command (a ramble, not a command with asides)


class CombinedRecognizer:
    """Recognises intents with the grammar and, where it is unsure, the trained model."""

    def __init__(self, config: Config, *, model: ModelRecognizer | None = None,
                 grammar: GrammarRecognizer | None = None, thresholds: Thresholds = Thresholds()) -> None:
        """Combine a grammar (compiled from config unless given) with a model (None: the grammar alone)."""
        self.grammar = grammar if grammar is not None else GrammarRecognizer(config)
        self._config = config
        self._model = model
        self.thresholds = thresholds
        self._ahead: dict[tuple[str, Evidence], Prediction] = {}
        self._speller: Speller | None = None
        self._forms = HomeForms(config)
        self._places = frozenset(normalize(name) for place in (*config.areas, *config.floors)
                                 for name in (place.name, *place.aliases))  # fmt: skip
        named = {normalize(device.name) for device in config.devices}
        self._names = frozenset(
            word
            for name in (
                *(said for device in config.devices for name in device.names
                  for said in (name, *everyday_names(name))),  # "the patio doors, lock them"
                *(name for area in config.areas for name in (area.name, *area.aliases)),
                *(name for floor in config.floors for name in (floor.name, *floor.aliases)),
                *(word for words in ROOM_WORDS.values() for word in words),
                *(word for key, words in DEVICE_WORDS.items() if key in named for word in words),
                *(word for device in config.devices for word in kin_words(device)),
            )
            for word in normalize(name).split()
            if word not in _NOT_NAMING
        )

    @property
    def model(self) -> ModelRecognizer | None:
        """The model beside the grammar (None: the grammar alone)."""
        return self._model

    @model.setter
    def model(self, model: ModelRecognizer | None) -> None:
        self._model = model
        self._ahead.clear()
        self._speller = None

    def spelled(self, text: str) -> str:
        """The text with its typing slips put right (spelling.py): what both readers read."""
        return self._spelling().correct(text)

    def _spelling(self) -> Speller:
        if self._speller is None:
            known = self._model.known_words() if self._model is not None else ()
            self._speller = Speller(self.grammar.words(), known)
        return self._speller

    def _baseless(self, read: Intent, evidence: Evidence = NO_EVIDENCE) -> bool:
        """Whether a model's reading has nothing in the words to stand on (doubts.unfounded)."""
        return unfounded(read, self._config, self._spelling().foreign, anchored=evidence.anchored)

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        """The intent of a turn: its words heard in area_id (default: the site's), and other evidence."""
        if (bare := without_hesitation(text)) != text:  # "um, the light up there, ..."
            return dataclasses.replace(self.recognize(bare, area_id=area_id, evidence=evidence), text=text)
        if negated(text) or reported(text):  # "don't turn on the lights", "she told me to turn them off"
            return intents.no_intent(text)
        if (left := to_someone(text, self.grammar.words())) is not None:  # "Margaret, draw the curtains?"
            meant = self.recognize(left, area_id=area_id, evidence=evidence) if left.strip() else None
            exact = meant is not None and meant.recognizer == "grammar" and meant.confidence >= CLAUSE_EXACT
            return dataclasses.replace(meant, text=text) if meant and exact else intents.no_intent(text)
        heard = self._read(text, area_id)
        here = functools.partial(self._heard, area_id=area_id)
        if not self._certain(heard) and (dark := said_dark(text, here, self.thresholds.grammar_sure)):
            return dark  # "it's pitch black in here": asked about
        if not self._certain(heard):  # a command put off, or one among a ramble's sentences (ramble.py)
            put = put_off(text, functools.partial(self._read, area_id=area_id), self._certain)
            heard = put or among(text, area_id, self._heard, self._certain) or heard
        if self._certain(heard):  # "put the lamp on? only a little, about 20%": set to 20
            lit = lit_at(CLAUSE_BREAK.split(text), heard, functools.partial(self._heard, area_id=area_id))
            heard = dataclasses.replace(lit, text=text) if lit is not None else heard
            return a_set_point(self._forms.one_of_a_kind(self._forms.apply(heard), area_id), self._config)
        if talk(text) or _QUOTED.search(text) or left_be(text):
            return intents.no_intent(text)  # "apparently you can tell siri to ...", "is it 'turn on the
            # light' or 'open the light'?" (words about commands), "..., no, leave it" (taken back)
        if self._model is None:
            return heard
        model = functools.partial(self._model.recognize, area_id=area_id, evidence=evidence)
        ahead = self._ahead.pop(_key(text, evidence), None)
        read = self._model.to_intent(ahead, text, area_id) if ahead is not None else model(text)
        read = placed_aside(text, read, model)  # "quieter still, the toddler's napping upstairs"
        weak, pointed = read.confidence < self.thresholds.model_floor, evidence.pointing_score > 0
        if evidence.anchored and (kept := without_remark(text, pointed)):  # "..., i'm reading"
            read = kept_reading(read, kept, model, weak)  # "dim that one down, it's glaring on the telly"
        if self._baseless(read, evidence) or an_effect(read) or on_a_condition(text) or stated(text):
            read = intents.no_intent(text)  # "make the lamp blink three times": no effect the home has
        if (asked := asked_in_order(text)) is not None:  # "somebody is in the garage?"
            question = self._model.recognize(asked, area_id=area_id, evidence=evidence)
            question = dataclasses.replace(question, text=text)
            if question.name in _QUESTIONS and not self._baseless(question):
                if read.name not in _QUESTIONS or question.confidence > read.confidence:
                    read = question
        decided = self.decide(heard, read)
        if not (decided.is_command and not no_level(decided) or on_a_condition(text) or stated(text)):
            clause = functools.partial(self._a_clause, area_id=area_id, evidence=evidence)  # one_clause.py
            said = the_one_command(text, asked_clauses(text, CLAUSE_BREAK), clause, self.thresholds.act_bar)
            decided = said or decided  # "light on please, where's ...", "curtain open please, i want the sun"
        return self._forms.one_of_a_kind(decided, area_id)

    def _a_clause(self, clause: str, area_id: str | None, evidence: Evidence) -> Intent:
        """One clause's reading: the grammar's where certain, else the model's where nothing doubts it."""
        heard = self._read(clause, area_id)
        if self._certain(heard) and heard.confidence > BARE_NAME:  # not a name alone ("Garage Light, ...")
            return intents.no_intent() if unanchored(clause, heard, evidence) else self._forms.apply(heard)
        read = self._model.recognize(clause, area_id=area_id, evidence=evidence) if self._model else heard
        if model_doubted(clause, read, evidence, self._names) or talk(clause) or an_effect(read) \
                or self._baseless(read):  # fmt: skip
            return intents.no_intent(clause)  # "we don't need the lamp on any more" is no "turn it on"
        return read if read.confidence >= self.thresholds.model_floor else intents.no_intent(clause)

    def read_ahead(self, turns: Sequence[tuple[str, str | None, Evidence]]) -> int:
        """Read the turns (text, area id, evidence) that arrived together in one batch of the model, for
        recognize to find; returns how many the model read. Only the latest batch is kept.

        Turns said at the same time are not follow-ups of each other: each is read with the dialogue as
        it stood before them (recognize finds the reading whatever the previous intent has become)."""
        self._ahead.clear()
        wanted = self.unsure(turns)
        if self._model is None or len(wanted) < 2:
            return 0
        self.keep_ahead(wanted, self._model.predict([text for text, _ in wanted], [e for _, e in wanted]))
        return len(wanted)

    def unsure(self, turns: Sequence[tuple[str, str | None, Evidence]]) -> list[tuple[str, Evidence]]:
        """The turns (text, evidence) of those given (text, area id, evidence) that the grammar does not read
        with certainty: those the model will read (none without a model)."""
        if self._model is None:
            return []
        return [(text, evidence) for text, area_id, evidence in turns
                if not self._certain(self._read(text, area_id))]  # fmt: skip

    def keep_ahead(self, turns: Sequence[tuple[str, Evidence]], predictions: Sequence[Prediction]) -> None:
        """Keep the model's predictions for turns (text, evidence) read ahead, here or by the recognizer
        workers, for recognize to find (in the area it is then told); only the latest batch is kept."""
        self._ahead.clear()
        self._ahead.update(zip((_key(text, evidence) for text, evidence in turns), predictions, strict=True))

    def _read(self, text: str, area_id: str | None) -> Intent:
        """The grammar's reading of the words, of a clause of them, or of them with their typing slips put
        right where that reading is certain (never a guess from a corrected word)."""
        heard = self._in_words(text, area_id)
        searched = heard.name == intents.MEDIA_SEARCH  # a title may be a slip: "play the telly again plees"
        if searched and (kept := before_a_remark_on_it(text)) is not None:  # "..., I want see it again"
            shorter = self._read(kept, area_id)
            heard = dataclasses.replace(shorter, text=text) if shorter.name == heard.name else heard
        if self._certain(heard) and not searched and heard.confidence >= CLAUSE_EXACT:
            return heard
        spelled = self.spelled(text)
        if spelled == text:
            return heard
        corrected = self._in_words(spelled, area_id)
        if searched and corrected.name != intents.MEDIA_SEARCH:
            return corrected  # no title once put right: not certain of anything
        closer = corrected.confidence > heard.confidence  # "kichen lights": the area's, not a near name
        return corrected if self._certain(corrected) and (closer or not self._certain(heard)) else heard

    def _in_words(self, text: str, area_id: str | None) -> Intent:
        """The grammar's reading of the whole, else of the clause that is a command, of what a correction on
        the fly meant, or of the command before a remark (clauses.py)."""
        clauses = [clause for clause in CLAUSE_BREAK.split(text) if clause and clause.strip()]
        placed = with_place(clauses, self._places)  # a command, never names: "Kitchen Switch, Office"
        if placed and any(self._heard(clause, area_id).confidence >= CLAUSE_EXACT for clause in clauses):
            for said in (self._heard(words, area_id) for words in placed):
                if said.confidence >= CLAUSE_EXACT and said.is_command:
                    return dataclasses.replace(said, text=text)  # "kitchen: all lights off"
        words = strip_fillers(normalize(text))
        read = functools.partial(self._heard, area_id=area_id)
        if (meant := corrected(text, CLAUSE_BREAK.split, read, CLAUSE_EXACT)) is not None:
            return dataclasses.replace(meant, text=text)  # "to fifty, make that seventy": seventy
        heard = self._heard(text, area_id)
        if self._certain(heard):
            return heard
        found = self._in_a_clause(text, area_id)
        if found is None and (rest := after_a_try(text)) is not None:  # "that didn't work, try ... again"
            read_rest = self._in_words(rest, area_id)
            found = read_rest if read_rest.is_command and self._certain(read_rest) else None
        if found is None and not _QUOTED.search(text):
            meant = map(read, [*named_corrections(words, text, read, CLAUSE_EXACT), *put_right(words)])
            found = next((read for read in meant if read.confidence >= CLAUSE_EXACT), None)
            found = found or self._with_value(text, area_id)
            first = self._heard(CLAUSE_BREAK.split(text)[0], area_id)  # "kitchen lights on, maybe 40"
            lit = lit_at(CLAUSE_BREAK.split(text), first, read) if self._certain(first) else None
            found = found or lit
            found = found or the_command_before(words, lambda part: self._heard(part, area_id), self._names)
            found = found or self._described(text, area_id)
            shorter = [*before_remarks(CLAUSE_BREAK.split(text)), *before_a_remark(text)]  # ", is enough"
            cut = (self._in_words(said, area_id) for said in dict.fromkeys(shorter) if said != text)
            cut = (read for read in cut if read.name not in intents.ANSWERS)  # "right, i'm off to bed"
            found = found or next((read for read in cut if read.is_command and self._certain(read)), None)
            meant = (self._in_words(said, area_id) for said in contrasted(text))  # "not the kitchen, ..."
            found = found or next((read for read in meant if read.is_command and self._certain(read)), None)
        return dataclasses.replace(found, text=text) if found is not None else heard

    def _with_value(self, text: str, area_id: str | None) -> Intent | None:
        """A command with the value said after it in a clause of its own (valued.py), where the grammar reads
        the two together with certainty as a setting."""
        said = valued(CLAUSE_BREAK.split(text))
        read = self._heard(said, area_id) if said is not None else None
        if read is None or read.confidence < CLAUSE_EXACT or not VALUE_SLOTS & set(read.slots.as_dict()):
            return None
        return read

    def _described(self, text: str, area_id: str | None) -> Intent | None:
        """A command about a device described rather than named ("the big light in the lounge", described.py),
        read with its name in place of the description where the grammar is certain of that: asked about."""
        if said_later(text):
            return None  # "turn off the lamp in 5 minutes" is put off (delayed.py), whatever it describes
        area = area_id or self._config.site.area
        clauses = [clause for clause in CLAUSE_BREAK.split(text) if clause and clause.strip()]
        said = next(
            (", ".join([*clauses[:index], found, *clauses[index + 1 :]])
             for index, clause in enumerate(clauses)
             if (found := described(self._config, clause, area)) not in (None, normalize(clause))),
            None,
        ) if len(clauses) > 1 else described(self._config, text, area)  # fmt: skip
        read = self._heard(said, area_id) if said is not None else None
        if said is not None and said != normalize(text) and (read is None or read.confidence < CLAUSE_EXACT):
            read = self._in_words(said, area_id)  # "the big light in here off please we've finished"
        if (read is None or read.confidence < CLAUSE_EXACT) and len(clauses) > 1 and not _QUOTED.search(text):
            read = described_clause(
                self._config, clauses, lambda said: self._heard(said, area_id), self._names, area
            )
        if read is None or not read.is_command or read.confidence < CLAUSE_EXACT:
            return None
        return dataclasses.replace(read, text=text, confidence=DESCRIBED)

    def _heard(self, text: str, area_id: str | None) -> Intent:
        return self.grammar.recognize(text, area_id=area_id) if text.strip() else intents.no_intent(text)

    def _certain(self, heard: Intent) -> bool:
        return self.thresholds.certain(heard)

    def _in_a_clause(self, text: str, area_id: str | None) -> Intent | None:
        """A command said with more around it ("right, everyone's here, activate party mode"): the one clause
        that is a command, when the grammar reads it with certainty (two commands, or a command and "never
        mind" or "no", are not guessed at). Where no clause is one exactly, a run of clauses that reads as one
        command is taken the same way ("Ceiling fan, off, it's blowing my papers about")."""
        clauses = [clause for clause in CLAUSE_BREAK.split(text) if clause and clause.strip()]
        clauses = clauses if len(clauses) > 1 else asked_of_it(normalize(text)) or clauses
        if len(clauses) < 2 or _QUOTED.search(text):
            return None  # a quotation ("'lock the doors, he's coming' - this film is so tense") is no command
        readings = [self._heard(clause, area_id) for clause in clauses]
        if any(SAYS_WHEN.match(normalize(said)) and read.confidence < CLAUSE_EXACT
               for said, read in zip(clauses, readings, strict=True)):  # fmt: skip
            return None  # "on monday, ...", "in 5 minutes, ..." (but "on the tv na, ...": a command)
        if (dropped := given_up(readings)) is not None:
            return dataclasses.replace(dropped, text=text)  # "turn off the - oh never mind, I found it"
        if any(reading.name in _TAKEN_BACK for reading in readings):
            return None
        if unknown_topic(clauses, self._names):
            return None  # "the christmas tree lights, switch them on": no device of the home
        topical = with_topic(clauses, self._names)
        if topical is None and (kept := before_remarks_said(text)) != text:  # "the shades, close it, sunny"
            topical = with_topic([said for said in CLAUSE_BREAK.split(kept) if said.strip()], self._names)
        topical = topical or from_remark(clauses, self._names)  # "the lamp's harsh, I'd rather it was at 25"
        if topical is not None and (said := self._heard(topical, area_id)).confidence >= TOPICAL_EXACT:
            return dataclasses.replace(said, text=text) if said.is_command else None
        found = the_command(clauses, readings, self._names) or the_answer(clauses, readings)
        found = found or said_again(clauses, readings)  # "pause. pause. PAUSE the tv"
        if found is not None or any(
            command and reading.confidence >= CLAUSE_EXACT
            for command, reading in zip(commands(readings), readings, strict=True)
        ):
            return dataclasses.replace(found, text=text) if found is not None else None
        if len(clauses) > MAX_CLAUSES:
            return None
        runs = [
            run
            for first in range(len(clauses))
            for last in range(first + 2, len(clauses) + (first > 0))
            if (run := self._in_a_run(clauses, readings, first, last, area_id)) is not None
        ]
        if len({(run.name, run.slots) for run in runs}) != 1:
            return None  # none, or two different commands
        return dataclasses.replace(runs[0], text=text)

    def _in_a_run(
        self, clauses: list[str], readings: list[Intent], first: int, last: int, area_id: str | None
    ) -> Intent | None:
        """The command clauses[first:last] say together, the others around them as in _in_a_clause."""
        run = " ".join(clauses[first:last])
        pieces = [*clauses[:first], run, *clauses[last:]]
        heard = [*readings[:first], self._heard(run, area_id), *readings[last:]]
        return the_command(pieces, heard, self._names)

    def sure(self, intent: Intent) -> bool:
        """Whether a reading is certain enough to act on at once (see Thresholds.sure); a model reading of
        words the model never saw ("turn that frown upside down") never is, however confident: it asks."""
        model = self._model
        if intent.recognizer == "model" and model is not None and model.unknown_words(intent.text):
            return not intent.is_command
        return not doubtful(intent) and self.thresholds.sure(intent)

    def asks_first(self, intent: Intent) -> bool:
        """Whether the assistant asks "Did you mean ...?" before carrying out a reading."""
        return intent.name in intents.ACTING and not self.sure(intent)

    def decide(self, heard: Intent, read: Intent) -> Intent:
        """The grammar's reading or the model's (see Thresholds.decide)."""
        return self.thresholds.decide(heard, read)


def _key(text: str, evidence: Evidence) -> tuple[str, Evidence]:
    """What a read-ahead reading is found by: the words and the evidence, bar the previous intent."""
    return text, dataclasses.replace(evidence, previous_intent="")
