"""The site's context: the area commands are heard in (the site's own, or one the context topic names)."""

from __future__ import annotations

import logging

from assistantd.assistant.command import TextCommand
from assistantd.config.settings import Config
from assistantd.daemon.inputs import ContextUpdate
from assistantd.errors import InputError

_LOGGER = logging.getLogger(__name__)


class SiteContext:
    """Where this site's commands are heard, as the config and the context topic say."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._context_area: str | None = None

    def reconfigure(self, config: Config) -> None:
        """Use a new config; a context area it no longer has is forgotten."""
        self._config = config
        if self._context_area is not None and config.area(self._context_area) is None:
            self._context_area = None

    def update(self, update: ContextUpdate) -> None:
        """Apply a context message; InputError for an area the home does not have."""
        if update.clear_area:
            self._context_area = None
        elif update.area is not None:
            area = self._config.find_area(update.area)
            if area is None:
                raise InputError(f"unknown area {update.area!r} in context")
            self._context_area = area
        if update.text:
            _LOGGER.info("Context: %s", update.text)

    def area_of(self, command: TextCommand | None) -> str | None:
        """The area a command was heard in: the one it names, else the context's (None: the site's)."""
        if command is not None and command.area is not None:
            return self._config.find_area(command.area) or self._config.site.area
        return self._context_area
