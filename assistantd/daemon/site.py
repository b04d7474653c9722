"""The site's context: the area commands are heard in (the site's own, or one the context topic names) and
the latest context text ("guests are sleeping in the bedroom"), which holds for ``site.context_seconds``."""

from __future__ import annotations

import logging

from assistantd.assistant.command import TextCommand
from assistantd.config.settings import Config
from assistantd.daemon.inputs import ContextUpdate
from assistantd.errors import InputError

_LOGGER = logging.getLogger(__name__)


class SiteContext:
    """Where this site's commands are heard, and what its context text says, as the config and the context
    topic say. Fed with monotonic times; reads no clock."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._context_area: str | None = None
        self._text = ""
        self._text_ms = 0

    def reconfigure(self, config: Config) -> None:
        """Use a new config; a context area it no longer has is forgotten."""
        self._config = config
        if self._context_area is not None and config.area(self._context_area) is None:
            self._context_area = None

    def update(self, update: ContextUpdate, now_ms: int) -> None:
        """Apply a context message received at now_ms; InputError for an area the home does not have."""
        if update.clear_area:
            self._context_area = None
        elif update.area is not None:
            area = self._config.find_area(update.area)
            if area is None:
                raise InputError(f"unknown area {update.area!r} in context")
            self._context_area = area
        if update.text:
            self._text, self._text_ms = update.text, now_ms
            _LOGGER.info("Context: %s", update.text)
        elif update.clear_text and self._text:
            self._text = ""
            _LOGGER.info("Context text withdrawn")

    def text_at(self, now_ms: int) -> str:
        """The context text in force at now_ms: the latest, until site.context_seconds have passed."""
        if self._text and now_ms - self._text_ms > self._config.site.context_seconds * 1000:
            _LOGGER.info("Context text expired: %s", self._text)
            self._text = ""
        return self._text

    def area_of(self, command: TextCommand | None) -> str | None:
        """The area a command was heard in: the one it names, else the context's (None: the site's)."""
        if command is not None and command.area is not None:
            return self._config.find_area(command.area) or self._config.site.area
        return self._context_area
