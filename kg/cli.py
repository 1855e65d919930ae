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
) -> None:
    """Read articles, extract entities and facts, write the graph to OUT/graph.{ttl,nt,trig,nq,jsonld,html}."""
    if store is not None:
        _build_store(inputs or [], store, base=base, workers=workers)
        return
    from kg.api import write_outputs
    from kg.articles import read_articles_report
    from kg.pipeline import build_articles

    t0 = time.perf_counter()
    articles, problems = read_articles_report(inputs or [])
    for p in problems:
        _err(p)
    with _progress() as progress:
        result = build_articles(articles, base=base, workers=workers, progress=progress)
    if not result.articles:
        raise KGError("no article could be read; nothing written")
    written = write_outputs(result, out, html=html)
    seconds = time.perf_counter() - t0
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
    typer.echo(result.summary().rsplit(" in ", 1)[0] + f" in {seconds:.1f} s", err=True)


def _build_store(inputs: list[Path], path: Path, *, base: str | None, workers: int) -> None:
    from kg.articles import read_articles_report
    from kg.store import build_into_store, open_store

    t0 = time.perf_counter()
    articles, problems = read_articles_report(inputs)
    for p in problems:
        _err(p)
    if not articles:
        raise KGError("no article could be read; nothing written")
    db = open_store(path)
    with _progress() as progress:
        stats = build_into_store(db, articles, base=base, workers=workers, progress=progress)
    db.flush()
    typer.echo(f"store {path}: {stats.summary()} in {time.perf_counter() - t0:.1f} s", err=True)


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
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or a .rq file.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="RDF file to query.")] = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or xml.")] = "table",
    store: Annotated[Optional[Path], typer.Option("--store", help="Query this on-disk store (from `kg build --store`) instead of --graph.", show_default=False)] = None,
) -> None:
    """Run a read-only SPARQL query (on Oxigraph) over a graph file or a store."""
    from kg.query import format_result, load_store, read_query, run

    text = read_query(sparql)
    if store is not None:
        from kg.store import open_store, union_view

        db = union_view(open_store(store, read_only=True))
    else:
        db = load_store(graph)
    sys.stdout.write(format_result(run(text, db), fmt))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotation (.gold.tsv).")],
    article: Annotated[Optional[Path], typer.Argument(help="Article to build, or an RDF graph file to read (default: the bundled sample).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every false positive and false negative.")] = False,
) -> None:
    """Score a graph (or the graph of an article) against a gold annotation: P/R/F1."""
    from kg.evaluate import evaluate_path, report

    sys.stdout.write(report(evaluate_path(gold, article), verbose=verbose))


def main() -> None:
    """Entry point: run the app; user errors become one line and a non-zero exit."""
    try:
        rc = app(standalone_mode=False)
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
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            _err("aborted")
            sys.exit(1)
        if _state["debug"]:
            traceback.print_exc()
        _err(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (run with --debug for details)")
        sys.exit(3)
