"""Plain data passed between the stages: entities, relations, roles, each with evidence."""

from __future__ import annotations

from dataclasses import dataclass

from kg.schema import ENTITY_TYPES, RELATIONS, SYMMETRIC

__all__ = ["ENTITY_TYPES", "RELATIONS", "SYMMETRIC", "Article", "Evidence", "Entity", "Relation", "Role",
           "ArticleFacts"]


@dataclass(frozen=True, order=True)
class Article:
    """One article as read: an identifier, its text and where it came from."""

    id: str
    text: str
    source: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    author: str = ""
    site: str = ""


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact comes from: a sentence of an article and the extractor that read it."""

    article_id: str
    start: int
    end: int
    sentence: str
    extractor: str
    confidence: float


@dataclass(frozen=True, order=True)
class Entity:
    """One real-world entity: a resolution key, its preferred label, type and other names."""

    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str = ""


@dataclass(frozen=True, order=True)
class Relation:
    """``subject predicate object`` between two entities (by key), with its evidence."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence

    def __post_init__(self) -> None:
        if self.predicate not in RELATIONS:
            raise ValueError(f"unknown relation {self.predicate!r}")


@dataclass(frozen=True, order=True)
class Role:
    """A person holds a title (as written, in French) at an organisation."""

    person: str
    organization: str
    title: str
    evidence: Evidence
    title_en: str = ""
    current: bool = True  # False: a former position (« l'ancien directeur », « a quitté »)


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    roles: tuple[Role, ...] = ()

    @property
    def facts(self) -> int:
        """How many facts (relations and roles) the article gave."""
        return len(self.relations) + len(self.roles)
