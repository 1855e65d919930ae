"""The public Python API, mirroring the CLI: build, write, query, evaluate."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.articles import read_articles_report
from kg.pipeline import BuildResult, build_articles

#: The files ``kg build`` writes, by format name.
OUTPUTS = {
    "turtle": "graph.ttl",
    "ntriples": "graph.nt",
    "trig": "graph.trig",
    "nquads": "graph.nq",
    "jsonld": "graph.jsonld",
}


def build_files(inputs: Sequence[str | Path], *, base: str | None = None) -> tuple[BuildResult, list[str]]:
    """Read article files/folders (none: the bundled sample) and build their graph.

    Returns the result and one-line messages about the files that were skipped or fixed.
    """
    articles, problems = read_articles_report(inputs)
    return build_articles(articles, base=base), problems


def write_outputs(result: BuildResult, out: str | Path, *, html: bool = True) -> list[Path]:
    """Write the graph in every format into folder ``out`` (each file atomically).

    Every serialisation is produced before the first file is replaced, so a failure leaves
    the previous outputs as they were.
    """
    from kg.export import rdf as rdf_export

    out = Path(out)
    payloads = {out / name: rdf_export.serialize(result.dataset, fmt) for fmt, name in OUTPUTS.items()}
    if html:
        from kg.export.html import render_html

        n = len(result.articles)
        title = f"kg — {n} article{'s' if n != 1 else ''}, {result.entities} entities, {result.facts} facts"
        payloads[out / "graph.html"] = render_html(result.dataset, title=title).encode("utf-8")
    from kg.io import atomic_write

    return [atomic_write(path, data) for path, data in payloads.items()]
