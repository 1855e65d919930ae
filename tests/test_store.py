"""The on-disk store: incremental, idempotent builds; one named graph per article; CLI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import nlp
from kg.cli import app
from kg.errors import KGError
from kg.facts import Article, ArticleFacts
from kg.namespace import IRIs
from kg.pipeline import extract_all, merge_entities
from kg.sparql import query, run
from kg.rdf import content_hash, to_dataset
from kg.store import (
    Stats,
    _Writer,
    add_results,
    articles_to_build,
    build_into_store,
    export_store,
    open_store,
    stored_hashes,
)

META = Article(
    id="meta",
    text="Meta a publié son modèle LLaMA. Le directeur général de Meta, Mark Zuckerberg, "
    "a présenté le modèle à Paris.",
)
OPENAI = Article(
    id="openai",
    text="OpenAI a publié son modèle GPT-4. Sam Altman, directeur général d'OpenAI, "
    "a déclaré que Google était un concurrent.",
)
META_V2 = Article(
    id="meta",
    text="Google a publié son modèle Gemini. Sundar Pichai, directeur général de Google, "
    "l'a présenté à Londres.",
)
MISTRAL = Article(
    id="mistral",
    text="La start-up française Mistral a publié son modèle Mixtral. Arthur Mensch, "
    "directeur général de Mistral, a annoncé une levée de fonds.",
)
IRI = IRIs()


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    nlp.load()  # once per module: ~5 s; each short article then parses in ~0.1 s


@pytest.fixture()
def store(tmp_path: Path) -> ox.Store:
    db = open_store(tmp_path / "store")
    assert build_into_store(db, [META, OPENAI]) == Stats(added=2)
    return db


def graph_quads(db: ox.Store, article_id: str) -> set[ox.Quad]:
    return set(db.quads_for_pattern(None, None, None, ox.NamedNode(str(IRI.graph(article_id)))))


def named_quads(db: ox.Store) -> set[ox.Quad]:
    return {q for q in db if isinstance(q.graph_name, ox.NamedNode)}


def default_triples(db: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def labels(db: ox.Store, article_id: str) -> set[str]:
    return {q.object.value for q in graph_quads(db, article_id) if q.predicate.value.endswith("#prefLabel")}


def facts_of(*articles: Article) -> list[ArticleFacts]:
    return merge_entities(extract_all(list(articles)))


def test_one_named_graph_per_article_with_its_hash(store: ox.Store) -> None:
    assert {g.value for g in store.named_graphs()} == {str(IRI.graph("meta")), str(IRI.graph("openai"))}
    assert stored_hashes(store) == {
        str(IRI.graph("meta")): content_hash(META.text),
        str(IRI.graph("openai")): content_hash(OPENAI.text),
    }
    assert {"Meta", "LLaMA"} <= labels(store, "meta")
    assert "LLaMA" not in labels(store, "openai")


def test_store_holds_exactly_the_rdf_mapping(tmp_path: Path) -> None:
    results = facts_of(META, OPENAI)
    db = open_store(tmp_path / "s")
    add_results(db, results)
    expected = ox.Store()  # a store, not a parse: Oxigraph stores "0.90"^^xsd:decimal as 0.9
    expected.load(to_dataset(results).serialize(format="nquads"), format=ox.RdfFormat.N_QUADS)
    assert named_quads(db) == set(expected)
    assert default_triples(db) == {q.triple for q in expected}


def test_bulk_writer_gives_the_same_quads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = facts_of(META, OPENAI)
    small = open_store(tmp_path / "small")
    add_results(small, results)
    monkeypatch.setattr(_Writer, "SMALL", 0)
    bulk = open_store(tmp_path / "bulk")
    assert add_results(bulk, results[:1]) == Stats(added=1)
    assert add_results(bulk, [*results, results[0]]) == Stats(added=1, unchanged=2)
    assert set(bulk) == set(small)


@pytest.mark.parametrize(("small", "batch"), [(20_000, 10**6), (0, 10**6), (0, 7)],
                         ids=["transaction", "bulk-load", "bulk-load-in-batches"])
def test_replacing_gives_the_store_a_fresh_build_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       small: int, batch: int) -> None:
    monkeypatch.setattr(_Writer, "SMALL", small)
    monkeypatch.setattr(_Writer, "BATCH", batch)  # the union then starts in the middle of the stream
    meta, openai, meta_v2, mistral = facts_of(META, OPENAI, META_V2, MISTRAL)
    db = open_store(tmp_path / "db")
    assert add_results(db, [meta, openai]) == Stats(added=2)
    # a changed article, a new one, and the same article twice in one call: the last one wins
    assert add_results(db, [meta_v2, mistral, openai, meta, mistral]) == Stats(added=1, replaced=2, unchanged=2)
    fresh = open_store(tmp_path / "fresh")
    add_results(fresh, [openai, meta, mistral])
    assert set(db) == set(fresh)
    assert default_triples(db) == {q.triple for q in named_quads(db)}


def test_an_error_while_mapping_is_raised_as_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a bulk load the mapping runs inside Oxigraph's reads: its error must not become an OSError."""
    import kg.store

    monkeypatch.setattr(_Writer, "SMALL", 0)
    real = kg.store.article_triples

    def failing(facts, *args):
        if facts.article.id == "openai":
            raise ValueError("mapping bug")
        return real(facts, *args)

    monkeypatch.setattr(kg.store, "article_triples", failing)
    db = open_store(tmp_path / "db")
    with pytest.raises(ValueError, match="mapping bug"):
        add_results(db, facts_of(META, OPENAI))
    assert stored_hashes(db) == {}  # nothing counts as written: the next run writes it all again
    monkeypatch.setattr(kg.store, "article_triples", real)
    assert add_results(db, facts_of(META, OPENAI)) == Stats(added=2)
    assert default_triples(db) == {q.triple for q in named_quads(db)}


def test_unchanged_article_is_neither_parsed_nor_written(store: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = set(store)
    assert articles_to_build(store, [META, OPENAI]) == []

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("spaCy was asked to parse an unchanged article")

    monkeypatch.setattr(nlp, "parse_many", no_parse)
    monkeypatch.setattr(nlp, "parse", no_parse)
    assert build_into_store(store, [META]) == Stats(unchanged=1)
    assert build_into_store(store, [OPENAI, META]) == Stats(unchanged=2)
    assert set(store) == before


def test_unchanged_facts_are_skipped_by_add_results(store: ox.Store) -> None:
    before = set(store)
    assert add_results(store, facts_of(OPENAI)) == Stats(unchanged=1)
    assert set(store) == before


def test_changed_article_replaces_its_graph_only(store: ox.Store, tmp_path: Path) -> None:
    openai_before = graph_quads(store, "openai")
    assert articles_to_build(store, [META_V2, OPENAI]) == [META_V2]
    assert build_into_store(store, [META_V2, OPENAI]) == Stats(replaced=1, unchanged=1)

    fresh = open_store(tmp_path / "fresh")
    add_results(fresh, facts_of(META_V2))
    assert graph_quads(store, "meta") == graph_quads(fresh, "meta")  # no stale triple left
    assert {"Google", "Gemini"} <= labels(store, "meta")
    assert "LLaMA" not in labels(store, "meta")
    assert graph_quads(store, "openai") == openai_before
    assert default_triples(store) == {q.triple for q in named_quads(store)}  # the union, updated
    assert stored_hashes(store)[str(IRI.graph("meta"))] == content_hash(META_V2.text)


def test_new_article_is_added_beside_the_others(store: ox.Store) -> None:
    before = set(store)
    assert build_into_store(store, [META, OPENAI, MISTRAL]) == Stats(added=1, unchanged=2)
    assert len(list(store.named_graphs())) == 3
    assert before < set(store)
    assert "Mixtral" in labels(store, "mistral")


def test_query_runs_on_the_store(store: ox.Store) -> None:
    rows = query("SELECT ?m WHERE { ?o kg:releases ?m . ?o skos:prefLabel 'Meta' . ?m skos:prefLabel ?l } ",
                 graph=store)
    assert {r["m"] for r in rows} == {str(IRI.entity("llama"))}


def test_union_is_a_set_and_follows_changes(tmp_path: Path) -> None:
    """Meta is named by two articles: one row from the default graph, not one per graph."""
    db = open_store(tmp_path / "s")
    build_into_store(db, [META, MISTRAL, OPENAI])
    meta_v3 = Article(id="mistral", text="Meta a présenté son modèle LLaMA à Paris.")
    build_into_store(db, [meta_v3])
    sparql = "SELECT ?e WHERE { ?e skos:prefLabel 'Meta' }"
    assert sum(1 for _ in run(sparql, db)) == 1
    bag = db.query(sparql, prefixes={"skos": "http://www.w3.org/2004/02/skos/core#"}, use_default_graph_as_union=True)
    assert sum(1 for _ in bag) == 3  # Oxigraph's own union: both articles' graphs and the union
    assert default_triples(db) == {q.triple for q in named_quads(db)}
    assert "Mixtral" not in {t.object.value for t in default_triples(db)}
    assert build_into_store(db, [META_V2]) == Stats(replaced=1)  # Meta now only in "mistral"
    assert default_triples(db) == {q.triple for q in named_quads(db)}
    assert sum(1 for _ in run(sparql, db)) == 1


def test_export_round_trips(store: ox.Store, tmp_path: Path) -> None:
    export_store(store, tmp_path / "all.nq")
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert set(ox.parse(path=str(tmp_path / "all.nq"))) == named  # the articles' graphs
    export_store(store, tmp_path / "all.ttl")
    union = {q.triple for q in store}
    assert {q.triple for q in ox.parse(path=str(tmp_path / "all.ttl"))} == union
    with pytest.raises(KGError, match="unknown export format"):
        export_store(store, tmp_path / "all.xyz")


def test_open_store_refuses_bad_paths(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(KGError, match="not a store folder"):
        open_store(tmp_path / "file")
    with pytest.raises(KGError, match="no such store"):
        open_store(tmp_path / "missing", read_only=True)
    db = open_store(tmp_path / "busy")
    with pytest.raises(KGError, match="in use"):
        open_store(tmp_path / "busy")
    del db


def test_parallel_extraction_gives_the_same_facts() -> None:
    articles = [META, OPENAI, MISTRAL]
    assert extract_all(articles, workers=2) == extract_all(articles, workers=1)


def test_cli_build_twice_then_query(tmp_path: Path) -> None:
    (tmp_path / "meta.txt").write_text(META.text, encoding="utf-8")
    (tmp_path / "openai.txt").write_text(OPENAI.text, encoding="utf-8")
    files = [str(tmp_path / "meta.txt"), str(tmp_path / "openai.txt")]
    path = str(tmp_path / "store")
    runner = CliRunner()

    first = runner.invoke(app, ["build", *files, "--store", path])
    assert first.exit_code == 0, first.output
    assert "2 added, 0 replaced, 0 unchanged" in first.stderr
    second = runner.invoke(app, ["build", *files, "--store", path, "--workers", "2"])
    assert second.exit_code == 0, second.output
    assert "0 added, 0 replaced, 2 unchanged" in second.stderr

    sparql = "SELECT ?name WHERE { ?m org:member ?p ; org:organization ?o . ?p skos:prefLabel ?name . ?o skos:prefLabel 'OpenAI' }"
    result = runner.invoke(app, ["query", sparql, "--store", path, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "Sam Altman"]


def test_cli_query_on_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "nope")])
    assert isinstance(result.exception, KGError)
    assert "no such store" in str(result.exception)


def test_store_export_equals_the_file_build(tmp_path: Path, nlp) -> None:
    """The same article built into a store and into files gives the same N-Quads, byte for byte."""
    from kg.export.rdf import serialize
    from kg.pipeline import build_articles

    db = open_store(tmp_path / "s")
    build_into_store(db, [META, OPENAI])
    exported = export_store(db, tmp_path / "store.nq").read_bytes()
    assert exported == serialize(build_articles([META, OPENAI]).dataset, "nquads")
