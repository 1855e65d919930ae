"""Tests for kg.export.rdf: formats, determinism, round trips, no blank nodes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.export.rdf import (
    FORMATS,
    ExportError,
    format_from_path,
    jsonld_context,
    read,
    serialize,
    write,
)
from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation, Role
from kg.namespace import PREFIXES, IRIs
from kg.rdf import to_dataset
from kg.resources import ontology_file

#: Labels an RDF writer must escape: quotes, backslashes, newlines, IRI-hostile characters,
#: emoji, right-to-left marks, a lone carriage return and a tab.
HOSTILE = 'Méta "Platforms" \\ Inc.\nligne 2 <>{}|^` 🤖 \u200fשלום\u200e \r\t fin'


def _ev(article: str, start: int, end: int, sentence: str, extractor: str, conf: float) -> Evidence:
    return Evidence(article, start, end, sentence, extractor, conf)


def _sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of each sentence ending with '.' or at the end of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^.\s][^.\n]*(?:\.|$)", text)]


def sample_facts() -> list[ArticleFacts]:
    """Two articles sharing entities and a role title, with relations, roles and hostile text."""
    text1 = (
        "Meta a publié LLaMA. Yann LeCun est directeur scientifique de Meta. "
        'OpenAI concurrence Meta « Citation » "guillemets" \\ 🤖 !'
    )
    text2 = "Microsoft investit dans OpenAI. Sam Altman est PDG d’OpenAI.\nMeta possède Instagram."
    meta = Entity(
        "meta", HOSTILE, "Organization", aliases=("Meta Platforms", HOSTILE), wikidata="Q380"
    )
    lecun = Entity("yann-lecun", "Yann LeCun", "Person", aliases=("LeCun",))
    llama = Entity("llama", "LLaMA", "AIModel")
    openai = Entity("openai", "OpenAI", "Organization", wikidata="Q21708200")
    microsoft = Entity("microsoft", "Microsoft", "Organization")
    altman = Entity("sam-altman", "Sam Altman", "Person")
    instagram = Entity("instagram", "Instagram", "Product")
    paris = Entity("paris", "Paris", "Place")
    s1, s2, s3 = _sentences(text1)
    a1 = ArticleFacts(
        article=Article(
            "a1",
            text1,
            source="corpus/a1.txt",
            title='Titre "hostile" \\ <a>\n🤖',
            date="2024-03-01",
            url="https://example.org/a1?x=1&y=2",
            author="Jeanne d’Arc",
            site="Le Monde",
        ),
        entities=(meta, lecun, llama, openai, paris),
        relations=(
            Relation("meta", "releases", "llama", _ev("a1", *s1, "svo", 0.9)),
            Relation("openai", "competesWith", "meta", _ev("a1", *s3, "svo", 0.6)),
        ),
        roles=(
            Role(
                "yann-lecun",
                "meta",
                "directeur scientifique",
                _ev("a1", *s2, "appos", 0.8),
                title_en="chief scientist",
            ),
        ),
    )
    s4, s5, s6 = _sentences(text2)
    a2 = ArticleFacts(
        article=Article("a2", text2, source="corpus/a2.txt", title="Deuxième article"),
        entities=(microsoft, openai, altman, meta, instagram),
        relations=(
            Relation("microsoft", "investsIn", "openai", _ev("a2", *s4, "svo", 0.75)),
            Relation("meta", "owns", "instagram", _ev("a2", *s6, "svo", 1.0)),
            # the same relation as in a1, from another article: one triple, two evidences
            Relation("openai", "competesWith", "meta", _ev("a2", *s4, "cooc", 0.3)),
        ),
        roles=(
            Role("sam-altman", "openai", "PDG", _ev("a2", *s5, "appos", 0.85), title_en="CEO"),
            Role("yann-lecun", "meta", "directeur scientifique", _ev("a2", *s6, "appos", 0.5)),
        ),
    )
    return [a1, a2]


def sample_dataset() -> Dataset:
    """The dataset of :func:`sample_facts`."""
    return to_dataset(sample_facts())


# ------------------------------------------------------------------ tests

TRIPLE_FORMATS = ["turtle", "ntriples", "xml"]
QUAD_FORMATS = ["trig", "nquads", "jsonld"]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sample_dataset()


def _named(ds: Dataset) -> dict[URIRef, Graph]:
    return {
        g.identifier: g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID
    }


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _assert_isomorphic(expected: Graph, got: Graph) -> None:
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail(
            f"graphs differ\nonly expected:\n{only_expected.serialize(format='nt')}"
            f"\nonly written:\n{only_got.serialize(format='nt')}"
        )


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.ttl", "turtle"),
        ("a.NT", "ntriples"),
        ("dir.x/a.trig", "trig"),
        ("a.nq", "nquads"),
        ("a.jsonld", "jsonld"),
        ("a.rdf", "xml"),
    ],
)
def test_format_from_path(name: str, fmt: str) -> None:
    assert format_from_path(name) == fmt
    assert FORMATS[fmt].extension == Path(name).suffix.lower()


@pytest.mark.parametrize("name", ["graph.html", "graph.HTM", "graph.txt", "graph"])
def test_format_from_path_refuses_html_and_unknown(name: str) -> None:
    with pytest.raises(ExportError) as err:
        format_from_path(name)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, KGError)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_prefixes_are_ours_and_sorted(ds: Dataset, fmt: str) -> None:
    text = serialize(ds, fmt).decode("utf-8")
    header = [line for line in text.splitlines() if line.startswith("@prefix ")]
    assert header == sorted(f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items())
    assert "kg:Organization" in text and "skos:prefLabel" in text


def test_unknown_format_is_a_user_error(ds: Dataset) -> None:
    with pytest.raises(ExportError, match="unknown RDF format 'rdfa'"):
        serialize(ds, "rdfa")


def test_sample_has_shared_entities_and_two_graphs(ds: Dataset) -> None:
    named = _named(ds)
    assert len(named) == 2
    # meta is described in both articles: the union must not repeat its triples
    assert sum(len(g) for g in named.values()) > len(_union(ds))


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_hold_the_union(ds: Dataset, fmt: str) -> None:
    data = serialize(ds, fmt)
    back = Graph().parse(data=data, format=FORMATS[fmt].rdflib)
    _assert_isomorphic(_union(ds), back)


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_formats_keep_one_graph_per_article(ds: Dataset, fmt: str) -> None:
    back = Dataset()
    back.parse(data=serialize(ds, fmt), format=FORMATS[fmt].rdflib)
    expected, got = _named(ds), _named(back)
    assert sorted(got) == sorted(expected)
    for iri, graph in expected.items():
        _assert_isomorphic(graph, got[iri])
    assert len(back.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_pyoxigraph_reads_every_format(ds: Dataset, fmt: str) -> None:
    quads = list(
        pyoxigraph.parse(
            serialize(ds, fmt), format=pyoxigraph.RdfFormat.from_media_type(FORMATS[fmt].media_type)
        )
    )
    if FORMATS[fmt].datasets:
        assert len(quads) == len(list(ds.quads((None, None, None, None))))
        assert {str(q.graph_name.value) for q in quads} == {str(i) for i in _named(ds)}
    else:
        assert len(quads) == len(_union(ds))
    labels = {q.object.value for q in quads if q.predicate.value == str(SKOS.prefLabel)}
    assert HOSTILE in labels


@pytest.mark.parametrize(("fmt", "unit"), [("ntriples", "triples"), ("nquads", "quads")])
def test_line_formats_are_sorted_without_duplicates(ds: Dataset, fmt: str, unit: str) -> None:
    lines = serialize(ds, fmt).decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    expected = (
        len(_union(ds)) if unit == "triples" else len(list(ds.quads((None, None, None, None))))
    )
    assert len(lines) == expected


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_dataset_same_bytes_whatever_the_insertion_order(ds: Dataset, fmt: str) -> None:
    reordered = to_dataset(list(reversed(sample_facts())))
    assert serialize(reordered, fmt) == serialize(ds, fmt)


_HASH_SCRIPT = """
import hashlib, json, sys
sys.path[:0] = json.loads(sys.argv[1])
from test_export_rdf import sample_dataset
from kg.export.rdf import FORMATS, serialize
ds = sample_dataset()
print(json.dumps({f: hashlib.sha256(serialize(ds, f)).hexdigest() for f in FORMATS}))
"""


def test_same_bytes_across_hash_seeds(ds: Dataset) -> None:
    here = hashlib.sha256
    expected = {f: here(serialize(ds, f)).hexdigest() for f in FORMATS}
    paths = json.dumps([str(Path(__file__).parent), *sys.path])
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _HASH_SCRIPT, paths],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert json.loads(done.stdout) == expected, f"PYTHONHASHSEED={seed}"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_blank_nodes_and_rdf_1_1_only(ds: Dataset, fmt: str) -> None:
    data = serialize(ds, fmt)
    back = Dataset()
    back.parse(data=data, format=FORMATS[fmt].rdflib)
    assert not [
        q for q in back.quads((None, None, None, None)) if any(isinstance(t, BNode) for t in q[:3])
    ]
    # no RDF 1.2 syntax: triple terms, VERSION directives, directional language tags
    assert b"<<" not in data
    assert not re.search(rb"(?im)^\s*@?version\s", data)
    assert b"--ltr" not in data and b"--rtl" not in data


def test_default_graph_and_plain_graphs() -> None:
    a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
    mixed = Dataset()
    mixed.add((a, p, Literal("default")))
    mixed.graph(URIRef("https://example.org/g")).add((a, p, Literal("named")))
    assert serialize(mixed, "nquads").decode("utf-8").splitlines() == [
        '<https://example.org/a> <https://example.org/p> "default" .',
        '<https://example.org/a> <https://example.org/p> "named" <https://example.org/g> .',
    ]
    plain = Graph()
    plain.add((a, p, Literal("default")))
    assert serialize(plain, "ntriples") == serialize(mixed, "nquads").splitlines(keepends=True)[0]


def test_blank_nodes_are_refused(ds: Dataset) -> None:
    bad = sample_dataset()
    bad.graph(URIRef("https://example.org/g")).add((BNode(), RDFS.label, Literal("x")))
    with pytest.raises(ExportError, match="blank node"):
        serialize(bad, "turtle")


def test_jsonld_uses_the_shipped_context(ds: Dataset) -> None:
    doc = json.loads(serialize(ds, "jsonld"))
    shipped = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == shipped
    assert {k: shipped[k] for k in PREFIXES} == PREFIXES
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert sorted(graphs) == sorted(str(i) for i in _named(ds))
    nodes = {n["@id"]: n for g in graphs.values() for n in g}
    meta = nodes[str(IRIs().entity("meta"))]
    assert meta["@type"] == "Organization"
    assert meta["prefLabel"] == HOSTILE
    assert meta["sameAs"] == "wd:Q380"
    evidence = next(n for n in nodes.values() if n.get("@type") == "Evidence")
    assert {
        "sentence",
        "startOffset",
        "endOffset",
        "confidence",
        "wasQuotedFrom",
        "wasAttributedTo",
    } <= set(evidence)


def test_context_has_a_term_for_every_predicate_and_class_we_write(ds: Dataset) -> None:
    ctx = jsonld_context()
    expanded = {
        (v if isinstance(v, str) else v["@id"]) for k, v in ctx.items() if k not in PREFIXES
    }
    expanded = {PREFIXES[e.split(":", 1)[0]] + e.split(":", 1)[1] for e in expanded}
    used = {str(p) for _, p, _, _ in ds.quads((None, None, None, None))}
    used |= {str(o) for _, p, o, _ in ds.quads((None, RDF.type, None, None))} - {str(PROV.Entity)}
    assert used - {str(RDF.type)} <= expanded, used - expanded


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_write_is_atomic_and_follows_the_extension(ds: Dataset, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"graph{FORMATS[fmt].extension}"
    assert write(ds, target) == target
    assert target.read_bytes() == serialize(ds, fmt)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_write_format_overrides_the_extension(ds: Dataset, tmp_path: Path) -> None:
    target = write(ds, tmp_path / "graph.txt", fmt="ntriples")
    assert target.read_bytes() == serialize(ds, "ntriples")


def test_write_refuses_html_and_leaves_nothing(ds: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        write(ds, tmp_path / "graph.html")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_read_what_we_wrote_gives_the_same_bytes(ds: Dataset, tmp_path: Path, fmt: str) -> None:
    path = write(ds, tmp_path / f"graph{FORMATS[fmt].extension}")
    again = read(path)
    assert serialize(again, fmt) == path.read_bytes()
    if FORMATS[fmt].datasets:  # the named graphs survive: TriG -> N-Quads as from the dataset
        assert serialize(again, "nquads") == serialize(ds, "nquads")


def test_read_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .", encoding="utf-8")
    for path, expected in ((tmp_path / "missing.ttl", "no such file"), (bad, "cannot parse")):
        with pytest.raises(ExportError, match=expected) as err:
            read(path)
        assert "\n" not in str(err.value)
