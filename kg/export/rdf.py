"""Standard RDF out: Turtle, N-Triples, TriG, N-Quads, JSON-LD and RDF/XML, byte-for-byte stable.

Triple formats (Turtle, N-Triples, RDF/XML) hold the union of the article graphs; quad formats
(TriG, N-Quads, JSON-LD) keep one named graph per article. The same dataset gives the same bytes
whatever the insertion order or ``PYTHONHASHSEED``: sorted quads go to pyoxigraph's writers
(which keep their order; ~20x faster than rdflib's on Turtle/TriG), N-Triples/N-Quads lines are
sorted, and JSON-LD (rdflib, for its compaction with our context) has its arrays sorted.
Blank nodes are refused: every node we write has an IRI.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax import SAXException

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.plugins.serializers.jsonld import from_rdf
from rdflib.plugins.shared.jsonld.context import Context
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

#: What rdflib's parsers raise on bad input (BadSyntax is a SyntaxError, JSON errors ValueErrors).
PARSE_ERRORS = (SyntaxError, ValueError, ParserError, SAXException)

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


def _key(term: Node) -> tuple[str, ...]:
    if isinstance(term, Literal):
        return ("2", str(term), term.language or "", str(term.datatype or ""))
    return ("1" if isinstance(term, BNode) else "0", str(term))


def _ox(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    return ox.NamedNode(str(term))


def _raw_quads(ds: Graph) -> set[tuple[Node, Node, Node, Node]]:
    if isinstance(ds, Dataset):
        # one pass over the store: iterating graph by graph costs a context scan per triple
        return {(s, p, o, g.identifier if isinstance(g, Graph) else g) for s, p, o, g in ds.quads()}
    # a plain graph is the default graph, whatever its (often blank) identifier
    return {(s, p, o, DATASET_DEFAULT_GRAPH_ID) for s, p, o in ds}


class Snapshot:
    """The quads of a dataset read, checked, sorted and converted to pyoxigraph terms once.

    Every writer takes one, so writing all the formats of a build costs one pass over the
    rdflib store. The order is canonical (graph, subject, predicate, object by lexical form):
    the same dataset gives the same snapshot whatever its insertion order or hash seed.
    """

    def __init__(self, ds: Graph) -> None:
        raw = _raw_quads(ds)
        keys: dict[Node, tuple[str, ...]] = {}
        terms: dict[Node, ox.NamedNode | ox.Literal | ox.DefaultGraph] = {
            DATASET_DEFAULT_GRAPH_ID: ox.DefaultGraph()
        }
        for quad in raw:
            for term in quad:
                if term not in keys:
                    if isinstance(term, BNode):
                        raise ExportError(
                            f"blank node in the graph ({quad[0].n3()} {quad[1].n3()} {quad[2].n3()})"
                        )
                    keys[term] = _key(term)
                    if term not in terms:
                        terms[term] = _ox(term)
        #: rdflib quads (s, p, o, graph name), sorted by graph then triple
        self.quads = sorted(raw, key=lambda q: (keys[q[3]], keys[q[0]], keys[q[1]], keys[q[2]]))
        #: the union of the graphs, each triple once, sorted
        self.triples = sorted(
            {q[:3] for q in raw}, key=lambda t: (keys[t[0]], keys[t[1]], keys[t[2]])
        )
        self._terms = terms

    def ox_quads(self) -> list[ox.Quad]:
        """:attr:`quads` as pyoxigraph quads (rdflib's default graph as the default graph)."""
        t = self._terms
        return [ox.Quad(t[s], t[p], t[o], t[g]) for s, p, o, g in self.quads]

    def ox_triples(self) -> list[ox.Triple]:
        """:attr:`triples` as pyoxigraph triples."""
        t = self._terms
        return [ox.Triple(t[s], t[p], t[o]) for s, p, o in self.triples]


def snapshot(ds: Graph | Snapshot) -> Snapshot:
    """``ds`` as a :class:`Snapshot` (itself if it is one)."""
    return ds if isinstance(ds, Snapshot) else Snapshot(ds)


def _sorted_quads(ds: Graph | Snapshot) -> list[tuple[Node, Node, Node, Node]]:
    """All quads of ``ds`` (default graph included), graph first, sorted; no blank nodes."""
    return snapshot(ds).quads


def _sorted_triples(ds: Graph | Snapshot) -> list[tuple[Node, Node, Node]]:
    """The union of all graphs, each triple once, sorted: whatever graphs held them."""
    return snapshot(ds).triples


def ox_quads(ds: Graph | Snapshot) -> list[ox.Quad]:
    """All quads, sorted by graph then triple, as pyoxigraph quads (rdflib's default graph too)."""
    return snapshot(ds).ox_quads()


def union_graph(ds: Graph | Snapshot) -> Graph:
    """The union of all graphs of ``ds`` as one rdflib graph, triples inserted in sorted order."""
    # SimpleMemory iterates in insertion order (rdflib's Memory store does not): stable RDF/XML
    g = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    for triple in _sorted_triples(ds):
        g.add(triple)
    return g


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD ``@context`` shipped in ``ontologies/context.jsonld``."""
    with ontology_file("context.jsonld").open(encoding="utf-8") as fh:
        return json.load(fh)["@context"]


def _item_key(item: Any) -> tuple[str, str]:
    """Nodes and graphs by ``@id``, anything else by its JSON text."""
    node_id = item.get("@id", "") if isinstance(item, dict) else ""
    return (node_id, json.dumps(item, sort_keys=True, ensure_ascii=False))


def _canonical_json(value: Any) -> Any:
    """Sort every JSON-LD key and array (we write no ``@list``): no order depends on hashing."""
    if isinstance(value, dict):
        return {k: _canonical_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=_item_key)
    return value


def _sorted_prefixes(data: bytes) -> bytes:
    """Turtle/TriG with its ``@prefix`` lines sorted (pyoxigraph does not document its order)."""
    lines = data.split(b"\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    return b"\n".join([*sorted(lines[:n]), *lines[n:]])


def sorted_lines(data: bytes) -> bytes:
    """N-Triples / N-Quads in a canonical order: sorted lines, each once."""
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"".join(line + b"\n" for line in lines)


#: pyoxigraph's writers: fast, and they keep the order they are given (we give sorted quads).
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def _jsonld(ds: Graph | Snapshot) -> bytes:
    """JSON-LD compacted with our context, one named graph object per article graph."""
    # rdflib's writer scans every graph per triple on a big Dataset (25 s at 500 articles):
    # convert each graph on its own, sharing one parsed context
    context = Context(jsonld_context())
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in _sorted_quads(ds):
        graphs.setdefault(g, Graph(store="SimpleMemory", identifier=g)).add((s, p, o))
    top: list[Any] = []
    for name, graph in graphs.items():
        converted = from_rdf(graph, context_data=context)
        nodes = converted.get("@graph", [{k: v for k, v in converted.items() if k != "@context"}])
        if name == DATASET_DEFAULT_GRAPH_ID:
            top.extend(nodes)
        else:
            top.append({"@id": context.shrink_iri(name), "@graph": nodes})
    doc = {"@context": jsonld_context(), "@graph": _canonical_json(top)}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def serialize(ds: Graph | Snapshot, fmt: str) -> bytes:
    """``ds`` (a dataset, a graph, or a :class:`Snapshot` of one) in format ``fmt`` as UTF-8
    bytes, deterministically. To write several formats, pass a snapshot: it is made once."""
    info = check_format(fmt)
    if fmt == "jsonld":
        return _jsonld(ds)
    if fmt == "xml":
        # not pyoxigraph 0.5.13: its RDF/XML writer leaves "\r" raw, which XML parsers read as "\n"
        return union_graph(ds).serialize(format="xml", encoding="utf-8")
    snap = snapshot(ds)
    terms = snap.ox_quads() if info.datasets else snap.ox_triples()
    prefixes = None if fmt in ("ntriples", "nquads") else PREFIXES
    data = ox.serialize(terms, format=_OX_FORMATS[fmt], prefixes=prefixes)
    return sorted_lines(data) if prefixes is None else _sorted_prefixes(data)


def write(ds: Graph, path: str | os.PathLike[str], *, fmt: str | None = None) -> Path:
    """Write ``ds`` to ``path`` atomically, in ``fmt`` or the format its extension names."""
    return atomic_write(path, serialize(ds, fmt or format_from_path(path)))


def read(path: str | os.PathLike[str], *, fmt: str | None = None) -> Dataset:
    """Read an RDF file in any of :data:`FORMATS` into a dataset, keeping its named graphs."""
    p = Path(path)
    if not p.is_file():
        raise ExportError(f"{p}: no such file")
    ds = Dataset(default_union=True)
    try:
        ds.parse(p, format=check_format(fmt or format_from_path(p)).rdflib)
    except PARSE_ERRORS as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ExportError(f"{p}: cannot parse: {first}") from None
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


def media_type(fmt: str) -> str:
    """The media type (HTTP ``Content-Type``) of format ``fmt``."""
    return check_format(fmt).media_type


__all__ = [
    "FORMATS",
    "ExportError",
    "RdfFormat",
    "Snapshot",
    "format_from_path",
    "jsonld_context",
    "media_type",
    "ox_quads",
    "read",
    "serialize",
    "snapshot",
    "union_graph",
    "write",
]
