"""`assistantd eval`: what the daemon understands (the grammar with the intent model beside it), scored on
sentences (JSON lines of text, intent and slots) or on multimodal turns (the format in
evaluation/turn_file.py, read by the assistant's own turn entry point)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistantd.cli.common import EX_OK, EX_USAGE, print_json
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer

RecognizerFor = Callable[[Config], CombinedRecognizer]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("eval", help="score the recognizer on a JSONL dataset or multimodal turns")
    data = parser.add_mutually_exclusive_group(required=True)
    data.add_argument("--dataset", type=Path, help="JSONL lines: text, intent, slots, context")
    data.add_argument("--turns", type=Path, help="JSONL multimodal turns (text, observations, context, expect)")
    home = parser.add_mutually_exclusive_group(required=True)
    home.add_argument("--config", help="an assistantd config")
    home.add_argument("--home", type=Path, help="a Home-Assistant-style fixtures YAML (areas, floors, entities)")
    parser.add_argument(
        "--recognizer",
        choices=("combined", "grammar"),
        default="combined",
        help="the grammar with the intent model beside it (the daemon's; trained when needed) or alone",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--failures", type=int, default=20, help="how many failures to list")
    parser.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    """The `eval` command."""
    from assistantd.config import load_config
    from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures

    data: Path = args.turns or args.dataset
    if not data.is_file():
        print(f"error: no dataset at {data}", file=sys.stderr)
        return EX_USAGE
    if args.turns is not None and args.home is not None:
        print("error: --turns needs --config (the home layout and device positions)", file=sys.stderr)
        return EX_USAGE
    home = load_fixtures(args.home) if args.home is not None else None
    config = load_config(Path(args.config)) if args.config is not None else config_from_fixtures(home or {})
    recognizer_for, note = _recognizers(args.recognizer, config, cache=args.config is not None)
    print(f"(recognizer: {note})", file=sys.stderr)
    if args.turns is not None:
        return _turns(args, config, recognizer_for)
    return _sentences(args, config, home, recognizer_for)


def _sentences(
    args: argparse.Namespace, config: Config, home: dict[str, Any] | None, recognizer_for: RecognizerFor
) -> int:
    """Score labelled sentences: per intent, the intent and the exact slots."""
    from assistantd.evaluation.sentences import evaluate, format_report, load_cases, report_to_json

    cases = load_cases(args.dataset)
    if home is not None:
        report = evaluate(cases, home=home, recognizer_for=recognizer_for)
    else:
        report = evaluate(cases, config=config, recognizer_for=recognizer_for)
    if args.json:
        print_json(report_to_json(report))
    else:
        print(format_report(report, failures=args.failures))
    return EX_OK


def _recognizers(kind: str, base: Config, *, cache: bool) -> tuple[RecognizerFor, str]:
    """How to build the recognizer for each home, and what it is in words."""
    if kind == "grammar":
        return _grammar_alone, "the grammar alone"
    try:
        from assistantd.intent_model.predictor import ModelRecognizer
    except ImportError as err:
        return _grammar_alone, f"the grammar alone (the model extra is not installed: {err})"
    checkpoint = _checkpoint(base, cache=cache)

    def combined(config: Config) -> CombinedRecognizer:
        return CombinedRecognizer(
            config, grammar=GrammarRecognizer(config, lazy=True), model=ModelRecognizer(checkpoint, config)
        )

    return combined, "the grammar and the intent model (combined)"


def _grammar_alone(config: Config) -> CombinedRecognizer:
    """A combined recognizer without a model: the grammar alone."""
    return CombinedRecognizer(config, grammar=GrammarRecognizer(config, lazy=True))


def _checkpoint(base: Config, *, cache: bool) -> dict[str, Any]:
    """The model trained for a home: the one cached in its state directory when there is (or can be)
    one, otherwise trained here, with progress on stderr."""
    from assistantd.intent_model.checkpoint import read_checkpoint, train_cached
    from assistantd.intent_model.training import train

    started = time.monotonic()

    def progress(epoch: int, epochs: int, loss: float) -> None:
        seconds = time.monotonic() - started
        print(
            f"training the intent model: epoch {epoch}/{epochs}, loss {loss:.4f} ({seconds:.0f} s)",
            file=sys.stderr,
        )

    if cache:
        try:
            return read_checkpoint(train_cached(base, progress=progress))
        except OSError as err:
            print(f"(not cached: {err})", file=sys.stderr)
    return train(base, progress=progress)


def _turns(args: argparse.Namespace, config: Config, recognizer_for: RecognizerFor) -> int:
    """Score multimodal turns, each read as the daemon's assistant reads it: per category, intent and
    targets and asking all right."""
    from assistantd.assistant.core import Assistant
    from assistantd.evaluation.assess import score_suite
    from assistantd.evaluation.turn_file import load_turns

    combined = recognizer_for(config)
    assistant = Assistant(config, combined.grammar, combined.model)
    scores = score_suite(assistant, load_turns(args.turns))
    if args.json:
        print(json.dumps({key: {"total": s.total, "right": s.intent_correct} for key, s in scores.items()}))
        return EX_OK
    print(f"{'category':<16} {'turns':>6} {'right':>8}")
    for key, score in sorted(scores.items(), key=lambda item: (item[0] == "all", item[0])):
        print(f"{key:<16} {score.total:>6} {score.intent_accuracy:>8.1%}")
    return EX_OK
