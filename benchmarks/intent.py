"""Benchmark: the multimodal intent model beside the grammar alone and hassil, on the same sentences.

Tables: Home Assistant's English tests (intent, exact slots), SLURP's smart-home test sentences mapped to
Home Assistant's intents (and its devel split, which tuning may look at), rejection (non-commands of the
multimodal suite rejected, real commands lost), the multimodal suite per category, the held-out dev sets
(tests/heldout/*_dev.jsonl: intent, exact slots, non-commands rejected, requests the home cannot serve
acted on, commands given another command's intent); then latency per turn (p50, p99; CPU, and CUDA when
present) and the training time of each home. The held-out test sets are never read here.

    python benchmarks/intent.py [--data DIR] [--no-hassil]

Needs the model extra (torch); hassil and home-assistant-intents come from the bench extra.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from assistantd.config.schema import load_config
from assistantd.evaluation.assess import (
    Score,
    latency_ms,
    rejected_share,
    score_ha,
    score_intents,
    score_suite,
)
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.evaluation.sentence_scores import summarize
from assistantd.evaluation.sentences import EvalCase, heard_area_id, load_cases, score_case
from assistantd.evaluation.slurp import load_slurp
from assistantd.evaluation.turn_file import load_turns
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intent_model.predictor import ModelRecognizer
from assistantd.intent_model.recipe import TrainingConfig
from assistantd.intent_model.slurp_text import out_of_scope_sentences
from assistantd.intent_model.training import train
from assistantd.intents import Intent, Recognizer, no_intent

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "assistantd" / "evaluation" / "data" / "turns.jsonl"
HELDOUT = ROOT / "tests" / "heldout"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from recognizer import _hassil_lists, default_data, hassil_side


class Hassil:
    """hassil with Home Assistant's English intents over a home's names (text in, intent name out)."""

    def __init__(self, home: dict[str, Any]) -> None:
        from hassil import Intents
        from home_assistant_intents import get_intents

        self._intents = Intents.from_dict(get_intents("en"))
        self._lists = _hassil_lists(home)

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        from hassil import recognize

        result = recognize(text, self._intents, slot_lists=self._lists)
        return no_intent(text) if result is None else Intent(name=result.intent.name, text=text)


def _row(name: str, *cells: str) -> str:
    return f"{name:<14}" + "".join(f"{cell:>12}" for cell in cells)


def _pct(score: Score | float, slots: bool = False) -> str:
    if isinstance(score, float):
        return f"{score:.1%}"
    return f"{score.slot_accuracy if slots else score.intent_accuracy:.1%}"


def main(argv: list[str] | None = None) -> int:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--no-hassil", action="store_true")
    args = parser.parse_args(argv)
    ha_dir, slurp_dir = args.data / "ha-intents", args.data / "slurp"
    if not (ha_dir / "en_tests.jsonl").is_file() or not (slurp_dir / "iot_test.jsonl").is_file():
        print(f"no Home Assistant tests or SLURP under {args.data}", file=sys.stderr)
        return 1
    home = load_fixtures(ha_dir / "en_fixtures.yaml")
    config = config_from_fixtures(home, site_area="Living Room")
    checkpoint = train(config, TrainingConfig())
    _ha_tests(ha_dir, home, checkpoint, hassil=not args.no_hassil)
    _slurp_and_rejection(ha_dir, slurp_dir, config, checkpoint, home if not args.no_hassil else None)
    _heldout_ha(checkpoint, home)
    _risk_coverage(ha_dir / "en_fixtures.yaml")
    _suite_and_latency(checkpoint)
    print(
        f"\ntraining: Home Assistant's test home {checkpoint['training_seconds']:.1f} s "
        f"({checkpoint['examples']} examples, {len(out_of_scope_sentences())} of them SLURP's out-of-scope "
        "devel sentences, 1 CPU thread)"
    )
    return 0


def _ha_tests(ha_dir: Path, home: dict[str, Any], checkpoint: dict[str, Any], *, hassil: bool) -> None:
    """Home Assistant's English tests: intent and exact slots for each recognizer."""
    factories: dict[str, Callable[[Any], Any]] = {
        "grammar": lambda c: GrammarRecognizer(c, lazy=True),
        "model": lambda c: ModelRecognizer(checkpoint, c, device="cpu"),
        "combined": lambda c: CombinedRecognizer(
            c, model=ModelRecognizer(checkpoint, c, device="cpu"), grammar=GrammarRecognizer(c, lazy=True)
        ),
    }
    cases = load_cases(ha_dir / "en_tests.jsonl")
    print(f"Home Assistant's English tests ({sum(c.supported for c in cases)} supported sentences)")
    print(_row("", "intent", "exact slots"))
    for name, factory in factories.items():
        score = score_ha(cases, home, factory)
        print(_row(name, _pct(score), _pct(score, slots=True)))
    if hassil:
        run, _ = hassil_side([c for c in cases if c.supported], home)
        judged = summarize(score_case(c, *run(c)) for c in cases if c.supported)
        right = Score(judged.supported, judged.intent_correct, judged.slots_correct)
        print(_row("hassil", _pct(right), _pct(right, slots=True)))


def _slurp_and_rejection(
    ha_dir: Path, slurp_dir: Path, config: Any, checkpoint: dict[str, Any], hassil_home: dict[str, Any] | None
) -> None:
    """SLURP's mapped smart-home sentences, non-commands of the suite rejected, real commands lost."""
    model = ModelRecognizer(checkpoint, config, device="cpu")
    grammar = GrammarRecognizer(config)
    sides: dict[str, Any] = {
        "grammar": grammar,
        "model": model,
        "combined": CombinedRecognizer(config, model=model, grammar=grammar),
    }
    if hassil_home is not None:
        sides["hassil"] = Hassil(hassil_home)
    slurp = [s for s in load_slurp(slurp_dir / "iot_test.jsonl") if s.intent != "none"]
    devel = [s for s in load_slurp(slurp_dir / "iot_devel.jsonl") if s.intent != "none"]
    non_commands = [t.turn.text for t in load_turns(SUITE) if t.category == "rejection"]
    commands = [c.text for c in load_cases(ha_dir / "en_tests.jsonl") if c.supported] + [s.text for s in slurp]
    print(f"\nSLURP iot_test ({len(slurp)}) and iot_devel ({len(devel)}), mapped intents, and rejection")
    print(_row("", "SLURP test", "SLURP devel", "non-cmd rej", "cmd lost"))
    for name, side in sides.items():
        print(
            _row(
                name,
                _pct(score_intents(side, slurp)),
                _pct(score_intents(side, devel)),
                _pct(rejected_share(side, non_commands)),
                _pct(rejected_share(side, commands)),
            )
        )


def _risk_coverage(fixtures: Path) -> None:
    """The combined recognizer's risk-coverage curve on the held-out dev split (benchmarks/calibration.py)."""
    from calibration import calibrate, describe, print_curve, read_dev

    reads = read_dev(fixtures)
    print(f"\nrisk-coverage on the held-out dev split ({len(reads)} lines; calibration.py calibrates on it)")
    print_curve(reads)
    print(describe(calibrate(reads)))


def _heldout_row(name: str, cases: list[EvalCase], recognizer: Recognizer, config: Any) -> str:
    """One held-out dev file: intent and exact slots on what the home supports, non-commands rejected,
    requests it cannot serve acted on, commands given another command's intent."""
    right = slots = rejected = acted = wrong = 0
    supported = [c for c in cases if c.supported]
    for case in cases:
        got = recognizer.recognize(case.text, area_id=heard_area_id(config, case.area))
        outcome = score_case(case, got.name, got.slots.as_dict())
        unservable = case.intent == "none" or not case.supported
        right, slots = (
            right + (case.supported and outcome.intent_ok),
            slots + (case.supported and outcome.slots_ok),
        )
        rejected += case.intent == "none" and not got.is_command
        acted += unservable and got.is_command
        wrong += not unservable and got.is_command and got.name != case.intent
    nones = sum(c.intent == "none" for c in cases)
    unservable = sum(c.intent == "none" or not c.supported for c in cases)
    return _row(
        name,
        f"{right}/{len(supported)}",
        f"{slots}/{len(supported)}",
        f"{rejected}/{nones}" if nones else "",
        f"{acted}/{unservable}" if unservable else "",
        f"{wrong}/{len(cases) - unservable}" if len(cases) > unservable else "",
    )


def _heldout_ha(checkpoint: dict[str, Any], home: dict[str, Any]) -> None:
    """The held-out dev sets of Home Assistant's test home (heard nowhere unless a line says where)."""
    config = config_from_fixtures(home)
    recognizer = CombinedRecognizer(config, model=ModelRecognizer(checkpoint, config, device="cpu"))
    print("\nheld-out dev sets (combined): intent, exact slots, non-commands rejected, unservable acted on,")
    print("commands given another command's intent")
    print(_row("", "intent", "slots", "none rej", "unserv act", "wrong cmd"))
    for name in ("ha_commands", "ha_noncommands", "ha_unservable"):
        cases = load_cases(HELDOUT / f"{name}_dev.jsonl")
        print(_heldout_row(name, cases, recognizer, config))


def _suite_and_latency(ha_checkpoint: dict[str, Any]) -> None:
    """The multimodal suite per category, and latency per turn."""
    config = load_config(ROOT / "config" / "assistantd.yaml")
    started = time.perf_counter()
    checkpoint = train(config, TrainingConfig())
    seconds = time.perf_counter() - started
    model = ModelRecognizer(checkpoint, config, device="cpu")
    turns = load_turns(SUITE)
    fused = TurnRecognizer(config, CombinedRecognizer(config, model=model))
    plain = TurnRecognizer(config, CombinedRecognizer(config))
    both = {"grammar": score_suite(plain, turns), "combined": score_suite(fused, turns)}
    print(f"\nmultimodal suite ({len(turns)} turns)")
    print(_row("category", "grammar", "combined", "turns"))
    for category in sorted(both["combined"]):
        score = both["combined"][category]
        print(_row(category, _pct(both["grammar"][category]), _pct(score), str(score.total)))
    print(
        "\nlatency per turn (ms; mixed: the suite's deixis, follow-ups and rejections, most of them read by"
    )
    print("the grammar alone; model: turns only the model reads; batch of 8: model turns read together)")
    print(_row("", "p50", "p99"))
    sample = [t.turn for t in turns if t.category in ("deixis", "follow-up", "rejection")][:100]
    texts_read = [t.turn for t in turns if t.turn.text]
    read = [t for t in texts_read if fused.understand_turn(t).intent.recognizer == "model"][:100]
    for name, recognizer, net in (("CPU", fused, model), *_cuda(config, checkpoint)):
        for label, chosen in (("mixed", sample), ("model", read)):
            for t in chosen[:10]:
                recognizer.understand_turn(t)
            cycle = itertools.cycle(chosen)
            p50, p99 = latency_ms(lambda r=recognizer, c=cycle: r.understand_turn(next(c)), 500)
            print(_row(f"{name} {label}", f"{p50:.2f}", f"{p99:.2f}"))
        texts = [t.text for t in read[:8]]
        p50, p99 = latency_ms(lambda n=net: n.predict(texts), 200)
        print(_row(f"{name} batch of 8", f"{p50 / 8:.2f}", f"{p99 / 8:.2f}"))
    cases = load_cases(HELDOUT / "example_commands_dev.jsonl")
    print(_row("\nexample home", "intent", "slots", "none rej", "unserv act", "wrong cmd"))
    print(_heldout_row("commands dev", cases, CombinedRecognizer(config, model=model), config))
    dev = score_suite(fused, load_turns(HELDOUT / "turns_dev.jsonl"))
    print("turns dev: " + ", ".join(f"{k} {v.intent_correct}/{v.total}" for k, v in sorted(dev.items())))
    print(f"\ntraining: example home {seconds:.1f} s ({checkpoint['examples']} examples)")


def _cuda(config: Any, checkpoint: dict[str, Any]) -> list[tuple[str, TurnRecognizer, ModelRecognizer]]:
    """The suite's recognizer on the GPU, when there is one."""
    if not torch.cuda.is_available():
        return []
    model = ModelRecognizer(checkpoint, config, device="cuda")
    return [("CUDA", TurnRecognizer(config, CombinedRecognizer(config, model=model)), model)]


if __name__ == "__main__":
    sys.exit(main())
