"""The kg command: build, query, evaluate; one-line errors, non-zero exits, no tracebacks."""

from __future__ import annotations

import sys

import pytest

from cli_helpers import run_kg

GOLD_HEADER = "# test gold\n"


def test_build_writes_every_output(monkeypatch, capsys, tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Google a lancé Gemini.\n\nSundar Pichai, directeur général de Google, l'a présenté.", encoding="utf-8")
    code, _, err = run_kg(monkeypatch, capsys, "build", str(article), "-o", str(tmp_path / "out"))
    assert code == 0, err
    for name in ("graph.ttl", "graph.nt", "graph.trig", "graph.nq", "graph.jsonld", "graph.html"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("1 article(s), ") and " facts, " in summary and summary.endswith(" s")


def test_query_on_built_graph(monkeypatch, capsys, seed_dir):
    code, out, _ = run_kg(monkeypatch, capsys, "query", "SELECT ?n WHERE { ?p a kg:Person ; skos:prefLabel ?n } ORDER BY ?n",
                          "--graph", str(seed_dir / "graph.ttl"), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "n" and "Yann LeCun" in out.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "/nonexistent/article.txt"], "no such file or directory"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", "/nonexistent.ttl"], "no such graph file"),
        (["query", "SELECT * WHERE { ?s ?p ", "--graph", "GRAPH"], "syntax error"),
        (["query", "DROP ALL", "--graph", "GRAPH"], "read-only"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", "GRAPH", "--format", "yaml"], "unknown format"),
        (["evaluate", "/nonexistent.gold.tsv"], "cannot read gold"),
    ],
)
def test_errors_are_one_line(monkeypatch, capsys, seed_dir, args, message):
    args = [str(seed_dir / "graph.ttl") if a == "GRAPH" else a for a in args]
    code, _, err = run_kg(monkeypatch, capsys, *args)
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("kg: error")]) == 1


def test_empty_input_writes_nothing(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_kg(monkeypatch, capsys, "build", str(empty), "-o", str(out))
    assert code != 0 and "empty" in err and "nothing written" in err
    assert not out.exists()


def test_evaluate_prints_scores(monkeypatch, capsys, tmp_path, seed_dir):
    gold = tmp_path / "g.gold.tsv"
    gold.write_text(GOLD_HEADER + "entity\tMeta\tOrganization\nentity\tNobody\tPerson\n"
                    "relation\tMeta\treleases\tLLaMA\n", encoding="utf-8")
    code, out, _ = run_kg(monkeypatch, capsys, "evaluate", str(gold), str(seed_dir / "graph.ttl"), "-v")
    assert code == 0
    assert "FN entity 'Nobody'" in out
    assert out.strip().splitlines()[-1].startswith("entities_f1=")


def test_help_lists_commands(monkeypatch, capsys):
    code, out, _ = run_kg(monkeypatch, capsys, "--help")
    assert code == 0
    for command in ("build", "query", "evaluate"):
        assert command in out


def test_validate_export_and_serve(monkeypatch, capsys, seed_dir, tmp_path):
    code, out, err = run_kg(monkeypatch, capsys, "validate", str(seed_dir / "graph.ttl"))
    assert code == 0 and "conforms" in out + err
    for name in ("g.graphml", "g.gexf", "g.rdf", "g.nt"):
        code, _, err = run_kg(monkeypatch, capsys, "export", str(seed_dir / "graph.trig"), "-o", str(tmp_path / name))
        assert code == 0, err
        assert (tmp_path / name).stat().st_size > 1000


def test_serve_answers_sparql_on_loopback(seed_dir, tmp_path):
    import json
    import socket
    import subprocess
    import time
    import urllib.parse
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(seed_dir / "graph.trig"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        query = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/kg-news/ontology#Person> }"
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        for _ in range(100):
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}), timeout=5) as r:
                    doc = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.2)
        assert doc["results"]["bindings"][0]["n"]["value"] == "7"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_store_build_query_export(monkeypatch, capsys, tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Google a lancé Gemini. Sundar Pichai, directeur général de Google, l'a présenté.", encoding="utf-8")
    db = str(tmp_path / "kg.db")
    code, _, err = run_kg(monkeypatch, capsys, "build", str(article), "--store", db)
    assert code == 0 and "1 added" in err
    code, _, err = run_kg(monkeypatch, capsys, "build", str(article), "--store", db)
    assert code == 0 and "1 unchanged" in err
    code, out, _ = run_kg(monkeypatch, capsys, "query", "SELECT ?m WHERE { ?o kg:releases ?m }", "--store", db, "-f", "csv")
    assert code == 0 and out.splitlines()[1].endswith("/entity/gemini")
    code, _, err = run_kg(monkeypatch, capsys, "export", "--store", db, "-o", str(tmp_path / "g.graphml"))
    assert code == 0 and (tmp_path / "g.graphml").stat().st_size > 500
