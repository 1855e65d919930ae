"""Standard RDF out: Turtle, N-Triples, TriG, N-Quads, JSON-LD and RDF/XML, byte-for-byte stable.

Triple formats (Turtle, N-Triples, RDF/XML) hold the union of the article graphs; quad formats
(TriG, N-Quads, JSON-LD) keep one named graph per article. The same dataset gives the same bytes
whatever the insertion order or ``PYTHONHASHSEED``: line formats are sorted, TriG graphs are
written in IRI order, JSON-LD arrays are sorted, and triples reach rdflib's writers in sorted
order. Blank nodes are refused: every node we write has an IRI.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from kg.errors import KGError
from kg.io import atomic_write
from kg.namespace import PREFIXES
from kg.resources import ontology_file


class ExportError(KGError):
    """An RDF export was asked for in an unknown format or of a graph we cannot write."""


@dataclass(frozen=True)
class RdfFormat:
    """One output format: name, file extension, media type, named graphs?, rdflib's name."""

    name: str
    extension: str
    media_type: str
    datasets: bool
    rdflib: str


#: The output formats by name.
FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", ".ttl", "text/turtle", False, "turtle"),
        RdfFormat("ntriples", ".nt", "application/n-triples", False, "nt"),
        RdfFormat("trig", ".trig", "application/trig", True, "trig"),
        RdfFormat("nquads", ".nq", "application/n-quads", True, "nquads"),
        RdfFormat("jsonld", ".jsonld", "application/ld+json", True, "json-ld"),
        RdfFormat("xml", ".rdf", "application/rdf+xml", False, "xml"),
    )
}

_EXTENSIONS = {f.extension: f.name for f in FORMATS.values()} | {".json": "jsonld", ".owl": "xml"}


def format_from_path(path: str | os.PathLike[str]) -> str:
    """The format name for a file's extension (``out.ttl`` -> ``"turtle"``); never RDFa.

    >>> format_from_path("graph.nq")
    'nquads'
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        raise ExportError(f"{path}: .html is not an RDF format here (use the HTML exporter)")
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        raise ExportError(
            f"{path}: unknown RDF extension {suffix or '(none)'!r}; "
            f"expected one of {', '.join(sorted(_EXTENSIONS))}"
        ) from None


def check_format(fmt: str) -> RdfFormat:
    """The :class:`RdfFormat` called ``fmt``, or an :class:`ExportError` naming the choices."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ExportError(
            f"unknown RDF format {fmt!r}; expected one of {', '.join(FORMATS)}"
        ) from None


def _key(term: Node) -> tuple[str, str]:
    return (type(term).__name__, term.n3())


def _sorted_quads(ds: Graph) -> list[tuple[Node, Node, Node, URIRef]]:
    """All quads of ``ds`` (default graph included), sorted, refusing blank nodes."""
    quads = set()
    if isinstance(ds, Dataset):
        named = [(g, g.identifier) for g in ds.graphs()]
    else:  # a plain graph is the default graph, whatever its (often blank) identifier
        named = [(ds, DATASET_DEFAULT_GRAPH_ID)]
    for g, name in named:
        for s, p, o in g:
            quads.add((s, p, o, name))
    for quad in quads:
        if any(isinstance(t, BNode) for t in quad):
            raise ExportError(
                f"blank node in the graph ({quad[0].n3()} {quad[1].n3()} {quad[2].n3()})"
            )
    return sorted(quads, key=lambda q: tuple(map(_key, q)))


def _bound(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def union_graph(ds: Graph) -> Graph:
    """The union of all graphs of ``ds`` as one graph, triples inserted in sorted order."""
    # SimpleMemory iterates in insertion order (rdflib's Memory store uses sets for contexts)
    g = _bound(Graph(store="SimpleMemory", bind_namespaces="none"))
    seen = set()
    for s, p, o, _ in _sorted_quads(ds):
        if (s, p, o) not in seen:
            seen.add((s, p, o))
            g.add((s, p, o))
    return g


def sorted_dataset(ds: Graph) -> Dataset:
    """A copy of ``ds`` whose quads were inserted in sorted order."""
    out = Dataset(default_union=False)
    _bound(out)
    for s, p, o, g in _sorted_quads(ds):
        out.graph(g).add((s, p, o))
    return out


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer with the graphs in IRI order (rdflib keeps them in a set)."""

    def __init__(self, store: Graph) -> None:
        super().__init__(store)
        self.contexts = sorted(self.contexts, key=lambda g: str(g.identifier))


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD ``@context`` shipped in ``ontologies/context.jsonld``."""
    with ontology_file("context.jsonld").open(encoding="utf-8") as fh:
        return json.load(fh)["@context"]


def _canonical_json(value: Any) -> Any:
    """Sort every JSON-LD array (we write no ``@list``), so node order never depends on hashing."""
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _sorted_lines(data: bytes) -> bytes:
    # rdflib leaves an empty graph slot ("o  .") for default-graph quads
    lines = sorted(
        {
            line.removesuffix(b"  .") + b" ." if line.endswith(b"  .") else line
            for line in data.split(b"\n")
            if line.strip()
        }
    )
    return b"".join(line + b"\n" for line in lines)


def serialize(ds: Graph, fmt: str) -> bytes:
    """``ds`` (a dataset, or a graph) in format ``fmt`` as UTF-8 bytes, deterministically."""
    check_format(fmt)
    if fmt == "ntriples":
        return _sorted_lines(union_graph(ds).serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        return _sorted_lines(sorted_dataset(ds).serialize(format="nquads", encoding="utf-8"))
    if fmt == "turtle":
        return union_graph(ds).serialize(format="turtle", encoding="utf-8")
    if fmt == "xml":
        return union_graph(ds).serialize(format="xml", encoding="utf-8")
    if fmt == "trig":
        stream = io.BytesIO()
        _SortedTrigSerializer(sorted_dataset(ds)).serialize(stream, encoding="utf-8")
        return stream.getvalue()
    # jsonld
    context = jsonld_context()
    text = sorted_dataset(ds).serialize(format="json-ld", context=context, auto_compact=False)
    doc = json.loads(text)
    # the shipped context stays as written; the rest is canonical
    body = {k: _canonical_json(v) for k, v in doc.items() if k != "@context"}
    out = {"@context": context, **dict(sorted(body.items()))}
    return (json.dumps(out, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write(ds: Graph, path: str | os.PathLike[str], *, fmt: str | None = None) -> Path:
    """Write ``ds`` to ``path`` atomically, in ``fmt`` or the format its extension names."""
    return atomic_write(path, serialize(ds, fmt or format_from_path(path)))


def media_type(fmt: str) -> str:
    """The media type (HTTP ``Content-Type``) of format ``fmt``."""
    return check_format(fmt).media_type


__all__ = [
    "FORMATS",
    "ExportError",
    "RdfFormat",
    "format_from_path",
    "jsonld_context",
    "media_type",
    "serialize",
    "union_graph",
    "write",
]
