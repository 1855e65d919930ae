"""kg: turn French news articles into a clean, queryable RDF knowledge graph.

>>> import kg
>>> callable(kg.build) and callable(kg.query)
True
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["build", "build_articles", "build_files", "write_outputs", "query", "evaluate", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy: importing kg must not load spaCy.
    if name in ("build", "build_articles"):
        from kg import pipeline

        return getattr(pipeline, name)
    if name in ("build_files", "write_outputs"):
        from kg import api

        return getattr(api, name)
    if name == "query":
        from kg.query import query

        return query
    if name == "evaluate":
        from kg.scoring import evaluate

        return evaluate
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
