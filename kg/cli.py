"""The ``kg`` command: thin commands that parse options and call the library."""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Turn French news articles into an RDF knowledge graph; query, export and check it.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}
DEFAULT_OUT = Path("output")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"
#: What ``kg query`` reads by default: the dataset, so that ``GRAPH ?g { … }`` finds the articles.
DEFAULT_DATASET = DEFAULT_OUT / "graph.trig"


def _err(message: str) -> None:
    typer.echo(f"kg: {message}", err=True)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """kg: French news articles -> knowledge graph (RDF, SPARQL, HTML)."""
    _state["debug"] = debug


@app.command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (none: the bundled sample article).", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = DEFAULT_OUT,
    base: Annotated[Optional[str], typer.Option("--base", help="Base IRI of the graph's instances.")] = None,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write graph.html.")] = True,
    store: Annotated[Optional[Path], typer.Option("--store", help="Add the articles to this on-disk store (one named graph each; unchanged ones are skipped) instead of writing OUT files.", show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes that parse articles.")] = 1,
    prune: Annotated[bool, typer.Option("--prune", help="With --store: remove the stored articles read from under INPUT whose files are gone.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Publication date (YYYY-MM-DD, or an ISO date-time) of the articles that carry none, e.g. plain text.", show_default=False)] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model file from `kg train` (default: the one shipped with kg).", show_default=False)] = None,
) -> None:
    """Read articles, extract entities and facts, write the graph to OUT/graph.{ttl,nt,trig,nq,jsonld,html}."""
    if model is not None:
        from kg.learn.model import use

        use(model)
    date = _check_date(date)
    if prune and (store is None or not inputs):
        raise KGError("--prune needs --store PATH and the INPUT files or folders to compare with")
    if store is not None:
        _build_store(inputs or [], store, base=base, workers=workers, date=date, prune=prune)
        return
    from kg.api import write_outputs
    from kg.pipeline import build_articles

    t0 = time.perf_counter()
    articles, problems = _read(inputs or [], date)
    for p in problems:
        _err(p)
    with _progress() as progress:
        result = build_articles(articles, base=base, workers=workers, progress=progress)
    if not result.articles:
        raise KGError("no article could be read; nothing written")
    written = write_outputs(result, out, html=html)
    seconds = time.perf_counter() - t0
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
    typer.echo(result.summary().rsplit(" in ", 1)[0] + f" in {seconds:.1f} s" + _skipped(problems), err=True)


def _check_date(date: str | None) -> str | None:
    if date is None:
        return None
    from kg.articles import iso_date

    iso = iso_date(date)
    if iso is None:
        raise KGError(f"--date {date!r}: not a date (give YYYY-MM-DD or an ISO date-time)")
    return iso


def _read(inputs: list[Path], date: str | None):
    """The articles (``--date`` given to those without one) and the problems met reading them."""
    from dataclasses import replace

    from kg.articles import read_articles_report

    articles, problems = read_articles_report(inputs)
    if date:
        articles = [a if a.date else replace(a, date=date) for a in articles]
    return articles, problems


def _build_store(inputs: list[Path], path: Path, *, base: str | None, workers: int, date: str | None = None,
                 prune: bool = False) -> None:
    from kg.store import Stats, build_into_store, open_store
    from kg.store import prune as prune_store

    t0 = time.perf_counter()
    articles, problems = _read(inputs, date)
    for p in problems:
        _err(p)
    if not articles and not prune:
        raise KGError("no article could be read; nothing written")
    db = open_store(path)
    # pruned first: an article whose file is gone no longer makes a copy of it a duplicate
    stats = Stats(removed=len(prune_store(db, inputs, articles, base=base))) if prune else Stats()
    if articles:
        with _progress() as progress:
            stats = stats + build_into_store(db, articles, base=base, workers=workers, progress=progress)
    db.flush()
    typer.echo(f"store {path}: {stats.summary()} in {time.perf_counter() - t0:.1f} s" + _skipped(problems), err=True)


def _skipped(problems: list[str]) -> str:
    from kg.articles import skipped_summary

    summary = skipped_summary(problems)
    return f"; {summary}" if summary else ""


class _progress:
    """A tqdm bar on stderr (on a terminal), once there are enough articles to be worth watching."""

    MIN_ARTICLES = 20

    def __init__(self) -> None:
        self.bar = None

    def __enter__(self):
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.MIN_ARTICLES:
                return
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", file=sys.stderr, disable=None, leave=False)
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


@app.command()
def remove(
    articles: Annotated[list[str], typer.Argument(help="Articles to remove: their id, source path or named graph IRI.", show_default=False)],
    store: Annotated[Path, typer.Option("--store", help="The on-disk store (from `kg build --store`).", show_default=False)],
    base: Annotated[Optional[str], typer.Option("--base", help="Base IRI the store was built with.")] = None,
) -> None:
    """Remove articles from a store: their named graphs, and the triples only they stated."""
    from kg.store import open_store, remove_articles

    db = open_store(store, create=False)
    removed = remove_articles(db, articles, base=base)
    db.flush()
    typer.echo(f"store {store}: {len(removed)} removed", err=True)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or a .rq file.")],
    graph: Annotated[Optional[Path], typer.Option("--graph", "-g", help=f"RDF file to query (default: {DEFAULT_DATASET}, one named graph per article).", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or xml.")] = "table",
    timeout: Annotated[float, typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit).")] = 30.0,
    store: Annotated[Optional[Path], typer.Option("--store", help="Query this on-disk store (from `kg build --store`) instead of --graph.", show_default=False)] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Table format: show whole cells (sentences), not cut at 60 characters.")] = False,
    bind: Annotated[Optional[list[str]], typer.Option("--bind", "-b", help="NAME=VALUE: fix ?NAME to a string (or an IRI written <...>), as SPARQL VALUES; repeatable.", show_default=False)] = None,
) -> None:
    """Run a read-only SPARQL query (on Oxigraph) over a graph file or a store."""
    from kg.sparql import load_store, read_query, run_formatted

    text = read_query(sparql)
    if bind:
        from kg.bind import bind as bind_values, parse_bindings

        text = bind_values(text, parse_bindings(bind))
    graph, store = _graph_or_store(graph, store, default=DEFAULT_DATASET)
    if store is not None:
        from kg.store import open_store

        db = open_store(store, read_only=True)
    else:
        db = load_store(graph)
    sys.stdout.write(run_formatted(text, db, fmt, timeout=timeout, width=None if wide else 60))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotation (.gold.tsv), or a folder of NAME.txt + NAME.gold.tsv pairs.")],
    article: Annotated[Optional[Path], typer.Argument(help="Article to build, or an RDF graph file to read (default: the bundled sample); not with a folder.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every false positive and false negative, with its sentence.")] = False,
    cv: Annotated[int, typer.Option("--cv", min=0, help="With a folder: K-fold cross-validation by document (train on K-1 folds, score the other), instead of scoring the model.")] = 0,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model file (from `kg train`) to score instead of the shipped one.", show_default=False)] = None,
) -> None:
    """Score against gold annotations: P/R/F1 of entities, each relation type, roles and facts."""
    from kg.scoring import evaluate_path, report

    if model is not None:
        from kg.learn.model import use

        use(model)
    if gold.is_dir():
        from kg.learn import api

        if article is not None:
            raise KGError("give a gold FOLDER alone, or a GOLD file and an ARTICLE")
        if cv:
            if cv < 2:
                raise KGError("--cv needs at least 2 folds")
            with _progress() as progress:
                scores = api.crossvalidate_folders([gold], cv, progress=progress)
        else:
            scores = api.evaluate_folders([gold])
        sys.stdout.write(report(scores, verbose=verbose) + api.last_line(scores) + "\n")
        return
    if cv:
        raise KGError("--cv needs a folder of NAME.txt + NAME.gold.tsv pairs")
    sys.stdout.write(report(evaluate_path(gold, article), verbose=verbose))


@app.command()
def train(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.tsv pairs (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model file to write (JSON).")] = Path("model.json"),
) -> None:
    """Train the decision stage (entity typer, one classifier per relation type, roles) on annotated articles."""
    from kg.io import atomic_write
    from kg.learn import api

    t0 = time.perf_counter()
    model = api.train_folders(gold_dirs)
    atomic_write(out, model.dumps())
    typer.echo(f"wrote {out}: trained on {model.info.get('trained_on', 0)} article(s) in "
               f"{time.perf_counter() - t0:.1f} s; use it with `kg build --model {out}`", err=True)


@app.command()
def export(
    graph: Annotated[Optional[Path], typer.Argument(help="A graph file written by kg (any RDF format).", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write; its extension gives the format.")] = Path("output/export.nq"),
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="turtle, ntriples, trig, nquads, jsonld, xml, graphml, gexf or html (default: from OUT's extension).")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Export this on-disk store (from `kg build --store`) instead of GRAPH.", show_default=False)] = None,
) -> None:
    """Convert a graph (file or store) to another RDF format, to GraphML/GEXF (Gephi, Cytoscape) or to the HTML page."""
    from kg.export import rdf as rdf_export

    if graph is None and store is None:
        raise KGError("give either a GRAPH file or --store PATH")
    graph, store = _graph_or_store(graph, store)
    kind = _export_kind(out, fmt)
    graph_kinds = ("graphml", "gexf", "html")
    if store is not None:
        from kg.store import export_store, open_store

        db = open_store(store, read_only=True)
        if kind not in graph_kinds:
            typer.echo(f"wrote {export_store(db, out, rdf_export.FORMATS[kind].extension[1:])}", err=True)
            return
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            ds = rdf_export.read(export_store(db, Path(tmp) / "store.nq"))
    else:
        ds = rdf_export.read(graph)
    if kind in ("graphml", "gexf"):
        from kg.export.nx import write_gexf, write_graphml

        written = (write_graphml if kind == "graphml" else write_gexf)(ds, out)
    elif kind == "html":
        from kg.export.html import write_html

        written = write_html(ds, out)
    else:
        written = rdf_export.write(ds, out, fmt=kind)
    typer.echo(f"wrote {written}", err=True)


def _export_kind(out: Path, fmt: str | None) -> str:
    """What ``kg export`` writes: an RDF format name, ``graphml``, ``gexf`` or ``html``, from
    ``--format`` or OUT's extension; an unknown one is an error listing every choice."""
    from kg.export.rdf import FORMATS

    extensions = {f.extension: name for name, f in FORMATS.items()} | {
        ".json": "jsonld", ".owl": "xml", ".graphml": "graphml", ".gexf": "gexf", ".html": "html", ".htm": "html"}
    names = [*FORMATS, "graphml", "gexf", "html"]
    if fmt is not None:
        kind = fmt.lower()
        kind = extensions.get("." + kind.lstrip("."), kind)
        if kind in names:
            return kind
        what = f"unknown export format {fmt!r}"
    else:
        kind = extensions.get(out.suffix.lower())
        if kind is not None:
            return kind
        what = f"{out}: unknown export extension {out.suffix or '(none)'!r}"
    shown = [".ttl", ".nt", ".trig", ".nq", ".jsonld", ".rdf", ".graphml", ".gexf", ".html"]
    raise KGError(f"{what}; expected one of {' '.join(shown)} (or --format {', '.join(names)})")


@app.command()
def validate(
    graph: Annotated[Optional[Path], typer.Argument(help=f"Graph file to check (default: {DEFAULT_GRAPH}).", show_default=False)] = None,
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes (default: ontologies/shapes.ttl).")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Check this on-disk store (from `kg build --store`) instead of GRAPH.", show_default=False)] = None,
) -> None:
    """Check a graph (file or store) against the SHACL shapes; exit 1 with one line per violation."""
    from kg.validate import check

    graph, store = _graph_or_store(graph, store, default=DEFAULT_GRAPH)
    if store is None:
        raise typer.Exit(check(graph, shapes=shapes))
    import tempfile

    from kg.store import export_store, open_store

    db = open_store(store, read_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        raise typer.Exit(check(export_store(db, Path(tmp) / "store.nt"), shapes=shapes, label=str(store)))


@app.command()
def load(
    graph: Annotated[Path, typer.Argument(help="Graph file to push (.trig/.nq keep one named graph per article).")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store.")],
    graph_iri: Annotated[Optional[str], typer.Option("--graph", help="Named graph to load a triple file into.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace the graph instead of adding to it.")] = False,
) -> None:
    """Push a graph into any SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph, Fuseki …)."""
    from kg.server import load as push

    status = push(graph, endpoint=endpoint, graph_iri=graph_iri, replace=replace)
    typer.echo(f"{graph} -> {endpoint}: HTTP {status}", err=True)


@app.command()
def serve(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file to serve (default: output/graph.trig).", show_default=False)] = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    store: Annotated[Optional[Path], typer.Option("--store", help="Serve this on-disk store (from `kg build --store`) instead of GRAPH.", show_default=False)] = None,
) -> None:
    """Serve a graph (file or store) read-only over the SPARQL 1.1 Protocol (Oxigraph server) until Ctrl-C."""
    from kg.server import serve as run_server

    graph, store = _graph_or_store(graph, store, default=Path("output/graph.trig"))
    if store is not None and not _is_store(store):
        raise KGError(f"{store}: no such store (run `kg build ... --store {store}` first)" if not store.exists()
                      else f"{store}: not a store made by `kg build --store`")
    run_server(graph, location=store, union_default_graph=store is None, host=host, port=port, read_only=True,
               on_ready=lambda s: typer.echo(f"SPARQL endpoint: {s.query_endpoint} (read-only; Ctrl-C to stop)", err=True))


def _is_store(path: Path) -> bool:
    """Whether ``path`` is an on-disk Oxigraph store (a RocksDB folder)."""
    return path.is_dir() and (path / "CURRENT").is_file()


def _graph_or_store(graph: Path | None, store: Path | None, *, default: Path | None = None) -> tuple[Path | None, Path | None]:
    """``(graph file, store folder)``, one of them None: a store folder given where a graph file
    is expected is taken as ``--store``; a folder that is no store gets a precise message."""
    if graph is not None and store is not None:
        raise KGError(f"give either a graph file ({graph}) or --store {store}, not both")
    if graph is not None and graph.is_dir():
        if _is_store(graph):
            return None, graph
        raise KGError(f"{graph}: a folder, neither a graph file nor a store made by `kg build --store`")
    if graph is None and store is None:
        graph = default
    return graph, store


def _usage_errors() -> tuple[type[BaseException], ...]:
    """Click's exception for bad usage and the like, as typer raises it: typer's own copy of
    click (``typer.TyperException``, typer >= 0.20) and click itself (older typer)."""
    kinds: list[type[BaseException]] = [typer.TyperException] if hasattr(typer, "TyperException") else []
    try:
        import click

        kinds.append(click.exceptions.ClickException)
    except ImportError:  # typer without click
        pass
    return tuple(kinds)


def _aborts() -> tuple[type[BaseException], ...]:
    kinds: list[type[BaseException]] = [typer.Abort]
    try:
        import click

        kinds.append(click.exceptions.Abort)
    except ImportError:
        pass
    return tuple(kinds)


def main() -> None:
    """Entry point: run the app; user errors become one line and a non-zero exit."""
    try:
        rc = app(standalone_mode=False, prog_name="kg")
        sys.exit(rc if isinstance(rc, int) else 0)
    except KGError as exc:
        if _state["debug"]:
            traceback.print_exc()
        _err(f"error: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if isinstance(exc, _usage_errors()):  # a usage error: click's message, exit 2
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, _aborts()):
            _err("aborted")
            sys.exit(1)
        if _state["debug"]:
            traceback.print_exc()
        _err(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (run with --debug for details)")
        sys.exit(3)
