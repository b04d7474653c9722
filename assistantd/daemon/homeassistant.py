"""Home Assistant MQTT discovery (`homeassistant:`): each site appears in Home Assistant as one device.

One retained device-based discovery message per site, ``<prefix>/device/assistantd_<site>/config``
(``dev``, ``o``, ``cmps``), with the site's status topic as the device's availability (its
``online``/``offline`` and last will are Home Assistant's defaults). The entities read the topics
assistantd publishes anyway (the intent events, the vision events, the retained state document), and
command it on its own topics (text, mute, stop), so nothing is published twice for Home Assistant's
sake. The message is published on every connection and again, after a short random delay, whenever
Home Assistant announces itself (``<prefix>/status`` = ``online``); turned off, an empty retained
message removes the device.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable

from assistantd import __version__
from assistantd.assistant.decision import Outcome
from assistantd.config.settings import Config
from assistantd.daemon.presence import STATES, LivePublisher
from assistantd.errors import BrokerError
from assistantd.gestures import EXPRESSIONS, GESTURES, HEAD_GESTURES
from assistantd.mqtt.topics import SiteTopics

_LOGGER = logging.getLogger(__name__)

BIRTH_PAYLOAD = b"online"
"""What Home Assistant publishes on <prefix>/status when it starts."""
BIRTH_DELAY_SECONDS = (1.0, 5.0)
"""Re-publishing after Home Assistant's birth waits a random time in this range, seconds (so many
devices do not answer at once, and HA has subscribed to the discovery topics)."""
STATE_MAX_CHARACTERS = 255
"""Home Assistant's longest state."""

_GESTURE_EVENT = (
    "{% if value_json.type == 'gesture' and value_json.phase == 'start' %}"
    "{{ {'event_type': value_json.gesture, 'hand': value_json.hand, 'score': value_json.score} | tojson }}"
    "{% elif value_json.type == 'face' and value_json.head_gesture %}"
    "{{ {'event_type': value_json.head_gesture} | tojson }}"
    "{% endif %}"
)
"""A gesture (as it starts; a hold is no new gesture) or a nod or shake; other vision messages render
nothing, which Home Assistant ignores."""
_COMMAND_EVENT = (
    "{{ {'event_type': value_json.outcome, 'intent': value_json.intent, 'text': value_json.text,"
    " 'response': value_json.response, 'source': value_json.source} | tojson }}"
)
_INTENT_ATTRIBUTES = (
    "{{ {'slots': value_json.slots, 'outcome': value_json.outcome, 'response': value_json.response,"
    " 'confidence': value_json.confidence, 'recognizer': value_json.recognizer,"
    " 'targets': value_json.targets, 'text': value_json.text} | tojson }}"
)


def discovery_topic(config: Config) -> str:
    """Where a site's discovery message is retained."""
    return f"{config.homeassistant.prefix}/device/{_device_id(config)}/config"


def birth_topic(config: Config) -> str:
    """Where Home Assistant announces that it (re)started."""
    return f"{config.homeassistant.prefix}/status"


def discovery_document(config: Config) -> dict[str, object]:
    """The device-based discovery message of the config's site."""
    topics = SiteTopics.for_config(config)
    device_id = _device_id(config)
    area = config.area(config.site.area)
    components = {
        **_understanding(topics),
        **(_listening(topics) if config.speech is not None else {}),
        **(_watching(topics) if config.vision is not None else {}),
        **(_speaking(config) if config.tts is not None and config.tts.enabled else {}),
    }
    for key, component in components.items():
        platform = component["p"]
        component["unique_id"] = f"{device_id}_{key}"
        component["default_entity_id"] = f"{platform}.{device_id}_{key}"
    device: dict[str, object] = {
        "identifiers": [device_id],
        "name": f"assistantd {area.name if area is not None else config.site.id}",
        "manufacturer": "assistantd",
        "model": "Voice and gesture assistant",
        "sw_version": __version__,
    }
    if area is not None:
        device["suggested_area"] = area.name
    return {
        "dev": device,
        "o": {"name": "assistantd", "sw": __version__},
        "availability_topic": topics.status,
        "qos": 1,
        "cmps": components,
    }


def _device_id(config: Config) -> str:
    return f"assistantd_{config.site.id}"


def _understanding(topics: SiteTopics) -> dict[str, dict[str, object]]:
    """What every site has: what it heard and did, its state, the command box and the stop button."""
    return {
        "transcript": {
            "p": "sensor", "name": "Last command", "icon": "mdi:account-voice",
            "state_topic": topics.intent,
            "value_template": f"{{{{ value_json.text[:{STATE_MAX_CHARACTERS}] }}}}",
        },
        "intent": {
            "p": "sensor", "name": "Last intent", "icon": "mdi:head-lightbulb",
            "state_topic": topics.intent, "value_template": "{{ value_json.intent }}",
            "json_attributes_topic": topics.intent, "json_attributes_template": _INTENT_ATTRIBUTES,
        },
        "command": {
            "p": "event", "name": "Command", "icon": "mdi:gesture-tap-button",
            "state_topic": topics.intent, "event_types": [outcome.value for outcome in Outcome],
            "value_template": _COMMAND_EVENT,
        },
        "state": {
            "p": "sensor", "name": "State", "device_class": "enum", "options": list(STATES),
            "state_topic": topics.state, "value_template": "{{ value_json.state }}",
        },
        "text": {
            "p": "text", "name": "Say", "icon": "mdi:keyboard", "command_topic": topics.text,
            "max": STATE_MAX_CHARACTERS, "retain": False,
        },
        "stop": {
            "p": "button", "name": "Stop", "icon": "mdi:stop", "command_topic": topics.stop,
            "payload_press": "PRESS",
        },
    }  # fmt: skip


def _listening(topics: SiteTopics) -> dict[str, dict[str, object]]:
    """A site with a microphone: the mute switch (retained on the broker, so it holds across restarts)."""
    return {
        "mute": {
            "p": "switch", "name": "Mute", "icon": "mdi:microphone-off", "command_topic": topics.mute,
            "state_topic": topics.state, "value_template": "{{ 'ON' if value_json.muted else 'OFF' }}",
            "retain": True,
        },
    }  # fmt: skip


def _speaking(config: Config) -> dict[str, dict[str, object]]:
    """A site with a voice: a notify entity to have it say something."""
    say = f"{config.mqtt.base_topic}/{config.site.id}/say"
    return {"say": {"p": "notify", "name": "Say aloud", "icon": "mdi:account-tie-voice", "command_topic": say}}


def _watching(topics: SiteTopics) -> dict[str, dict[str, object]]:
    """A site with a camera: its gestures as events, attention and expression."""
    return {
        "gesture": {
            "p": "event", "name": "Gesture", "icon": "mdi:hand-wave", "state_topic": topics.vision,
            "event_types": [*GESTURES, *HEAD_GESTURES], "value_template": _GESTURE_EVENT,
        },
        "attention": {
            "p": "binary_sensor", "name": "Attention", "icon": "mdi:eye", "state_topic": topics.state,
            "value_template": "{{ 'ON' if value_json.attending else 'OFF' }}",
        },
        "expression": {
            "p": "sensor", "name": "Expression", "device_class": "enum", "options": list(EXPRESSIONS),
            "icon": "mdi:emoticon-outline", "state_topic": topics.state,
            "value_template": "{{ value_json.expression if value_json.expression else 'None' }}",
        },
    }  # fmt: skip


class Discovery:
    """Keeps the site's discovery message on the broker (or removes it) as the config asks."""

    def __init__(
        self,
        config: Config,
        client: LivePublisher,
        *,
        delay: Callable[[], float] = lambda: random.uniform(*BIRTH_DELAY_SECONDS),  # noqa: S311 - not secret
    ) -> None:
        """delay: how long to wait after Home Assistant's birth, seconds."""
        self._client = client
        self._delay = delay
        self._config = config
        self._published: tuple[str, str] | None = None
        """(topic, payload) last retained on this connection."""
        self._stale: str | None = None
        """A discovery topic the config no longer uses: emptied on the next publication."""
        self._due = asyncio.Event()
        self._birth: asyncio.TimerHandle | None = None

    @property
    def subscriptions(self) -> list[str]:
        """Home Assistant's birth topic, while discovery is on."""
        return [birth_topic(self._config)] if self._config.homeassistant.enabled else []

    def handles(self, topic: str) -> bool:
        """Whether a message on this topic is Home Assistant's birth message."""
        return self._config.homeassistant.enabled and topic == birth_topic(self._config)

    def reconfigure(self, config: Config) -> None:
        """A new config: the message follows it (moved, changed, or removed)."""
        if discovery_topic(config) != discovery_topic(self._config):
            self._stale = discovery_topic(self._config)
        self._config = config
        self._due.set()

    def connected(self) -> None:
        """A new connection: publish (retained messages may have been lost with a broker's state)."""
        self._published = None
        self._due.set()

    def birth(self, payload: bytes) -> None:
        """Home Assistant (re)started: publish again after a random delay; a flood waits for one."""
        if payload.strip() != BIRTH_PAYLOAD:
            return
        if self._birth is None:
            self._birth = asyncio.get_running_loop().call_later(self._delay(), self._reborn)

    def _reborn(self) -> None:
        self._birth = None
        self._published = None
        self._due.set()

    def message(self) -> tuple[str, str]:
        """(topic, payload) as the config asks: the document, or an empty payload to remove it."""
        topic = discovery_topic(self._config)
        if not self._config.homeassistant.enabled:
            return topic, ""
        return topic, json.dumps(discovery_document(self._config), separators=(",", ":"))

    async def run(self) -> None:
        """Publish whenever due and connected, unless the same message is on the broker already."""
        try:
            while True:
                await self._due.wait()
                self._due.clear()
                if self._client.connected:
                    await self._publish()
        finally:
            if self._birth is not None:
                self._birth.cancel()

    async def _publish(self) -> None:
        messages = [(self._stale, "")] if self._stale is not None else []
        wanted = self.message()
        if wanted != self._published:
            messages.append(wanted)
        try:
            for topic, payload in messages:
                await self._client.publish(topic, payload, qos=1, retain=True)
        except BrokerError as err:
            _LOGGER.warning("Home Assistant discovery not published (again on reconnecting): %s", err)
            return
        self._stale, self._published = None, wanted
        topic, payload = wanted
        if payload:
            _LOGGER.info("Home Assistant discovery published on %s", topic)
        else:
            _LOGGER.info("Home Assistant discovery removed from %s", topic)
