"""The subcommands of `assistantd` (heavy imports stay inside each handler so the CLI starts fast)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from assistantd.cli import main as cli
from assistantd.config.settings import Config

AddConfigOptions = Callable[[argparse.ArgumentParser], None]


def add_commands(commands: argparse._SubParsersAction, add_config: AddConfigOptions) -> None:
    """Register every subcommand."""
    run = commands.add_parser("run", help="run the daemon")
    add_config(run)
    run.set_defaults(handler=_run)

    check = commands.add_parser("check-config", help="validate the config and summarise the home")
    add_config(check)
    check.set_defaults(handler=_check_config)

    understand = commands.add_parser("understand", help="show what a sentence would do, without a broker")
    add_config(understand)
    understand.add_argument("--json", action="store_true", help="machine-readable output")
    understand.add_argument("--in", dest="heard_in", help="area id the sentence is heard in (default: the site's)")
    understand.add_argument(
        "--audio", type=Path, metavar="FILE", help="a WAV/FLAC recording: run the speech path on it"
    )
    understand.add_argument("text", nargs="?", help="the sentence (not with --audio)")
    understand.set_defaults(handler=_understand)

    say = commands.add_parser("say", help="send a text command to the running daemon and show what it did")
    add_config(say)
    say.add_argument("--json", action="store_true", help="machine-readable output")
    say.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the answer")
    say.add_argument("text", help="the command")
    say.set_defaults(handler=_say)

    evaluate = commands.add_parser("eval", help="score the recognizer on a JSONL dataset or multimodal turns")
    data = evaluate.add_mutually_exclusive_group(required=True)
    data.add_argument("--dataset", type=Path, help="JSONL lines: text, intent, slots, context")
    data.add_argument("--turns", type=Path, help="JSONL multimodal turns (text, observations, context, expect)")
    home = evaluate.add_mutually_exclusive_group(required=True)
    home.add_argument("--config", help="an assistantd config")
    home.add_argument("--home", type=Path, help="a Home-Assistant-style fixtures YAML (areas, floors, entities)")
    evaluate.add_argument(
        "--recognizer",
        choices=("combined", "grammar"),
        default="combined",
        help="the grammar with the intent model beside it (the daemon's; trained when needed) or alone",
    )
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.add_argument("--failures", type=int, default=20, help="how many failures to list")
    evaluate.set_defaults(handler=_eval)

    perceive = commands.add_parser("perceive", help="show what the camera pipeline sees in an image or a video")
    source = perceive.add_mutually_exclusive_group(required=True)
    source.add_argument("--image", type=Path, help="an image file")
    source.add_argument("--video", type=Path, help="a video file (every frame, as fast as possible)")
    perceive.add_argument("--config", help="a config whose vision settings and device locations to use")
    perceive.add_argument("--json", action="store_true", help="one JSON document a frame")
    perceive.set_defaults(handler=_perceive)

    train = commands.add_parser("train", help="train the intent model for the config (cached by its hash)")
    add_config(train)
    train.add_argument("--epochs", type=int, help="training epochs (default: the model's)")
    train.add_argument("--per-pattern", type=int, help="generated examples per sentence pattern")
    train.add_argument("--seed", type=int, help="random seed")
    train.set_defaults(handler=_train)

    demo = commands.add_parser("demo", help="start a private Mosquitto and the daemon, and run scripted commands")
    demo.add_argument("--config", type=Path, help="config to demo (default: the bundled example home)")
    demo.set_defaults(handler=_demo)


def _run(args: argparse.Namespace) -> int:
    from assistantd.daemon.app import DaemonOptions, run_daemon

    path, load = cli.load_for(args)
    config = load(path)
    return cli.run_async(run_daemon(config, DaemonOptions(config_path=path, load=load)))


def _check_config(args: argparse.Namespace) -> int:
    from assistantd.config.summary import summarize

    path, load = cli.load_for(args)
    config = load(path)
    problems, notes = _connection_files(config)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return cli.EX_CONFIG
    print(summarize(config))
    return cli.EX_OK


def _connection_files(config: Config) -> tuple[list[str], list[str]]:
    """What `run` would trip over at start that the YAML alone does not show: the password file and the
    TLS files must be readable. A password variable may be set only in the service's environment: a note."""
    import os

    from assistantd.errors import BrokerError, ConfigError
    from assistantd.mqtt.client import tls_context
    from assistantd.mqtt.password import read_password

    problems: list[str] = []
    notes: list[str] = []
    mqtt = config.mqtt
    try:
        read_password(mqtt, os.environ)
    except ConfigError as err:
        if mqtt.password_file is not None:
            problems += [str(issue) for issue in err.issues]
        else:
            notes += [f"{issue.message} here; the service must have it in its environment" for issue in err.issues]
    if mqtt.tls is not None:
        try:
            tls_context(mqtt.tls)
        except BrokerError as err:
            problems.append(f"mqtt.tls: {err}")
    return problems, notes


def _understand(args: argparse.Namespace) -> int:
    from assistantd.cli.understand import cached_model, explain, format_explanation

    if (args.text is None) == (args.audio is None):
        print("error: give either a sentence or --audio FILE", file=sys.stderr)
        return cli.EX_USAGE
    path, load = cli.load_for(args)
    config = load(path)
    if args.audio is not None:
        from assistantd.cli.understand_audio import run_understand_audio

        return run_understand_audio(config, args.audio, area_id=args.heard_in, as_json=args.json)
    model, note = cached_model(config)
    print(f"(recognizer: {note})", file=sys.stderr)
    explanation = explain(config, args.text, area_id=args.heard_in, model=model)
    if args.json:
        cli.print_json(explanation)
    else:
        print(format_explanation(explanation))
    return cli.EX_OK


def _say(args: argparse.Namespace) -> int:
    from assistantd.cli.say import format_reply, say

    path, load = cli.load_for(args)
    config = load(path)
    try:
        reply = asyncio.run(say(config, args.text, timeout_seconds=args.timeout))
    except (ConnectionError, OSError, TimeoutError) as err:
        print(f"error: could not reach the daemon: {err}", file=sys.stderr)
        return cli.EX_UNAVAILABLE
    if args.json:
        cli.print_json(reply)
    else:
        print(format_reply(reply))
    return cli.EX_OK if "error" not in reply else cli.EX_DATAERR


def _eval(args: argparse.Namespace) -> int:
    from assistantd.cli.evaluate import run_eval

    return run_eval(args)


def _perceive(args: argparse.Namespace) -> int:
    from assistantd.cli.perceive import perceive
    from assistantd.config import load_config
    from assistantd.errors import VisionError

    path = args.image or args.video
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return cli.EX_USAGE
    config = load_config(Path(args.config)) if args.config else None
    try:
        frames = perceive(config, image=args.image, video=args.video, as_json=args.json)
    except VisionError as err:
        print(f"error: {err}", file=sys.stderr)
        return cli.EX_UNAVAILABLE
    return cli.EX_OK if frames else cli.EX_DATAERR


def _train(args: argparse.Namespace) -> int:
    import dataclasses
    import time

    path, load = cli.load_for(args)
    config = load(path)
    try:
        from assistantd.intent_model.training import TrainingConfig, checkpoint_path, train_cached
    except ImportError as err:
        print(f"error: the intent model needs its extra: pip install 'assistantd[model]' ({err})", file=sys.stderr)
        return cli.EX_UNAVAILABLE
    chosen = {"epochs": args.epochs, "per_pattern": args.per_pattern, "seed": args.seed}
    training = dataclasses.replace(TrainingConfig(), **{k: v for k, v in chosen.items() if v is not None})
    target = checkpoint_path(config, training)
    if target.is_file():
        print(f"up to date: {target}")
        return cli.EX_OK
    started = time.monotonic()

    def progress(epoch: int, epochs: int, loss: float) -> None:
        print(f"epoch {epoch}/{epochs}: loss {loss:.4f} ({time.monotonic() - started:.1f} s)", flush=True)

    saved = train_cached(config, training, progress=progress)
    print(f"trained in {time.monotonic() - started:.1f} s: {saved}")
    return cli.EX_OK


def _demo(args: argparse.Namespace) -> int:
    from assistantd.cli.demo import run_demo

    return run_demo(args.config)
