"""Benchmark: what putting a misheard name right costs (speech/misheard.py), and what the beam's other
readings of the audio cost (speech/second_hearing.py), beside one transcription of the same utterance in the
same run.

    python benchmarks/misheard.py [--repeats 5]

Speaks a few commands for Home Assistant's fixture home with espeak-ng, transcribes each with tiny.en as the
daemon does (the prompt with the home's names), then times `put_right` on the transcript: the texts tried
(names spelled like stretches of it) fitted to the audio by Whisper's alignment pass, and
`hypotheses` (one encoding, a beam search with five readings kept for each of the two prompts). Prints the
medians and their ratios, and what each transcript became. Needs the speech extra and espeak-ng.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistantd.assistant.core import whole_command  # noqa: E402
from assistantd.config.speech import SpeechConfig  # noqa: E402
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures  # noqa: E402
from assistantd.grammar.recognizer import GrammarRecognizer  # noqa: E402
from assistantd.speech.misheard import candidates, put_right, spoken_names  # noqa: E402
from assistantd.speech.transcriber import whisper_for  # noqa: E402
from tests.support.audio import espeak, have_espeak, pad  # noqa: E402

SAID = (
    "close the main valve",
    "rover start cleaning",
    "start stealth mode please",
    "turn on the kitchen countertop",
    "shut the main valve, we are off on holiday",
    "send rover back to the dock",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    if not have_espeak():
        print("espeak-ng is not installed")
        return 0
    home = config_from_fixtures(load_fixtures(args.data / "ha-intents" / "en_fixtures.yaml"))
    transcriber = whisper_for(home, SpeechConfig())
    transcriber.load()
    grammar = GrammarRecognizer(home)
    names = spoken_names(home)
    heard_ms, fitted_ms, readings_ms = [], [], []
    for said in SAID:
        samples = pad(espeak(said), 0.5, 1.0)
        for _ in range(args.repeats):
            started = time.perf_counter()
            text = transcriber.transcribe(samples).text
            heard_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            put = put_right(transcriber, samples, text, names, lambda words: whole_command(grammar, words))
            fitted_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            transcriber.hypotheses(samples)
            readings_ms.append((time.perf_counter() - started) * 1000)
        print(f"  {said!r}: heard {text!r}, {len(candidates(text, names))} texts tried -> {put!r}")
    heard, fitted, read = (statistics.median(times) for times in (heard_ms, fitted_ms, readings_ms))
    print(f"transcription p50 {heard:.0f} ms")
    print(f"putting a name right p50 {fitted:.0f} ms (ratio {fitted / heard:.2f})")
    print(f"the other readings p50 {read:.0f} ms (ratio {read / heard:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
