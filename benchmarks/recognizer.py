"""Benchmark: assistantd's grammar recognizer next to hassil 3.13 + home-assistant-intents 2026.2.13.

Both recognise Home Assistant's English test sentences against the same home (the tests' fixtures,
plus each line's own file fixtures) and the same context; the figures are accuracy on the
intents assistantd supports and latency per sentence.

    python benchmarks/recognizer.py [--data DIR] [--repeat N] [--no-hassil]

hassil and home-assistant-intents come from the "bench" extra (pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures, merge_fixtures
from assistantd.evaluation.sentence_scores import summarize
from assistantd.evaluation.sentences import EvalCase, heard_area_id, load_cases, score_case
from assistantd.grammar.recognizer import GrammarRecognizer, clear_pattern_cache

Recognize = Callable[[EvalCase], tuple[str, dict[str, Any]]]


def default_data() -> Path:
    """The shared test data folder."""
    env = os.environ.get("ASSISTANTD_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"


def ours(cases: Sequence[EvalCase], home: Mapping[str, Any]) -> tuple[Recognize, float]:
    """assistantd's recognizer for each fixture set, and the seconds it took to build the first (cold)."""
    clear_pattern_cache()
    built: dict[str | None, tuple[GrammarRecognizer, Any]] = {}
    seconds = 0.0
    for key in sorted({case.fixtures for case in cases}, key=lambda key: key or ""):
        start = time.perf_counter()
        config = config_from_fixtures(merge_fixtures(home, json.loads(key)) if key else home)
        built[key] = (GrammarRecognizer(config), config)
        seconds = seconds or time.perf_counter() - start

    def recognize(case: EvalCase) -> tuple[str, dict[str, Any]]:
        recognizer, config = built[case.fixtures]
        intent = recognizer.recognize(case.text, area_id=heard_area_id(config, case.area))
        return intent.name, intent.slots.as_dict()

    return recognize, seconds


def hassil_side(cases: Sequence[EvalCase], home: Mapping[str, Any]) -> tuple[Recognize, float]:
    """hassil with Home Assistant's English intents, slot lists built as Home Assistant's tests build them."""
    from hassil import Intents, recognize
    from home_assistant_intents import get_intents

    start = time.perf_counter()
    intents = Intents.from_dict(get_intents("en"))
    lists = {
        key: _hassil_lists(merge_fixtures(home, json.loads(key)) if key else home)
        for key in {c.fixtures for c in cases}
    }
    seconds = (time.perf_counter() - start) / len(lists)

    def run(case: EvalCase) -> tuple[str, dict[str, Any]]:
        context = dict(case.context)
        result = recognize(case.text, intents, slot_lists=lists[case.fixtures], intent_context=context)
        if result is None:
            return "none", {}
        return result.intent.name, {entity.name: entity.value for entity in result.entities.values()}

    return run, seconds


def _hassil_lists(fixtures: Mapping[str, Any]) -> dict[str, Any]:
    """hassil slot lists for areas, floors and entity names (with domain and attributes as context)."""
    from hassil import TextSlotList

    from assistantd.evaluation.ha_fixtures import expand_name

    entities = []
    for entity in fixtures.get("entities") or ():
        domain = str(entity.get("domain") or str(entity.get("id", "")).partition(".")[0])
        context = {"domain": domain, **(entity.get("attributes") or {})}
        entities += [(name, name, context) for name in expand_name(str(entity["name"]))]
    return {
        "area": TextSlotList.from_strings(
            [n for a in fixtures.get("areas") or () for n in expand_name(a["name"])]
        ),
        "floor": TextSlotList.from_strings(
            [n for f in fixtures.get("floors") or () for n in expand_name(f["name"])]
        ),
        "name": TextSlotList.from_tuples(entities),
    }


def measure(
    name: str, recognize: Recognize, cases: Sequence[EvalCase], repeat: int, *, accuracy: bool, failures: bool
) -> str:
    """Run every case ``repeat`` times (after one warm-up pass); one table row of accuracy and latency."""
    outcomes = [score_case(case, *recognize(case)) for case in cases]
    timings: list[float] = []
    for _ in range(repeat):
        for case in cases:
            start = time.perf_counter_ns()
            recognize(case)
            timings.append((time.perf_counter_ns() - start) / 1000)
    timings.sort()
    mean = statistics.fmean(timings)
    if failures:
        for outcome in outcomes:
            if not outcome.slots_ok:
                print(f"  {name} failed: {outcome.case.text!r} -> {outcome.intent} {dict(outcome.slots)}")
    if accuracy:
        judged = summarize(outcomes)
        figures = f"{judged.intent_accuracy:>7.1%} {judged.slot_accuracy:>7.1%}"
    else:
        figures = f"{'-':>7} {'-':>7}"
    return (
        f"{name:<32} {len(cases):>5} {figures} {1e6 / mean:>9.0f} {mean:>8.1f} "
        f"{timings[len(timings) // 2]:>8.1f} {timings[int(len(timings) * 0.99)]:>8.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-hassil", action="store_true")
    parser.add_argument("--failures", action="store_true", help="list the sentences each side gets wrong")
    args = parser.parse_args(argv)
    folder = args.data / "ha-intents"
    if not folder.is_dir():
        print(f"no Home Assistant test data at {folder}", file=sys.stderr)
        return 1
    every = load_cases(folder / "en_tests.jsonl")
    supported = [case for case in every if case.supported]
    home = load_fixtures(folder / "en_fixtures.yaml")
    print(f"{len(every)} sentences, {len(supported)} of supported intents; {args.repeat} timed passes")
    sides: list[tuple[str, Callable[..., tuple[Recognize, float]]]] = [("assistantd grammar", ours)]
    if not args.no_hassil:
        sides.append(("hassil 3.13 + intents 2026.2.13", hassil_side))
    header = (
        f"{'recognizer':<32} {'n':>5} {'intent':>7} {'slots':>7} "
        f"{'sent/s':>9} {'mean us':>8} {'p50 us':>8} {'p99 us':>8}"
    )
    rows = []
    for name, build in sides:
        try:
            recognize, seconds = build(every, home)
        except ImportError as err:
            rows.append(f"{name}: not installed ({err})")
            continue
        gc.collect()
        gc.freeze()  # long-lived set-up out of the collector's way, as a daemon would do after start-up
        rows.append(measure(name, recognize, supported, args.repeat, accuracy=True, failures=args.failures))
        rows.append(
            measure(f"  (all {len(every)} sentences)", recognize, every, 1, accuracy=False, failures=False)
        )
        rows.append(f"  set-up: {seconds:.2f} s for the home (hassil compiles lazily, in the warm-up pass)")
    print("\n".join([header, *rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
