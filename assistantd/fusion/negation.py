"""Negated and reported commands: "don't turn on the lights" and "mum always said switch the telly off" ask
for nothing (the words of a command are all there, so every recognizer would read them as one)."""

from __future__ import annotations

import re

from assistantd.text import normalize

_VERBS = (
    "turn|switch|put|set|open|close|shut|lock|unlock|dim|brighten|raise|lower|start|activate|run|change|make"
    "|clean|vacuum|hoover|mop"
)
_NOT_DOING = r"(?! (?:itself|themselves|sense|any sense|a difference|any difference)\b)"
"""What follows a verb said of no device ("soup won't make itself", "that doesn't make sense")."""
_NEGATED = re.compile(
    rf"\b(?:(?:dont|do not|not|(?<!he )(?<!she )(?<!they )never|no need to|you need not"
    r"|(?:dont|do not|shouldnt|should not|must not|mustnt) (?:need to|have to|want to|ever))"
    rf"\s*(?:{_VERBS})s?{_NOT_DOING}|(?:stop|quit) (?:{_VERBS})[a-z]?ing"
    r"|(?:dont|do not|never) (?:on|off)(?= (?:the|that|this|it|them|those|these|my|all)\b))\b"
)
"""A negation right before a verb that acts on devices ("don't turn", "never open", "not clean", "stop
switching", "don't off that one" where "on" and "off" are verbs); "stop playing" (a pause), "stop, start the
fan", "don't forget to turn off" (commands) and "he never shuts it" (a habit) are not."""


def negated(text: str) -> bool:
    """Whether the words say not to do what they name ("don't turn on the lights", "stop turning it off")."""
    return _NEGATED.search(normalize(text)) is not None


_REPORTED = re.compile(
    r"\b(?!i\b|you\b)[a-z]+ (?:always |never |just |once |keeps? |used to )?(?:said|says|say|told|tells|asked|asks)"
    rf"(?: (?:me|us|you|him|her|them))?(?: to| that| we should| i should)? (?:{_VERBS})\b"
    r"|\b(?:i am|i was|we are|we were) (?:just |only )?(?:talking|speaking|chatting) to (?!you\b)"
    r"|\b(?:the )?(?:dashboard|app|screen|display|panel) (?:says|said|shows|showed|reads|read)\b"
    r"|\bon the (?:dashboard|app|panel)\b"
    r"|\b(?:did|has|have) (?!you\b|i\b|we\b)(?:the |my |our )?[a-z]+"
    r" (?:say|said|tell|told|mention|mentioned)\b"
    r"|\bor (?:shall|will|should) i (?:go )?(?:down |up |out )?(?:and )?(?:check|look|have a look)\b"
    r"|\bgo and (?:have a look|check|look)\b|\bknock knock\b"
    r"|^(?:\w+ )?(?:is|are|was|were) your (?:\w+ )?(?:room|bedroom|light|lights|lamp|door|window|tv|telly"
    r"|heater|fan|curtains?|blinds?)\b"
    r"|^(?!(?:so|and|but|hey|hi|hello|oh|ok|okay|um|uh|er|right|well|wait|now|then|also|alexa|siri|google"
    r"|computer|jarvis|mycroft|assistant|house|home|please)\b)[a-z]+ did (?:you|u)\b"
)
"""Someone else's words about devices ("mum always said switch the telly off", "she told me to turn off the
lights", "did the plumber say whether the main valve was all right"), and words said to someone else ("no,
I'm just talking to my mum", "did you lock the front door, Frank, or shall I go down and check?", "jack did
you open the back door again", "is your bedroom light still on, young man?": the assistant has no room of its
own); "I said turn off the lights" (a command said again) is not."""


def reported(text: str) -> bool:
    """Whether the words report what someone else said to do, rather than ask for it."""
    return _REPORTED.search(normalize(text)) is not None


_TALK = re.compile(
    r"\b(?:apparently|did you know|just because|(?:so )?thats how (?:you|to)|what (?:would|will) happen if"
    r"|is it (?:bad|ok|okay|safe|fine|normal|wise|better|worth it) (?:for (?:\w+ ){1,3})?to"
    r"|one word or two|how do you spell|(?:is it|is that) (?:spelt|spelled)"
    r"|should (?:i|we) (?:leave|keep|turn|switch|put|get|open|close|lock|unlock|set|run)"
    r"|how (?:do|did|does|can|could) (?:i|you|we|they|people|one)"
    r" (?:turn|switch|set|get|make|change|dim|open|close|lock|unlock)"
    r"|(?:ive|i have|weve|we have|theyve|they have) been"
    r"|the other (?:day|night)|last (?:night|week)|yesterday"
    r"|(?:next|last) (?:month|year|spring|summer|autumn|fall|winter|weekend)"
    r"|(?:im|i am|were|we are|hes|shes|theyre|they are) (?:thinking|planning) (?:of|about|to|on)"
    r"|\w+ (?:minutes|hours|days|weeks) ago|an hour ago|you can (?:tell|ask|get) (?:siri|alexa|google)"
    r"|(?:siri|alexa|google|cortana) (?:can|could|does|did|will)"
    r"|(?:tell|let) (?:everyone|everybody|all the rooms|every room|the (?:whole )?house|the kids"
    r"|the (?:whole )?family)(?: know)?\b(?! (?:what|where|when|how|who|which|whether|if)\b)|\bannounce\b"
    r")\b"
    r"|\b(?:the (?:kids|children|boys|girls|guests)|my (?:wife|husband|partner|son|daughter|kids|mum|mom|dad)"
    r"|he|she|they) (?:wants?|wanted|would like) (?:the|to|them|it|all)\b"
    r"|^(?:no |yes |ok )?(?:dad|daddy|mum|mummy|mom|mommy|mam|mama|mamma|papa|grandma|grandad|grandpa|nana)\b"
    r"|^(?:dont|do not|never) (?!forget|worry|mind)|\bcheck this out\b|\blook at this\b"
    r"|\bmeans (?:you|youre|you are|we|were|i|im|that)\b"
    r"|\bwhat (?:is|was|are) (?:it|that|they|those|the \w+) called(?: again)?$"
    r"|\bwhat do (?:you|we|they) call (?:it|that)(?: again)?$"
    r"|^(?:i|we) would (?!(?:like|love|prefer|appreciate|rather|be)\b)\w+ .*\bif (?:i|we|you|they|he|she|it)"
    r" (?:had|could|was|were|did|knew|wasnt|werent)\b"
)
"""Words that talk about devices or to someone else rather than ask the assistant ("apparently you can
tell siri to dim the lights", "is it bad to leave the tv on", "dad the telly's been on all day", "should i
leave the garage open for the cat", "the porch light was on yesterday", plans: "i'm going to switch energy
suppliers next month", "we're thinking of putting a light in the shed"), what others want ("the kids want
the lights purple for the party"), telling someone what not to do ("don't swing on the curtains"), or to
everyone in the home ("tell everyone that dinner is ready", "let the kids know we're off", "announce
that ...": a broadcast, which is not served), or a name not
found ("turn on the... what's it called again"), or what the speaker would do if things were otherwise ("I'd
dim the lights if I had the energy"): where no command is read with certainty, these are no
command, never a guess."""
_CALLED = re.compile(
    r"^\s*(?!(?:Alexa|Siri|Google|Computer|Jarvis|Mycroft|Assistant|House|Home|Hey|Hi|Hello|Ok|Okay|So|Well|Right"
    r"|Please|Now|Sorry|Oh)\b)[A-Z][a-z]+,\s+(?:did|have|has|can|could|would|will|are|were|do|is) you\b"
)
"""A question put to someone by name ("Jamie, did you leave the garage light on again?")."""


def talk(text: str) -> bool:
    """Whether the words are talk about devices, or to someone else, rather than a request."""
    return _CALLED.match(text) is not None or _TALK.search(normalize(text)) is not None


_TICKED = re.compile(
    r"\b(?:mark|marked|tick|ticked|cross|crossed|check|checked|strike|struck|scratch)\b.*"
    r"\b(?:off|done|complete|completed|finished|bought|got)\b"
    r"|\b(?:tick|ticked) (?:it|them|that)\b|\bas (?:done|complete|completed|bought)\b"
    r"|\b(?:remove|delete|take|cross) \w+(?: \w+)? (?:off|from) (?:my |the |our )?"
)


def ticked_off(text: str) -> bool:
    """Whether the words tick an item off a list or take it off ("mark bananas as done", "you can tick it",
    "cross eggs off the shopping list"): never an item added."""
    return _TICKED.search(normalize(text)) is not None


_CLAUSES = re.compile(r"\s*(?:[,;:!?]|\.(?!\d)|\s[-\u2013\u2014]\s)\s*")
_SECOND_THOUGHTS = re.compile(
    r"^(?:(?:no|nope|nah|wait|actually|sorry|oh|hmm|um|on second thoughts?)(?: |$))*"
)
_LEFT_BE = re.compile(
    r"(?:leave (?:it|them|that|those)(?: (?:alone|be|as (?:it is|they are)))?|(?:do not|dont) bother"
    r"|forget (?:it|that)|scratch that|cancel that)$"
)


_LEFT_AS_WAS = re.compile(r"leave (?:it|them|that|those) (?:on|off|open|closed|shut|locked|unlocked|running)")
"""After "no" or "wait": "..., no wait, leave them on"."""


def left_be(text: str) -> bool:
    """Whether a clause after the first takes the command back ("turn off the kitchen light, no, leave it",
    "..., actually don't bother"): what is asked first is then not to be done (a correction, "no, the hallway
    one", is read by the recognizers)."""
    later = [normalize(clause) for clause in _CLAUSES.split(text)[1:] if clause and clause.strip()]
    thought = False  # "no", "wait" said just before
    for said in later:
        rest = _SECOND_THOUGHTS.sub("", said)
        thought = thought or rest != said
        if _LEFT_BE.fullmatch(rest) or (thought and _LEFT_AS_WAS.fullmatch(rest)):
            return True
        thought = not rest
    return False
