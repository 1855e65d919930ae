"""The public Python API, mirroring the CLI: build, write, query, evaluate.

==========================================  ===================================================
``kg.build(texts)``                         :class:`~kg.pipeline.BuildResult`
``kg.build_files(paths)``                   :class:`~kg.pipeline.BuildResult` (``.problems``)
``kg.build_articles(articles)``             :class:`~kg.pipeline.BuildResult`
``kg.write_outputs(result, folder)``        the paths written (``list[Path]``)
``kg.query(sparql, graph=…)``               rows: ``list[dict[str, str]]``
``kg.evaluate(gold, graph)``                scores: ``dict[str, Counts]`` (:class:`kg.scoring.Counts`)
==========================================  ===================================================

Wherever a graph is taken, it may be a ``BuildResult``, an rdflib ``Dataset``/``Graph`` or the
path of an RDF file; :func:`query` also takes an open pyoxigraph ``Store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Union

import pyoxigraph as ox
from rdflib import Graph

from kg.articles import read_articles_report
from kg.pipeline import BuildResult, build_articles

if TYPE_CHECKING:
    from kg.scoring import Counts, Gold

#: What the functions below accept as a graph.
GraphLike = Union[BuildResult, Graph, str, Path]

#: The files ``kg build`` writes, by format name.
OUTPUTS = {
    "turtle": "graph.ttl",
    "ntriples": "graph.nt",
    "trig": "graph.trig",
    "nquads": "graph.nq",
    "jsonld": "graph.jsonld",
}


def build_files(
    inputs: Sequence[str | Path] = (), *, base: str | None = None, workers: int = 1
) -> BuildResult:
    """Read article files/folders (none: the bundled sample) and build their graph.

    The result's ``problems`` are one-line messages about the files that were skipped or fixed.
    """
    articles, problems = read_articles_report(inputs)
    result = build_articles(articles, base=base, workers=workers)
    return replace(result, problems=tuple(problems))


def write_outputs(result: BuildResult, out: str | Path, *, html: bool = True) -> list[Path]:
    """Write the graph in every format into folder ``out`` (each file atomically).

    Every serialisation is produced before the first file is replaced, so a failure leaves
    the previous outputs as they were.
    """
    from kg.export import rdf as rdf_export

    out = Path(out)
    snap = rdf_export.Snapshot(result.dataset)  # read, sorted and converted once for all formats
    payloads = {out / name: rdf_export.serialize(snap, fmt) for fmt, name in OUTPUTS.items()}
    if html:
        from kg.export.html import render_html

        n = len(result.articles)
        title = f"kg — {n} article{'s' if n != 1 else ''}, {result.entities} entities, {result.facts} facts"
        payloads[out / "graph.html"] = render_html(result.dataset, title=title).encode("utf-8")
    from kg.io import atomic_write

    return [atomic_write(path, data) for path, data in payloads.items()]


def query(sparql: str, *, graph: GraphLike | ox.Store = "output/graph.ttl") -> list[dict[str, str]]:
    """Run a read-only SPARQL query (Oxigraph, usual prefixes bound) over ``graph``.

    Returns one ``{variable: lexical value}`` dict per row (unbound variables left out); ASK
    gives ``[{"boolean": "true"|"false"}]``, CONSTRUCT/DESCRIBE one row per triple with
    ``subject``, ``predicate``, ``object``. The default graph is the union of the articles'
    graphs, each triple once.
    """
    from kg import sparql as sparql_module

    if isinstance(graph, BuildResult):
        graph = graph.dataset
    if isinstance(graph, Graph):
        from kg.export.rdf import ox_quads

        graph = sparql_module.store_of(ox_quads(graph))
    return sparql_module.query(sparql, graph=graph)


def evaluate(gold: Gold | str | Path, graph: GraphLike) -> dict[str, Counts]:
    """Score ``graph`` against a gold annotation (a ``.gold.tsv`` path or a parsed ``Gold``).

    Returns :class:`kg.scoring.Counts` (tp, fp, fn, precision, recall, f1) by key:
    ``entities``, ``relations``, ``relation:<name>`` per relation type, ``roles``.
    """
    from kg import scoring
    from kg.export import rdf as rdf_export

    if not isinstance(gold, scoring.Gold):
        gold = scoring.read_gold(gold)
    if isinstance(graph, BuildResult):
        graph = graph.dataset
    if not isinstance(graph, Graph):
        graph = rdf_export.read(graph)
    return scoring.evaluate(gold, graph)
