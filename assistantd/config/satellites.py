"""The ``satellites`` and ``recognition`` sections: the rooms that listen for the home's coordinator, and
how speech is turned into text for them (by the coordinator, or by `assistantd worker` processes).

A satellite is a small computer in a room with a microphone (`assistantd satellite --site ID`): it
wakes, cuts utterances and sends their audio to be transcribed; the coordinator (`assistantd run`, the
site of the ``site`` section) hears its commands as said in the satellite's area. Every box reads the
same file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistantd.config.checks import get_identifier
from assistantd.config.fields import keys_of, read_section, read_settings, setting
from assistantd.config.home import Site
from assistantd.config.loader import ListNode
from assistantd.config.references import Unique, optional_reference
from assistantd.config.section import Section, open_section
from assistantd.config.speech import (
    AudioSourceConfig,
    ListenConfig,
    SpeechConfig,
    WakeWordConfig,
    read_source,
)
from assistantd.config.vision import VisionConfig, read_vision


@dataclass(frozen=True, slots=True)
class SatelliteConfig:
    """One room's satellite."""

    id: str
    """Its site id, used in topics (<base>/<id>/status) and in `assistantd satellite --site`."""
    area: str
    """The area id its commands are heard in ("the lights" there, "in here")."""
    source: AudioSourceConfig | None = None
    """Its microphone (or file, or capture command); None: the speech section's."""
    listen: ListenConfig | None = None
    """How it listens (mode, wake phrases, follow-ups); None: the speech section's."""
    wake_word: WakeWordConfig | None = None
    """Its wake word engine's settings; None: the speech section's."""
    vision: VisionConfig | None = None
    """Its camera, as a whole vision section (pose, gestures, faces); None: it has none (the coordinator's
    own camera is the coordinator's room's)."""
    client_id: str | None = setting(None)
    """Its MQTT client id; None: assistantd-satellite-<id>."""
    username: str | None = setting(None)
    """Its own broker user (so that an ACL can let it write only its own site's topics); None: mqtt's."""
    password_env: str | None = setting(None)
    """The environment variable holding its broker password (with username); None: mqtt's."""

    @property
    def site(self) -> Site:
        """The site it serves."""
        return Site(id=self.id, area=self.area)

    @property
    def mqtt_client_id(self) -> str:
        """The client id it connects with."""
        return self.client_id or f"assistantd-satellite-{self.id}"


@dataclass(frozen=True, slots=True)
class RecognitionConfig:
    """Speech to text for satellites, as MQTT 5 requests on <base>/recognize/request, shared by every
    process that serves them (the coordinator and `assistantd worker`s) in one shared-subscription group."""

    serve: bool = setting(True)
    """The coordinator answers requests itself (when it has satellites); false: only workers do."""
    group: str = setting("assistantd", parse=get_identifier)
    """The shared subscription's group: each request goes to one member of it."""
    deadline_seconds: float = setting(8.0, positive=True, maximum=120)
    """How long a satellite waits for a transcript before it asks again (another worker may take it)."""
    attempts: int = setting(2, minimum=1, maximum=5)
    """How many times a satellite asks for one utterance's transcript before it gives up on it."""
    intent_model: str = setting("coordinator", choices=("coordinator", "workers"))
    """Who reads the commands the grammar is unsure of with the intent model: the coordinator itself, or the
    `assistantd worker`s (the coordinator keeps its own model for the parts of a command it reads again, and
    reads a command itself when no worker answered in time)."""
    model_deadline_seconds: float = setting(1.0, positive=True, maximum=30)
    """How long the coordinator waits for the workers' reading of a command before it reads it itself."""


_KEYS = keys_of(SatelliteConfig)
_OWN_PARTS = ("source", "listen", "wake_word", "vision")
"""A satellite's own parts of the speech section, and its own vision section."""


def read_satellites(
    top: Section,
    area_ids: frozenset[str],
    site_id: str | None,
    base_dir: Path | None,
    speech: SpeechConfig | None,
) -> tuple[SatelliteConfig, ...]:
    """The satellites: a list of {id, area, ...}; ids unique and not the coordinator's own site; their
    listen and wake_word sections start from the speech section's."""
    if top.node("satellites") is None:
        return ()
    if not isinstance(top.node("satellites"), ListNode):
        top.issues.add(top.line_of("satellites"), "satellites", "must be a list of satellites ({id, area})")
        return ()
    ids = Unique(top.issues, "satellite id")
    satellites = []
    for path, item in top.items("satellites"):
        section = open_section(
            top.issues, item, path, required=("id", "area"), optional=(*_KEYS["optional"], *_OWN_PARTS)
        )
        if section is None:
            continue
        satellite = _satellite(section, area_ids, site_id, base_dir, speech or SpeechConfig())
        id_node = section.node("id")
        if (
            satellite is not None
            and id_node is not None
            and ids.claim(satellite.id, path, id_node, section.path_of("id"))
        ):
            satellites.append(satellite)
    return tuple(satellites)


def _satellite(
    section: Section,
    area_ids: frozenset[str],
    site_id: str | None,
    base_dir: Path | None,
    speech: SpeechConfig,
) -> SatelliteConfig | None:
    id_node = section.node("id")
    satellite_id = None if id_node is None else get_identifier(section.issues, id_node, section.path_of("id"))
    area = optional_reference(section, "area", area_ids, "area")
    if satellite_id is not None and satellite_id == site_id:
        message = f"{satellite_id!r} is the coordinator's own site (the site section); give it its own id"
        section.issues.add(section.line_of("id"), section.path_of("id"), message)
        return None
    source = read_source(section, base_dir) if section.node("source") is not None else None
    listen = read_section(section, "listen", speech.listen) if section.node("listen") is not None else None
    wake = (
        read_section(section, "wake_word", speech.wake_word)
        if section.node("wake_word") is not None
        else None
    )
    given = {
        "id": satellite_id or "",
        "area": area or "",
        "source": source,
        "listen": listen,
        "wake_word": wake,
        "vision": read_vision(section, base_dir),
    }
    settings = read_settings(section, SatelliteConfig(id="", area=""), base_dir, **given)
    return settings if satellite_id is not None and area is not None else None
