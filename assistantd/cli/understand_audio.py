"""`assistantd understand --audio FILE`: the whole speech path on a file, without a broker.

The file is read and checked first (a bad file is a clear error), then played through the pipeline
(VAD, endpointing, speculative transcription, the second hearing, rejection, listening gate) and each utterance heard is
recognised and planned with assistantd.cli.explain.explain, with the intent model when one is given (as
`understand` gives the one trained for the config).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistantd.assistant.core import whole_command
from assistantd.audio.file_source import ClipSource, read_audio_file
from assistantd.cli.common import EX_DATAERR, EX_OK, EX_UNAVAILABLE, print_json
from assistantd.cli.explain import Explanation, explain, format_explanation
from assistantd.config.settings import Config
from assistantd.daemon.perception import spoken_command
from assistantd.errors import AudioError, SpeechError
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcriber, WhisperTranscriber
from assistantd.speech.utterance import Utterance

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HeardCommand:
    """One utterance of the file: what was heard, whether it was addressed, what it would do."""

    transcript: str
    confidence: float
    start_seconds: float
    """Into the file."""
    end_seconds: float
    accepted: bool
    gate: str
    text: str
    """What was understood (wake phrase stripped)."""
    transcribe_ms: float
    speculative: bool
    explanation: Explanation | None
    """None when the gate did not accept it or nothing was left to understand."""


@dataclass(frozen=True, slots=True)
class AudioReport:
    """Everything heard in one file."""

    file: str
    duration_seconds: float
    model: str
    device: str
    load_seconds: float
    commands: tuple[HeardCommand, ...]
    rejected: dict[str, int]
    """Utterances not taken as speech, by reason (noise, hallucination, ...)."""
    speculative_used: int
    wall_seconds: float


async def understand_audio(
    config: Config, path: Path, *, area_id: str | None = None, transcriber: Transcriber | None = None,
    realtime: bool = False, model: ModelRecognizer | None = None,
) -> AudioReport:  # fmt: skip
    """Run a file through the speech path and explain each utterance (read by the grammar, and by the model
    when one is given); AudioFileError for a bad file."""
    clip = await asyncio.to_thread(read_audio_file, path)
    source = ClipSource(clip.samples, name=str(path), realtime=realtime)
    heard: list[Utterance] = []
    grammar = GrammarRecognizer(config)
    pipeline = SpeechPipeline(config, on_utterance=heard.append, source=source, transcriber=transcriber,
                              complete=functools.partial(whole_command, grammar))  # fmt: skip
    started = time.perf_counter()
    await pipeline.load()
    loaded = time.perf_counter()
    await pipeline.run()
    origin = (source.started_ms or 0.0) / 1000
    commands = tuple(_heard(config, utterance, origin, area_id, model) for utterance in heard)
    model, device = _model_names(pipeline.transcriber)
    return AudioReport(
        file=str(path),
        duration_seconds=round(clip.duration_seconds, 3),
        model=model,
        device=device,
        load_seconds=round(loaded - started, 3),
        commands=commands,
        rejected=dict(pipeline.stats.rejected),
        speculative_used=pipeline.stats.speculative_used,
        wall_seconds=round(time.perf_counter() - loaded, 3),
    )


def _heard(
    config: Config,
    utterance: Utterance,
    origin_seconds: float,
    area_id: str | None,
    model: ModelRecognizer | None,
) -> HeardCommand:
    """One utterance, explained when it is a candidate command."""
    event = utterance.event
    explanation = (
        explain(config, spoken_command(utterance), area_id=area_id, model=model)
        if utterance.accepted and utterance.text
        else None
    )
    return HeardCommand(
        transcript=event.text,
        confidence=event.confidence,
        start_seconds=round(event.start_ms / 1000 - origin_seconds, 2),
        end_seconds=round(event.end_ms / 1000 - origin_seconds, 2),
        accepted=utterance.accepted,
        gate=utterance.reason,
        text=utterance.text,
        transcribe_ms=round(utterance.timings.transcribe_ms, 1),
        speculative=utterance.timings.speculative,
        explanation=explanation,
    )


def _model_names(transcriber: Transcriber) -> tuple[str, str]:
    """(model, device) as loaded, for the report."""
    info = transcriber.info if isinstance(transcriber, WhisperTranscriber) else None
    if info is None:
        return type(transcriber).__name__, "-"
    return f"{info.model.name} ({info.model.origin})", f"{info.device}/{info.compute_type}"


def format_audio_report(report: AudioReport) -> str:
    """Human-readable lines."""
    lines = [
        f"file:       {report.file} ({report.duration_seconds:.2f} s)",
        f"model:      {report.model} on {report.device}, loaded in {report.load_seconds:.2f} s",
    ]
    if not report.commands:
        lines.append("heard:      nothing (no speech, or only noise)")
    for number, command in enumerate(report.commands, 1):
        lines.append(f"--- utterance {number}: {command.start_seconds:.2f}-{command.end_seconds:.2f} s")
        lines.append(f'transcript: "{command.transcript}" (confidence {command.confidence:.2f})')
        if command.gate == "wake_phrase_only":
            lines.append("listening:  the wake phrase alone: the next command needs none")
        elif not command.accepted:
            lines.append("listening:  not addressed to the assistant (no wake phrase)")
        elif command.explanation is not None:
            lines.append(format_explanation(command.explanation))
        source = "speculative, ready at the endpoint" if command.speculative else "after the endpoint"
        lines.append(f"speech:     transcribe {command.transcribe_ms:.0f} ms ({source})")
    if report.rejected:
        rejected = ", ".join(f"{reason} {count}" for reason, count in sorted(report.rejected.items()))
        lines.append(f"ignored:    {rejected}")
    return "\n".join(lines)


def report_to_json(report: AudioReport) -> dict[str, object]:
    """The report as a JSON document."""
    return dataclasses.asdict(report)


def run_understand_audio(
    config: Config, path: Path, *, area_id: str | None, as_json: bool, model: ModelRecognizer | None = None
) -> int:
    """The CLI command: print the report; exit status 65 for a bad file, 69 when speech cannot run."""
    try:
        report = asyncio.run(understand_audio(config, path, area_id=area_id, model=model))
    except AudioError as err:
        print(f"error: {err}", file=sys.stderr)
        return EX_DATAERR
    except SpeechError as err:
        print(f"error: {err}", file=sys.stderr)
        return EX_UNAVAILABLE
    if as_json:
        print_json(report_to_json(report))
    else:
        print(format_audio_report(report))
    return EX_OK
