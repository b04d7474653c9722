"""The daemon's own topics under <base>/<site>/."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.settings import Config


@dataclass(frozen=True, slots=True)
class SiteTopics:
    """Topics of one site."""

    status: str
    """Retained "online"/"offline" (the last will)."""
    text: str
    """Text commands in, as if spoken."""
    context: str
    """Context text in (where the person is, what is going on)."""
    intent: str
    """Each recognised intent and its outcome, as JSON."""
    confirm: str
    """Confirmation requests for high-risk actions, as JSON."""
    vision: str
    """Vision events (gestures, pointing, faces), as JSON."""
    state: str
    """Retained: what the assistant is doing (idle, listening, thinking, muted), whether it is muted, and
    whether someone attends, as JSON."""
    mute: str
    """Mute in: ON stops listening, OFF listens again."""
    stop: str
    """Stop in: any payload withdraws the question waiting for an answer."""
    timer: str = ""
    """Timer events out (started, updated, paused, resumed, finished, cancelled), as JSON."""
    satellite_text: str = ""
    """The satellites' commands in, each satellite on a topic of its own under the text topic (this is
    their subscription, ``<text>/+``; see ``text_of``)."""

    def text_of(self, satellite_id: str) -> str:
        """Where a satellite sends its commands: ``<text>/<satellite id>``, which the broker's ACL lets only
        that satellite write, so that the topic says who sent a command (MQTT does not)."""
        return f"{self.text}/{satellite_id}"

    @classmethod
    def for_config(cls, config: Config) -> SiteTopics:
        """The topics for a configuration's base topic and site."""
        prefix = f"{config.mqtt.base_topic}/{config.site.id}"
        return cls(
            status=f"{prefix}/status",
            text=f"{prefix}/text",
            context=f"{prefix}/context",
            intent=f"{prefix}/intent",
            confirm=f"{prefix}/confirm",
            vision=f"{prefix}/vision",
            state=f"{prefix}/state",
            mute=f"{prefix}/mute/set",
            stop=f"{prefix}/stop",
            timer=f"{prefix}/timer",
            satellite_text=f"{prefix}/text/+",
        )
