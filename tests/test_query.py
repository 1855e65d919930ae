"""The bundled queries answer on the seed graph; query errors are one-line and read-only."""

from __future__ import annotations

import json

import pytest

from kg.errors import QueryError
from kg.sparql import format_result, load_store, query, read_query, run
from pathlib import Path

QUERIES = Path(__file__).resolve().parent.parent / "scripts" / "queries"


@pytest.fixture(scope="module")
def store(seed_dir):
    return load_store(seed_dir / "graph.ttl")


def ask(store, name: str) -> list[dict[str, str]]:
    return query(read_query(str(QUERIES / name)), graph=store)


def test_roles(store):
    rows = {(r["person"], r["organization"]) for r in ask(store, "roles.rq")}
    assert {("Yann LeCun", "Meta"), ("Nick Clegg", "Meta"), ("Joelle Pineau", "Meta"),
            ("Mark Zuckerberg", "Meta"), ("Chris Cox", "Meta")} <= rows
    titles = {r["person"]: r["title"] for r in ask(store, "roles.rq")}
    assert titles["Mark Zuckerberg"] == "directeur général"


def test_releases(store):
    rows = {(r["organization"], r["model"]) for r in ask(store, "releases.rq")}
    assert {("Meta", "LLaMA"), ("OpenAI", "GPT-4"), ("OpenAI", "ChatGPT"), ("Meta", "BlenderBot 2")} <= rows


def test_competitors_of_meta(store):
    assert {r["competitor"] for r in ask(store, "competitors.rq")} == {"OpenAI", "Google"}


def test_entity_evidence(store):
    rows = ask(store, "entity_evidence.rq")
    assert ("OpenAI", "releases", "GPT-4") in {(r["subject"], r["relation"], r["object"]) for r in rows}
    for r in rows:
        assert "OpenAI" in r["sentence"] and r["article"] == "000_f926927dc2d1449b"


def test_entities_by_type(store):
    counts = {r["type"]: int(r["entities"]) for r in ask(store, "entities_by_type.rq")}
    assert counts["Person"] == 7 and counts["Place"] == 2 and counts["Organization"] >= 7


def test_lawsuits(store):
    rows = {(r["person"], r["company"]) for r in ask(store, "lawsuits.rq")}
    assert rows == {("Sarah Silverman", "Meta"), ("Sarah Silverman", "OpenAI")}


def test_fact_evidence(store, seed_result):
    rows = ask(store, "fact_evidence.rq")
    text = seed_result.articles[0].article.text
    assert len(rows) >= seed_result.facts
    for r in rows:
        assert text[int(r["start"]) : int(r["end"])] == r["sentence"]
        assert 0 < float(r["confidence"]) <= 1


def test_business_links(store):
    rows = {(r["owner"], r["link"], r["target"]) for r in ask(store, "business_links.rq")}
    assert ("Microsoft", "investsIn", "OpenAI") in rows
    assert {("Meta", "owns", p) for p in ("Instagram", "WhatsApp", "Facebook")} <= rows


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml", "table"])
def test_result_formats(store, fmt):
    out = format_result(run("SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p", store), fmt)
    if fmt == "json":
        doc = json.loads(out)
        assert doc["head"]["vars"] == ["p"] and len(doc["results"]["bindings"]) == 7
    elif fmt == "csv":
        assert out.splitlines()[0] == "p" and len(out.splitlines()) == 8
    elif fmt == "tsv":
        assert out.splitlines()[0] == "?p" and out.splitlines()[1].startswith("<https://")
    elif fmt == "xml":
        assert "<sparql" in out
    else:
        assert "(7 rows)" in out


@pytest.mark.parametrize(
    "sparql",
    ["INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP GRAPH <a:b>", "LOAD <http://x>"],
)
def test_updates_are_refused(store, sparql):
    with pytest.raises(QueryError, match="read-only"):
        run(sparql, store)


def test_syntax_error_names_the_position(store):
    with pytest.raises(QueryError) as err:
        run("SELECT ?x WHERE {\n  ?x a kg:Person \n", store)
    assert "syntax error" in str(err.value) and "\n" not in str(err.value)


def test_missing_graph_file(tmp_path):
    with pytest.raises(QueryError, match="no such graph file"):
        load_store(tmp_path / "missing.ttl")


def test_same_triple_count_in_rdflib_and_oxigraph(seed_dir):
    from rdflib import Graph

    g = Graph().parse(seed_dir / "graph.ttl", format="turtle")
    rows = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph=seed_dir / "graph.ttl")
    assert int(rows[0]["n"]) == len(g)
