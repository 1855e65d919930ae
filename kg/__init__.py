"""kg: turn French news articles into a clean, queryable RDF knowledge graph.

The Python API mirrors the CLI (see :mod:`kg.api`)::

    build(texts)            -> BuildResult   (kg.pipeline.BuildResult)
    build_files(paths)      -> BuildResult   (with .problems: files skipped or fixed)
    build_articles(articles)-> BuildResult
    write_outputs(result, folder) -> list[Path]
    query(sparql, graph=…)  -> list[dict[str, str]]
    evaluate(gold, graph)   -> dict[str, Counts]  (kg.scoring.Counts)

No name here is both a function and a submodule: ``import kg.sparql`` (the SPARQL module) or
``import kg.scoring`` never hides ``kg.query`` or ``kg.evaluate``.

>>> import kg
>>> callable(kg.build) and callable(kg.query) and callable(kg.evaluate)
True
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["build", "build_articles", "build_files", "write_outputs", "query", "evaluate", "BuildResult",
           "__version__"]

_HOME = {
    "build": "kg.pipeline",
    "build_articles": "kg.pipeline",
    "BuildResult": "kg.pipeline",
    "build_files": "kg.api",
    "write_outputs": "kg.api",
    "query": "kg.api",
    "evaluate": "kg.api",
}


def __getattr__(name: str) -> Any:
    # Lazy: importing kg must not load spaCy.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # a function, never shadowed by a submodule of the same name
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
