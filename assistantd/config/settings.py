"""The whole configuration as one frozen value (read once, at the edge, by config.schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistantd.config.home import Area, Device, Floor, Site
from assistantd.config.lists import ListsConfig
from assistantd.config.rules import Rule
from assistantd.config.satellites import RecognitionConfig, SatelliteConfig
from assistantd.config.sentences import CustomSentence
from assistantd.config.service import (
    ConfirmationConfig,
    HermesConfig,
    HomeAssistantConfig,
    InboxConfig,
    MetricsConfig,
    MqttConfig,
    OutboxConfig,
    RecognizerConfig,
    TimersConfig,
    WyomingConfig,
)
from assistantd.config.speech import SpeechConfig
from assistantd.config.tts import TtsConfig
from assistantd.config.vision import VisionConfig
from assistantd.config.weather import WeatherSource

DEFAULT_STATE_DIRECTORY = Path("/var/lib/assistantd")
"""Where the outbox, the control socket and the intent model live unless configured."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    site: Site
    areas: tuple[Area, ...]
    devices: tuple[Device, ...]
    floors: tuple[Floor, ...] = ()
    mqtt: MqttConfig = MqttConfig()
    outbox: OutboxConfig = OutboxConfig()
    inbox: InboxConfig = InboxConfig()
    confirmation: ConfirmationConfig = ConfirmationConfig()
    timers: TimersConfig = TimersConfig()
    recognizer: RecognizerConfig = RecognizerConfig()
    metrics: MetricsConfig = MetricsConfig()
    hermes: HermesConfig = HermesConfig()
    wyoming: WyomingConfig = WyomingConfig()
    homeassistant: HomeAssistantConfig = HomeAssistantConfig()
    tts: TtsConfig | None = None
    """Spoken answers; None: answers on MQTT only."""
    satellites: tuple[SatelliteConfig, ...] = ()
    """The rooms that listen for this coordinator."""
    recognition: RecognitionConfig = RecognitionConfig()
    """Speech to text for the satellites."""
    sentences: tuple[CustomSentence, ...] = ()
    rules: tuple[Rule, ...] = ()
    speech: SpeechConfig | None = None
    """Microphone and speech-to-text; None: not listening."""
    vision: VisionConfig | None = None
    """Camera, gestures and faces; None: not watching."""
    weather: tuple[WeatherSource, ...] = ()
    """Where the weather is reported (the first: the home's own); empty: no weather to tell."""
    lists: ListsConfig | None = None
    """Where list items go; None: the home keeps no lists."""
    state_directory: Path = DEFAULT_STATE_DIRECTORY
    source: Path | None = field(default=None, compare=False)
    """The file this was read from."""

    def device(self, device_id: str) -> Device | None:
        """A device by id."""
        for device in self.devices:
            if device.id == device_id:
                return device
        return None

    def area(self, area_id: str) -> Area | None:
        """An area by id."""
        for area in self.areas:
            if area.id == area_id:
                return area
        return None

    def satellite(self, satellite_id: str) -> SatelliteConfig | None:
        """A satellite by id."""
        return next((satellite for satellite in self.satellites if satellite.id == satellite_id), None)

    def floor(self, floor_id: str) -> Floor | None:
        """A floor by id."""
        for floor in self.floors:
            if floor.id == floor_id:
                return floor
        return None

    def find_area(self, key: str) -> str | None:
        """The id of the area whose id, name or an alias is ``key`` (trimmed, any case); None when none is."""
        wanted = key.strip().lower()
        for area in self.areas:
            if wanted in (area.id.lower(), area.name.lower(), *(alias.lower() for alias in area.aliases)):
                return area.id
        return None
