"""SHACL validation of a kg graph against ``ontologies/shapes.ttl`` (pySHACL, no inference)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import KGError
from kg.export.rdf import PARSE_ERRORS, ExportError, read
from kg.namespace import PREFIXES
from kg.resources import ontology_file

#: The longest value quoted in a violation line.
MAX_VALUE_CHARS = 60


class ValidationError(KGError):
    """A graph or shapes file cannot be read for validation."""


@dataclass(frozen=True)
class Report:
    """The outcome of a SHACL validation: does the graph conform, and if not, why."""

    conforms: bool
    violations: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "conforms"
        return "\n".join([f"{len(self.violations)} violation(s):", *self.violations])


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read an RDF file (any format we export) into one graph: the union of its graphs."""
    try:
        return union(read(path))
    except ExportError as exc:
        raise ValidationError(str(exc)) from None


def union(graph: Graph) -> Graph:
    """One plain graph with every triple of ``graph`` (all named graphs of a dataset)."""
    if not isinstance(graph, Dataset) and not graph.context_aware:
        return graph
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in graph.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def _parse(path: Path, what: str) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except PARSE_ERRORS as exc:
        raise ValidationError(f"{path}: cannot read the {what}: {exc}".splitlines()[0]) from None
    return g


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.curie(node, generate=False)
        except (ValueError, KeyError):
            return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        if len(text) > MAX_VALUE_CHARS:
            text = text[:MAX_VALUE_CHARS] + "…"
        text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
        dt = f"^^{_short(graph, node.datatype)}" if node.datatype else ""
        lang = f"@{node.language}" if node.language else ""
        return f'"{text}"{lang}{dt}'
    return str(node)


def _path(graph: Graph, results: Graph, path: Node | None) -> str:
    if path is None:
        return "(node)"
    if isinstance(path, URIRef):
        return _short(graph, path)
    return "(complex path)"


def _violations(results: Graph, names: Graph) -> list[str]:
    lines = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = _short(names, results.value(r, SH.focusNode))
        path = _path(names, results, results.value(r, SH.resultPath))
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        message = "; ".join(messages) or "violation"
        value = results.value(r, SH.value)
        component = results.value(r, SH.sourceConstraintComponent)
        detail = [f"got {_short(names, value)}"] if value is not None else []
        if isinstance(component, URIRef):
            detail.append(str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"))
        line = f"{focus}: {path}: {message}" + (f" ({', '.join(detail)})" if detail else "")
        lines.add(" ".join(line.split("\n")))
    return sorted(lines)


def validate(
    graph_or_path: Graph | str | os.PathLike[str], *, shapes: str | os.PathLike[str] | None = None
) -> Report:
    """Validate a graph, dataset or RDF file against the SHACL shapes (the union of its graphs)."""
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError

    if isinstance(graph_or_path, Graph):
        data = union(graph_or_path)
    else:
        data = load_graph(graph_or_path)
    shapes_graph = _parse(Path(shapes) if shapes else ontology_file("shapes.ttl"), "shapes")
    ontology = _parse(ontology_file("kg.ttl"), "ontology")
    try:
        conforms, results, _ = shacl_validate(
            data,
            shacl_graph=shapes_graph,
            ont_graph=ontology,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            advanced=False,
            meta_shacl=False,
        )
    except ReportableRuntimeError as exc:
        first = str(getattr(exc, "message", exc)).strip().splitlines()[0]
        raise ValidationError(f"invalid SHACL shapes: {first}") from None
    names = Graph()
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True, replace=True)
    violations = _violations(results, names)
    return Report(conforms=bool(conforms), violations=violations)


def check(
    graph_path: str | os.PathLike[str],
    *,
    shapes: str | os.PathLike[str] | None = None,
    out: TextIO | None = None,
    limit: int = 100,
    label: str | None = None,
) -> int:
    """For ``kg validate``: print the verdict and up to ``limit`` violations; returns the exit code.

    Args:
        label: what to call the graph in the verdict (default: ``graph_path``).
    """
    stream = out if out is not None else sys.stdout
    report = validate(graph_path, shapes=shapes)
    graph_path = label or graph_path
    if report.conforms:
        print(f"{graph_path}: conforms to the kg shapes", file=stream)
        return 0
    print(f"{graph_path}: {len(report.violations)} SHACL violation(s)", file=stream)
    for line in report.violations[:limit]:
        print(f"  {line}", file=stream)
    if len(report.violations) > limit:
        print(f"  ... and {len(report.violations) - limit} more", file=stream)
    return 1
