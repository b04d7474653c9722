"""Commands wrapped in polite frames, words of address and regional words, and commands corrected on the fly,
read by the example home's grammar and fusion (no model): what is meant, never what was taken back."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.corrections import corrections, surely_corrected
from assistantd.grammar.phrasing import plainly


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("I was wondering whether you could possibly switch the desk lamp off", None, intents.TURN_OFF,
         {"name": "Desk Lamp"}),
        ("it would be brilliant if you could lock the front door", None, intents.TURN_ON,
         {"name": "Front Door"}),
        ("could I possibly trouble you to close the blinds", None, intents.TURN_OFF,
         {"name": "Bedroom Blinds"}),
        ("sorry to bother you, but could you pause the telly", None, intents.MEDIA_PAUSE, {"name": "TV"}),
        ("would it be possible to turn the heating to 20", None, intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 20}),
        ("let me know whether the garage door is open", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "open"}),
        ("Kitchen::i was just wondering how cold it is in here", "Kitchen", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Kitchen"}),
        ("would you ever switch on the bedside lamp, there's a good lad", None, intents.TURN_ON,
         {"name": "Bedroom Lamp"}),
        ("please on the garage light na", None, intents.TURN_ON, {"name": "Garage Light"}),
        ("cut off the coffee maker, hon", None, intents.TURN_OFF, {"name": "Coffee Maker"}),
        ("get the extractor fan going", None, intents.TURN_ON, {"name": "Extractor Fan"}),
        ("pit the desk lamp aff", None, intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("I'd love it if the desk lamp came on", None, intents.TURN_ON, {"name": "Desk Lamp"}),
        ("pick the telly back up", None, intents.MEDIA_UNPAUSE, {"name": "TV"}),
        ("switch off the desk - oh never mind", None, intents.NEVERMIND, {}),
        # an older, careful speaker's ways of asking
        ("would you be good enough to switch the television off now, dear", None, intents.TURN_OFF,
         {"name": "TV"}),
        ("if you'd be so kind, I should like the floor lamp at about forty percent", None, intents.LIGHT_SET,
         {"name": "Floor Lamp", "brightness": 40}),
        ("excuse me, I don't suppose you could pause the telly for a moment", None, intents.MEDIA_PAUSE,
         {"name": "TV"}),
        ("good morning. might I trouble you to close the blinds?", None, intents.TURN_OFF,
         {"name": "Bedroom Blinds"}),
        ("would you mind very much unlocking the front door, my grandson's arriving", None, intents.TURN_OFF,
         {"name": "Front Door"}),
        ("could I possibly have the thermostat at nineteen and a half?", None,
         intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 19.5}),
        ("I'd be awfully grateful if you'd switch the desk lamp off for me", None, intents.TURN_OFF,
         {"name": "Desk Lamp"}),
        ("if it isn't too much of a bother, I'd like the kitchen lights on, please", None, intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("I hope you don't mind my asking, but could you put the desk lamp on", None, intents.TURN_ON,
         {"name": "Desk Lamp"}),
        ("Office::it's freezing down here, make it 21", "Office", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Office", "temperature": 21}),
        # an apology is no correction, and a level of "it" beside a remark that it is loud is the volume
        ("I'm terribly sorry, would you turn it down to fifteen, it's rather loud", None, intents.SET_VOLUME,
         {"volume_level": 15}),
        ("turn it down to fifteen, it's far too hot", None, intents.CLIMATE_SET_TEMPERATURE,
         {"temperature": 15}),  # the set-point, as "it's too hot" says
        ("turn it up to 50, it's freezing", None, intents.NONE, {}),  # no set-point in Celsius: not guessed
        ("turn it down to fifteen, it's too loud and too hot", None, intents.NONE, {}),
        # said to someone else by name: theirs, not the assistant's; a later sentence may be the assistant's
        ("Margaret, would you be a dear and close the blinds?", None, intents.NONE, {}),
        ("Mum, is the front door locked, or shall I go and check?", None, intents.NONE, {}),
        ("Tom, pass me the salt. and the desk lamp off please", None, intents.TURN_OFF,
         {"name": "Desk Lamp"}),
        ("Morning, desk lamp off, please", None, intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("Milo, down! get down off there", None, intents.NONE, {}),  # still to Milo: no command read exactly
        ("Mark, you staying for tea? lights to half in the kitchen", None, intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 50}),
        ("lock up the front door, we're off to bed", None, intents.TURN_ON, {"name": "Front Door"}),
        # typed in a hurry
        ("yo is the front door locked or nah", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("garage door open or nah", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "open"}),  # a question, never an opening
        ("k desk lamp off ty", None, intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("gimme a 45 second timer", None, intents.START_TIMER, {"seconds": 45}),
        ("timer for an hour n a half pls", None, intents.START_TIMER, {"hours": 1, "minutes": 30}),
        ("how long left on the rice", None, intents.TIMER_STATUS, {"name": "rice"}),
        ("add 10 more mins to the rice", None, intents.INCREASE_TIMER, {"name": "rice", "minutes": 10}),
        ("knock the heating down to 18", None, intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 18}),
        ("Kitchen, lights off", None, intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("did the plumber say whether the front door was all right?", None, intents.NONE, {}),
        # a guest asking whether or how it can be done, the value in a clause of its own
        ("Kitchen::hi, sorry, is it possible to put the lights on in here?", "Kitchen", intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("Kitchen::is it possible to dim the lights in here? maybe to about 30 percent", "Kitchen",
         intents.LIGHT_SET, {"area": "Kitchen", "brightness": 30}),
        ("Kitchen::sorry, how do I make the lights in here dimmer? say 15 percent", "Kitchen",
         intents.LIGHT_SET, {"area": "Kitchen", "brightness": 15}),
        ("is there a way to cancel all the timers?", None, intents.CANCEL_ALL_TIMERS, {}),
        ("Living_Room::is it possible to turn the sound down in here? maybe to fifteen", "Living_Room",
         intents.SET_VOLUME, {"area": "Living Room", "volume_level": 15}),
        ("Office::is it possible to turn the heating up in here to 22?", "Office",
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Office", "temperature": 22}),
        ("can the desk lamp be dimmed to about thirty?", None, intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness": 30}),
        ("could the floor lamp go down to 25 percent?", None, intents.LIGHT_SET,
         {"name": "Floor Lamp", "brightness": 25}),
        ("sorry, can the telly be paused for a second?", None, intents.MEDIA_PAUSE, {"name": "TV"}),
        ("turn the kitchen lights on, 30 percent", None, intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 30}),
        ("turn the kitchen lights on, thirty two people are coming", None, intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),  # a number in a remark is no value
        # a child's spelling and a guest's words
        ("Kitchen::lites off plees", "Kitchen", intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("timer for five minits pleeease", None, intents.START_TIMER, {"minutes": 5}),
        ("make the telly lowder to 80", None, intents.SET_VOLUME, {"name": "TV", "volume_level": 80}),
        ("play the telly again plees", None, intents.MEDIA_UNPAUSE, {"name": "TV"}),
        ("play The Office", None, intents.MEDIA_SEARCH,
         {"area": "Living Room", "search_query": "the office"}),  # a show, not the room
        ("Living_Room::could you pause whatever's playing in here?", "Living_Room", intents.MEDIA_PAUSE,
         {"area": "Living Room"}),
        ("Kitchen::can you set a timer in here for twelve minutes?", "Kitchen", intents.START_TIMER,
         {"minutes": 12}),
        ("Would you carry on with the timer now, please.", None, intents.UNPAUSE_TIMER, {}),
        ("Could you set the living room to twenty and a half degrees? I'm a bit chilly", None,
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 20.5}),
        ("Send the vacuum cleaner back to its charger, please.", None, intents.VACUUM_RETURN,
         {"name": "Rover"}),
        ("rover go back to your bed", None, intents.VACUUM_RETURN, {"name": "Rover"}),
        ("Lovely weather for ducks, as my mother used to say.", None, intents.NONE, {}),
        ("Office::the lamp on the desk here, is it possible to have it at about half?", "Office",
         intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 50}),  # "on the desk" places it
        ("put the tv on the match is starting", None, intents.TURN_ON, {"name": "TV"}),
        # an ordinary day
        ("set the hall to 21 please", None, intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Hallway", "temperature": 21}),
        ("set the kitchen to 21", None, intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 21}),  # no thermostat there
        ("set the hall lights to 21", None, intents.LIGHT_SET, {"area": "Hallway", "brightness": 21}),
        ("cancel that timer, we don't need it anymore", None, intents.CANCEL_TIMER, {}),
        ("drop the thermostat to 18, I'm off to bed", None, intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 18}),
        ("can I get a timer for an hour and a half, the roast just went in", None, intents.START_TIMER,
         {"hours": 1, "minutes": 30}),
        ("quick 45 second timer please", None, intents.START_TIMER, {"seconds": 45}),
        ("how many minutes are left on the timer", None, intents.TIMER_STATUS, {}),
        ("how long has the timer got left", None, intents.TIMER_STATUS, {}),
        ("put a pizza timer on for 14 minutes", None, intents.START_TIMER, {"name": "pizza", "minutes": 14}),
        ("press play again, I'm back", None, intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
        ("pause that a minute, my phone's ringing", None, intents.MEDIA_PAUSE, {"area": "Living Room"}),
        ("sure, do it, she's expected", None, intents.CONFIRM, {}),
        ("yes, no", None, intents.NONE, {}),
        ("did anyone remember to lock the front door last night", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("did I leave the desk lamp on again this morning", None, intents.GET_STATE,
         {"name": "Desk Lamp", "state": "on"}),
        ("open the blinds about halfway so I can see out", None, intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 50}),
        ("Bedroom::crank the lamp all the way up, I'm trying to find an earring", "Bedroom",
         intents.LIGHT_SET, {"name": "Bedroom Lamp", "brightness": 100}),
        ("sorry what time is it now, my phone's dead", None, intents.GET_CURRENT_TIME, {}),
        ("is the garage door open still or did Dan close it", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "open"}),
        # mornings and evenings: a remark of its own after the command
        ("turn on the bedroom lamp, I'll be up in a minute", None, intents.TURN_ON, {"name": "Bedroom Lamp"}),
        ("cancel the timer, I took the eggs off early", None, intents.CANCEL_TIMER, {}),
        ("add five minutes to the timer, the potatoes aren't soft yet", None, intents.INCREASE_TIMER,
         {"minutes": 5}),
        ("telly down to 10, the kids have finally gone to sleep", None, intents.SET_VOLUME,
         {"name": "TV", "volume_level": 10}),
        ("carry on with the telly, I've got my tea now", None, intents.MEDIA_UNPAUSE, {"name": "TV"}),
        ("get the robot hoover going, there are crumbs everywhere", None, intents.VACUUM_START,
         {"name": "Rover"}),
        ("turn on the bedroom lamp, I mean the desk lamp", None, intents.TURN_ON, {"name": "Desk Lamp"}),
        ("turn off the floor lamp, we're not done", None, intents.NONE, {}),  # may take it back
        ("Hallway::is it warm enough in here for the baby?", "Hallway", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Hallway"}),
        ("I love how the living room looks with just the floor lamp on", None, intents.NONE, {}),
        ("Kitchen::is there any smoke in here or is that just the toast?", "Kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "smoke", "state": "on"}),
        ("turn off the desk lamp in 20 minutes, I'm reading till then", None, intents.START_TIMER,
         {"minutes": 20, "conversation_command": "turn off the desk lamp"}),
    ],
)  # fmt: skip
def test_a_command_wrapped_in_a_way_of_asking_is_the_command(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    said = text.split("::")[-1]
    heard = example_reader.recognize(said, area_id=area.lower() if area else None)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_frames_come_off_and_nothing_else_changes() -> None:
    assert plainly("i was hoping you could turn on the lamp") == "turn on the lamp"
    assert plainly("sorry to be a pain but could i trouble you to open the blinds") == "open the blinds"
    assert plainly("turn on the lamp") == "turn on the lamp"
    assert plainly("has joseph made it home yet") == "is joseph home"
    assert plainly("did anyone remember to lock the front door last night") == "did they lock the front door"
    assert plainly("is the garage door open still or did dan close it") == "is the garage door open still"
    assert plainly("has the parcel come yet") == "has the parcel come yet"
    assert plainly("is the washer still going") == "is the washer still running"
    assert plainly("how is it going") == "how is it going"
    assert plainly("is it warm enough in here for the baby") == "what is the temperature in here"
    assert plainly("is it cold enough for snow") == "is it cold enough for snow"
    assert plainly("the kids are only small") == "the kids are only small"


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("desk lamp to forty, make that sixty percent", intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness": 60}),
        ("set a timer for ten, no, five minutes", intents.START_TIMER, {"minutes": 5}),
        ("put the heating to nineteen - sorry, twenty one", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 21}),
        ("turn off the - wait no, turn on the desk lamp", intents.TURN_ON, {"name": "Desk Lamp"}),
        ("open the garage door, no, close it, close the garage door", intents.TURN_OFF,
         {"name": "Garage Door"}),
        ("add milk to the shopping list, er, the pharmacy list i mean", intents.LIST_ADD,
         {"name": "Pharmacy", "item": "milk"}),
    ],
)  # fmt: skip
def test_what_a_correction_takes_back_is_never_done(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_only_words_that_can_only_correct_are_read_first() -> None:
    assert surely_corrected("lamp to forty make that sixty")
    assert surely_corrected("the weather in london los angeles i mean")
    assert not surely_corrected("turn on the lamp and make it red")
    assert not surely_corrected("did i actually lock the door")
    assert corrections("lamp to forty make that sixty")[:2] == ["sixty", "lamp to sixty"]
