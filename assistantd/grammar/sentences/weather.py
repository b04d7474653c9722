"""Built-in templates for the weather question ("what's the weather like", "... in London", "is it raining",
"will I need an umbrella"): the weather as it is now. A forecast ("tomorrow", "is it going to rain") is no
state the home keeps, and is not read as this question."""

from __future__ import annotations

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup

_NOW = (
    "[today|now|right now|outside|out there|at the moment|currently|this morning|this afternoon|this evening]"
)
_IN = "[in [the] {weather_place:name}]"
_WEATHER = "(weather|weather report|current weather|weather conditions)"
_SKY = (
    "(cold|hot|warm|chilly|freezing|raining|pouring|chucking it down|bucketing down|sunny|windy|snowing|nice"
    "|cloudy)"
)
_GEAR = (
    "(an umbrella|a coat|a jacket|sunscreen|sun cream|a brolly|my (umbrella|coat|jacket|brolly|scarf|gloves))"
)
_HOW = "[how is it|what is it like|how does it look|how is it looking]"
"""A question after the place ("weather in London, how is it")."""

WEATHER_GROUP = SentenceGroup(
    intents.GET_WEATHER,
    (
        f"(what is|how is|what does) [the] {_WEATHER} [look|looking] [like] {_NOW} {_IN} [like] {_NOW}",
        f"what is [the] {{weather_place:name}} {_WEATHER} [like] {_NOW}",
        f"(tell me|give me|do you know|can you tell me|could you tell me) [about] the {_WEATHER} {_IN} "
        f"{_NOW}",
        f"(tell me|do you know) what the weather is [like] {_IN} {_NOW}",
        f"[do you know|can you tell me|tell me] what [is] the weather [is] doing {_IN} {_NOW}",
        f"what is the weather (going to|gonna) do {_IN} today",
        "(what is it|how is it) like (outside|out|out there) [today|now|right now]",
        f"{_WEATHER} {_NOW} {_IN} {_NOW} {_HOW} [please]",
        f"{_WEATHER} [for] {{weather_place:name}} {_NOW} [please]",
        f"(will|do|should) (i|we) (need|take|bring) {_GEAR} {_NOW}",
        f"is it {_SKY} (outside|out) {_NOW}",
        f"is it (raining|snowing|pouring|drizzling) {_NOW}",
        f"is it [still] {_SKY} [over] [in] [the] {{weather_place:name}} {_NOW}",
    ),
)
"""HassGetWeather: the home's own weather, or a configured place's ({name} is the place)."""

ELSEWHERE_GROUP = SentenceGroup(
    intents.GET_WEATHER,
    (
        f"(what is|how is) the {_WEATHER} [like] {_NOW} in {{elsewhere:name}} [like] {_NOW}",
        f"(tell me|give me|do you know) the {_WEATHER} in {{elsewhere:name}} {_NOW}",
        f"{_WEATHER} (in|for) {{elsewhere:name}} {_NOW} {_HOW} [please]",
        f"is it {_SKY} in {{elsewhere:name}} {_NOW}",
    ),
    priority=-1,
)
"""The weather of a place the home has no source for ("in Paris"): understood, so that the answer says it is
not known rather than give the home's own."""

WEATHER_GROUPS: tuple[SentenceGroup, ...] = (WEATHER_GROUP, ELSEWHERE_GROUP)
