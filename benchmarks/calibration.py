"""Benchmark: the risk-coverage curve of the combined recognizer on the held-out dev split, and the
thresholds it calibrates (fusion/thresholds.py: MODEL_FLOOR, ACT_FLOOR).

Every dev line is read once by the grammar and once by the intent model; the combination is then replayed
for each pair of thresholds. A model reading under the reject floor is no command, one between the floors
is asked about first ("Did you mean ...?"), one above the act floor is carried out at once. For commands
the curve shows how many are carried out right at once (coverage), carried out wrongly at once (risk),
asked about, or lost; for non-commands and requests the home cannot serve, how many are acted on at once
or asked about. Only the dev split is read: the test split stays untouched.

    python benchmarks/calibration.py [--data DIR]

Needs the model extra; trains (or loads from ~/.cache/assistantd) the model of each home.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistantd import intents  # noqa: E402
from assistantd.config import load_config  # noqa: E402
from assistantd.config.settings import Config  # noqa: E402
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures  # noqa: E402
from assistantd.evaluation.sentences import EvalCase, heard_area_id, load_cases  # noqa: E402
from assistantd.fusion.thresholds import ACT_FLOOR, MODEL_FLOOR, Thresholds  # noqa: E402
from assistantd.grammar.recognizer import GrammarRecognizer  # noqa: E402
from assistantd.intents import Intent  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout"
WRONG_AT_ONCE = 0.01
"""At most this share of the commands may be carried out wrongly at once (the bar the product is held to)."""
NON_COMMANDS_AT_ONCE = 0.02
"""At most this share of the non-commands and unservable requests may be acted on at once."""


@dataclass(frozen=True, slots=True)
class Read:
    """One dev line: what it is, and what the grammar and the model read."""

    case: EvalCase
    heard: Intent
    read: Intent
    unknown: bool = False
    """The words hold one the model never saw (its readings are then asked about, however sure)."""


@dataclass(frozen=True, slots=True)
class Point:
    """What the combination does at one pair of thresholds."""

    reject: float
    act: float
    right_at_once: int
    wrong_at_once: int
    asked_commands: int
    lost: int
    commands: int
    others_at_once: int
    others_asked: int
    others: int


def main(argv: Sequence[str] | None = None) -> int:
    """Print the curve and the calibrated thresholds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    fixtures = args.data / "ha-intents" / "en_fixtures.yaml"
    if not fixtures.is_file() or not HELDOUT.is_dir():
        print(f"no fixtures at {fixtures} or no held-out set at {HELDOUT}")
        return 0
    reads = read_dev(fixtures)
    print(f"dev lines read: {len(reads)}")
    print_curve(reads)
    print("\n" + describe(calibrate(reads)))
    return 0


def read_dev(fixtures: Path) -> list[Read]:
    """Every dev line of the Home Assistant home and of the example home, read by both recognizers."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistantd"
    ha = config_from_fixtures(load_fixtures(fixtures), state_directory=cache)
    example = load_config(ROOT / "config" / "assistantd.yaml")
    example = dataclasses.replace(example, state_directory=cache / "example")
    homes = ((ha, ("ha_commands_dev", "ha_noncommands_dev", "ha_unservable_dev")), (example, ("example_commands_dev",)))
    reads: list[Read] = []
    for config, files in homes:
        model = _model(config)
        grammar = GrammarRecognizer(config, lazy=True)
        for name in files:
            for case in load_cases(HELDOUT / f"{name}.jsonl"):
                area = heard_area_id(config, case.area)
                heard = grammar.recognize(case.text, area_id=area) if case.text.strip() else intents.no_intent()
                reads.append(Read(case, heard, model.recognize(case.text, area_id=area),
                                  bool(model.unknown_words(case.text))))  # fmt: skip
    return reads


def _model(config: Config):  # noqa: ANN202 - a ModelRecognizer (torch imported here)
    from assistantd.intent_model.checkpoint import read_checkpoint, train_cached
    from assistantd.intent_model.predictor import ModelRecognizer

    return ModelRecognizer(read_checkpoint(train_cached(config)), config, device="cpu")


def point(reads: Sequence[Read], reject: float, act: float) -> Point:
    """The outcome of every line at one pair of thresholds."""
    rules = Thresholds(model_floor=reject, act_floor=act)
    counts = {"right": 0, "wrong": 0, "asked": 0, "lost": 0, "others_at_once": 0, "others_asked": 0}
    commands = others = 0
    for item in reads:
        reading = item.heard if rules.certain(item.heard) else rules.decide(item.heard, item.read)
        acting = reading.name in intents.ACTING
        asked = rules.asks_first(reading) or (acting and reading.recognizer == "model" and item.unknown)
        if item.case.is_command:
            commands += 1
            key = "lost" if not acting and reading.name != item.case.intent else (
                "asked" if asked else ("right" if reading.name == item.case.intent else "wrong"))
            counts[key] += 1
        else:
            others += 1
            counts["others_asked" if asked else "others_at_once"] += acting
    return Point(reject, act, counts["right"], counts["wrong"], counts["asked"], counts["lost"], commands,
                 counts["others_at_once"], counts["others_asked"], others)  # fmt: skip


def print_curve(reads: Sequence[Read]) -> None:
    """Coverage and risk as the act floor rises (reject floor as in use), then as the reject floor does."""
    print("\nact floor (reject at %.2f)   commands: right at once / wrong at once / asked / lost   "
          "others: acted at once / asked" % MODEL_FLOOR)  # fmt: skip
    for act in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99):
        _row(point(reads, min(MODEL_FLOOR, act), act))
    print(f"\nreject floor (act at {ACT_FLOOR:.2f})")
    for reject in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        _row(point(reads, reject, max(reject, ACT_FLOOR)))


def _row(p: Point) -> None:
    share = lambda part, whole: f"{part / whole if whole else 0:6.1%}"  # noqa: E731
    print(f"  {p.reject:.2f} {p.act:.2f}   {share(p.right_at_once, p.commands)} {share(p.wrong_at_once, p.commands)} "
          f"{share(p.asked_commands, p.commands)} {share(p.lost, p.commands)}   "
          f"{share(p.others_at_once, p.others)} {share(p.others_asked, p.others)}")  # fmt: skip


def calibrate(reads: Sequence[Read]) -> tuple[float, float] | None:
    """The lowest act floor that keeps wrong actions and acting on non-commands within their bars, and the
    reject floor under it that loses the fewest commands while asking about no more non-commands than
    it acts on commands right; None when no act floor keeps within the bars (readings wrong with
    certainty, which no threshold holds back)."""
    grid = [round(0.30 + 0.01 * step, 2) for step in range(70)]
    act = next((a for a in grid if _within(point(reads, min(a, MODEL_FLOOR), a))), None)
    if act is None:
        return None
    best = min(
        (r for r in grid if r <= act),
        key=lambda r: (point(reads, r, act).lost, point(reads, r, act).others_asked, -r),
    )
    return best, act


def describe(calibrated: tuple[float, float] | None) -> str:
    """The calibration's result beside the thresholds in use."""
    in_use = f"in use: reject below {MODEL_FLOOR}, ask below {ACT_FLOOR}"
    if calibrated is None:
        return f"no act floor keeps within the bars: the remaining risk is readings wrong with certainty ({in_use})"
    return f"calibrated: reject below {calibrated[0]:.2f}, ask below {calibrated[1]:.2f} ({in_use})"


def _within(p: Point) -> bool:
    return p.wrong_at_once <= WRONG_AT_ONCE * p.commands and p.others_at_once <= NON_COMMANDS_AT_ONCE * p.others


if __name__ == "__main__":
    sys.exit(main())
