"""Usage errors are click's usage message and exit 2; validate/serve/export/query take a store."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation
from kg.server import free_port
from cli_helpers import run_kg


def small_facts(article_id: str = "a1", text: str = "Meta a publié LLaMA.") -> ArticleFacts:
    ev = Evidence(article_id, 0, len(text), text, "releases", 0.9)
    return ArticleFacts(
        article=Article(id=article_id, text=text, source=f"{article_id}.txt", title="Meta publie LLaMA"),
        entities=(Entity("meta", "Meta", "Organization"), Entity("llama", "LLaMA", "AIModel")),
        relations=(Relation("meta", "releases", "llama", ev),),
    )


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    from kg.store import add_results, open_store

    path = tmp_path / "kg.db"
    db = open_store(path)
    add_results(db, [small_facts()])
    db.flush()
    del db
    return path


@pytest.mark.parametrize(("args", "usage", "error"), [
    (["frobnicate"], "Usage: kg [OPTIONS] COMMAND", "No such command 'frobnicate'"),
    (["query"], "Usage: kg query", "Missing argument"),
    (["validate", "--nope"], "Usage: kg validate", "No such option: --nope"),
    (["build", "--workers", "0"], "Usage: kg build", "--workers"),
    (["query", "SELECT * {}", "--format"], "Error: Option", "requires an argument"),
])
def test_usage_errors_print_usage_and_exit_2(monkeypatch, capsys, args, usage, error) -> None:
    code, _, err = run_kg(monkeypatch, capsys, *args)
    assert code == 2
    assert usage in err and error in err
    assert "internal error" not in err and "Traceback" not in err


def test_a_real_bug_is_still_an_internal_error(monkeypatch, capsys, tmp_path) -> None:
    import kg.validate

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(kg.validate, "check", broken)
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    code, _, err = run_kg(monkeypatch, capsys, "validate", str(graph))
    assert code == 3 and "internal error: RuntimeError: a bug" in err


def test_validate_a_store_by_option_or_position(monkeypatch, capsys, store_path) -> None:
    for args in (["validate", "--store", str(store_path)], ["validate", str(store_path)]):
        code, out, err = run_kg(monkeypatch, capsys, *args)
        assert code == 0, err
        assert out.strip() == f"{store_path}: conforms to the kg shapes"


def test_export_and_query_a_store_given_as_a_path(monkeypatch, capsys, store_path, tmp_path) -> None:
    code, _, err = run_kg(monkeypatch, capsys, "export", str(store_path), "-o", str(tmp_path / "g.nq"))
    assert code == 0, err
    assert "kg-news/id/entity/llama" in (tmp_path / "g.nq").read_text(encoding="utf-8")
    code, out, err = run_kg(monkeypatch, capsys, "query", "SELECT ?m WHERE { ?o kg:releases ?m }",
                            "--graph", str(store_path), "-f", "csv")
    assert code == 0, err
    assert out.splitlines()[1].endswith("/entity/llama")


@pytest.mark.parametrize("command", ["validate", "serve", "export"])
def test_a_folder_that_is_no_store_gets_a_precise_message(monkeypatch, capsys, tmp_path, command) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    code, _, err = run_kg(monkeypatch, capsys, command, str(folder), *(["-o", str(tmp_path / "x.nq")] if command == "export" else []))
    assert code == 1
    assert f"{folder}: a folder, neither a graph file nor a store" in err


def test_serve_a_store(store_path, tmp_path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?o <https://w3id.org/kg-news/ontology#releases> ?m }"
    url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": sparql})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(request, timeout=2) as resp:
                    doc = json.load(resp)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
        # the store's default graph is the union, each triple once (no union-of-graphs bag on top)
        assert doc["results"]["bindings"][0]["n"]["value"] == "1"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_a_missing_store(monkeypatch, capsys, tmp_path) -> None:
    code, _, err = run_kg(monkeypatch, capsys, "serve", "--store", str(tmp_path / "nope.db"))
    assert code == 1 and "nope.db: no such store" in err
