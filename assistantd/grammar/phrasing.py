"""Ways of asking that say no more than the command they wrap: long polite frames ("I was wondering if it
might be possible to dim the bedroom lamp", "it would be wonderful if you could ...", "could I possibly
trouble you to ...", "sorry to be a pain, but ..."), questions asked about rather than asked ("let me know
whether Joseph is home yet", "I'd like to know where Ada is"), words of address and particles ("..., there's
a good girl", "bhaiya", "... na", "..., hon") and regional words for the same verbs ("would you ever turn
off", "gonnae pause", "pit the big light aff", "cut the lights off", "get the fan goin"). The grammar reads
the plain command where nothing reads the words as said (recognizer.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistantd.colors import COLORS
from assistantd.grammar.learners import LEARNERS
from assistantd.grammar.transcripts import TRANSCRIPTS
from assistantd.grammar.trials import TRIALS
from assistantd.grammar.wishes import WISHES

OATHS = frozenset(
    "bloody damn damned dang darn flipping flippin freaking frickin fricking frigging friggin effing "
    "blinking blasted goddamn sodding feckin fecking stupid stinking".split()
)
"""Words said in anger that name nothing ("the bloody timer" is no timer called bloody)."""
_POSSIBLY = r"(?: possibly| perhaps| maybe| just| please)?"
_COLOURS = "|".join(sorted(COLORS, key=len, reverse=True))
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_STATE = "(?:open|closed|shut|on|off|locked|unlocked)"
_YOU_COULD = rf"(?:you (?:could|would|might|can)|youd){_POSSIBLY}"
_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # frames before the command
        (
            rf"^(?:i was|i am|i have been|we were) (?:just )?(?:wondering|hoping) (?:if|whether) "
            rf"(?:{_YOU_COULD}|it (?:might|would|could|is) be possible (?:for you )?to{_POSSIBLY}) ",
            "",
        ),
        (rf"^i was hoping (?:that )?{_YOU_COULD} ", ""),
        (rf"^i wonder (?:if|whether) {_YOU_COULD} ", ""),
        (
            r"^(?:it|that) would be (?:wonderful|lovely|great|brilliant|nice|grand|fab|fantastic|amazing"
            rf"|perfect|ideal|super|handy) if {_YOU_COULD} ",
            "",
        ),
        (
            r"^i would (?:really |very much |much |so |be |be ever so )?(?:appreciate it|grateful|be grateful"
            rf"|be much obliged|be obliged|be so grateful|love it|like it) if {_YOU_COULD} ",
            "",
        ),
        (r"^could i (?:possibly |just )?(?:trouble|bother|ask) you to ", ""),
        (r"^(?:would|could|will|can) you (?:be able|be good enough|be so good as|be so kind as) to ", ""),
        (r"^(?:when|whenever) you (?:get|have) (?:a|the) (?:moment|minute|second|sec|chance) ", ""),
        (r"^(?:i am |im )?sorry to (?:be a (?:pain|nuisance|bother)|bother you|trouble you)(?: but)? ", ""),
        (r"^i hate to (?:be a (?:pain|nuisance|bother)|bother you|trouble you)(?: but)? ", ""),
        (r"^i would like you to ", ""),
        (
            r"^i would (?:love|like) it if (?P<thing>.+?) (?:came|went|were|was|got|could go|could come"
            r"|would go|would come) (?P<way>on|off)\b",
            r"turn \g<way> \g<thing>",
        ),
        (r"^i would (?:love|like) it if (?P<thing>.+?) (?:were|was) open\b", r"open \g<thing>"),
        (r"^i would (?:love|like) it if (?P<thing>.+?) (?:were|was) (?:closed|shut)\b", r"close \g<thing>"),
        (r"^if (?:you would|youd) be so (?:kind|good)(?: as to)? ", ""),
        (r"^would it be (?:too much )?(?:trouble|a bother|possible|ok|okay|alright|all right) to ", ""),
        (r"^it would be (?:lovely|nice|great|wonderful|grand|brilliant) to ", ""),
        (r"^i would (?:quite |really |very much )?(?:like|love) (?=the |all |my )", ""),
        (r"\blet me think\b", ""),
        (r"^but (?=(?:could|can|would|will) )", ""),
        (
            r"^i would (?:really |very much )?(?:appreciate it|be grateful|love it|like it) if "
            r"(?P<thing>.+?) (?:could|would|can) be (?:turned|switched|put) (?P<way>on|off)\b",
            r"turn \g<way> \g<thing>",
        ),
        (r"^if it is not (?:too much )?(?:bother|trouble|a bother)(?: to ask)? ", ""),
        (r"^(?:could|would|can|will) you (?:possibly|perhaps|kindly|please|just) ", ""),
        (r"\bmind (?:terribly|awfully|very much|at all|ever so much) ", "mind "),
        (
            r"^(?:could|can|would) (?P<thing>.+) (?:go|come|be turned|be switched|be put) (?P<way>on|off)\b",
            r"turn \g<way> \g<thing>",
        ),
        (  # "could the light on the kitchen cabinets go down to 25 percent", "can that be dimmed to thirty"
            r"^(?:could|can|would|will) (?P<thing>.+?) (?:go|come|be (?:dimmed|brightened|turned|set|put"
            r"|brought|made|moved|opened|closed|lowered|raised))(?: (?:up|down))? to (?P<level>.+)$",
            r"set \g<thing> to \g<level>",
        ),
        (r"^(?:could|can|would|will) (?P<thing>.+?) be paused\b", r"pause \g<thing>"),
        (
            r"\b(?:a|an) (?:(?:lovely|nice|pretty|soft|gentle|cosy|cozy|warm|rich|sort of|kind of|bit of a)"
            rf" )+(?=(?:{_COLOURS})(?: colou?r)?$)",
            "",
        ),  # "make that one a lovely orange", "a nice warm yellow"
        (
            rf"^(?:make|can|could) (?P<thing>.+?) (?:go|turn) (?P<colour>{_COLOURS})$",
            r"make \g<thing> \g<colour>",
        ),
        (
            r"^(?:can|could) (?P<thing>.+?) (?:be|go|get) (?P<how>(?:(?:a )?(?:bit|little|touch|tad|smidge)"
            r" |slightly |a lot |much )?(?:brighter|dimmer|softer|darker|warmer|cooler|louder|quieter))"
            r"(?P<end>(?! (?:tomorrow|today|tonight|if|when|than|later|soon|by|in)\b).*)$",
            r"make \g<thing> \g<how>\g<end>",
        ),  # "could the big light be a bit softer, say 25 percent"
        (r"^make it (?:all |really |super )?dark(?P<here> in here)?$", r"turn off the lights\g<here>"),
        (r"^(?:its|it is) (?=\w+(?: \w+)? time$)", ""),  # "it's movie time": the scene's name
        # questions asked about the past or with a second guess: "has joseph made it home yet"
        (
            r"^(?:has|did) (?P<who>\w+) (?:made it|make it|come|got|get|gotten|arrived|arrive)(?: back)?"
            r" home(?: yet)?$",
            r"is \g<who> home",
        ),
        (
            r"^did (?:anyone|anybody|someone|somebody) (?:remember to |forget to )?"
            r"(?=(?:lock|close|shut|turn|switch|leave)\b)",
            "did they ",
        ),  # (not "you": "did someone leave the garage light on after getting the beers" asks no one here)
        (
            r"^did (?:the \w+(?: (?!(?:actually|really|definitely|even)\b)\w+)?|(?:my|our|your) \w+"
            r"|(?!(?:i|we|you|they|he|she)\b)\w+)"
            r" (?=(?:remember to |forget to )?(?:lock|close|shut)"
            r" (?!(?:after|when|once|before|properly)\b)\w)",
            "did they ",
        ),  # "did the last lot lock the front door" (not "did the door lock", "did the door lock after ...")
        (
            r"^(?P<asked>(?:did|have|has|how|is|are) .+?)(?: again)? (?:from )?(?:last night|this morning"
            r"|this afternoon|this evening|earlier|earlier on|today|yesterday|tonight)$",
            r"\g<asked>",
        ),
        (
            r"^(?!(?:did|have|has) you\b)(?P<asked>(?:did|have|has|is|are|any) .+?)"
            r" (?:after|when|before|since|(?<!back )(?<!home )from) (?:\w+ ){0,5}\w+$",
            r"\g<asked>",
        ),  # "did we lock the sliding doors after the fireworks", "... when they left", "... from the nap"
        (
            r"^(?P<asked>(?:is|are|anybody|anyone|somebody|someone) .+?)"
            r" or (?:did|has|have|is|was|were|do|does|can|could|should) .+$",
            r"\g<asked>",
        ),  # "anybody in the kitchen or did they all leave"
        (r"^(?P<asked>did (?:they|we|you|i) leave .+?) (?:running|going|burning|blaring)$", r"\g<asked> on"),
        (
            r"^(?P<who>(?!(?:i|we|you|they|he|she|it|the)\b)\w+) (?:has |is )?"
            r"(?:come|got|gotten|reached|made it|arrived|back)(?: back)? home(?: yet)?(?: or not)?$",
            r"is \g<who> home",
        ),  # "joseph back home yet?", "ada has reached home or not?"
        (r"^did (?:we|you|i|they|anyone|someone) lock (?P<doors>all the doors|the doors|every door)$",
         r"are \g<doors> locked"),  # fmt: skip
        (r"^(?:have|has) (?:we|you|i|they) got any (?P<what>.+?) left (?P<state>on|open|unlocked)$",
         r"are any \g<what> \g<state>"),  # fmt: skip
        (r"^(?P<asked>(?:any|are there any|is there any) .+?) left(?= (?:on|open|unlocked)\b)", r"\g<asked>"),
        (r"^(?P<asked>any) (?:sign|signs|trace|hint) of (?:a |an |any )?", r"\g<asked> "),  # "any sign of a"
        (
            r"^(?P<asked>(?:is|are) .+?) (?:still )?(?:spinning|whirring|going round(?: and round)?)"
            r"(?: away)?$",
            r"\g<asked> still on",
        ),  # "is the ceiling fan still spinning away"
        (
            r"^(?P<asked>(?:what is|whats) .+?) (?:at|at now|at the moment|reading|showing|saying)$",
            r"\g<asked>",
        ),  # "what's the living room humidity at"
        (r"^(?P<asked>(?:what is|whats) .+? set to) (?:these days|at the moment|right now|now|currently)$",
         r"\g<asked>"),  # "what's the heating set to these days"
        (
            r"^how many (?P<what>.+?) (?:have we got|have we|do we have|have i got|are there)"
            r" (?P<state>on|off|open|closed|running|locked|unlocked)\b",
            r"how many \g<what> are \g<state>",
        ),  # "how many lights have we got on"
        (
            r"^(?:has|have) (?P<thing>(?:the|my|our|all the) .+?) been (?:turned |switched |left )?"
            r"(?P<state>off|on|closed|shut|locked|unlocked)\b",
            lambda found: f"{'are' if found['thing'].endswith('s') else 'is'} {found['thing']}"
            f" {found['state']}",
        ),  # "has the back door been locked"
        (
            r"^(?:(?:can|could|may) we (?:have|get)|(?:lemme|let me) (?:have|get)) ",
            "can i have ",
        ),  # "can we have the lights at 40", "lemme get the lounge lights at like 30"
        (
            r"^(?:(?:is it|would it be|would that be) possible (?:for you )?to )?have (?=.+ at \S)",
            "can i have ",
        ),
        (r"^can i have (?P<thing>it|that|this|them|those|these)(?P<one> one)? at (?=\S)",
         r"set \g<thing>\g<one> to "),  # "the lamp on the desk here, is it possible to have it at about half"
        (r"(?<= instead) of (?:the |that |a )?\w+$", ""),  # "can it be blue instead of white"
        (
            r"^(?P<asked>(?:is|are) \w+ (?:back|home)) from (?:school|work|college|uni|university|nursery"
            r"|the shops|town|the gym|practice|training)(?P<rest>(?: yet| already)?)$",
            r"\g<asked>\g<rest>",
        ),  # "is ada back from school yet"
        (
            rf"\b{_NUMBER}(?: {_NUMBER})? (?:no|nope|sorry|i mean|or rather|actually) (?={_NUMBER}\b)",
            "",
        ),  # "make it twenty one no twenty two": twenty two
        (
            r"^knock (?P<thing>it|that|them|this|those|the .+?) (?:back|down) (?:to )?(?=\S)",
            r"set \g<thing> to ",
        ),  # "knock it back to about a third"
        (
            r"^(?:crank|turn|put|bring|push) (?P<thing>.+?) (?:all the way|right) up$",
            r"set \g<thing> to 100 percent",
        ),
        (
            r"^(?P<thing>(?:the |all the )?(?:\w+ )?(?:lights|light|lamps|lamp)) (?:all the way|right) up"
            r"(?: to (?:full|max|maximum|the max|100 percent|100))?(?P<where> in here)?$",
            r"set \g<thing>\g<where> to 100 percent",
        ),  # "lights right up in here"
        (
            r"^(?:(?:put|set|turn|have|get) )?"
            r"(?P<thing>(?:the |all the )?(?:\w+ ){0,3}?(?:lights|light|lamps|lamp))"
            r" (?:down )?(?:nice and |really |quite )?low(?P<where> in here)?$",
            r"dim \g<thing>\g<where>",
        ),  # "lights low in here please"
        (r"\b(?:about|around|roughly|maybe) (?=half ?way\b)", ""),
        (r"^(?P<asked>(?:is|are) .+) still going$", r"\g<asked> still running"),  # "the washer still going?"
        (r"\b(?P<fan>fans?)(?P<still> still)? (?:running|going|spinning|whirring)\b", r"\g<fan>\g<still> on"),
        (r"^(?P<asked>how (?:cold|warm|hot|chilly) is it) (?:actually|really|honestly)\b", r"\g<asked>"),
        (
            r"^(?P<asked>(?:what|how|is|are) .+?) (?:what )?with all (?:these|those|this|that|the) .+$",
            r"\g<asked>",
        ),  # "what's the humidity like in the living room with all these wet towels about"
        (
            r"^is it (?:warm|cold|hot|cool|chilly) enough(?P<where> in here| in (?:the )?\w+(?: room)?)"
            r"(?: for (?:(?:the|my|our|a|an) (?:\w+ ){0,3}?)?(?:baby|kids|children|child|kid|toddler|dog|cat"
            r"|guests"
            r"|year old|him|her|them|us|you|me)(?: to .+)?)?$",
            r"what is the temperature\g<where>",
        ),  # "is it warm enough in here for the baby?", "... for a seven year old", "... for her to sleep"
        (
            r"\bon the (?P<room>kitchen|bathroom|utility room|laundry room|hall|hallway|garage|basement"
            r"|cellar) floor\b",
            r"in the \g<room>",
        ),  # "any water on the kitchen floor"
        (
            r"^(?P<asked>(?:is|are) (?:the |my |our )?.+?) back on(?: (?:after|since) .+| yet| now| again)?$",
            r"\g<asked> on",
        ),  # "is the mains power back on after that flicker"
        (
            r"^is it (?:still )?(?P<weather>snowing|raining|sunny|windy|cloudy|foggy|hailing|pouring"
            r"|drizzling"
            r"|(?:chucking|tipping|bucketing|pissing) it down)(?: out(?:side| there))?"
            r"(?: or (?:what|wat|not|(?:has|is|did) it .+))?$",
            lambda found: f"is it {'raining' if found['weather'].endswith(' down') else found['weather']}",
        ),  # "is it still snowing out there or has it finally stopped"
        (
            r"^(?P<asked>any \w+ (?:in here|in the \w+(?: room)?)) or (?:is|was) (?:that|it) just .+$",
            r"\g<asked>",
        ),  # "any smoke in here or is that just the toast catching"
        (
            r"^(?:could|can|shall) we (?:please |just )?"
            r"(?=(?:go back|skip|turn|switch|put|pause|lock|open|close)\b)",
            "",
        ),
        (
            r"^(?:ever|gonnae|go ahead and|go head and|do the needful and|kindly|by the way"
            r"|(?:(?:would|could|will|can) you )?be a (?:(?:dear|love|darling|sweetheart|star|pet|good lad"
            r"|good girl"
            r"|doll|lamb|treasure) )?and"  # ("dear" and "love" may be gone as fillers)
            r"|oh and) ",
            "",
        ),
        (r"^(?:arre|arrey|bhaiya|bhai|yaar|oi|ag man|ag|hey y all|y all|yall) ", ""),
        # words of address and asides after the command
        (
            r" (?:if you do not mind(?: me asking)?|if that is (?:all right|alright|ok|okay|fine)"
            r"|if you would not mind|when you get a (?:moment|minute|chance|sec|second)"
            r"|there is a good (?:girl|boy|lad|lass)"
            r"|for me|for us|na|only|y all|yall|hon|honey|sugar|darlin|darling|mate|bro|bruv|dude|bhaiya|yaar"
            r"|ji|love"
            r"|for (?:him|her|them|(?:your|my|our|the) (?:grandad|granddad|grandpa|grandma|gran|granny|nan"
            r"|nana|mum|mom|dad|son|daughter|kids|children|guests|wife|husband|partner))"
            r"|(?:for )?a (?:wee |quick |little )?(?:minute|moment|sec|second)"
            r"|if you (?:can|could) tell me|if you know|if it is no bother|would ya|will ya|cheers|by the way"
            r"|and that is me (?:done|finished|off)|and thats me (?:done|finished|off)|behind (?:me|us))$",
            "",
        ),
        (
            r"^(?P<shut>(?:lock|shut|close) (?:the |that )?(?:\w+ )?(?:door|gate)) (?:behind|after)"
            r" (?:him|her|them|(?:the|my|our|your) \w+)$",
            r"\g<shut>",
        ),  # "lock the door behind the tiler"
        # questions asked about: "let me know whether joseph is home yet"
        (
            r"^(?:let me know|tell me|check|see|find out|i would like to know|i want to know|know)"
            r"(?: for me)? "
            r"(?:whether|if) (?P<subject>.+?) (?P<be>is|are) (?P<rest>.+)$",
            r"\g<be> \g<subject> \g<rest>",
        ),
        (
            r"^(?:check|see|find out|let me know|tell me|know)(?: for me)? (?:whether|if) (?P<rest>.+)$",
            r"is \g<rest>",
        ),
        (
            r"^(?:let me know|tell me|i would like to know|i want to know|know"
            r"|(?:i was |i am )?(?:just )?wondering|i wonder) "
            r"(?P<asked>how (?:warm|cold|hot)|where|what) (?P<subject>.+?) (?P<be>is|are)(?P<rest>(?: .+)?)$",
            r"\g<asked> \g<be> \g<subject>\g<rest>",
        ),
        (r"\b(?P<word>\w+)(?: (?P=word)\b)+", r"\g<word>"),  # "off off off the fan"
        # oaths, intensifiers and insistence around a command ("turn the bloody fan off for god's sake")
        (rf"\b(?:{'|'.join(sorted(OATHS))})\b", ""),
        (
            r"(?:^| )for (?:the love of (?:god|christ|pete|mike)|crying out loud"
            r"|(?:god|gods|goodness|heaven|heavens|pete|petes|christ|fuck|fucks) sake)\b",
            "",
        ),
        (r" (?:right now|right away|now|immediately|asap|already|i mean it|brb|thx|ty|pls|plz|instead)$", ""),
        (r"^(?:no )?i (?:said|asked for|wanted) (?=\w+ \w)", ""),
        (r"\bonly (?=(?:a |an |about |half|quarter|\d))", ""),
        (r"\bback (?=(?:down |up )?to \w)", ""),
        (
            r"^(?:(?:it|this|that|the (?:music|tv|telly|sound|volume|radio)) is )?"
            r"(?:(?:way|far|much|a bit|a little|so|really) )*too"
            r" (?:loud|noisy|quiet)(?: in here)? (?:(?:turn|bring|put|set) it )?(?:down |up )?to"
            r" (?P<level>a quarter|a third|half|\S+)(?: percent)?$",
            r"set the volume to \g<level>",
        ),
        (r"^add (?P<length>\S+ (?:minutes?|mins?|seconds?|secs?|hours?))$", r"add \g<length> to the timer"),
        (
            r"^(?:it is |its )?(?:so |really |absolutely )?"
            r"(?:freezing|cold|chilly|hot|boiling|roasting|baking|warmer|cooler|colder|hotter)"
            r"(?: (?:in|down|up|out) here)? (?:so )?(?:make|set|put) it (?:to |at |on )?"
            r"(?=\S+(?: degrees?)?$)",
            "set the temperature to ",
        ),  # "it's freezing down here, make it 21": a set-point, the heat said
        (r"\bper cent\b", "percent"),
        (r"(?<=\d) ?pc\b", " percent"),
        # regional words for the same verbs
        (r"\block up (?=(?:the|all|every|my|our)\b)", "lock "),  # "lock up all the doors"
        (r"\baff\b", "off"),
        (r"\bun (?=lock)", "un"),
        (r"\b(?P<verb>turn|switch|put|turned|switched) of\b", r"\g<verb> off"),
        (r"\btae\b", "to"),
        (r"\bgoin\b", "going"),
        (r"^pit ", "put "),
        (r"^cut (on|off) ", r"turn \1 "),
        (r"^cut (?P<thing>.+) (?P<way>on|off)$", r"turn \g<thing> \g<way>"),
        (r"^cut (?P<thing>.+?) off\b", r"turn \g<thing> off"),
        (r"^cut (?P<thing>.+?) on (?=downstairs|upstairs|in here|out here|in the)", r"turn on \g<thing> "),
        (r"^cut (?!.*\bon\b)", "turn off "),
        (r"^get (?P<thing>.+?) going\b", r"turn on \g<thing>"),
        (r"^get (?P<thing>.+?) (?:to )?cleaning\b", r"start \g<thing>"),
        (r"^put (?P<way>on|off) ", r"turn \g<way> "),
        (r"^pick (?P<thing>.+?) back up\b", r"resume \g<thing>"),
        (
            r"^(?:pop|stick|bung|chuck|whack) (?=.+ (?:on|onto|to) (?:the|my|our) (?:\w+ )?(?:list|timer)$)",
            "put ",
        ),
        (r"^(?:whack|chuck|flick|bung|pop) (?=.*\b(?:on|off|up|down)\b)", "turn "),
        (r"^tell me (?=the )", "what is "),
        (r"^what time (?:is |has )?it (?:got|gotten) to\b", "what time is it"),  # "what time's it got to"
        (
            r"^(?:has|did|have) the (?P<area>\w+(?: room)?) (?:motion )?sensors? (?:picked|pick) up any"
            r" (?:movement|motion)\b",
            r"is there any movement in the \g<area>",
        ),  # "has the office sensor picked up any movement"
        (
            r"^is (?:there )?any (?P<what>gas|smoke|movement|motion) being (?:picked up|detected|sensed)\b",
            r"is there \g<what>",
        ),  # "is any gas being picked up in here"
        (
            r"^(?:(?:put|turn|switch) )?(?P<thing>.+?) on (?:but )?(?:dim|low|dimmed)"
            r"(?: for (?:her|him|me|us|them))?"
            r" (?:like |about |around |at |to )?(?P<value>\d+ percent)$",
            r"set \g<thing> to \g<value>",
        ),  # "bedroom lamp on but dim, like 15 percent"
        (r"^(?P<asked>(?:is|are|has|have|did|was|were) .+?) again$", r"\g<asked>"),  # "... left on again?"
        (
            rf"^(?P<asked>(?:is|are) .+? {_STATE})(?: yet| now| already)? or (?:is it |are they )?(?:still )?"
            rf"(?:{_STATE}|not)(?: yet| now| still)?$",
            r"\g<asked>",
        ),  # "are the bedroom blinds open yet or still shut": the state asked first
        (r"^stick (?P<thing>.+) up to ", r"set \g<thing> to "),
        (r"^(?:put|pop|stick) (?P<thing>.+?) on hold\b", r"pause \g<thing>"),  # "put that on hold a moment"
        (
            rf"^(?P<thing>(?:that|this) one|that|this|it) in (?P<colour>{_COLOURS})$",
            r"make \g<thing> \g<colour>",
        ),  # "that one in blue please, dear"
        (r"^(?:put|turn|switch) (?P<thing>it|that|this|them|those|these)(?P<one> one)? on (?:to|at) (?=\S)",
         r"set \g<thing>\g<one> to "),  # "put that one on to half"
        (r"\b(?P<thing>lights|lamps|fans|heating) back (?P<way>on|off)\b", r"\g<thing> \g<way>"),  # back on
        (r"^(?P<way>on|off) (?=the |all )", r"turn \g<way> "),
        (r"^(?P<way>on|off) with (?P<thing>.+)$", r"turn \g<way> \g<thing>"),
        (rf"^go (?P<colour>{_COLOURS}) with (?P<thing>it|that|them|this)$", r"make \g<thing> \g<colour>"),
    )
)
_ROUNDS = 4
"""Frames inside frames ("sorry to be a pain but could i trouble you to ...") are taken off one by one."""


def plainly(words: str) -> str:
    """Normalised words with the frames, words of address and regional words that wrap a command taken off or
    put plainly (the words themselves where there are none)."""
    for _ in range(_ROUNDS):
        before = words
        for pattern, replacement in (*LEARNERS, *TRANSCRIPTS, *WISHES, *TRIALS, *_REWRITES):
            words = " ".join(pattern.sub(replacement, words).split())
        if words == before:
            break
    return words
