"""One error tree for assistantd; third-party errors are translated where they enter."""

from __future__ import annotations

from dataclasses import dataclass


class AssistantdError(Exception):
    """Base of every error assistantd raises on purpose."""


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in a configuration file, with where it is."""

    file: str
    line: int | None
    """1-based line, None when the place is unknown (e.g. a missing file)."""
    key_path: str
    """Dotted path such as "devices[3].area"; "" for the whole document."""
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key_path}:" if self.key_path else ""
        return f"{where}:{key} {self.message}"


class ConfigError(AssistantdError):
    """The configuration is invalid; carries every problem found."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class BrokerError(AssistantdError):
    """The MQTT broker is unreachable or refused us."""


class OutboxError(AssistantdError):
    """The persistent outbox could not be opened or written."""


class InputError(AssistantdError):
    """Malformed input (an MQTT payload, a control request, a file)."""


class AudioError(AssistantdError):
    """An audio source failed: no such microphone, a capture command that died, a device that vanished."""


class AudioFileError(AudioError, InputError):
    """An audio file is missing, empty, truncated, corrupt or in a format that cannot be read."""


class SpeechError(AssistantdError):
    """Speech-to-text cannot run."""


class WhisperNotFoundError(SpeechError):
    """No speech model where the configuration points, in the local cache, or bundled."""


class WhisperLoadError(SpeechError):
    """A speech model was found but could not be loaded (corrupt files, no such device)."""


class VoiceError(AssistantdError):
    """Spoken answers cannot be made or played (no engine, no voice, no sound card)."""


class VisionError(AssistantdError):
    """The camera, a video or image source, or the vision models failed."""


class CameraError(VisionError):
    """A frame source cannot be opened or stopped delivering frames (retried with backoff)."""


class LandmarkerFileError(VisionError):
    """A landmarker model file is missing or cannot be loaded."""


class FrameError(VisionError):
    """One frame is unusable (corrupt, empty, wrong format); it is skipped."""


class TrainingStopped(Exception):
    """The intent model's training was abandoned before it finished (nothing was saved)."""
