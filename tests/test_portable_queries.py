"""The bundled queries are portable (their own PREFIX lines, the same answers on a served
endpoint, in Oxigraph and in rdflib) and take parameters safely (``kg query --bind``)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.bind import bind, parse_bindings
from kg.errors import QueryError
from kg.sparql import load_store, query, read_query
from kg.server import free_port

QUERIES = sorted((Path(__file__).resolve().parent.parent / "scripts" / "queries").glob("*.rq"))
NAMES = [q.name for q in QUERIES]


def rows_of(rows: list[dict[str, str]]) -> set[tuple[tuple[str, str], ...]]:
    return {tuple(sorted(r.items())) for r in rows}


@pytest.fixture(scope="module")
def trig(seed_result, tmp_path_factory) -> Path:
    """The seed article (no date) and two small dated articles, as TriG."""
    from kg.export.rdf import serialize
    from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation
    from kg.namespace import IRIs
    from kg.rdf import add_article, to_dataset

    ds = to_dataset(seed_result.articles)
    for ident, date in (("mars", "2025-03-15"), ("avril", "2025-04-02T08:30:00+02:00")):
        text = "OpenAI a publié GPT-4."
        ev = Evidence(ident, 0, len(text), text, "releases", 0.9)
        add_article(ds, ArticleFacts(
            Article(id=ident, text=text, source=f"{ident}.txt", title=f"Article de {ident}", date=date),
            entities=(Entity("openai", "OpenAI", "Organization"), Entity("gpt-4", "GPT-4", "AIModel")),
            relations=(Relation("openai", "releases", "gpt-4", ev),)), IRIs())
    path = tmp_path_factory.mktemp("portable") / "graph.trig"
    path.write_bytes(serialize(ds, "trig"))
    return path


@pytest.fixture(scope="module")
def endpoint(trig, tmp_path_factory):
    """A real `kg serve` of the graph on a free loopback port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(trig), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path_factory.mktemp("serve"))
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: kg serve stops its oxigraph child
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def http_rows(url: str, sparql: str) -> list[dict[str, str]]:
    data = urllib.parse.urlencode({"query": sparql}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json",
                                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as resp:
        doc = json.load(resp)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_bundled_query_declares_its_prefixes(path: Path) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    ox.Store().query(text)  # no pre-bound prefix: a missing PREFIX line is a SyntaxError here
    prepareQuery(text, initNs={})
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# Parameters") and "--bind" in line for line in header), path.name


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_bundled_query_answers_alike_on_the_endpoint_in_oxigraph_and_rdflib(path: Path, endpoint, trig_store, trig_dataset) -> None:
    text = path.read_text(encoding="utf-8")
    served = http_rows(endpoint, text)
    local = query(text, graph=trig_store)
    assert served, f"{path.name}: no row"
    assert rows_of(served) == rows_of(local)
    names = [str(v) for v in trig_dataset.query(text).vars]
    in_rdflib = [{n: str(r[n]) for n in names if r[n] is not None} for r in trig_dataset.query(text)]
    assert rows_of(in_rdflib) == rows_of(local)


@pytest.fixture(scope="module")
def trig_store(trig):
    return load_store(trig)


@pytest.fixture(scope="module")
def trig_dataset(trig):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    return ds


def test_bind_replaces_the_default_and_runs_on_the_endpoint(endpoint, trig_store) -> None:
    text = read_query(str(QUERIES[NAMES.index("competitors.rq")]))
    bound = bind(text, parse_bindings(["name=OpenAI"]))
    assert {r["competitor"] for r in http_rows(endpoint, bound)} == {"Meta"}
    assert {r["competitor"] for r in query(bound, graph=trig_store)} == {"Meta"}


def test_bind_adds_values_where_the_query_has_none(trig_store) -> None:
    text = read_query(str(QUERIES[NAMES.index("roles.rq")]))
    rows = query(bind(text, parse_bindings(["person=Yann LeCun"])), graph=trig_store)
    assert rows and {r["person"] for r in rows} == {"Yann LeCun"}
    iri = "<https://w3id.org/kg-news/ontology#Person>"
    rows = query(bind(read_query(str(QUERIES[NAMES.index("entities_by_type.rq")])), parse_bindings([f"class={iri}"])),
                 graph=trig_store)
    assert [(r["type"], r["entities"]) for r in rows] == [("Person", "7")]


@pytest.mark.parametrize("value", ['Meta" } ?s ?p ?o { "', "Meta\\", "a\nb\r\tc", "} UNION { ?s ?p ?o }", "# not a comment", "Meta'"])
def test_bound_strings_cannot_escape_their_literal(trig_store, value: str) -> None:
    text = read_query(str(QUERIES[NAMES.index("competitors.rq")]))
    bound = bind(text, {"name": parse_bindings([f"name={value}"])["name"]})
    assert query(bound, graph=trig_store) == []  # valid SPARQL, and no such company
    lit = ox.Store()
    lit.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal(value)))
    found = query(bind("SELECT ?s WHERE { ?s <http://x/p> ?v }", parse_bindings([f"v={value}"])), graph=lit)
    assert found == [{"s": "http://x/s"}]  # the literal is exactly the value given


@pytest.mark.parametrize(("item", "message"), [
    ("name", "NAME=VALUE"), ("1x=a", "NAME=VALUE"), ("name=<not an iri>", "not an absolute IRI"),
    ("name=<a>b>", "not an absolute IRI"), ("nope=1", "no variable ?nope"),
])
def test_bad_bindings_are_one_line_errors(item: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        bind("SELECT ?name WHERE { ?s ?p ?name }", parse_bindings([item]))


def test_cli_bind(monkeypatch, capsys, seed_dir) -> None:
    from kg.cli import main

    monkeypatch.setattr(sys, "argv", ["kg", "query", str(QUERIES[NAMES.index("competitors.rq")]), "--graph",
                            str(seed_dir / "graph.trig"), "--bind", "name=Google", "-f", "csv"])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    assert out.splitlines() == ["competitor", "Meta"]


def test_articles_by_date_filters_on_typed_dates(endpoint, trig_store) -> None:
    text = read_query(str(QUERIES[NAMES.index("articles_by_date.rq")]))
    every = query(text, graph=trig_store)
    assert [(r["article"], r["date"], r["facts"]) for r in every] == [
        ("avril", "2025-04-02T08:30:00+02:00", "1"), ("mars", "2025-03-15", "1")]
    march = bind(text, parse_bindings(["from=2025-03-01", "to=2025-03-31"]))
    assert [r["article"] for r in http_rows(endpoint, march)] == ["mars"]
    assert [r["article"] for r in query(march, graph=trig_store)] == ["mars"]
    april = bind(text, parse_bindings(["from=2025-04-02", "to=2025-04-02"]))  # a date-time on that day
    assert [r["article"] for r in query(april, graph=trig_store)] == ["avril"]
    typed = query('SELECT ?d WHERE { ?a schema:datePublished ?d FILTER(?d >= "2025-03-15"^^xsd:date) }', graph=trig_store)
    assert [r["d"] for r in typed] == ["2025-03-15"]  # an xsd:date compares as a date
