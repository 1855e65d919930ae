"""SPARQL over the graph, run on Oxigraph (pyoxigraph), with the usual prefixes pre-bound."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespace import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "xml")
UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I | re.M)
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The pyoxigraph format of a file, from its extension (.ttl .nt .nq .trig .jsonld .rdf)."""
    from kg.export.rdf import ExportError, check_format, format_from_path

    try:
        return ox.RdfFormat.from_media_type(check_format(format_from_path(path)).media_type)
    except ExportError as exc:
        raise QueryError(str(exc)) from None


def load_store(path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store holding one RDF file (and the union of its named graphs as
    the default graph)."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    store = ox.Store()
    fmt = rdf_format(path)
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{path}: cannot load graph: {_one_line(exc)}") from None
    if fmt.supports_datasets:
        _add_union(store)
    return store


def store_of(quads) -> ox.Store:
    """An in-memory Oxigraph store of pyoxigraph quads, the union of their named graphs as the
    default graph (as :func:`load_store` does for a file)."""
    store = ox.Store()
    store.bulk_extend(quads)
    _add_union(store)
    return store


def _add_union(store: ox.Store) -> None:
    if any(True for _ in store.named_graphs()):
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # the union, as a set


def read_query(text_or_path: str) -> str:
    """The query text: the argument itself, or the content of a ``.rq`` / ``.sparql`` file."""
    if text_or_path.endswith((".rq", ".sparql")) or (
        "\n" not in text_or_path and len(text_or_path) < 1024 and Path(text_or_path).is_file()
    ):
        path = Path(text_or_path)
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{path}: cannot read query ({exc.strerror})") from None
    return text_or_path


def run(sparql: str, store: ox.Store):
    """Run a read-only query with the prefixes bound, on the store's default graph.

    The default graph holds the union of the articles' named graphs, each triple once
    (:func:`load_store` and ``kg build --store`` put it there); Oxigraph's own
    ``use_default_graph_as_union`` is a bag — a triple stated by 40 articles would match 40 times.
    ``GRAPH ?g { … }`` still reaches each article's graph.
    """
    if UPDATE.search(_strip_comments(sparql)) and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", sparql, re.I):
        raise QueryError("kg query is read-only: INSERT, DELETE, LOAD, CLEAR, DROP and other updates are refused")
    try:
        return store.query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        if UPDATE.search(_strip_comments(sparql)):
            raise QueryError("kg query is read-only: INSERT, DELETE, LOAD, CLEAR, DROP and other updates are refused") from None
        unknown = unknown_prefix(sparql)
        if unknown is not None:  # Oxigraph's own message lists Unicode ranges, not the name
            where = re.search(r"error at \d+:\d+", str(exc))
            raise QueryError(
                f"SPARQL syntax error{' (' + where.group() + ')' if where else ''}: unknown prefix {unknown}:"
                f" (declare it with PREFIX {unknown}: <…>; pre-bound: {', '.join(PREFIXES)})"
            ) from None
        raise QueryError(f"SPARQL syntax error: {_one_line(exc)}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None


def query(sparql: str, *, graph: str | Path | ox.Store = "output/graph.trig") -> list[dict[str, str]]:
    """Run a SELECT query; rows as ``{variable: lexical value}`` (ASK: ``[{"boolean": ...}]``).

    Args:
        sparql: the query text (prefixes rdf, rdfs, xsd, owl, skos, schema, org, prov, kg … bound).
        graph: an RDF file or an open pyoxigraph Store.
    """
    store = graph if isinstance(graph, ox.Store) else load_store(graph)
    result = run(sparql, store)
    if isinstance(result, ox.QueryBoolean):
        return [{"boolean": str(bool(result)).lower()}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{n: _lexical(row[n]) for n in names if row[n] is not None} for row in result]
    return [{"subject": _lexical(t.subject), "predicate": _lexical(t.predicate), "object": _lexical(t.object)} for t in result]


def unknown_prefix(sparql: str) -> str | None:
    """The first prefix the query uses without declaring it (and kg does not pre-bind), if any.

    >>> unknown_prefix("PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:p ?o ; foo:bar 'a:b' }")
    'foo'
    """
    from kg.bind import _mask

    masked = _mask(sparql)
    declared = set(PREFIXES) | {m.group(1) for m in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", masked, re.I)}
    for m in re.finditer(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:", masked):
        name = m.group(1) or ""
        if name not in declared and name != "_":  # _: is a blank node
            return name
    return None


def format_result(result, fmt: str = "table", *, width: int | None = 60) -> str:
    """Serialise a query result: W3C SPARQL JSON/CSV/TSV/XML, N-Triples for graphs, or a table
    (cells cut at ``width`` characters; None: whole)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt != "table":
        return result.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    if isinstance(result, ox.QueryBoolean):
        return "true\n" if bool(result) else "false\n"
    names = [v.value for v in result.variables]
    cells: dict[object, str] = {}  # the same IRIs come back row after row: shorten each once
    rows = []
    for row in result:
        out = []
        for term in row:
            cell = cells.get(term)
            if cell is None:
                cell = cells[term] = _short(term)
            out.append(cell)
        rows.append(out)
    return render_table(names, rows, width=width)


def run_formatted(sparql: str, store: ox.Store, fmt: str = "table", *, timeout: float | None = 30.0,
                  width: int | None = 60) -> str:
    """Run a query and serialise its result, stopping it after ``timeout`` seconds.

    pyoxigraph cannot cancel a running query, so with a timeout the query runs in a forked
    child process (which shares the loaded store) that is killed when time is up.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not timeout or timeout <= 0:
        return format_result(run(sparql, store), fmt, width=width)
    import multiprocessing as mp

    try:
        ctx = mp.get_context("fork")
    except ValueError:  # no fork on this platform: run without a limit
        return format_result(run(sparql, store), fmt, width=width)
    reader, writer = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sparql, store, fmt, writer, width), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise QueryError(f"query stopped after {timeout:g} s (raise --timeout to allow more)")
        ok, payload = reader.recv()
    except EOFError:
        raise QueryError("query failed: the query process ended without an answer") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()
    if not ok:
        raise QueryError(payload)
    return payload


def _child(sparql: str, store: ox.Store, fmt: str, conn, width: int | None = 60) -> None:
    try:
        conn.send((True, format_result(run(sparql, store), fmt, width=width)))
    except QueryError as exc:
        conn.send((False, str(exc)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send((False, f"query failed: {_one_line(exc)}"))
    finally:
        conn.close()


def render_table(header: list[str], rows: list[list[str]], *, width: int | None = 60) -> str:
    """A plain-text table for people, cells cut at ``width`` characters (None: never)."""
    cut = rows if width is None else [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cut]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _lexical(term) -> str:
    return "" if term is None else term.value


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _short(term) -> str:
    if term is None:
        return ""
    value = term.value
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _BY_LENGTH:
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns):]}"
        return f"<{value}>"
    return " ".join(value.split())  # one line per row: whitespace runs become one space


def _strip_comments(sparql: str) -> str:
    return re.sub(r"#[^\n]*", "", re.sub(r'"[^"\n]*"|\'[^\'\n]*\'|<[^>\s]*>', '""', sparql))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


