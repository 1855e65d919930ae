"""k-fold cross-validation by document: every article is scored by a model that never saw it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from kg.scoring import Counts, evaluate
from kg.learn.corpus import Parsed
from kg.learn.model import Model


def folds(ids: Sequence[str], k: int) -> list[int]:
    """The fold of each article: a fixed shuffle (by a hash of its id), then round robin."""
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, got {k}")
    order = sorted(range(len(ids)), key=lambda i: hashlib.sha256(ids[i].encode("utf-8")).hexdigest())
    out = [0] * len(ids)
    for rank, i in enumerate(order):
        out[i] = rank % k
    return out


def score_articles(parsed: Sequence[Parsed], model: Model) -> dict[str, dict[str, Counts]]:
    """Each article's scores when built with ``model`` (by article id)."""
    from kg.pipeline import extract
    from kg.rdf import to_dataset

    out = {}
    for p in parsed:
        facts = extract(p.article, p.doc, model)
        out[p.article.id] = evaluate(p.gold, to_dataset([facts]))
    return out


def add(total: dict[str, Counts], scores: dict[str, Counts]) -> None:
    """Add one article's counts (and errors) into ``total``."""
    for part, c in scores.items():
        t = total.setdefault(part, Counts())
        t.tp, t.fp, t.fn = t.tp + c.tp, t.fp + c.fp, t.fn + c.fn
        t.errors.extend(c.errors)


def crossvalidate(parsed: Sequence[Parsed], trainer: Callable[[Sequence[Parsed]], Model], *, k: int = 5,
                  progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """Micro-averaged scores of ``k``-fold cross-validation by document, and each article's scores.

    Each fold's model is trained by ``trainer`` on the other folds' articles only.
    """
    assignment = folds([p.article.id for p in parsed], k)
    total: dict[str, Counts] = {}
    per_article: dict[str, dict[str, Counts]] = {}
    for f in range(k):
        train = [p for p, a in zip(parsed, assignment) if a != f]
        test = [p for p, a in zip(parsed, assignment) if a == f]
        model = trainer(train)
        for art, scores in score_articles(test, model).items():
            per_article[art] = scores
            add(total, scores)
        if progress:
            progress(f + 1, k)
    return total, per_article
