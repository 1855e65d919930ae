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
) -> None:
    """Read articles, extract entities and facts, write the graph to OUT/graph.{ttl,nt,trig,nq,jsonld,html}."""
    from kg.api import build_files, write_outputs

    t0 = time.perf_counter()
    result, problems = build_files(inputs or [], base=base)
    for p in problems:
        _err(p)
    if not result.articles:
        raise KGError("no article could be read; nothing written")
    written = write_outputs(result, out, html=html)
    seconds = time.perf_counter() - t0
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
    typer.echo(result.summary().rsplit(" in ", 1)[0] + f" in {seconds:.1f} s", err=True)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or a .rq file.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="RDF file to query.")] = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or xml.")] = "table",
) -> None:
    """Run a read-only SPARQL query (on Oxigraph) over a graph file."""
    from kg.query import format_result, load_store, read_query, run

    text = read_query(sparql)
    store = load_store(graph)
    sys.stdout.write(format_result(run(text, store), fmt))


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
