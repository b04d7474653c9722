"""The ``site``, ``floors`` and ``areas`` sections."""

from __future__ import annotations

import logging

from assistantd.config.checks import get_identifier
from assistantd.config.loader import Node
from assistantd.config.references import Unique, claim_id, claim_names, optional_reference
from assistantd.config.section import open_section
from assistantd.config.settings import Area, Floor, Site
from assistantd.config.walker import Issues

_LOGGER = logging.getLogger(__name__)


def read_floors(issues: Issues, items: list[tuple[str, Node]]) -> tuple[tuple[Floor, ...], frozenset[str]]:
    """The floors, and every floor id written (also of floors with other errors)."""
    ids = Unique(issues, "floor id")
    names = Unique(issues, "floor name", ignore_case=True)
    floors: list[Floor] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("id", "name"), optional=("aliases", "level"))
        if section is None:
            continue
        floor_id = claim_id(section, ids)
        name, aliases = claim_names(section, names, f"floor {floor_id!r}")
        level = section.integer("level", minimum=-100, maximum=1000)
        if floor_id is not None and name is not None:
            floors.append(Floor(id=floor_id, name=name, aliases=aliases, level=level))
    return tuple(floors), ids.values()


def read_areas(
    issues: Issues, items: list[tuple[str, Node]], floor_ids: frozenset[str]
) -> tuple[tuple[Area, ...], frozenset[str]]:
    """The areas, and every area id written; an area's floor must be a known floor id."""
    ids = Unique(issues, "area id")
    names = Unique(issues, "area name", ignore_case=True)
    areas: list[Area] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("id", "name"), optional=("aliases", "floor"))
        if section is None:
            continue
        area_id = claim_id(section, ids)
        name, aliases = claim_names(section, names, f"area {area_id!r}")
        floor = optional_reference(section, "floor", floor_ids, "floor")
        if area_id is not None and name is not None:
            areas.append(Area(id=area_id, name=name, aliases=aliases, floor=floor))
    return tuple(areas), ids.values()


def read_site(issues: Issues, node: Node, area_ids: frozenset[str]) -> Site | None:
    """Where this daemon runs: its id (used in topics) and the area it is in."""
    section = open_section(issues, node, "site", required=("id", "area"))
    if section is None:
        return None
    site_node = section.node("id")
    site_id = None if site_node is None else get_identifier(issues, site_node, section.path_of("id"))
    area = optional_reference(section, "area", area_ids, "area")
    if site_id is None or area is None:
        return None
    return Site(id=site_id, area=area)
