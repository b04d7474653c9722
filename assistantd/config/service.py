"""The daemon's own settings and how they are read: ``mqtt``, ``outbox``, ``inbox``, ``confirmation``,
``recognizer``, ``metrics``, ``hermes``, ``homeassistant``, ``wyoming``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from assistantd.config.checks import get_env_name, get_topic
from assistantd.config.fields import open_settings, read_settings, setting
from assistantd.config.loader import Node, Scalar
from assistantd.config.references import optional_reference
from assistantd.config.section import Section
from assistantd.config.walker import Issues, describe, get_string

COMPUTE_DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda")
"""Where a model runs: auto (CUDA when available), cpu or cuda."""

_NO_INLINE_PASSWORD = (
    "do not write the password into the configuration: put it in a file named by password_file "
    "(readable only by assistantd) or in an environment variable named by password_env"
)


@dataclass(frozen=True, slots=True)
class TlsConfig:
    """TLS towards the broker."""

    ca_file: Path | None = setting(None)
    """CA certificates (PEM) that sign the broker's certificate; None: the system's trust store."""
    cert_file: Path | None = setting(None)
    """Client certificate (PEM), for brokers that require one."""
    key_file: Path | None = setting(None)
    """The client certificate's private key (PEM)."""
    insecure: bool = setting(False)
    """Skip host name verification (never in production)."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """A key file needs its certificate."""
        if self.key_file is not None and self.cert_file is None:
            return (("key_file", "key_file needs cert_file"),)
        return ()


@dataclass(frozen=True, slots=True)
class MqttConfig:
    """The broker connection."""

    host: str = setting("127.0.0.1")
    """Host name or address of the broker."""
    port: int = setting(1883, minimum=1, maximum=65535)
    """TCP port of the broker."""
    tls: TlsConfig | None = setting(None)
    """None: plain TCP. Written as ``true`` (the system's trust store) or a mapping (read by read_mqtt)."""
    username: str | None = setting(None)
    password_file: Path | None = setting(None)
    """A file holding only the password (readable only by assistantd)."""
    password_env: str | None = setting(None, parse=get_env_name)
    """Name of an environment variable holding the password."""
    client_id: str = setting("assistantd")
    """Unique on the broker; read from a file, it defaults to assistantd-<site id>."""
    base_topic: str = setting("assistantd", parse=get_topic)
    """Prefix of assistantd's own topics: <base>/<site>/..."""
    keepalive_seconds: int = setting(30, minimum=0, maximum=65535)
    """Longest silence towards the broker before a ping, seconds (0: none)."""
    reconnect_min_seconds: float = setting(0.5, positive=True, maximum=3600)
    """First wait before reconnecting, seconds; doubles (with jitter) up to the max."""
    reconnect_max_seconds: float = setting(2.0, positive=True, maximum=3600, at_least="reconnect_min_seconds")
    """Longest wait between reconnection attempts, seconds: how late the daemon may notice that the
    broker is back (a local broker costs nothing to try every 2 s)."""
    session_expiry_seconds: int = setting(86400, minimum=0, maximum=4294967295)
    """How long the broker keeps the daemon's session (its subscriptions and the commands sent to it)
    while the daemon is away, seconds (MQTT 5 Session Expiry Interval; 0: none, commands sent while it
    is away are lost)."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """At most one password source, and only with a username."""
        found = []
        if self.password_file is not None and self.password_env is not None:
            found.append(("password_env", "give either password_file or password_env, not both"))
        for key, value in (("password_file", self.password_file), ("password_env", self.password_env)):
            if value is not None and self.username is None:
                found.append((key, "a password needs a username"))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class OutboxConfig:
    """Actions accepted while the broker is unreachable."""

    max_age_seconds: float = setting(600.0, positive=True)
    """Older undelivered actions are dropped with a log line, seconds."""
    max_actions: int = setting(10000, minimum=1, maximum=10_000_000)
    """Bound on queued actions; beyond it the oldest are dropped with a warning."""


@dataclass(frozen=True, slots=True)
class InboxConfig:
    """Commands from the text topic and the control socket, stored before they are acknowledged."""

    max_age_seconds: float = setting(300.0, positive=True)
    """A command older than this when its turn comes is not run; it is answered with the outcome
    ``expired``, seconds (from when the daemon received it; it may have waited at the broker before)."""
    max_commands: int = setting(1000, minimum=1, maximum=1_000_000)
    """Commands waiting at most; beyond it each new one is answered with the outcome ``busy``."""
    dedupe_window: int = setting(10000, minimum=1, maximum=10_000_000)
    """How many handled command ids are remembered (with their replies) to recognise a repeat."""


@dataclass(frozen=True, slots=True)
class ConfirmationConfig:
    """Confirmation of high-risk actions."""

    timeout_seconds: float = setting(20.0, positive=True, maximum=600)
    """How long a high-risk action waits for a yes, seconds."""
    sources: tuple[str, ...] = setting(("speech", "control"), words=True)
    """Who may ask for a high-risk action: speech (the site's microphone), vision (its camera: a gesture
    rule), control (the local socket: `assistantd say`), wyoming (the Wyoming server: Home Assistant),
    mqtt (the text topics, from anyone who can publish there) or mqtt:ID (only ID's commands: a satellite's,
    on its own topic <text>/ID; another sender's, JSON commands on the text topic whose "source" is ID).
    The question is answered only by the party that asked (the microphone and the camera are one: the
    person in the room, so a spoken request may be confirmed with a thumbs-up or a nod)."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """Every source is one the daemon has."""
        unknown = [item for item in self.sources if not is_confirming_source(item)]
        if unknown:
            known = "speech, vision, control, wyoming, mqtt or mqtt:ID"
            return (("sources", f"unknown source {unknown[0]!r} ({known})"),)
        return ()


CONFIRMING_SOURCES = ("speech", "vision", "control", "wyoming", "mqtt")
"""The inputs a command comes from (the source of a report)."""


def is_confirming_source(item: str) -> bool:
    """Whether a confirmation.sources item names an input: one of CONFIRMING_SOURCES, or mqtt:ID."""
    kind, _, sender = item.partition(":")
    return item in CONFIRMING_SOURCES or (kind == "mqtt" and bool(sender.strip()))


@dataclass(frozen=True, slots=True)
class RecognizerConfig:
    """The grammar recognizer and the learned intent model beside it."""

    fuzzy_threshold: float = setting(80.0, minimum=0, maximum=100)
    """rapidfuzz score (0-100) a spoken name must reach to match a configured one."""
    model: bool = setting(True)
    """Use the intent model (trained from this config in the state directory, in the background)
    where the grammar is unsure; needs the model extra."""
    device: str = setting("auto", choices=COMPUTE_DEVICES, what="device")
    """Where the intent model runs: auto (CUDA when available), cpu or cuda."""

    @property
    def model_device(self) -> str | None:
        """The torch device asked for; None lets the model pick (CUDA when available)."""
        return None if self.device == "auto" else self.device


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    """Prometheus metrics over HTTP (needs the metrics extra)."""

    enabled: bool = setting(False)
    """Serve /metrics."""
    host: str = setting("127.0.0.1")
    """The address to listen on; loopback by default (a scraper elsewhere needs it widened)."""
    port: int = setting(9724, minimum=1, maximum=65535)
    """The TCP port."""


HERMES_INTENTS: tuple[str, ...] = ("unhandled", "all")
"""Which commands Hermes apps are told of: those assistantd did not act on itself, or every one."""


@dataclass(frozen=True, slots=True)
class TimersConfig:
    """The site's timers ("set a timer for 10 minutes")."""

    ring_seconds: float = setting(60.0, minimum=1, maximum=3_600)
    """How long a finished timer rings (its chime and words, again and again) unless stopped, seconds."""


@dataclass(frozen=True, slots=True)
class HermesConfig:
    """Hermes (Snips, Rhasspy) NLU messages for Hermes apps on the same broker."""

    enabled: bool = setting(False)
    """Publish hermes/intent/<intentName> and hermes/nlu/intentNotRecognized."""
    intents: str = setting("unhandled", choices=HERMES_INTENTS, what="choice")
    """unhandled: only commands assistantd did not act on itself (not a command it knows, or one it could
    not carry out), so no action happens twice; all: every command."""


@dataclass(frozen=True, slots=True)
class HomeAssistantConfig:
    """Home Assistant MQTT discovery: each site appears in Home Assistant as a device with its entities."""

    enabled: bool = setting(True)
    """Publish the site's discovery message (retained; again whenever Home Assistant comes online); false
    removes it (an empty retained message), so the device leaves Home Assistant."""
    prefix: str = setting("homeassistant", parse=get_topic)
    """Home Assistant's discovery prefix (its MQTT integration's setting of that name)."""


def get_tcp_uri(issues: Issues, node: Node, path: str) -> str | None:
    """A listening address written tcp://HOST:PORT (the form Wyoming servers take)."""
    value = get_string(issues, node, path)
    if value is None:
        return None
    problem = tcp_uri_problem(value)
    if problem is None:
        return value
    issues.add(node.line, path, f"{value!r} is not a tcp://HOST:PORT address: {problem}")
    return None


def tcp_uri_problem(value: str) -> str | None:
    """Why a text is not tcp://HOST:PORT with a port of 1-65535, or None."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:  # a port that is no number or out of range, a malformed [IPv6] host
        return "the port must be a number of 1-65535 after the host"
    if parts.scheme != "tcp":
        return "it must begin with tcp://"
    if not parts.hostname:
        return "it names no host"
    if not port:
        return "it names no port (1-65535)"
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return "give only a host and a port"
    return None


@dataclass(frozen=True, slots=True)
class WyomingConfig:
    """A Wyoming protocol server for Home Assistant's voice pipelines: speech to text and command handling
    (needs the wyoming extra; speech to text also the speech extra)."""

    enabled: bool = setting(False)
    """Serve Wyoming: speech to text (asr) and command handling (handle)."""
    uri: str = setting("tcp://127.0.0.1:10700", parse=get_tcp_uri)
    """Where to listen, tcp://HOST:PORT; loopback by default (Home Assistant on another machine needs it
    widened, e.g. tcp://0.0.0.0:10700)."""
    zeroconf: bool = setting(False)
    """Announce the server over mDNS for Home Assistant's discovery (needs the zeroconf package)."""
    area: str | None = setting(None)
    """The area id commands from Wyoming are heard in when the client names none; None: the site's."""


def read_wyoming(top: Section, area_ids: frozenset[str]) -> WyomingConfig:
    """The wyoming section; its area must be one of the home's."""
    section = open_settings(top, "wyoming", WyomingConfig)
    if section is None:
        return WyomingConfig()
    return read_settings(section, WyomingConfig(), area=optional_reference(section, "area", area_ids, "area"))


def site_client_id(site_id: str) -> str:
    """The client id of a site's daemon when none is configured: unique per site, because a broker
    disconnects a client when another connects with the same id (two rooms would take turns)."""
    return f"assistantd-{site_id}"


def read_mqtt(top: Section, base_dir: Path | None, site_id: str | None = None) -> MqttConfig:
    """The broker connection; credentials come from a file or the environment, never inline."""
    default = MqttConfig() if site_id is None else MqttConfig(client_id=site_client_id(site_id))
    section = open_settings(top, "mqtt", MqttConfig, forbidden={"password": _NO_INLINE_PASSWORD})
    if section is None:
        return default
    return read_settings(section, default, base_dir, tls=_tls(section, base_dir))


def _tls(section: Section, base_dir: Path | None) -> TlsConfig | None:
    """``tls: true`` (the system trust store), a mapping of files, or absent."""
    node = section.node("tls")
    if node is None:
        return None
    if isinstance(node, Scalar):
        if isinstance(node.value, bool):
            return TlsConfig() if node.value else None
        message = f"expected true, false or a mapping, got {describe(node)}"
        section.issues.add(node.line, section.path_of("tls"), message)
        return None
    tls = open_settings(section, "tls", TlsConfig)
    return None if tls is None else read_settings(tls, TlsConfig(), base_dir)
