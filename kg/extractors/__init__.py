"""Extractors: pure functions ``Context -> Iterable[Relation | Role]``, one module each."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.extractors import competition, investment, lawsuits, ownership, releases, roles
from kg.extractors.context import Context
from kg.facts import Relation, Role

Extractor = Callable[[Context], Iterable[Relation | Role]]

#: The registry, by name: every extractor runs on every article.
EXTRACTORS: dict[str, Extractor] = {
    "roles": roles.extract,
    "releases": releases.extract,
    "competesWith": competition.extract,
    "investsIn": investment.extract,
    "sues": lawsuits.extract,
    "owns": ownership.extract,
}
