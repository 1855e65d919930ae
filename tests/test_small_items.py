"""Smaller everyday items: skipped files named in the summary, export format lists, unknown
SPARQL prefixes named, whole cells with --wide."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.articles import Skipped, read_articles_report
from kg.errors import QueryError
from kg.sparql import load_store, run, run_formatted
from cli_helpers import run_kg

FRENCH = "Meta a publié son modèle LLaMA. Mark Zuckerberg, directeur général de Meta, l'a présenté à Paris."


def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(FRENCH, encoding="utf-8")
    (d / "report.pdf").write_bytes(b"%PDF-1.4 ...")
    (d / "data.csv").write_text("a,b\n", encoding="utf-8")
    (d / "vide.txt").write_text("", encoding="utf-8")
    (d / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    return d


def test_files_of_other_formats_are_reported(tmp_path: Path) -> None:
    d = folder(tmp_path)
    articles, messages = read_articles_report([d], detect_language=False)
    assert [a.id for a in articles] == ["a"]
    assert [(m.path, m.reason) for m in messages if isinstance(m, Skipped)] == [
        (str(d / "data.csv"), ".csv"), (str(d / "report.pdf"), "PDF"), (str(d / "vide.txt"), "empty file")]
    assert messages[1] == f"{d / 'report.pdf'}: not an article file (PDF; kg reads .txt .md .html .htm .jsonl) (skipped)"


def test_build_summary_names_the_skipped_files(monkeypatch, capsys, tmp_path: Path, nlp) -> None:
    d = folder(tmp_path)
    code, _, err = run_kg(monkeypatch, capsys, "build", str(d), "-o", str(tmp_path / "out"), "--no-html")
    assert code == 0, err
    assert err.strip().splitlines()[-1].endswith(" s; 3 skipped: data.csv (.csv), report.pdf (PDF), vide.txt (empty file)")
    code, _, err = run_kg(monkeypatch, capsys, "build", str(d), "--store", str(tmp_path / "kg.db"))
    assert code == 0, err
    assert err.strip().splitlines()[-1].endswith("; 3 skipped: data.csv (.csv), report.pdf (PDF), vide.txt (empty file)")


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "g.csv"], "g.csv: unknown export extension '.csv'"),
    (["-o", "g.out", "--format", "yaml"], "unknown export format 'yaml'"),
])
def test_export_format_errors_list_every_format(monkeypatch, capsys, seed_dir, tmp_path, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_kg(monkeypatch, capsys, "export", str(seed_dir / "graph.trig"), *args)
    assert code == 1 and message in err
    for choice in (".ttl", ".nq", ".graphml", ".gexf", ".html", "turtle", "graphml", "html"):
        assert choice in err


def test_export_format_name_works_for_files_and_stores(monkeypatch, capsys, seed_dir, tmp_path) -> None:
    code, _, err = run_kg(monkeypatch, capsys, "export", str(seed_dir / "graph.trig"), "-o", str(tmp_path / "g.out"), "-f", "turtle")
    assert code == 0, err
    assert (tmp_path / "g.out").read_text(encoding="utf-8").startswith("@prefix")


def test_unknown_prefix_is_named(seed_dir) -> None:
    store = load_store(seed_dir / "graph.trig")
    with pytest.raises(QueryError) as err:
        run("PREFIX ex: <http://ex/>\nSELECT * WHERE { ?s ex:p ?o ; foo:bar 'x:y' }", store)
    message = str(err.value)
    assert "unknown prefix foo:" in message and "PREFIX foo: <…>" in message
    assert "\\u{" not in message and len(message) < 200


def test_table_wide_shows_whole_sentences(monkeypatch, capsys, seed_dir) -> None:
    sparql = "SELECT ?s WHERE { ?e kg:sentence ?s FILTER(STRLEN(?s) > 100) } ORDER BY ?s LIMIT 1"
    store = load_store(seed_dir / "graph.trig")
    whole = run_formatted(sparql, store, "csv").splitlines()[1].strip('"')
    assert len(whole) > 100
    assert whole not in run_formatted(sparql, store, "table") and "…" in run_formatted(sparql, store, "table")
    code, out, err = run_kg(monkeypatch, capsys, "query", sparql, "-g", str(seed_dir / "graph.trig"), "--wide")
    assert code == 0, err
    assert out.splitlines()[2] == whole
