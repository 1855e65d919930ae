"""Tests for kg.validate: the SHACL shapes accept what kg.rdf writes and name what is wrong."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD
from test_export_rdf import HOSTILE, sample_dataset

from kg.errors import KGError
from kg.export.rdf import FORMATS, write
from kg.namespace import KG, IRIs
from kg.validate import ValidationError, check, validate

IRI = IRIs()
A1 = IRI.graph("a1")


def _everywhere(ds: Dataset, triple: tuple) -> None:
    """Remove a pattern from every graph (an entity is described in each article naming it)."""
    for g in ds.graphs():
        g.remove(triple)


def _first_evidence(ds: Dataset) -> URIRef:
    return min(ds.graph(A1).subjects(RDF.type, KG.Evidence))


def _set_on_evidence(prop: URIRef, value: Literal) -> Callable[[Dataset], URIRef]:
    def mutate(ds: Dataset) -> URIRef:
        ev = _first_evidence(ds)
        for g in ds.graphs():
            g.remove((ev, prop, None))
        ds.graph(A1).add((ev, prop, value))
        return ev

    return mutate


def _missing_label(ds: Dataset) -> URIRef:
    _everywhere(ds, (IRI.entity("paris"), SKOS.prefLabel, None))
    return IRI.entity("paris")


def _two_classes(ds: Dataset) -> URIRef:
    ds.graph(A1).add((IRI.entity("llama"), RDF.type, KG.Product))
    return IRI.entity("llama")


def _two_labels(ds: Dataset) -> URIRef:
    ds.graph(A1).add((IRI.entity("openai"), RDFS.label, Literal(HOSTILE)))
    return IRI.entity("openai")


def _membership_without_role(ds: Dataset) -> URIRef:
    m = next(ds.graph(A1).subjects(RDF.type, ORG.Membership))
    _everywhere(ds, (m, ORG.role, None))
    return m


def _membership_of_a_place(ds: Dataset) -> URIRef:
    m = next(ds.graph(A1).subjects(RDF.type, ORG.Membership))
    _everywhere(ds, (m, ORG.organization, None))
    ds.graph(A1).add((m, ORG.organization, IRI.entity("paris")))
    return m


def _statement_without_evidence(ds: Dataset) -> URIRef:
    st = min(ds.graph(A1).subjects(RDF.type, RDF.Statement))
    _everywhere(ds, (st, KG.evidence, None))
    return st


def _bad_hash(ds: Dataset) -> URIRef:
    a = IRI.article("a1")
    ds.graph(A1).set((a, KG.contentHash, Literal("sha256:ABC")))
    return a


def _releases_a_place(ds: Dataset) -> URIRef:
    ds.graph(A1).add((IRI.entity("meta"), KG.releases, IRI.entity("paris")))
    return IRI.entity("meta")


def _model_invests(ds: Dataset) -> URIRef:
    ds.graph(A1).add((IRI.entity("llama"), KG.investsIn, IRI.entity("openai")))
    return IRI.entity("llama")


# fmt: off
#: case -> (mutation returning the focus node, path, words of the message, value and component)
BROKEN = {
    "missing label": (_missing_label, "skos:prefLabel", "exactly one skos:prefLabel", "MinCount"),
    "two classes": (_two_classes, "rdf:type", "exactly one class", "QualifiedMaxCount"),
    "two labels": (_two_labels, "rdfs:label", "exactly one rdfs:label", "MaxCount"),
    "membership without role": (_membership_without_role, "org:role", "exactly one org:role", "MinCount"),
    "membership of a place": (_membership_of_a_place, "org:organization", "a kg:Organization", "Class"),
    "statement without evidence": (_statement_without_evidence, "kg:evidence", "at least one kg:evidence", "MinCount"),
    "offset as a string": (_set_on_evidence(KG.startOffset, Literal("3", datatype=XSD.string)),
                           "kg:startOffset", "an xsd:integer", 'got "3"^^xsd:string, Datatype'),
    "negative offset": (_set_on_evidence(KG.startOffset, Literal(-1, datatype=XSD.integer)),
                        "kg:startOffset", ">= 0", "MinInclusive"),
    "confidence 1.5": (_set_on_evidence(KG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)),
                       "kg:confidence", "in [0, 1]", 'got "1.5"^^xsd:decimal, MaxInclusive'),
    "confidence as a float": (_set_on_evidence(KG.confidence, Literal(0.5, datatype=XSD.double)),
                              "kg:confidence", "an xsd:decimal", "Datatype"),
    "bad content hash": (_bad_hash, "kg:contentHash", "64 lowercase hex", "Pattern"),
    "releases a place": (_releases_a_place, "kg:releases", "a kg:AIModel or a kg:Product", "Or"),
    "model invests": (_model_invests, "(node)", "subject of kg:investsIn is a kg:Person or a kg:Organization", "Or"),
}
# fmt: on


def test_the_sample_conforms() -> None:
    report = validate(sample_dataset())
    assert report.conforms, str(report)
    assert report.violations == []
    assert str(report) == "conforms"


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_a_written_file_conforms(tmp_path: Path, fmt: str) -> None:
    path = write(sample_dataset(), tmp_path / f"graph{FORMATS[fmt].extension}")
    assert validate(path).conforms


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_graphs_fail_and_say_why(case: str) -> None:
    mutate, path, message, detail = BROKEN[case]
    ds = sample_dataset()
    focus = mutate(ds)
    report = validate(ds)
    assert not report.conforms
    lines = [v for v in report.violations if v.startswith(f"<{focus}>: {path}: ")]
    assert lines, f"no violation on {focus} {path}:\n{report}"
    assert any(message in line and detail in line for line in lines), "\n".join(lines)
    assert all("\n" not in v and "\r" not in v for v in report.violations)


def test_a_hostile_value_stays_on_one_line() -> None:
    ds = sample_dataset()
    ds.graph(A1).add((IRI.entity("openai"), SKOS.altLabel, Literal(HOSTILE, lang="fr")))
    (line,) = validate(ds).violations
    assert line.startswith(f"<{IRI.entity('openai')}>: skos:altLabel: ")
    assert "\\n" in line and "\n" not in line and "\r" not in line
    assert "Datatype" in line


def test_custom_shapes(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n"
        "<#NoPlaces> a sh:NodeShape ; sh:targetClass kg:Place ;\n"
        '  sh:property [ sh:path kg:nothing ; sh:minCount 1 ; sh:message "no places here" ] .\n',
        encoding="utf-8",
    )
    report = validate(sample_dataset(), shapes=shapes)
    assert report.violations == [f"<{IRI.entity('paris')}>: kg:nothing: no places here (MinCount)"]


def test_check_prints_and_returns_the_exit_code(tmp_path: Path) -> None:
    good = write(sample_dataset(), tmp_path / "good.trig")
    out = io.StringIO()
    assert check(good, out=out) == 0
    assert "conforms" in out.getvalue()

    ds = sample_dataset()
    _missing_label(ds)
    _bad_hash(ds)
    bad = write(ds, tmp_path / "bad.nq")
    out = io.StringIO()
    assert check(bad, out=out, limit=1) == 1
    printed = out.getvalue().splitlines()
    assert printed[0] == f"{bad}: 2 SHACL violation(s)"
    assert len(printed) == 3 and printed[2] == "  ... and 1 more"


def test_invalid_shapes_are_a_one_line_user_error(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<#S> a sh:NodeShape ; sh:targetNode <#x> ; sh:maxCount 0 .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="invalid SHACL shapes") as err:
        validate(sample_dataset(), shapes=shapes)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.ttl", None, "no such file"),
        ("graph.html", "<html/>", ".html is not an RDF format"),
        ("broken.ttl", "<a> <b> .", "cannot parse"),
    ],
)
def test_unreadable_input_is_a_one_line_user_error(
    tmp_path: Path, name: str, content: str | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        validate(path)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, KGError)
