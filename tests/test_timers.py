"""Timers: the grammar's reading of timer sentences, the pure timer book (an injected clock), its SQLite store
across a restart, and the decision path's answers."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.daemon.timers import TimerKeeper, command_messages
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.grammar.durations import parse_duration
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from assistantd.mqtt.outbox import Outbox
from assistantd.timers import book
from assistantd.timers.book import Selector, Timer, TimerEvent
from assistantd.timers.commands import timer_outcome
from assistantd.timers.store import TimerStore
from assistantd.timers.words import left_words, length_words
from tests.support.configs import EXAMPLE
from tests.support.home import decide_intent

T0 = 1_700_000_000.0


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    return GrammarRecognizer(config, lazy=True)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("set a timer for 5 minutes", intents.START_TIMER, {"minutes": 5}),
        ("set a timer for an hour and a half", intents.START_TIMER, {"hours": 1, "minutes": 30}),
        ("start a 90 second timer", intents.START_TIMER, {"seconds": 90}),
        ("timer for 2 and a half minutes", intents.START_TIMER, {"minutes": 2, "seconds": 30}),
        ("set a timer for five minutes", intents.START_TIMER, {"minutes": 5}),
        (
            "set a timer for twenty five minutes and ten seconds",
            intents.START_TIMER,
            {"minutes": 25, "seconds": 10},
        ),
        ("set a 10 minute pizza timer", intents.START_TIMER, {"minutes": 10, "name": "pizza"}),
        ("set a timer for pizza for 10 minutes", intents.START_TIMER, {"minutes": 10, "name": "pizza"}),
        ("start a timer named pizza for 10 minutes", intents.START_TIMER, {"minutes": 10, "name": "pizza"}),
        ("set a 10 minute timer in the kitchen", intents.START_TIMER, {"minutes": 10, "area": "Kitchen"}),
        ("cancel the pizza timer", intents.CANCEL_TIMER, {"name": "pizza"}),
        ("stop the kitchen timer", intents.CANCEL_TIMER, {"area": "Kitchen"}),
        ("cancel my 5 minute timer", intents.CANCEL_TIMER, {"start_minutes": 5}),
        ("cancel all timers", intents.CANCEL_ALL_TIMERS, {}),
        ("cancel all the timers in the kitchen", intents.CANCEL_ALL_TIMERS, {"area": "Kitchen"}),
        ("add 5 minutes to the pizza timer", intents.INCREASE_TIMER, {"minutes": 5, "name": "pizza"}),
        ("give the pizza timer 3 more minutes", intents.INCREASE_TIMER, {"minutes": 3, "name": "pizza"}),
        ("add one more hour to the timer", intents.INCREASE_TIMER, {"hours": 1}),
        ("take 2 minutes off", intents.DECREASE_TIMER, {"minutes": 2}),
        ("take 2 minutes off the timer", intents.DECREASE_TIMER, {"minutes": 2}),
        ("pause the timer", intents.PAUSE_TIMER, {}),
        ("pause my timer a sec", intents.PAUSE_TIMER, {}),
        ("timer, 12 minutes", intents.START_TIMER, {"minutes": 12}),
        ("get rid of all the timers", intents.CANCEL_ALL_TIMERS, {}),
        ("forget about the pizza timer", intents.CANCEL_TIMER, {"name": "pizza"}),
        ("resume the pizza timer", intents.UNPAUSE_TIMER, {"name": "pizza"}),
        ("how much time is left", intents.TIMER_STATUS, {}),
        ("timer status", intents.TIMER_STATUS, {}),
        ("how long is left on the pizza timer", intents.TIMER_STATUS, {"name": "pizza"}),
        ("status of the 1 hour timer", intents.TIMER_STATUS, {"start_hours": 1}),
        ("put a 12 minute timer on for the pasta", intents.START_TIMER, {"minutes": 12, "name": "pasta"}),
        ("start a timer for three quarters of an hour", intents.START_TIMER, {"minutes": 45}),
        ("set a timer 1 hour 20 minutes", intents.START_TIMER, {"hours": 1, "minutes": 20}),
        ("wake me up in 20 minutes", intents.START_TIMER, {"minutes": 20}),
        ("get rid of every single timer", intents.CANCEL_ALL_TIMERS, {}),
        ("is the pizza timer nearly done", intents.TIMER_STATUS, {"name": "pizza"}),
        ("how is the pizza timer doing", intents.TIMER_STATUS, {"name": "pizza"}),
        ("how much longer on the timer", intents.TIMER_STATUS, {}),
        ("how much longer is left on the timer", intents.TIMER_STATUS, {}),
        ("how much more time is left", intents.TIMER_STATUS, {}),
    ],
)
def test_grammar_reads_timer_sentences(
    grammar: GrammarRecognizer, text: str, intent: str, slots: dict
) -> None:
    read = grammar.recognize(text)
    assert (read.name, read.slots.as_dict()) == (intent, slots)


def test_lengths_in_words_and_digits() -> None:
    assert parse_duration("1 hour 15 minutes and 30 seconds") == {"hours": 1, "minutes": 15, "seconds": 30}
    assert parse_duration("half an hour") == {"minutes": 30}
    assert parse_duration("1 and a 1 2 hours") == {"hours": 1, "minutes": 30}  # "1/2" as normalised
    assert parse_duration("pizza") is None
    assert parse_duration("a quarter of an hour") == {"minutes": 15}
    assert parse_duration("an hour and three quarters of an hour") == {"hours": 1, "minutes": 45}
    assert length_words(5430) == "1 hour, 30 minutes and 30 seconds"
    assert length_words(60) == "1 minute"
    assert left_words(192) == "3 minutes and 12 seconds"
    assert left_words(1505) == "25 minutes"


def test_book_start_pause_resume_adjust_cancel() -> None:
    started = book.start("a", T0, 300, name="pizza", area="Kitchen")
    timer = started.timer
    assert (started.event, timer.ends_at, timer.remaining(T0 + 60)) == (TimerEvent.STARTED, T0 + 300, 240)
    paused = book.pause(timer, T0 + 100)
    assert paused is not None and paused.timer.paused and paused.timer.remaining(T0 + 1000) == 200
    assert book.pause(paused.timer, T0 + 200) is None
    resumed = book.resume(paused.timer, T0 + 1000)
    assert resumed is not None and resumed.timer.ends_at == T0 + 1200
    longer = book.adjust(resumed.timer, T0 + 1000, 600)
    assert (longer.event, longer.timer.ends_at, longer.timer.duration_seconds) == (
        TimerEvent.UPDATED, T0 + 1800, 900,
    )  # fmt: skip
    over = book.adjust(longer.timer, T0 + 1000, -10_000)
    assert over.event is TimerEvent.FINISHED and over.timer.remaining(T0 + 1000) == 0
    assert book.cancel(timer, T0).event is TimerEvent.CANCELLED


def test_book_picks_the_timer_as_home_assistant_does() -> None:
    pizza = book.start("p", T0, 600, name="pizza", area="Kitchen").timer
    eggs = book.start("e", T0 + 1, 300, name="eggs", area="Kitchen").timer
    tea = book.start("t", T0 + 2, 300, name=None, area="Office").timer
    timers = [pizza, eggs, tea]
    assert book.pick(timers, Selector(name="Pizza"), None) == pizza
    assert book.pick(timers, Selector(start_seconds=300), "Kitchen") == eggs  # heard in its area
    assert book.pick(timers, Selector(start_seconds=300), None) == tea  # the most recent
    assert book.pick(timers, Selector(area="Office"), None) == tea
    assert book.pick(timers, Selector(), None) == tea
    assert book.pick(timers, Selector(name="rice"), None) is None
    assert book.pick([pizza], Selector(), "Office") == pizza  # the only one


def test_book_due_in_order_with_lateness() -> None:
    first = book.start("a", T0, 10, name=None, area=None).timer
    second = book.start("b", T0, 20, name=None, area=None).timer
    assert book.next_end([first, second]) == T0 + 10
    assert book.due([first, second], T0 + 5) == []
    changes = book.due([second, first], T0 + 100)
    assert [(c.timer.id, c.event, c.late_seconds) for c in changes] == [
        ("a", TimerEvent.FINISHED, 90), ("b", TimerEvent.FINISHED, 80),
    ]  # fmt: skip


def test_store_keeps_timers_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path, max_actions=100)
    store = TimerStore(outbox)
    running = book.start("a", T0, 60, name="pizza", area="Kitchen")
    paused = book.pause(book.start("b", T0, 600, name=None, area=None).timer, T0 + 10)
    gone = book.start("c", T0, 60, name=None, area=None)
    assert paused is not None
    store.record([running, gone, paused])
    store.record([book.cancel(gone.timer, T0 + 1)])
    outbox.close()

    reopened = Outbox(path, max_actions=100)  # the daemon starts again, long after the pizza's end
    kept = TimerStore(reopened).load()
    assert [timer.id for timer in kept] == ["a", "b"]
    assert kept[0] == running.timer and kept[1].paused and kept[1].remaining(T0 + 9999) == 590
    (late,) = book.due(kept, T0 + 3600)
    assert (late.timer.id, late.late_seconds) == ("a", 3540)
    reopened.close()


def _timers(*changes: book.TimerChange) -> tuple[Timer, ...]:
    kept: dict[str, Timer] = {}
    for change in changes:
        book.apply(kept, change)
    return tuple(kept.values())


def _say(intent: str, timers: tuple[Timer, ...], now: float, **slots: object) -> tuple[str, list[str]]:
    done = timer_outcome(Intent(intent, Slots(**slots)), timers, now, heard_area="Living Room", new_id="n")  # type: ignore[arg-type]
    return done.response, [change.event.value for change in done.changes]


def test_answers_as_home_assistant_gives_them() -> None:
    assert _say(intents.START_TIMER, (), T0, minutes=5) == ("Timer set for 5 minutes.", ["started"])
    assert (
        _say(intents.START_TIMER, (), T0, minutes=5, name="pizza")[0]
        == "Timer set for 5 minutes named pizza."
    )
    pizza = book.start("p", T0, 300, name="pizza", area="Kitchen")
    timers = _timers(pizza)
    assert _say(intents.TIMER_STATUS, timers, T0 + 108) == (
        "The pizza timer has 3 minutes and 12 seconds left.",
        [],
    )
    assert _say(intents.CANCEL_TIMER, timers, T0) == ("Timer cancelled.", ["cancelled"])
    assert _say(intents.INCREASE_TIMER, timers, T0, minutes=5) == (
        "5 minutes added to the pizza timer.",
        ["updated"],
    )
    assert _say(intents.DECREASE_TIMER, timers, T0, minutes=10)[1] == ["finished"]
    assert _say(intents.PAUSE_TIMER, timers, T0) == ("Timer paused.", ["paused"])
    assert _say(intents.CANCEL_TIMER, timers, T0, name="rice") == ("There is no rice timer.", [])
    assert _say(intents.TIMER_STATUS, (), T0) == ("No timers.", [])
    two = _timers(pizza, book.start("e", T0, 60, name=None, area="Kitchen"))
    assert _say(intents.TIMER_STATUS, two, T0 + 10) == (
        "2 running timers. 50 seconds left on the 1 minute Kitchen timer.", [],
    )  # fmt: skip
    assert _say(intents.CANCEL_ALL_TIMERS, two, T0, area="Kitchen") == ("Cancelled 2 timers in the Kitchen.",
                                                                        ["cancelled", "cancelled"])  # fmt: skip
    assert _say(intents.START_TIMER, (), T0) == (
        "For how long? Say, for example, set a timer for 5 minutes.", [],
    )  # fmt: skip


def test_decision_path_carries_timers_in_the_decision(config: Config) -> None:
    assistant = Assistant(config)
    situation = Situation(now_ms=1000, local_minute=720, wall_seconds=T0)
    started = decide_intent(assistant, Intent(intents.START_TIMER, Slots(minutes=2), 0.97), situation)
    assert (started.outcome, started.response, started.actions) == (
        Outcome.EXECUTED,
        "Timer set for 2 minutes.",
        (),
    )
    (change,) = started.timer_changes
    assert (change.timer.area, change.timer.ends_at) == ("Living Room", T0 + 120)
    later = Situation(now_ms=2000, local_minute=720, wall_seconds=T0 + 30, timers=(change.timer,))
    status = decide_intent(assistant, Intent(intents.TIMER_STATUS, confidence=0.97), later)
    assert (status.outcome, status.response) == (
        Outcome.ANSWERED,
        "The 2 minute Living Room timer has 1 minute and 30 seconds left.",
    )
    missing = decide_intent(assistant, Intent(intents.CANCEL_TIMER, Slots(name="rice"), 0.97), later)
    assert (missing.outcome, missing.timer_changes) == (Outcome.FAILED, ())


class _Ringer:
    """Notes what the keeper rings and stops."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.stopped = asyncio.Event()

    def ring(self, timer: Timer) -> None:
        self.calls.append(f"ring {timer.name}")

    def stop(self) -> None:
        self.calls.append("stop")
        self.stopped.set()


class _Publisher:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def submit(self, actions, *, then=(), also=None) -> asyncio.Future[None]:  # noqa: ANN001 - the Submitter seam
        self.sent += [action.payload for action in then]
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


async def test_a_finished_timer_rings_for_the_configured_time_then_stops(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3", max_actions=100)
    store = TimerStore(outbox)
    store.record([book.start("a", T0, 60, name="tea", area=None)])  # long over by the time the keeper starts
    ringer, publisher = _Ringer(), _Publisher()
    bound = {"seconds": 0.05}
    keeper = TimerKeeper(store, publisher, lambda: "home/timer", ringer=ringer,
                         ring_seconds=lambda: bound["seconds"], clock=lambda: T0 + 600)  # fmt: skip
    try:
        keeper.start()
        await asyncio.wait_for(ringer.stopped.wait(), 30)
    finally:
        keeper.close()
        outbox.close()
    assert ringer.calls == ["ring tea", "stop"], "rang, then stopped by itself after ring_seconds"
    assert [json.loads(payload)["event"] for payload in publisher.sent] == ["finished"]
    assert keeper.stop_ringing() is False, "nothing rings any more"


def test_ring_seconds_is_read_from_the_timers_section() -> None:
    from assistantd.config.schema import parse_config
    from tests.support.configs import BASE

    assert parse_config(BASE + "timers:\n  ring_seconds: 15\n", file="home.yaml").timers.ring_seconds == 15
    assert parse_config(BASE, file="home.yaml").timers.ring_seconds == 60


@pytest.mark.parametrize(
    ("text", "length", "command"),
    [
        ("in 20 minutes turn off the bedroom lamp", {"minutes": 20}, "turn off the bedroom lamp"),
        ("turn off the floor lamp in 5 minutes", {"minutes": 5}, "turn off the floor lamp"),
        ("close the garage door after an hour", {"hours": 1}, "close the garage door"),
    ],
)
def test_a_command_put_off_is_a_timer_that_carries_it_out(
    config: Config, text: str, length: dict[str, int], command: str
) -> None:
    read = CombinedRecognizer(config, grammar=GrammarRecognizer(config)).recognize(text)
    assert (read.name, read.slots.as_dict()) == (
        intents.START_TIMER,
        {**length, "conversation_command": command},
    )
    done = timer_outcome(read, (), T0, heard_area="Bedroom", new_id="t1")
    assert done.response == f"In {length_words(done.changes[0].timer.duration_seconds)}: {command}."
    assert done.changes[0].timer.command == command


@pytest.mark.parametrize(
    "text", ["in 5 minutes, what time is it", "in 5 minutes the lamp went off", "remind me in 5 minutes"]
)
def test_only_a_command_read_with_certainty_is_put_off(config: Config, text: str) -> None:
    read = CombinedRecognizer(config, grammar=GrammarRecognizer(config)).recognize(text)
    assert read.slots.conversation_command is None


def test_a_timers_command_is_kept_and_an_older_database_gains_its_column(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path, max_actions=100)
    with outbox.transaction("an older timers table") as db:
        db.execute(
            "CREATE TABLE timers (id TEXT PRIMARY KEY, name TEXT, area TEXT, duration_seconds REAL NOT NULL,"
            " start_seconds REAL NOT NULL, started_at REAL NOT NULL, ends_at REAL, left_seconds REAL)"
        )
        db.execute("INSERT INTO timers VALUES ('old', 'tea', NULL, 60, 60, ?, ?, NULL)", (T0, T0 + 60))
    store = TimerStore(outbox)
    later = book.start("new", T0, 300, name=None, area="Bedroom", command="turn off the bedroom lamp")
    store.record([later])
    outbox.close()
    kept = TimerStore(Outbox(path, max_actions=100)).load()
    assert [(timer.id, timer.command) for timer in kept] == [
        ("new", "turn off the bedroom lamp"),
        ("old", None),
    ]


async def test_a_finished_timer_with_a_command_sends_it_and_does_not_ring(
    tmp_path: Path, config: Config
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3", max_actions=100)
    store = TimerStore(outbox)
    store.record([book.start("a", T0, 60, name=None, area="Bedroom", command="turn off the bedroom lamp")])
    ringer, publisher = _Ringer(), _Publisher()
    keeper = TimerKeeper(store, publisher, lambda: "home/timer", ringer=ringer, clock=lambda: T0 + 600,
                         then=lambda timer: command_messages(config, timer))  # fmt: skip
    try:
        keeper.start()
    finally:
        keeper.close()
        outbox.close()
    finished, command = (json.loads(payload) for payload in publisher.sent)
    assert (finished["event"], finished["command"]) == ("finished", "turn off the bedroom lamp")
    assert command == {"text": "turn off the bedroom lamp", "id": "timer-a", "area": "bedroom"}
    assert ringer.calls == [], "a command put off is carried out, not rung"
