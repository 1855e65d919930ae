"""Hostile input and failures: the build never crashes, outputs always parse, nothing is lost."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from kg.api import OUTPUTS, write_outputs
from kg.errors import QueryError
from kg.facts import Article
from kg.pipeline import build_articles
from kg.sparql import load_store, run_formatted

HOSTILE = (
    "Le « PDG » d'<Evil\\Corp>, Jean \"Bob\" O'Neil\u200f, a lancé GPT-4{|}^` 😀.\n"
    "<script>alert(1)</script> Meta a publié Llama 2 </textarea> <img src=x onerror=alert(1)>.\n"
    "Sundar Pichai, directeur général de Goo\u0007gle\u202e, a dit « non ».\t\r\n"
)


def _parses_everywhere(out) -> None:
    for name in OUTPUTS.values():
        path = out / name
        ds = Dataset()
        ds.parse(path, format={"graph.ttl": "turtle", "graph.nt": "nt", "graph.trig": "trig",
                               "graph.nq": "nquads", "graph.jsonld": "json-ld"}[name])
        assert len(ds) > 0
        if name != "graph.jsonld":
            store = ox.Store()
            store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
            assert len(store) > 0


def test_hostile_labels_give_valid_rdf(nlp, tmp_path):
    result = build_articles([Article(id="evil <id> \"x\"", text=HOSTILE)])
    write_outputs(result, tmp_path)
    _parses_everywhere(tmp_path)
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=300))
def test_random_unicode_articles_never_crash(nlp, tmp_path_factory, text):
    result = build_articles([Article(id="random", text=text)])
    out = tmp_path_factory.mktemp("random")
    write_outputs(result, out, html=False)
    _parses_everywhere(out)


def test_failure_while_writing_keeps_previous_output(seed_result, tmp_path, monkeypatch):
    write_outputs(seed_result, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    import kg.io

    real = kg.io.atomic_write_with
    calls = {"n": 0}

    def failing(path, write):
        calls["n"] += 1
        if calls["n"] == 3:
            def half(fh):
                fh.write(b"half a graph")
                raise OSError("disk full")
            return real(path, half)
        return real(path, write)

    monkeypatch.setattr(kg.io, "atomic_write_with", failing)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(seed_result, tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after.keys() == before.keys(), "no temporary file is left behind"
    assert after["graph.trig"] == before["graph.trig"], "the file being written is intact"


def test_query_timeout_stops_a_runaway_query(seed_dir):
    store = load_store(seed_dir / "graph.nt")
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryError, match="stopped after 1 s"):
        run_formatted(cross, store, "csv", timeout=1)
    assert run_formatted("ASK { ?s ?p ?o }", store, "csv", timeout=5).strip().endswith("true")
