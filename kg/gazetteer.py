"""The gazetteer (kg/data/gazetteer.json): well-known AI-industry names, read once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from kg.namespace import slug
from kg.resources import data_file


@dataclass(frozen=True)
class Known:
    """A gazetteer entry."""

    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    parent: str = ""

    @property
    def key(self) -> str:
        """The resolution key of the entity."""
        return slug(self.label)


@dataclass(frozen=True)
class Gazetteer:
    """Entries by folded name, and the model families that take a version number."""

    entries: tuple[Known, ...]
    families: tuple[str, ...]

    def lookup(self, name: str) -> Known | None:
        """The entry whose label or alias folds to the same slug as ``name``."""
        return _index(self).get(slug(name))

    def by_key(self, key: str) -> Known | None:
        """The entry with this resolution key."""
        return _index(self).get(key)


_INDEXES: dict[int, dict[str, Known]] = {}


def _index(gaz: Gazetteer) -> dict[str, Known]:
    cached = _INDEXES.get(id(gaz))
    if cached is not None:
        return cached
    index: dict[str, Known] = {}
    for e in gaz.entries:
        for name in (e.label, *e.aliases):
            index.setdefault(slug(name), e)
    _INDEXES[id(gaz)] = index
    return index


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Read the bundled gazetteer."""
    raw = json.loads(data_file("gazetteer.json").read_text(encoding="utf-8"))
    entries = tuple(
        Known(
            label=e["label"],
            type=e["type"],
            aliases=tuple(e.get("aliases", ())),
            wikidata=e.get("wikidata", ""),
            parent=e.get("parent", ""),
        )
        for e in raw["entities"]
    )
    return Gazetteer(entries=entries, families=tuple(raw["families"]))
