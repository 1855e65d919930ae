"""Linear models over sparse binary features, stored as plain JSON (no pickled code).

A model is a feature vocabulary with one weight per feature and class, and a bias per class.
Scoring is pure Python (no scikit-learn at run time); fitting uses scikit-learn's logistic
regression with a fixed solver and a sorted vocabulary, so the same examples give the same
weights, and weights are rounded so the JSON bytes are the same too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: decimals kept in stored weights: far below any decision's precision, stable across runs
DECIMALS = 5


@dataclass(frozen=True)
class Binary:
    """A logistic-regression classifier: ``p(yes | features)``."""

    weights: dict[str, float]
    bias: float

    def score(self, features: Iterable[str]) -> float:
        """The probability of the positive class for a set of active features."""
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        """The model as JSON-ready data."""
        return {"kind": "binary", "bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> Binary:
        """A model from :meth:`to_json` data."""
        return cls(weights=dict(data["weights"]), bias=float(data["bias"]))


@dataclass(frozen=True)
class Multiclass:
    """A multinomial logistic-regression classifier over named classes."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per class
    bias: tuple[float, ...]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Each class's probability for a set of active features."""
        z = list(self.bias)
        for f in set(features):
            row = self.weights.get(f)
            if row is not None:
                for i, v in enumerate(row):
                    z[i] += v
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def to_json(self) -> dict:
        """The model as JSON-ready data."""
        return {"kind": "multiclass", "classes": list(self.classes), "bias": list(self.bias),
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> Multiclass:
        """A model from :meth:`to_json` data."""
        return cls(classes=tuple(data["classes"]), bias=tuple(map(float, data["bias"])),
                   weights={f: tuple(map(float, w)) for f, w in data["weights"].items()})


def _matrix(examples: Sequence[Iterable[str]]):
    """A sorted vocabulary and the CSR matrix of binary features of ``examples``."""
    from scipy.sparse import csr_matrix

    rows = [sorted(set(x)) for x in examples]
    vocab = sorted({f for r in rows for f in r})
    index = {f: i for i, f in enumerate(vocab)}
    indptr, indices = [0], []
    for r in rows:
        indices.extend(index[f] for f in r)
        indptr.append(len(indices))
    data = [1.0] * len(indices)
    return vocab, csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _round(x: float) -> float:
    v = round(float(x), DECIMALS)
    return 0.0 if v == 0 else v  # no "-0.0" in the JSON


def fit_binary(examples: Sequence[Iterable[str]], labels: Sequence[bool], *, c: float = 1.0,
               weights: Sequence[float] | None = None) -> Binary:
    """Fit a :class:`Binary` model (L2-regularised logistic regression, liblinear)."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return Binary(weights={}, bias=20.0 if labels and labels[0] else -20.0)
    vocab, x = _matrix(examples)
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(x, [int(bool(y)) for y in labels], sample_weight=weights)
    coef = clf.coef_[0]
    kept = {f: _round(w) for f, w in zip(vocab, coef) if _round(w) != 0.0}
    return Binary(weights=kept, bias=_round(clf.intercept_[0]))


def fit_multiclass(examples: Sequence[Iterable[str]], labels: Sequence[str], *, c: float = 1.0,
                   weights: Sequence[float] | None = None) -> Multiclass:
    """Fit a :class:`Multiclass` model (multinomial logistic regression, L-BFGS)."""
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    vocab, x = _matrix(examples)
    clf = LogisticRegression(C=c, solver="lbfgs", max_iter=2000, random_state=0)
    clf.fit(x, labels, sample_weight=weights)
    order = list(clf.classes_)
    if len(order) == 2:  # scikit-learn keeps one row for two classes: make it symmetric
        coef = [[-w / 2 for w in clf.coef_[0]], [w / 2 for w in clf.coef_[0]]]
        bias = [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    else:
        coef, bias = clf.coef_, clf.intercept_
    cols = [order.index(c_) for c_ in classes]
    table = {}
    for j, f in enumerate(vocab):
        row = tuple(_round(coef[i][j]) for i in cols)
        if any(row):
            table[f] = row
    return Multiclass(classes=tuple(classes), weights=table, bias=tuple(_round(bias[i]) for i in cols))
