"""The configured audio source."""

from __future__ import annotations

from assistantd.audio.source import AudioSource
from assistantd.config.speech import AudioSourceConfig
from assistantd.errors import AudioError


def audio_source_for(config: AudioSourceConfig) -> AudioSource:
    """A microphone, file or capture-command source from the configuration."""
    if config.kind == "file":
        from assistantd.audio.file_source import FileSource

        if config.path is None:
            raise AudioError("speech.source.file needs a path")
        return FileSource(config.path, realtime=config.realtime)
    reopen = {
        "reopen_min_seconds": config.reopen_min_seconds,
        "reopen_max_seconds": config.reopen_max_seconds,
    }
    if config.kind == "command":
        from assistantd.audio.command_source import CommandSource

        return CommandSource(
            config.command, sample_rate_hz=config.sample_rate_hz, channels=config.channels, **reopen
        )
    from assistantd.audio.microphone import MicrophoneSource

    return MicrophoneSource(
        config.device, sample_rate_hz=config.sample_rate_hz, channels=config.channels, **reopen
    )
