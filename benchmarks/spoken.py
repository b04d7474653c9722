"""Benchmark: labelled sentences spoken (espeak-ng) and heard through the daemon's speech path (VAD,
endpointing, faster-whisper tiny.en, rejection), then understood by the grammar and the intent model, and
scored like `assistantd eval` scores typed ones.

    python benchmarks/spoken.py [--dataset tests/heldout/ha_commands_dev.jsonl] [--limit N] [--misses]

The Home Assistant fixture home is the default home (`--config` for another). Needs the speech and model
extras and espeak-ng. Prints intent and exact-slot accuracy, how many sentences were heard as nothing, and
the word error rate of the transcripts, beside the same sentences typed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistantd.cli.understand_audio import understand_audio  # noqa: E402
from assistantd.config import load_config  # noqa: E402
from assistantd.config.settings import Config  # noqa: E402
from assistantd.config.speech import ListenConfig, SpeechConfig  # noqa: E402
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures  # noqa: E402
from assistantd.evaluation.sentences import EvalCase, heard_area_id, load_cases, score_case  # noqa: E402
from assistantd.fusion.combined import CombinedRecognizer  # noqa: E402
from assistantd.speech.transcriber import WhisperTranscriber, whisper_for  # noqa: E402
from tests.support.audio import espeak, have_espeak, pad, word_error_rate, write_wav  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "tests" / "heldout" / "ha_commands_dev.jsonl")
    parser.add_argument("--config", type=Path, help="an assistantd config (default: Home Assistant's home)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines")
    parser.add_argument(
        "--misses", action="store_true", help="also print each sentence read wrong when spoken"
    )
    args = parser.parse_args(argv)
    if not have_espeak():
        print("espeak-ng is not installed")
        return 0
    config = _home(args)
    cases = load_cases(args.dataset)[: args.limit or None]
    model = _model(config)
    speech = config.speech or SpeechConfig()
    transcriber = whisper_for(config, speech)  # loaded once
    spoken, typed, pairs, silent, started = [], [], [], 0, time.perf_counter()
    combined = CombinedRecognizer(config, model=model)
    with tempfile.TemporaryDirectory() as folder:
        for number, case in enumerate(cases):
            heard = _hear(config, case, Path(folder) / f"{number}.wav", model, transcriber)
            silent += heard is None
            text, intent, slots = heard or ("", "none", {})
            pairs.append((case.text, text))
            spoken.append(score_case(case, intent, slots))
            if args.misses and not spoken[-1].intent_ok:
                print(
                    f"  miss: {case.text!r} heard {text!r}: {intent} {slots} (wanted {case.intent} {case.slots})"
                )
            read = combined.recognize(case.text, area_id=heard_area_id(config, case.area))
            typed.append(score_case(case, read.name, read.slots.as_dict()))
    _print(args.dataset.name, spoken, typed, silent, word_error_rate(pairs), time.perf_counter() - started)
    return 0


def _home(args: argparse.Namespace) -> Config:
    """The home the sentences are about, listening to everything said (no wake phrase)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistantd"
    if args.config is not None:
        config = load_config(args.config)
    else:
        fixtures = load_fixtures(args.data / "ha-intents" / "en_fixtures.yaml")
        config = config_from_fixtures(fixtures, state_directory=cache)
    speech = config.speech or SpeechConfig()
    return dataclasses.replace(config, speech=dataclasses.replace(speech, listen=ListenConfig(mode="always")))


def _model(config: Config):
    from assistantd.intent_model.checkpoint import read_checkpoint, train_cached
    from assistantd.intent_model.predictor import ModelRecognizer

    return ModelRecognizer(read_checkpoint(train_cached(config)), config, device="cpu")


def _hear(
    config: Config, case: EvalCase, path: Path, model: object, transcriber: WhisperTranscriber
) -> tuple[str, str, dict] | None:
    """The transcript, intent and slots of the sentence spoken; None when nothing was heard."""
    write_wav(path, pad(espeak(case.text), 0.5, 1.0))
    area = heard_area_id(config, case.area)
    report = asyncio.run(understand_audio(config, path, area_id=area, model=model, transcriber=transcriber))  # type: ignore[arg-type]
    heard = [command for command in report.commands if command.explanation is not None]
    if not heard:
        return None
    explanation = heard[0].explanation
    assert explanation is not None
    return heard[0].text, explanation.intent, explanation.slots


def _print(name: str, spoken: list, typed: list, silent: int, wer: float, seconds: float) -> None:
    def share(outcomes: list, attribute: str) -> str:
        return f"{sum(getattr(o, attribute) for o in outcomes) / len(outcomes):.1%}" if outcomes else "-"

    print(f"{name}: {len(spoken)} sentences, {seconds:.0f} s")
    print(f"  spoken (espeak-ng -> tiny.en): intent {share(spoken, 'intent_ok')}, exact slots "
          f"{share(spoken, 'slots_ok')}; heard as nothing: {silent}; WER {wer:.3f}")  # fmt: skip
    print(
        f"  typed:                         intent {share(typed, 'intent_ok')}, exact slots {share(typed, 'slots_ok')}"
    )


if __name__ == "__main__":
    sys.exit(main())
