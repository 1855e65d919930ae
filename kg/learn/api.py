"""Training and measuring from annotated folders: what ``kg train`` and ``kg evaluate`` run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kg.learn import corpus, crossval
from kg.learn.model import Model
from kg.scoring import Counts


def parsed_folders(folders: Sequence[str | Path]) -> list[corpus.Parsed]:
    """Every annotated article of the folders, parsed."""
    items = [a for f in folders for a in corpus.read(f)]
    return corpus.parse(items)


def train_folders(folders: Sequence[str | Path]) -> Model:
    """A model trained on every NAME.txt + NAME.gold.tsv pair of the folders."""
    from kg.learn.train import train

    parsed = parsed_folders(folders)
    return train(parsed, info={"trained_on": len(parsed)})


def evaluate_folders(folders: Sequence[str | Path], model: Model | None = None) -> dict[str, Counts]:
    """Micro-averaged scores of ``model`` (default: the shipped one) on the folders' articles.

    Errors are prefixed with the article they belong to.
    """
    from kg.learn.model import load

    parsed = parsed_folders(folders)
    total: dict[str, Counts] = {}
    for art, scores in crossval.score_articles(parsed, model or load()).items():
        for c in scores.values():
            c.errors = [f"{art}: {e}" for e in c.errors]
        crossval.add(total, scores)
    return total


def crossvalidate_folders(folders: Sequence[str | Path], k: int = 5,
                          progress: Callable[[int, int], None] | None = None) -> dict[str, Counts]:
    """Micro-averaged scores of ``k``-fold cross-validation by document over the folders."""
    from kg.learn.train import train

    parsed = parsed_folders(folders)
    if len(parsed) < k:
        from kg.errors import KGError

        raise KGError(f"{k}-fold cross-validation needs at least {k} annotated articles, found {len(parsed)}")
    total, per_article = crossval.crossvalidate(parsed, train, k=k, progress=progress)
    out: dict[str, Counts] = {}
    for art, scores in sorted(per_article.items()):
        for c in scores.values():
            c.errors = [f"{art}: {e}" for e in c.errors]
        crossval.add(out, scores)
    return out


def last_line(scores: dict[str, Counts]) -> str:
    """``facts_f1=… facts_p=… facts_r=… entities_f1=…``."""
    f, e = scores["facts"], scores["entities"]
    return f"facts_f1={f.f1:.3f} facts_p={f.precision:.3f} facts_r={f.recall:.3f} entities_f1={e.f1:.3f}"
