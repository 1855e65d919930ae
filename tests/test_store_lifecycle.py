"""Store lifecycle: duplicates by hash, kg remove, kg build --prune; the union stays exact."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import nlp
from kg.cli import app
from kg.errors import KGError
from kg.facts import Article
from kg.store import Stats, build_into_store, open_store, remove_articles, stored_hashes

META = Article(id="meta", source="meta.txt", text="Meta a publié son modèle LLaMA. Le directeur général de Meta, "
               "Mark Zuckerberg, a présenté le modèle à Paris.")
OPENAI = Article(id="openai", source="openai.txt", text="OpenAI a publié son modèle GPT-4. Sam Altman, directeur "
                 "général d'OpenAI, a déclaré que Google était un concurrent.")


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    nlp.load()


def content(db: ox.Store) -> tuple[set, set]:
    named = {q for q in db if isinstance(q.graph_name, ox.NamedNode)}
    union = {q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named, union


def fresh(tmp_path: Path, name: str, *articles: Article) -> ox.Store:
    db = open_store(tmp_path / name)
    build_into_store(db, list(articles))
    return db


def test_same_text_under_another_name_is_a_duplicate(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    copy = Article(id="copie", source="copie.txt", text=META.text)
    assert build_into_store(db, [META]) == Stats(added=1)
    stats = build_into_store(db, [copy, OPENAI])
    assert stats == Stats(added=1, duplicates=(("copie.txt", "meta.txt"),))
    assert "1 duplicate (copie.txt: same text as meta.txt)" in stats.summary()
    assert len(stored_hashes(db)) == 2
    # within one run too: the first one is kept
    other = open_store(tmp_path / "t")
    assert build_into_store(other, [OPENAI, Article(id="bis", source="bis.txt", text=OPENAI.text)]) == Stats(
        added=1, duplicates=(("bis.txt", "openai.txt"),))


def test_remove_leaves_the_store_a_fresh_build_would(tmp_path: Path) -> None:
    db = fresh(tmp_path, "s", META, OPENAI)
    assert remove_articles(db, ["openai.txt"]) == ["https://w3id.org/kg-news/id/graph/openai"]
    assert content(db) == content(fresh(tmp_path, "meta-only", META))
    assert {g.value for g in db.named_graphs()} == {"https://w3id.org/kg-news/id/graph/meta"}
    with pytest.raises(KGError, match="nope: no such article in the store"):
        remove_articles(db, ["meta", "nope"])
    assert len(stored_hashes(db)) == 1  # nothing removed
    remove_articles(db, ["meta"])
    assert content(db) == (set(), set())


def write(folder: Path, article: Article) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{article.id}.txt"
    path.write_text(article.text, encoding="utf-8")
    return path


def test_cli_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    files = [str(write(tmp_path / "in", a)) for a in (META, OPENAI)]
    db = str(tmp_path / "kg.db")
    assert runner.invoke(app, ["build", *files, "--store", db]).exit_code == 0
    result = runner.invoke(app, ["remove", "--store", db, "openai"])
    assert result.exit_code == 0 and "1 removed" in result.stderr
    result = runner.invoke(app, ["remove", "--store", db, "openai"])
    assert isinstance(result.exception, KGError) and "openai: no such article" in str(result.exception)
    result = runner.invoke(app, ["remove", "--store", str(tmp_path / "absent.db"), "meta"])
    assert isinstance(result.exception, KGError) and "no such store" in str(result.exception)


def test_cli_prune(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    write(Path("in"), META)
    gone = write(Path("in"), OPENAI)
    elsewhere = write(Path("other"), Article(id="mistral", text="La start-up Mistral a publié son modèle Mixtral."))
    db = "kg.db"
    assert runner.invoke(app, ["build", "in", str(elsewhere), "--store", db]).exit_code == 0
    os.remove(gone)
    os.remove(elsewhere)  # not under the input given below: it stays
    result = runner.invoke(app, ["build", "in", "--store", db, "--prune"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 replaced, 1 unchanged, 1 removed" in result.stderr
    store = open_store(db, read_only=True)
    assert {g.value.rsplit("/", 1)[1] for g in store.named_graphs()} == {"meta", "mistral"}
    from kg.articles import read_articles

    os.mkdir("again")
    write(Path("again"), META)
    write(Path("again"), Article(id="mistral", text="La start-up Mistral a publié son modèle Mixtral."))
    expected = fresh(tmp_path, "expected", *[replace(a, source=a.source.replace("again/meta", "in/meta").replace("again/", "other/"))
                                             for a in read_articles(["again"], detect_language=False)])
    assert content(store) == content(expected)


def test_cli_prune_then_the_copy_is_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = write(Path("in"), META)
    write(Path("in"), Article(id="zcopy", text=META.text))
    result = runner.invoke(app, ["build", "in", "--store", "kg.db"])
    assert "1 added, 0 replaced, 0 unchanged, 1 duplicate (in/zcopy.txt: same text as in/meta.txt)" in result.stderr
    os.remove(first)
    result = runner.invoke(app, ["build", "in", "--store", "kg.db", "--prune"])
    assert "1 added, 0 replaced, 0 unchanged, 1 removed" in result.stderr, result.output


def test_prune_needs_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--prune"])
    assert isinstance(result.exception, KGError) and "--prune needs --store" in str(result.exception)

