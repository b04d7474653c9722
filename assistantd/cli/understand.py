"""`assistantd understand`: what a sentence (or, with --audio, a recording) would do, without a broker."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistantd.cli.common import EX_OK, EX_USAGE, add_config_options, load_config_of, print_json
from assistantd.cli.explain import explain, format_explanation
from assistantd.intent_model.checkpoint import cached_model


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("understand", help="show what a sentence would do, without a broker")
    add_config_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--in", dest="heard_in", help="area id the sentence is heard in (default: the site's)")
    parser.add_argument(
        "--context", default="", metavar="TEXT", help='context text, as on the context topic ("the TV is on")'
    )
    parser.add_argument("--audio", type=Path, metavar="FILE", help="a WAV/FLAC recording: run the speech path on it")
    parser.add_argument("text", nargs="?", help="the sentence (not with --audio)")
    parser.set_defaults(handler=_understand)


def _understand(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.audio is None):
        print("error: give either a sentence or --audio FILE", file=sys.stderr)
        return EX_USAGE
    config = load_config_of(args)
    model, note = cached_model(config)
    print(f"(recognizer: {note})", file=sys.stderr)
    if args.audio is not None:
        from assistantd.cli.understand_audio import run_understand_audio

        return run_understand_audio(config, args.audio, area_id=args.heard_in, as_json=args.json, model=model)
    explanation = explain(config, args.text, area_id=args.heard_in, model=model, context_text=args.context)
    if args.json:
        print_json(explanation)
    else:
        print(format_explanation(explanation))
    return EX_OK
