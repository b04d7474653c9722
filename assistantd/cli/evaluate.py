"""`assistantd eval`: what the daemon understands (the grammar with the intent model beside it), scored on
sentences (JSON lines of text, intent and slots) or on multimodal turns (the format in
evaluation/turn_file.py, read by the assistant's own turn entry point)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from assistantd import intents
from assistantd.cli.common import EX_OK, EX_USAGE, print_json
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent

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
    parser.add_argument(
        "--state-dir",
        type=Path,
        help="where the trained intent model is cached (default: the config's state directory; for --home, "
        "$XDG_CACHE_HOME/assistantd or ~/.cache/assistantd)",
    )
    parser.add_argument(
        "--context",
        choices=("with", "without", "both"),
        default="with",
        help="turns: read with their context text and device states as written, without them (blanked), or "
        "both ways, printing both figures",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output, with every line or turn")
    parser.add_argument("--failures", type=int, default=20, help="how many failures to list")
    parser.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    """The `eval` command."""
    from assistantd.evaluation.ha_fixtures import load_fixtures

    data: Path = args.turns or args.dataset
    if not data.is_file():
        print(f"error: no dataset at {data}", file=sys.stderr)
        return EX_USAGE
    if args.turns is not None and args.home is not None:
        print("error: --turns needs --config (the home layout and device positions)", file=sys.stderr)
        return EX_USAGE
    home = load_fixtures(args.home) if args.home is not None else None
    config = eval_config(args, home)
    recognizer_for, note = _recognizers(args.recognizer, config)
    print(f"(recognizer: {note})", file=sys.stderr)
    if args.turns is not None:
        return _turns(args, config, recognizer_for)
    return _sentences(args, config, home, recognizer_for)


def eval_config(args: argparse.Namespace, home: Mapping[str, Any] | None) -> Config:
    """The config scored: the one named, or the fixtures' home, with the state directory the model is
    cached in (--state-dir; for a home, the user's cache directory unless given)."""
    from assistantd.config import load_config
    from assistantd.evaluation.ha_fixtures import config_from_fixtures

    if home is not None:
        return config_from_fixtures(home, state_directory=args.state_dir or cache_directory(os.environ))
    config = load_config(Path(args.config))
    return dataclasses.replace(config, state_directory=args.state_dir) if args.state_dir else config


def cache_directory(environ: Mapping[str, str]) -> Path:
    """The user's cache directory for assistantd: $XDG_CACHE_HOME/assistantd, else ~/.cache/assistantd."""
    base = environ.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "assistantd"
    home = Path(environ["HOME"]) if environ.get("HOME") else Path.home()
    return home / ".cache" / "assistantd"


def _sentences(
    args: argparse.Namespace, config: Config, home: dict[str, Any] | None, recognizer_for: RecognizerFor
) -> int:
    """Score labelled sentences: per intent, the intent and the exact slots; and every line's outcome."""
    from assistantd.evaluation.sentence_report import format_report, report_to_json
    from assistantd.evaluation.sentence_scores import evaluate
    from assistantd.evaluation.sentences import load_cases

    cases = load_cases(args.dataset)

    def reader_for(config: Config) -> AsTheDaemon:
        return AsTheDaemon(config, recognizer_for(config))

    if home is not None:
        report = evaluate(cases, home=home, recognizer_for=reader_for)
    else:
        report = evaluate(cases, config=config, recognizer_for=reader_for)
    if args.json:
        print_json(report_to_json(report))
    else:
        print(format_report(report, failures=args.failures))
    return EX_OK


class AsTheDaemon:
    """Sentences read as the daemon reads a command heard in an area: a turn of its own, with what the turn
    does after the recognizer (relative steps and degrees, the kind of device said, no level the model made
    up), so that a line is scored as it would be acted on."""

    def __init__(self, config: Config, combined: CombinedRecognizer) -> None:
        from assistantd.assistant.core import Assistant

        self._assistant = Assistant(config, combined.grammar, combined.model)
        self._sure = True

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        """The intent the daemon would act on (or ask about) for the words heard in area_id."""
        result = self._assistant.understand(text, now_ms=0, area_id=area_id)
        self._sure = result.sure
        return result.intent

    def asks_first(self, intent: Intent) -> bool:
        """Whether the daemon asks before carrying out the reading recognize just gave."""
        return intent.name in intents.ACTING and not self._sure


def _recognizers(kind: str, base: Config) -> tuple[RecognizerFor, str]:
    """How to build the recognizer for each home, and what it is in words."""
    if kind == "grammar":
        return _grammar_alone, "the grammar alone"
    try:
        from assistantd.intent_model.predictor import ModelRecognizer
    except ImportError as err:
        return _grammar_alone, f"the grammar alone (the model extra is not installed: {err})"
    checkpoint, where = _checkpoint(base)

    def combined(config: Config) -> CombinedRecognizer:
        return CombinedRecognizer(
            config, grammar=GrammarRecognizer(config, lazy=True), model=ModelRecognizer(checkpoint, config)
        )

    return combined, f"the grammar and the intent model (combined; {where})"


def _grammar_alone(config: Config) -> CombinedRecognizer:
    """A combined recognizer without a model: the grammar alone."""
    return CombinedRecognizer(config, grammar=GrammarRecognizer(config, lazy=True))


def _checkpoint(base: Config) -> tuple[dict[str, Any], str]:
    """The model trained for a home, and where it came from: the one cached in its state directory, trained
    and cached there when missing (with progress on stderr), or trained here when it cannot be cached."""
    from assistantd.intent_model.checkpoint import checkpoint_path, read_checkpoint, train_cached
    from assistantd.intent_model.training import train

    started = time.monotonic()

    def progress(epoch: int, epochs: int, loss: float) -> None:
        seconds = time.monotonic() - started
        print(
            f"training the intent model: epoch {epoch}/{epochs}, loss {loss:.4f} ({seconds:.0f} s)",
            file=sys.stderr,
        )

    path = checkpoint_path(base)
    cached = path.is_file()
    try:
        checkpoint = read_checkpoint(train_cached(base, progress=progress))
    except OSError as err:
        print(f"(the intent model cannot be cached in {path.parent}: {err})", file=sys.stderr)
        return train(base, progress=progress), "trained here, not cached"
    return checkpoint, f"{path.name} in {path.parent}, {'cached' if cached else 'trained now and cached'}"


def _turns(args: argparse.Namespace, config: Config, recognizer_for: RecognizerFor) -> int:
    """Score multimodal turns, each read as the daemon's assistant reads it: per category, intent and
    targets and asking all right; with --json, every turn too."""
    from assistantd.assistant.core import Assistant
    from assistantd.evaluation.assess import judge_suite, suite_scores, turn_to_json
    from assistantd.evaluation.turn_file import load_turns, without_context

    combined = recognizer_for(config)
    assistant = Assistant(config, combined.grammar, combined.model)
    turns = load_turns(args.turns)
    blanked = [without_context(turn) for turn in turns]
    outcomes = judge_suite(assistant, blanked if args.context == "without" else turns)
    scores = sorted(suite_scores(outcomes).items(), key=lambda item: (item[0] == "all", item[0]))
    bare = suite_scores(judge_suite(assistant, blanked)) if args.context == "both" else {}
    if args.json:
        categories = {key: {"total": s.total, "right": s.intent_correct} for key, s in scores}
        for key, score in bare.items():
            categories[key]["right_without_context"] = score.intent_correct
        print_json({"categories": categories, "turns": [turn_to_json(outcome) for outcome in outcomes]})
        return EX_OK
    heading = "with context" if bare else ("without context" if args.context == "without" else "right")
    print(f"{'category':<16} {'turns':>6} {heading:>16}" + (f" {'without context':>16}" if bare else ""))
    for key, score in scores:
        line = f"{key:<16} {score.total:>6} {_figure(score):>16}"
        print(line + (f" {_figure(bare[key]):>16}" if bare else ""))
    wrong = [outcome for outcome in outcomes if not outcome.right]
    if wrong and args.failures > 0:
        print(f"\nwrong ({min(len(wrong), args.failures)} of {len(wrong)}):")
        for outcome in wrong[: args.failures]:
            print(_describe_turn(turn_to_json(outcome)))
    return EX_OK


def _figure(score: Any) -> str:
    """A category's share of turns right, with the count."""
    return f"{score.intent_accuracy:.1%} ({score.intent_correct})"


def _describe_turn(turn: dict[str, Any]) -> str:
    """One wrong turn on one line."""
    expected, got = turn["expected"], turn["got"]
    asked = " (asks)" if got["ask"] else ""
    wanted = " (asks)" if expected["ask"] else ""
    return (
        f"  {turn['id']} {turn['text']!r}: expected {expected['intent']} {expected['targets']}{wanted}, "
        f"got {got['intent']} {got['targets']}{asked} by {turn['recognizer'] or '-'}"
    )
