"""The only module that writes IRIs: ontology terms and the IRIs of instances."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.schema import RELATIONS

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
DEFAULT_BASE = "https://w3id.org/kg-news/id/"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """The kg ontology (ontologies/kg.ttl). A misspelled term fails where it is used."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    AIModel: URIRef
    Product: URIRef
    Place: URIRef
    Evidence: URIRef
    Extractor: URIRef

    releases: URIRef
    competesWith: URIRef
    investsIn: URIRef
    sues: URIRef
    owns: URIRef

    evidence: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    current: URIRef
    contentHash: URIRef
    sourcePath: URIRef


#: Prefixes bound in every serialisation and pre-bound in every query.
PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dct": "http://purl.org/dc/terms/",
    "wd": str(WIKIDATA),
    "kg": ONTOLOGY_IRI + "#",
}

#: Entity types (the coarse classes) by their local name.
ENTITY_CLASSES = {
    "Person": KG.Person,
    "Organization": KG.Organization,
    "AIModel": KG.AIModel,
    "Product": KG.Product,
    "Place": KG.Place,
}

#: Relation names (facts.Relation.predicate) to properties: one per relation type of the schema.
RELATION_PROPERTIES = {name: URIRef(KG._NS + name) for name in RELATIONS}


@lru_cache(maxsize=1 << 16)  # names repeat across articles; a slug is pure
def slug(text: str) -> str:
    """A lowercase ASCII slug of ``text``: ``"Yann LeCun"`` -> ``"yann-lecun"``.

    >>> slug("Joëlle Pineau")
    'joelle-pineau'
    >>> slug("GPT-3.5")
    'gpt-3.5'
    """
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^a-z0-9.]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    return text


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1 << 16)
def _segment(text: str) -> str:
    """A safe IRI path segment: the slug, or a hash when nothing ASCII survives."""
    s = slug(text)
    if not s:
        return "x" + _digest(text)
    return quote(s, safe="-.")


class IRIs:
    """Mints the IRIs of instances under one base IRI (``--base``).

    Args:
        term: what an IRI is made into: an rdflib URIRef, or ``str`` where no rdflib object is
            wanted (:mod:`kg.store` writes N-Quads text).
    """

    def __init__(self, base: str = DEFAULT_BASE, *, term: Callable[[str], str] = URIRef) -> None:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]*$", base):
            raise ValueError(f"base IRI must be an absolute IRI, got {base!r}")
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.term = term

    def _iri(self, *parts: str) -> URIRef:
        return self.term(self.base + "/".join(parts))

    def entity(self, key: str) -> URIRef:
        """The IRI of an entity from its resolution key (a slug)."""
        return self._iri("entity", _segment(key))

    def article(self, article_id: str) -> URIRef:
        """The IRI of an article."""
        return self._iri("article", _segment(article_id))

    def graph(self, article_id: str) -> URIRef:
        """The named graph holding one article's triples."""
        return self._iri("graph", _segment(article_id))

    def role(self, title: str) -> URIRef:
        """An org:Role, shared by everyone who holds the same title."""
        return self._iri("role", _segment(title))

    def membership(self, person: str, organization: str, title: str) -> URIRef:
        """An org:Membership of a person in an organisation with a title."""
        return self._iri("membership", _digest(person, organization, slug(title)))

    def statement(self, subject: str, predicate: str, obj: str) -> URIRef:
        """The rdf:Statement reifying one relation, so evidence can be attached to it."""
        return self._iri("fact", _digest(subject, predicate, obj))

    def evidence(self, article_id: str, start: int, end: int, extractor: str, fact: str) -> URIRef:
        """One piece of evidence: a sentence of an article supporting one fact."""
        return self._iri("evidence", _digest(article_id, start, end, extractor, fact))

    def extractor(self, name: str) -> URIRef:
        """The software agent (an extractor) that produced a fact."""
        return self._iri("extractor", _segment(name))
