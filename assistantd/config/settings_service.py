"""The daemon's own settings as frozen values: the broker connection, the outbox, confirmations,
the recognizer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TlsConfig:
    """TLS towards the broker."""

    ca_file: Path | None = None
    """None: the system's trust store."""
    cert_file: Path | None = None
    key_file: Path | None = None
    insecure: bool = False
    """Skip host name verification (never in production)."""


@dataclass(frozen=True, slots=True)
class MqttConfig:
    """The broker connection."""

    host: str = "127.0.0.1"
    port: int = 1883
    tls: TlsConfig | None = None
    username: str | None = None
    password_file: Path | None = None
    password_env: str | None = None
    """Name of an environment variable holding the password."""
    client_id: str = "assistantd"
    """Unique on the broker; read from a file, it defaults to assistantd-<site id>."""
    base_topic: str = "assistantd"
    keepalive_seconds: int = 30
    reconnect_min_seconds: float = 0.5
    reconnect_max_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class OutboxConfig:
    """Actions accepted while the broker is unreachable."""

    max_age_seconds: float = 600.0
    """Older undelivered actions are dropped with a log line."""
    max_actions: int = 10000
    """Bound on queued actions; beyond it the oldest are dropped with a warning."""


@dataclass(frozen=True, slots=True)
class ConfirmationConfig:
    """Confirmation of high-risk actions."""

    timeout_seconds: float = 20.0


@dataclass(frozen=True, slots=True)
class RecognizerConfig:
    """The grammar recognizer and the learned intent model beside it."""

    fuzzy_threshold: float = 80.0
    """rapidfuzz score (0-100) a spoken name must reach to match a configured one."""
    model: bool = True
    """Use the intent model (trained from this config in the state directory, in the background)
    where the grammar is unsure; needs the model extra."""
    device: str = "auto"
    """Where the intent model runs: auto (CUDA when available), cpu or cuda."""

    @property
    def model_device(self) -> str | None:
        """The torch device asked for; None lets the model pick (CUDA when available)."""
        return None if self.device == "auto" else self.device
