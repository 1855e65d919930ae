"""The one declaration of each relation type: read from the ontology (``ontologies/kg.ttl``).

A relation type is an ``owl:ObjectProperty`` of the kg namespace whose domain and range are entity
classes (a class, or an ``owl:unionOf`` of classes). Its signature, symmetry and labels come from
there; :mod:`kg.facts`, the pipeline, the candidates, the SHACL shapes and the JSON-LD context are
derived from it or tested against it (``tests/test_schema.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ENTITY_TYPES = ("Person", "Organization", "AIModel", "Product", "Place")
NS = "https://w3id.org/kg-news/ontology#"


@dataclass(frozen=True)
class RelationType:
    """A relation type as the ontology declares it."""

    name: str
    domain: frozenset[str]
    range: frozenset[str]
    symmetric: bool
    label_en: str
    label_fr: str


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    """Every relation type of the ontology, in the order the ontology declares them."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.resources import ontology_file

    path = ontology_file("kg.ttl")
    g = Graph().parse(path, format="turtle")
    text = path.read_text(encoding="utf-8")

    def classes(node) -> frozenset[str] | None:
        union = g.value(node, OWL.unionOf)
        members = list(Collection(g, union)) if union is not None else [node]
        names = {str(m).removeprefix(NS) for m in members if isinstance(m, URIRef) and str(m).startswith(NS)}
        return frozenset(names) if len(names) == len(members) and names <= set(ENTITY_TYPES) else None

    found = []
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        if not (isinstance(prop, URIRef) and str(prop).startswith(NS)):
            continue
        dom, rng = g.value(prop, RDFS.domain), g.value(prop, RDFS.range)
        domain = classes(dom) if dom is not None else None
        range_ = classes(rng) if rng is not None else None
        if domain is None or range_ is None:
            continue
        name = str(prop).removeprefix(NS)
        labels = {l.language: str(l) for l in g.objects(prop, RDFS.label)}
        found.append((text.find(f"kg:{name} "), RelationType(
            name, domain, range_, (prop, RDF.type, OWL.SymmetricProperty) in g,
            labels.get("en", name), labels.get("fr", name))))
    return {r.name: r for _, r in sorted(found, key=lambda x: x[0])}


RELATIONS: tuple[str, ...] = tuple(relation_types())
SYMMETRIC: frozenset[str] = frozenset(r.name for r in relation_types().values() if r.symmetric)
#: Which entity types each relation accepts as subject and object.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    r.name: (r.domain, r.range) for r in relation_types().values()
}
