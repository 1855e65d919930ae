"""kg query reads the dataset by default, so GRAPH ?g finds each article; README's example runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


from kg.sparql import load_store, query, read_query
from cli_helpers import run_kg

ROOT = Path(__file__).resolve().parent.parent


def test_kg_query_reads_the_named_graphs_by_default(monkeypatch, capsys, seed_dir, tmp_path) -> None:
    shutil.copytree(seed_dir, tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_kg(monkeypatch, capsys, "query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a schema:NewsArticle } }",
                            "-f", "csv")
    assert code == 0, err
    assert out.splitlines() == ["g", "https://w3id.org/kg-news/id/graph/000-f926927dc2d1449b"]


def test_article_facts_gives_each_fact_with_its_article(seed_dir, seed_result) -> None:
    rows = query(read_query(str(ROOT / "scripts" / "queries" / "article_facts.rq")), graph=seed_dir / "graph.trig")
    article = seed_result.articles[0].article
    assert {r["article"] for r in rows} == {article.id}
    assert {r["title"] for r in rows} == {article.title}
    assert len({(r["subject"], r["fact"], r["object"]) for r in rows}) == seed_result.facts


def test_readme_named_graph_example_runs(seed_dir, seed_result) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sparql\n(.*?)```", readme, re.S).group(1)
    rows = query(block, graph=load_store(seed_dir / "graph.trig"))
    article = seed_result.articles[0].article
    assert len(rows) == 1
    assert rows[0]["title"] == article.title and rows[0]["source"] == article.source
    assert int(rows[0]["facts"]) >= seed_result.facts
