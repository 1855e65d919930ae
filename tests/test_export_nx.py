"""Tests of kg.export.nx: the entity graph built from the RDF, and GraphML/GEXF output."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from kg.export.nx import MEMBERSHIP, to_networkx, write_gexf, write_graphml
from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation, Role
from kg.namespace import IRIs
from kg.rdf import add_article, to_dataset

IRI = IRIs()
S1 = "Meta a publié LLaMA, un modèle de langage."
S2 = "Yann LeCun, directeur scientifique de Meta, défend l'open source."
S3 = "Meta concurrence OpenAI sur les modèles ouverts."
S4 = "Meta, qui a dévoilé LLaMA en février, prépare une suite."


def ev(article: str, sentence: str, start: int = 0, extractor: str = "dep") -> Evidence:
    """Evidence for a sentence of an article."""
    return Evidence(article, start, start + len(sentence), sentence, extractor, 0.9)


def article_one() -> ArticleFacts:
    """Meta, LLaMA, OpenAI, Yann LeCun (with an alias), Paris (mentioned, no fact)."""
    return ArticleFacts(
        article=Article("a1", S1 + " " + S2 + " " + S3, title="Meta dévoile LLaMA"),
        entities=(
            Entity("meta", "Meta", "Organization", ("Meta Platforms", "Facebook"), "Q380"),
            Entity("llama", "LLaMA", "AIModel"),
            Entity("openai", "OpenAI", "Organization"),
            Entity("yann-lecun", "Yann LeCun", "Person", ("LeCun",)),
            Entity("paris", "Paris", "Place"),
        ),
        relations=(
            Relation("meta", "releases", "llama", ev("a1", S1)),
            Relation("meta", "competesWith", "openai", ev("a1", S3, 100)),
        ),
        roles=(
            Role(
                "yann-lecun",
                "meta",
                "directeur scientifique",
                ev("a1", S2, 44),
                "chief AI scientist",
            ),
        ),
    )


def article_two() -> ArticleFacts:
    """A second article (no title) repeating one relation with another sentence."""
    return ArticleFacts(
        article=Article("a2", S4),
        entities=(Entity("meta", "Meta", "Organization"), Entity("llama", "LLaMA", "AIModel")),
        relations=(Relation("meta", "releases", "llama", ev("a2", S4)),),
    )


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """Two articles as one dataset (default graph = union of the named graphs)."""
    return to_dataset([article_one(), article_two()])


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The entity graph of the dataset."""
    return to_networkx(dataset)


def node(name: str) -> str:
    """The node id (entity IRI) of a resolution key."""
    return str(IRI.entity(name))


def test_only_entities_become_nodes(graph: nx.MultiDiGraph) -> None:
    assert sorted(graph.nodes) == sorted(
        node(k) for k in ("meta", "llama", "openai", "yann-lecun", "paris")
    )
    assert list(graph.nodes) == sorted(graph.nodes)


@pytest.mark.parametrize(
    ("key", "label", "type_", "alt", "wikidata"),
    [
        (
            "meta",
            "Meta",
            "Organization",
            ["Facebook", "Meta Platforms"],
            "http://www.wikidata.org/entity/Q380",
        ),
        ("llama", "LLaMA", "AIModel", [], ""),
        ("yann-lecun", "Yann LeCun", "Person", ["LeCun"], ""),
        ("paris", "Paris", "Place", [], ""),
    ],
)
def test_node_attributes(
    graph: nx.MultiDiGraph, key: str, label: str, type_: str, alt: list[str], wikidata: str
) -> None:
    attrs = graph.nodes[node(key)]
    assert attrs["label"] == label
    assert attrs["type"] == type_
    assert attrs["altLabels"] == alt
    assert attrs["iri"] == node(key)
    assert attrs["wikidata"] == wikidata


def test_edges_are_relations_and_one_edge_per_membership(graph: nx.MultiDiGraph) -> None:
    edges = [(u, v, d["relation"], d["label"]) for u, v, d in graph.edges(data=True)]
    assert sorted(edges) == sorted(
        [
            (node("meta"), node("llama"), "releases", "releases"),
            (node("meta"), node("openai"), "competesWith", "competesWith"),
            (node("yann-lecun"), node("meta"), MEMBERSHIP, "directeur scientifique"),
        ]
    )
    assert edges == sorted(edges, key=lambda e: (e[0], e[1]))


def test_relation_evidence_joins_both_articles(graph: nx.MultiDiGraph) -> None:
    (data,) = graph.get_edge_data(node("meta"), node("llama")).values()
    assert [(e["article"], e["sentence"]) for e in data["evidence"]] == [
        ("Meta dévoile LLaMA", S1),
        ("a2", S4),
    ]
    assert data["evidence"][0]["extractor"] == "dep"
    assert data["evidence"][0]["confidence"] == pytest.approx(0.9)


def test_membership_evidence(graph: nx.MultiDiGraph) -> None:
    (data,) = graph.get_edge_data(node("yann-lecun"), node("meta")).values()
    assert [e["sentence"] for e in data["evidence"]] == [S2]
    assert data["evidence"][0]["article_iri"] == str(IRI.article("a1"))


def test_node_evidence_and_articles(graph: nx.MultiDiGraph) -> None:
    meta = graph.nodes[node("meta")]
    assert sorted(e["sentence"] for e in meta["evidence"]) == sorted([S1, S2, S3, S4])
    assert meta["articles"] == ["Meta dévoile LLaMA", "a2"]
    assert graph.nodes[node("paris")]["evidence"] == []


def test_named_graphs_without_default_union() -> None:
    ds = Dataset()
    add_article(ds, article_one(), IRI)
    g = to_networkx(ds)
    assert g.number_of_nodes() == 5
    assert g.number_of_edges() == 3


def test_deterministic(dataset: Dataset, tmp_path: Path) -> None:
    other = to_dataset([article_two(), article_one()])
    for writer in (write_graphml, write_gexf):
        a = writer(dataset, tmp_path / f"a.{writer.__name__}")
        b = writer(other, tmp_path / f"b.{writer.__name__}")
        assert a.read_bytes() == b.read_bytes()


def test_graphml_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "out" / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    meta = back.nodes[node("meta")]
    assert json.loads(meta["altLabels"]) == ["Facebook", "Meta Platforms"]
    (data,) = back.get_edge_data(node("yann-lecun"), node("meta")).values()
    assert json.loads(data["evidence"])[0]["sentence"] == S2
    assert not list(tmp_path.glob("out/.*.tmp"))


def test_gexf_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    assert "lastmodifieddate" not in path.read_text("utf-8")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[node("llama")]["label"] == "LLaMA"


def test_failed_write_keeps_previous_file(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "g.graphml")
    before = path.read_bytes()
    bad = nx.MultiDiGraph(graph)
    bad.add_node("x", weird=object())
    with pytest.raises(TypeError):  # GraphML has no type for an arbitrary object
        write_graphml(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]
