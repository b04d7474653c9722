"""`assistantd train`: the intent model for a config, trained into its state directory once per config hash."""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import sys
import time

from assistantd.cli.common import EX_OK, EX_UNAVAILABLE, add_config_options, load_config_of
from assistantd.intent_model.checkpoint import TrainingConfig, checkpoint_path, train_cached


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("train", help="train the intent model for the config (cached by its hash)")
    add_config_options(parser)
    parser.add_argument("--epochs", type=int, help="training epochs (default: the model's)")
    parser.add_argument("--per-pattern", type=int, help="generated examples per sentence pattern")
    parser.add_argument("--seed", type=int, help="random seed")
    parser.set_defaults(handler=_train)


def _train(args: argparse.Namespace) -> int:
    config = load_config_of(args)
    if importlib.util.find_spec("torch") is None:
        print("error: the intent model needs its extra: pip install 'assistantd[model]'", file=sys.stderr)
        return EX_UNAVAILABLE
    chosen = {"epochs": args.epochs, "per_pattern": args.per_pattern, "seed": args.seed}
    training = dataclasses.replace(TrainingConfig(), **{k: v for k, v in chosen.items() if v is not None})
    target = checkpoint_path(config, training)
    if target.is_file():
        print(f"up to date: {target}")
        return EX_OK
    started = time.monotonic()

    def progress(epoch: int, epochs: int, loss: float) -> None:
        print(f"epoch {epoch}/{epochs}: loss {loss:.4f} ({time.monotonic() - started:.1f} s)", flush=True)

    saved = train_cached(config, training, progress=progress)
    print(f"trained in {time.monotonic() - started:.1f} s: {saved}")
    return EX_OK
