"""Article dates are xsd:date / xsd:dateTime, from HTML, JSONL, Markdown front matter or --date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.articles import iso_date, read_articles_report
from kg.facts import Article, ArticleFacts
from kg.namespace import IRIs
from kg.rdf import to_dataset
from cli_helpers import run_kg

FRENCH = "Meta a publié son modèle LLaMA. Mark Zuckerberg, directeur général de Meta, l'a présenté à Paris."


@pytest.mark.parametrize(("raw", "iso"), [
    ("2025-03-15", "2025-03-15"), ("15/03/2025", "2025-03-15"), ("1/3/2025", "2025-03-01"),
    ("2025-03-15T09:30:00Z", "2025-03-15T09:30:00Z"), ("2025-03-15 09:30", "2025-03-15T09:30:00"),
    ("2025-03-15T09:30:00.5+0100", "2025-03-15T09:30:00.5+01:00"), (" 2025-03-15 ", "2025-03-15"),
    ("2025-13-01", None), ("2025-02-29", None), ("15 mars 2025", None), ("2025-03-15T25:00", None), ("", None),
])
def test_iso_date(raw: str, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_jsonl_dates(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [{"id": "d", "text": FRENCH, "date": "2025-03-15"}, {"id": "t", "text": FRENCH, "date": "2025-03-15T10:00:00+01:00"},
             {"id": "f", "text": FRENCH, "date": "15/03/2025"}, {"id": "bad", "text": FRENCH, "date": "hier"}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    articles, messages = read_articles_report([path], detect_language=False)
    assert [(a.id, a.date) for a in articles] == [("d", "2025-03-15"), ("t", "2025-03-15T10:00:00+01:00"),
                                                  ("f", "2025-03-15"), ("bad", "")]
    assert messages == [f"{path}:4: date 'hier' is not an ISO date (YYYY-MM-DD); ignored"]


def test_markdown_front_matter_gives_date_and_title(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: "Meta publie LLaMA"\ndate: 2025-03-15\nlayout: post\n---\n# Titre du corps\n\n' + FRENCH,
                    encoding="utf-8")
    (article,), messages = read_articles_report([path], detect_language=False)
    assert (article.title, article.date, messages) == ("Meta publie LLaMA", "2025-03-15", [])
    assert article.text.startswith("Titre du corps")


def test_dates_are_typed_in_the_graph() -> None:
    from rdflib.namespace import SDO, XSD

    ds = to_dataset([ArticleFacts(Article(id="d", text="x", date="2025-03-15")),
                     ArticleFacts(Article(id="t", text="y", date="2025-03-15T10:00:00Z"))])
    iris = IRIs()
    assert set(ds.objects(URIRef(iris.article("d")), SDO.datePublished)) == {Literal("2025-03-15", datatype=XSD.date)}
    assert set(ds.objects(URIRef(iris.article("t")), SDO.datePublished)) == {Literal("2025-03-15T10:00:00Z", datatype=XSD.dateTime)}


def test_build_date_option_for_plain_text(monkeypatch, capsys, tmp_path: Path, nlp) -> None:
    (tmp_path / "a.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndate: 2024-01-02\n---\n" + FRENCH, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_kg(monkeypatch, capsys, "build", str(tmp_path / "a.txt"), str(tmp_path / "b.md"),
                          "--date", "2025-03-15", "-o", str(out), "--no-html")
    assert code == 0, err
    code, rows, err = run_kg(monkeypatch, capsys, "query", "SELECT ?id ?d WHERE { ?a schema:identifier ?id ; "
                             "schema:datePublished ?d FILTER(?d >= '2025-03-01'^^xsd:date) }", "-g", str(out / "graph.trig"), "-f", "csv")
    assert code == 0, err
    assert rows.splitlines() == ["id,d", "a,2025-03-15"]  # b keeps its own date
    code, report, _ = run_kg(monkeypatch, capsys, "validate", str(out / "graph.trig"))
    assert code == 0, report


def test_bad_date_option(monkeypatch, capsys, tmp_path: Path) -> None:
    code, _, err = run_kg(monkeypatch, capsys, "build", str(tmp_path), "--date", "demain")
    assert code == 1 and "--date 'demain': not a date" in err
