"""Remarks said after a command without a comma ("ceiling fan on its boiling", "lock the front door were off
out"): where one may begin, so that the command before it can be read alone (clauses.the_command_before)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from assistantd import intents
from assistantd.intents import Intent
from assistantd.text import normalize

_DOING = (
    "(?:waking|shining|blinding|glaring|ringing|beeping|buzzing|barking|crying|sleeping|boiling|burning"
    "|blaring|flashing|flickering|leaking|dripping|starting|about to)"
)
"""What something is doing, said in a remark once "the sun's" is normalised to "the sun" ("the sun's waking me
up", "phone's ringing")."""
_REMARK_WORDS = (
    r"(?:its|it is|that is|thats|im|i am|ive|i have|i got|i need|i cant|i cannot|we are|were|weve|we have"
    r"|we got|they are|theyre|there is|theres|someone is|someones|somebody is"
    r"|so (?:i|we|you|that|the|it|she|he|they)|now that|while (?:i|we|you|she|he|they)"
    r"|the \w+ (?:is|are|was|were|has|have|just|finally|keeps|starts|started|begins|ends|finished|boiled"
    rf"|arrived|needs|wants|woke|done|ready|here|over|gone|home|back|{_DOING}"
    r"|stinks|smells|reeks|sucks|hurts|leaks|drips|rattles|squeaks|flickers)|let (?:some|a bit|in|the air)"
    r"|for a (?:minute|bit|sec|second|while|moment|little while)|(?:shall|should|do|must) (?:i|we)|am i"
    r"|now (?:the|my|our|everyone|everybody|we|were|they|theyre|he|hes|she|shes|its|it is|you|youre)"
    r"|are we|before (?:i|we|you|he|she|they|my|our|the|it)"
    r"|(?:since|from) (?:this morning|earlier|last night)|since (?:the|my|our|we|i|it|its|they|he|she)"
    r"|when (?:i|we) (?:came|come|got|get|went|left)"
    r"|i (?:\w+ed|lost|left|forgot|got|was|wasnt|just|already|think|dont|do not)|(?:he|she)s|(?:he|she) is"
    r"|my \w+ (?:is|isnt|was|wasnt|are|arent|is not|has|have|had|does|did|\w+ing|dead|broken|flat|died|gone"
    r"|missing|lost)"
    r"|(?:it |that )?(?:looks|seems|sounds|feels) "
    r"|(?:he|she) (?:\w+ed|\w+ing|here|home|back|out|off|got|has|had|meant to|supposed to)"
    r"|i (?:want|wanna|would like) (?:to|it)"
    r"|i (?:want|wanna|need|would like) (?:some|a bit of|a little) "
    r"|that (?:\w+ ){1,2}(?:\w+ed|blew|went|broke|took|knocked)\b"
    r"|cant|cannot|can not|(?:can|could) never|no (?:point|sense|use) "
    r"|is (?:too|so|very|really|still|a|an|not|already|finish|finished|done|late|hurting"
    r"|enough)"
    r"|(?:sun|water|rain|wind|dinner|lunch|breakfast|food|baby|coffee|tea|weather|smell|noise|phone|telephone"
    rf"|doorbell|bell|kettle|gas|electric|electricity|bill|plumber|postman) (?:is|are|has|{_DOING})"
    r"|(?:ppl|people|guests|everyone|everybody) (?:r|are|is) (?:here|coming|over)"
    r"|we (?:\w+ed|took|ate|left|went|got|made|came|broke|need|want|cant|cannot|just|already)"
    r"|while (?:the|my|our|its|it is|everyone|everybody|nobody|no one|mum|dad)"
    r"|(?<!timer )(?<!timers )(?<!alarm )(?<!reminder )(?<!twenty )(?<!thirty )(?<!forty )(?<!fifty )"
    r"(?<!sixty )(?<!seventy )(?<!eighty )(?<!ninety )"  # "up to twenty for": a transcript's 24
    r"for (?!(?:a|an|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|half|another|next|the next"
    r"|the rest|me|us|him|her|them|it|you|good|ever|now)\b|\d)(?:the |my |our |his |her |their |some )?[a-z]+"
    r"|the \w+s? (?:\w+ed|burnt|took|ate|broke|fell|got|made|can|cant|could|will|wont|says|said|say|left|came"
    r"|went|brought|meant|supposed|due)"
    r"|(?:mum|mummy|mom|mommy|dad|daddy|grandad|grandpa|gran|granny|grandma|nan|nana|nanna|auntie|uncle)s?"
    r"|(?:his|her|your|their) \w+?s? (?:is|are|was|were|has|have|asleep|awake|home|here|gone|\w+ing)"
    r"|(?:is|are) (?:my|our|his|her|their) \w+ (?:nearly|almost|still|done|ready|finished|dry)"
    r"|nobody|nobodys|no one is|(?:i am |im )?on the phone"
    r"|(?:get|put|take|grab|go|come|eat|finish|brush|do|tidy|wash|find) (?:your|ur)"
    r"|\w+ (?:says|said|thinks|wants|needs) |\w+ is (?:here|outside|waiting|at the door)"
    r"|apparently|supposedly|evidently"
    r")\b"
)
_REMARK = re.compile(rf" (?={_REMARK_WORDS})")
REMARK_START = re.compile(_REMARK_WORDS)
"""Where a remark may begin after a command said without a comma ("ceiling fan on its boiling", "lock the
front door were off out", "open the garage door so i can get the car out")."""
SOMEONE_SAYS = re.compile(
    r"(?:i|we|they|he|she|you|everyone|everybody|someone|somebody|nobody|the kids|the baby"
    r"|(?:my|our|his|her|their) (?:eyes|head|ears|back|mum|mom|dad|nan|gran|grandad|wife|husband|partner|son"
    r"|daughter|kids|baby|boss))"
    r" (?!(?:mean|meant|said|want|wanted|need|needed|would like)\b)\w+"
)
"""How a clause of its own after a command begins when it says what someone does or did ("..., I'll be up in a
minute", "..., I took the eggs off early"): a remark, unless it says what was meant or wanted."""
_PLACING = frozenset("on in at by under over above beside near behind off".split())
"""Words that place what follows ("the lamp on the desk here"): what they begin is no remark unless a verb
follows its noun ("the pizza here" is also how "the pizza's here" is written once normalised)."""
_A_VERB = frozenset(
    "is are was were be been has have had do does did can will would just finally keeps starts started begins"
    " ends finished arrived needs wants woke".split()
)


_HABIT = re.compile(r"^(?:the \w+|my \w+|our \w+|they|he|she) (?:never|always)\b")


def habit(clauses: Sequence[str], at: int) -> bool:
    """Whether a clause after the first says what someone always or never does ("lock the door behind the
    tiler, he never shuts it"): a remark, not a second command."""
    return at > 0 and _HABIT.match(normalize(clauses[at])) is not None


def remark_splits(words: str) -> list[tuple[str, str]]:
    """(command, remark) at each place in normalised words where a remark may begin, the earliest first."""
    return [
        (words[: found.start()], words[found.start() + 1 :])
        for found in _REMARK.finditer(words)
        if not _placed(words[: found.start()], words[found.start() + 1 :])
        and not _SEEN_ON.match(f"{words[: found.start()]}, {words[found.start() + 1 :]}")
    ]


_SEEN_ON = re.compile(
    r"^(?:on|in) (?:the )?(?:telly|tv|television|radio|news|paper|papers|internet|phone|app|forecast), "
    r"(?:they|he|she|someone|somebody|people|it|you)"
    r" (?:said|say|says|were saying|was saying|reckon|reckoned)\b"
)
"""Where something was heard or read, said before what was said there ("on the telly they said the queues are
four hours"): no command and a remark, but the words of a report."""


def _placed(command: str, remark: str) -> bool:
    """Whether a remark is where the command's last word places something: "the desk here" after "the lamp
    on", where no verb follows its noun ("the match is starting" after "put the tv on" is a remark)."""
    if command.rpartition(" ")[2] not in _PLACING or not remark.startswith(("the ", "my ", "our ")):
        return False
    said = remark.split()[1:4]
    verb = next((index for index, word in enumerate(said) if word in _A_VERB), None)
    return verb is None or bool({"here", "there"} & set(said[:verb]))


TAKE_BACK = frozenset(
    "no nope nah not dont wait actually kidding joking scratch cancel forget never stop instead unless but "
    "mean meant sorry".split()
)
"""Words that may take a command back."""
DESCRIBING = re.compile(
    r"^(?:the \w+|my \w+|our \w+|it|they|he|she) (?:(?:is|are|was|were|has|have|had|does|do|did) (?:not|no)"
    r"|(?:will|would|can|could) not|cannot)\b|^(?:the \w+|my \w+|our \w+|they|he|she) (?:never|always) \w+"
    r"|^so (?:that )?(?:\w+ ){1,4}(?:(?:does|do|did|will|would|can|could|is|are|was|were) not|cannot)\b"
    r"|^(?:i|we) (?:do not|did not|cannot|can not|could not) (?:see|hear|read|sleep|find|breathe|feel)\b"
    r"|^(?:(?:i|we|you) )?(?:will|would|can|could) never (?:remember|tell|hear|find|see|sleep|get|know)\b"
    r"|^(?:that|it|this|you) (?:did not|does not|do not|has not|have not) (?:work|do|hear|understand|get)\b"
    r"|^no (?:point|sense|use) (?:in )?(?=\w+ing\b|it\b|them\b|having\b)"
    r"|^(?:i|we) do not want to (?!(?:turn|switch|put|set|have|open|close|shut|lock|unlock|start|stop|play"
    r"|dim|keep|leave|change)\b)"
    r"|\bmeant to\b|\bno one\b|\bthere (?:is|was|are|were) no (?!(?:need|point|use|way)\b)"
    r"|\b(?:does|do|did|will|would) not (?:wake|bother|disturb|upset|scare|frighten)(?: \w+)?(?: up)?\b"
)
"""A state said of something or someone else in a remark ("the potatoes aren't soft yet", "my son has no key",
"the soup won't make itself", "he never shuts it"), what a command is for ("so the washing doesn't sit in the
machine"), or what the speaker cannot see, hear or do ("I can't hear a thing"), or that the last try did
nothing ("that didn't work", "you didn't hear me"); why ("no point warming an empty house", "I don't want to
come home to cat hair"); and words with a "no" or "not" in them that take nothing back ("it's meant to be
romantic", "no one's going anywhere in this", "red light doesn't wake them up", "there's no sign of him"; not
"there's no need"): no taking back ("we're not done" may be)."""
_WHERE_IT_IS = re.compile(
    r"(?<=\w)['\u2019]s(?= (?:in|out|home|back|here|there|asleep|awake|inside|outside|fed|fine|okay|ok|over"
    r"|still|right|now|always|really|just|so|too|not|up|down|high|low|all|\w+ing)\b)"
)
"""Where "'s" is "is" ("the cat's in for the night", "the sun's still right on the pillows"), which
normalising would read as a possessive."""
_STILL = re.compile(r"\w+ is (?:still|asleep|awake)\b")
"""A clause of its own that says someone is still as they were ("..., Mia's still out cold"); said without a
comma, "the light of garage is still on" is one question."""
_AND = re.compile(r"^and (?=\w+ \w+)")
"""How a remark may go on from the one before it ("..., it's gone noon, and Mia's still out cold")."""
_CLAUSE_MARK = re.compile(r"\s*(?:[,;!?]|\.(?!\d)|\s[-\u2013\u2014]\s)\s*")


def before_remarks_said(text: str) -> str:
    """The words before the remarks said after them in clauses of their own ("same for upstairs, everyone's in
    bed now": "same for upstairs"), none of which takes anything back; the words themselves where none is."""
    clauses = [clause for clause in _CLAUSE_MARK.split(text) if clause.strip()]
    kept = len(clauses)
    while kept > 1 and (
        REMARK_START.match(said := _AND.sub("", normalize(_WHERE_IT_IS.sub(" is", clauses[kept - 1]))))
        or SOMEONE_SAYS.match(said)
        or _STILL.match(said)
    ):
        if set(DESCRIBING.sub(" ", said).split()) & TAKE_BACK:
            return text  # (not "it's meant to be romantic": what it is for)
        kept -= 1
    return ", ".join(clauses[:kept]) if kept < len(clauses) else text


_SAID_BEFORE = frozenset(
    "oh ah ok okay right um er erm uh well so thanks cheers ta lovely great perfect thank you".split()
)
"""Words that may make a clause of their own before a command ("ok, off again"), asking nothing."""


def after_remarks_said(text: str) -> str:
    """The words after the remarks and interjections said before them in clauses of their own ("oh, that's a
    touch chilly, could you go a degree or two higher": the last clause), none of which takes anything
    back; the words themselves where none is."""
    clauses = [clause for clause in _CLAUSE_MARK.split(text) if clause.strip()]
    first = 0
    while first < len(clauses) - 1:
        said = normalize(_WHERE_IT_IS.sub(" is", clauses[first]))
        if not (set(said.split()) <= _SAID_BEFORE or REMARK_START.match(said) or SOMEONE_SAYS.match(said)):
            break
        if set(DESCRIBING.sub(" ", said).split()) & TAKE_BACK:
            return text
        first += 1
    return ", ".join(clauses[first:]) if first else text


_OH = r"(?:huh|hmm|hm|oh|ah|ugh|ooh|oof|nope|no|ok|okay|right|sorry|oops|hang on|wait|well)"
_TRIED = re.compile(
    rf"(?:{_OH} )*"
    r"(?:(?:that|it|this|you|nothing)"
    r" (?:did not|does not|has not|have not|do not|still did not|still does not)"
    r" (?:work|do anything|do a thing|happen|change|hear me|hear that|understand(?: me| that)?"
    r"|get (?:it|that))"
    r"|nothing (?:happened|changed)|it said it (?:could not|cannot|can not|did not) \w+(?: it| that| them)?"
    r"|(?:that is |thats |that was )?not what i (?:wanted|meant|said|asked for)"
    r"|(?:that was |thats |that is )?the wrong (?:one|way|light|room|thing)"
    r"|(?:i |we |he |she |they )?(?:still )?(?:cannot|can not|could not) (?:hear|see) (?:it|that|them|a thing"
    r"|anything)(?: still)?"
    r"|(?:that|it|this)(?: one)?(?: is)? (?:still )?"
    r"(?:(?:too|a bit|far too|way too|much too|so|rather|really|very|quite) )+"
    r"(?:dim|dark|bright|loud|quiet|low|high)(?: for (?:\w+ ){0,3}\w+)?)"
    r"(?: (?:at all|properly|again|there|then|either))?"
)

_OHS = re.compile(rf"{_OH}(?: {_OH})*")


def after_a_try(text: str) -> str | None:
    """The words after clauses that say the last try did nothing ("that didn't work, try switching the garage
    light off again", "huh, that didn't do anything. lamp off in here?"), or None where none begins them."""
    clauses = [clause for clause in _CLAUSE_MARK.split(text) if clause.strip()]
    tried, found = 0, False
    while tried < len(clauses) - 1 and (
        (said := _TRIED.fullmatch(normalize(clauses[tried]))) or _OHS.fullmatch(normalize(clauses[tried]))
    ):
        tried, found = tried + 1, found or bool(said)
    return ", ".join(clauses[tried:]) if found else None


_ABOUT_IT = re.compile(
    r"^(?:i|we|you|they|he|she|the kids|my \w+)\b.*\b(?:it|that|this|them|see|watch|seen|watched|hear|heard"
    r"|listen|listened)\b"
)


def before_a_remark_on_it(text: str) -> str | None:
    """The words before a last clause that says something about what is to be played ("put the film Inception,
    I want see it again"): no part of a title. None where there is no such clause."""
    clauses = [clause for clause in _CLAUSE_MARK.split(text) if clause.strip()]
    said = normalize(clauses[-1]) if clauses else ""
    if len(clauses) < 2 or not _ABOUT_IT.match(said) or set(said.split()) & TAKE_BACK:
        return None
    return ", ".join(clauses[:-1])


_IT = re.compile(r"\b(?:it|its|that|thats|this|them|they|theyre)\b")


def before_a_remark(text: str) -> list[str]:
    """The words before the remarks after them (before_remarks_said), where what "it" is stays plain (a
    command with "it" before a remark with "it" of its own is read whole: "open it, it's your present", "turn
    it up to 50, it's freezing") and no remark says what "you" should do."""
    kept = before_remarks_said(text)
    said = normalize(text[len(kept) :]) if text.startswith(kept) else ""
    if kept == text or _IT.search(normalize(kept)) and _IT.search(said) or said.startswith("you "):
        return []  # "heating, you put on 22 degree": what "you" is asked to do is the command
    return [kept]


def without_remark(text: str, pointed: bool = False) -> str | None:
    """The words before the remarks said after a command ("put the lamp back on, would you? I'm still
    reading"), or before what it is for, or after words saying the last try did nothing ("still can't hear it,
    louder again"), or before a remark said without a comma, where no word of the whole may take the command
    back; with something pointed at, "it" said as "that" ("turn it down a bit, it's really loud": "turn that
    down a bit"); None where there is no
    remark and nothing pointed at. The model reads them where something was pointed at or said before: alone,
    a remark cut off leaves words that look like a command more often than they are one ("leave the tv alone,
    grandad's watching")."""
    kept = before_remarks_said(text)
    if kept == text:  # "still can't hear it, louder again": louder again
        kept = after_a_try(text) or text
    if kept == text and (purpose := _FOR_WHAT.match(text.strip())) is not None:
        kept = purpose["kept"]  # "stick that on for the lunchtime news": stick that on
    if kept == text:  # "turn that down a bit the kids are doing homework": turn that down a bit
        kept = next((said for said, _ in remark_splits(normalize(text)) if " " in said), text)
    if pointed and not _THAT.search(kept):
        kept = _IT_OBJECT.sub(lambda it: "that" if it.group() == "it" else "those", kept, count=1)
    return None if kept == text or _takes_back(text) else kept


def _takes_back(text: str) -> bool:
    """Whether a clause of the words may take a command back (not "my ears aren't what they were")."""
    clauses = (normalize(_WHERE_IT_IS.sub(" is", clause)) for clause in _CLAUSE_MARK.split(text))
    return any(set(DESCRIBING.sub(" ", said).split()) & TAKE_BACK for said in clauses)


_THAT = re.compile(r"\b(?:that|this|those|these)\b", re.IGNORECASE)
_IT_OBJECT = re.compile(r"\b(?:it|them)\b")
"""A hand points at what "that" is; "it" or "them" said while pointing is read as "that" or "those"."""


_FOR_WHAT = re.compile(
    r"(?P<kept>.*?\b(?:it|that|this|them|those|these|one)\b.*?)"
    r",? for (?:the|my|our|a|an|his|her|their|behind|when|while) [\w' ]+[.!]?",
    re.IGNORECASE,
)
"""What a command said of "that" is for, after it ("make that one a calm green for behind me on camera")."""


def kept_reading(read: Intent, kept: str, reread: Callable[[str], Intent], weak: bool) -> Intent:
    """A model's reading of words with a remark after the command (kept: the words before it), read again from
    kept: the likelier of the two where the whole was read weakly or as no command ("put the lamp back on,
    would you? I'm still reading") or the two differ ("quieter on that one, gran's dozing in the armchair");
    kept's reading where the whole named a device only the remark speaks of ("dim that one down, it's glaring
    on the telly screen" is no command for the TV)."""
    name = read.slots.name
    said = set(normalize(kept).split())
    aside = bool(name and name.casefold() != "all" and not set(normalize(name).split()) & said)
    again = dataclasses.replace(reread(kept), text=read.text)
    if aside and again.is_command:
        return again
    if not weak and read.is_command and again.name in (read.name, intents.NONE):
        return read
    return max(read, again, key=lambda said: said.confidence)


def placed_aside(text: str, read: Intent, reread: Callable[[str], Intent]) -> Intent:
    """The model's reading of the words before the remarks after them, where the remarks alone gave the
    reading its place ("quieter still, the toddler's napping upstairs" is no command for upstairs); the
    reading itself otherwise. reread: the model's reading of other words."""
    if not read.is_command or not (read.slots.floor or read.slots.area):
        return read
    if (kept := before_remarks_said(text)) == text:
        return read
    again = reread(kept)
    placed = (again.slots.floor, again.slots.area) != (read.slots.floor, read.slots.area)
    return dataclasses.replace(again, text=text) if again.name == read.name and placed else read
