"""Benchmark: what putting typing slips right costs and changes, on the held-out development commands.

The combined recognizer (grammar only, no model, so that the figures are the corrector's and the grammar's)
reads every typed command of tests/heldout/*_commands_dev*.jsonl with the typing-slip corrector and, in the
same run, with it turned off (the baseline). Printed: latency per command (p50, p99, and the ratio of the
medians), the lines the corrector changed, and how many of those the grammar then reads with certainty.

    python benchmarks/spelling.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.evaluation.sentences import EvalCase, heard_area_id, load_cases
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.spelling import Speller
from assistantd.grammar.recognizer import GrammarRecognizer

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from recognizer import default_data


class _Unchanged(Speller):
    """The corrector turned off."""

    def correct(self, text: str) -> str:
        return text


def _homes() -> list[tuple[str, Config, list[EvalCase]]]:
    fixtures = default_data() / "ha-intents" / "en_fixtures.yaml"
    homes = [
        ("Home Assistant's home", config_from_fixtures(load_fixtures(fixtures)), "ha_commands_dev*.jsonl")
    ]
    homes.append(
        ("the example home", load_config(ROOT / "config" / "assistantd.yaml"), "example_commands_dev*.jsonl")
    )
    return [
        (name, config, [case for path in sorted(HELDOUT.glob(pattern)) for case in load_cases(path)])
        for name, config, pattern in homes
    ]


def _timed(recognizer: CombinedRecognizer, config: Config, cases: list[EvalCase], repeat: int) -> list[float]:
    """Microseconds a command, the best of repeat passes for each."""
    best = [float("inf")] * len(cases)
    for _ in range(repeat):
        for index, case in enumerate(cases):
            area = heard_area_id(config, case.area)
            started = time.perf_counter()
            recognizer.recognize(case.text, area_id=area)
            best[index] = min(best[index], (time.perf_counter() - started) * 1e6)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    columns = ("lines", "p50 us", "p99 us", "off p50", "ratio", "changed", "read")
    print(f"{'home':<24}" + "".join(f" {column:>8}" for column in columns))
    for name, config, cases in _homes():
        grammar = GrammarRecognizer(config)
        on = CombinedRecognizer(config, grammar=grammar)
        off = CombinedRecognizer(config, grammar=grammar)
        off._speller = _Unchanged(())  # noqa: SLF001 - the baseline: nothing is corrected
        on.recognize("warm up")
        off.recognize("warm up")
        timed_on = _timed(on, config, cases, args.repeat)
        timed_off = _timed(off, config, cases, args.repeat)
        changed = [case for case in cases if on.spelled(case.text) != case.text]
        read = sum(
            on.recognize(case.text, area_id=heard_area_id(config, case.area)).is_command
            and not off.recognize(case.text, area_id=heard_area_id(config, case.area)).is_command
            for case in changed
        )
        p50, p50_off = statistics.median(timed_on), statistics.median(timed_off)
        p99 = statistics.quantiles(timed_on, n=100)[98]
        print(
            f"{name:<24} {len(cases):>8} {p50:>8.0f} {p99:>8.0f} {p50_off:>8.0f} {p50 / p50_off:>8.2f}"
            f" {len(changed):>8} {read:>8}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
