"""One declaration per relation type (ontologies/kg.ttl): the rest agrees with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg import facts, namespace, schema
from kg.resources import ontology_file

KG = schema.NS
ROOT = Path(__file__).resolve().parents[1]


def _classes(g: Graph, node) -> frozenset[str]:
    """The kg classes a shape node requires: ``sh:class C`` or ``sh:or ( [sh:class C] … )``."""
    direct = {str(c).removeprefix(KG) for c in g.objects(node, SH["class"])}
    for alt in g.objects(node, SH["or"]):
        direct |= {str(g.value(m, SH["class"])).removeprefix(KG) for m in Collection(g, alt)}
    return frozenset(direct)


def test_schema_reads_every_relation_type_of_the_ontology():
    assert schema.RELATIONS == ("releases", "competesWith", "investsIn", "sues", "owns")
    assert schema.SYMMETRIC == {"competesWith"}
    assert schema.SIGNATURES["investsIn"] == ({"Person", "Organization"}, {"Organization"})
    assert facts.RELATIONS == schema.RELATIONS
    assert set(namespace.RELATION_PROPERTIES) == set(schema.RELATIONS)


def test_shapes_agree_with_the_schema():
    g = Graph().parse(ontology_file("shapes.ttl"))
    for name, (domain, range_) in schema.SIGNATURES.items():
        prop = URIRef(KG + name)
        shapes = list(g.subjects(SH.targetSubjectsOf, prop))
        assert len(shapes) == 1, name
        assert _classes(g, shapes[0]) == domain, name
        props = [p for p in g.objects(shapes[0], SH.property) if g.value(p, SH.path) == prop]
        assert len(props) == 1 and _classes(g, props[0]) == range_, name
    listed = [s for s in g.subjects(SH.path, RDF.predicate)]
    assert len(listed) == 1
    allowed = {str(x).removeprefix(KG) for x in Collection(g, g.value(listed[0], SH["in"]))}
    assert allowed == set(schema.RELATIONS)


def test_jsonld_context_agrees_with_the_schema():
    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    for name in schema.RELATIONS:
        assert context[name] == {"@id": f"kg:{name}", "@type": "@id"}, name


def test_html_legend_labels_come_from_the_schema():
    from kg.export.html import RELATION_STYLE

    for r in schema.relation_types().values():
        assert RELATION_STYLE[r.name][0] == r.label_en


def test_every_lexicon_key_is_read_by_some_code():
    """Content word lists live in kg/data/lexicon.json; a list no code reads is dead weight."""
    lexicon = json.loads((ROOT / "kg" / "data" / "lexicon.json").read_text(encoding="utf-8"))
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kg").rglob("*.py"))
    unread = []
    for key, value in lexicon.items():
        if key.startswith("_"):
            continue
        names = [f"{key}.{k}" for k in value] if isinstance(value, dict) and key == "triggers" else [key]
        for name in names:
            short = name.split(".", 1)[-1]
            if not (re.search(rf"[\"']{re.escape(name)}[\"']", code) or re.search(rf"[\"']{re.escape(short)}[\"']", code)):
                unread.append(name)
    assert unread == []
