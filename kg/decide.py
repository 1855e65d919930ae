"""Decisions: the trained classifiers score every candidate; the facts above threshold are kept.

One binary classifier per relation type and one for roles (:class:`kg.learn.model.Model`). A fact
stated in several sentences keeps its best-scored sentence as evidence; the confidence written in
the graph is that score. The threshold of each kind is stored in the model
(:meth:`Model.threshold`) and can be overridden with ``threshold``.
"""

from __future__ import annotations

from kg import lexicon
from kg.candidates import ROLE, FactCandidate
from kg.extractors.context import Context
from kg.facts import Relation, Role
from kg.learn.model import Model
from kg.learn.relations import features


def score(ctx: Context, cands: list[FactCandidate], model: Model) -> list[tuple[FactCandidate, float]]:
    """Each candidate with its probability (candidates of a kind the model lacks are left out)."""
    out = []
    for c in cands:
        clf = model.roles if c.kind == ROLE else model.relations.get(c.kind)
        if clf is not None:
            out.append((c, clf.score(features(ctx, c))))
    return out


def decide(ctx: Context, scored: list[tuple[FactCandidate, float]], model: Model,
           threshold: float | None = None) -> tuple[list[Relation], list[Role]]:
    """The facts whose best candidate reaches its kind's threshold, each with that evidence."""
    best: dict[tuple, tuple[float, FactCandidate]] = {}
    for c, p in scored:
        k = c.key
        if k not in best or p > best[k][0]:
            best[k] = (p, c)
    relations, roles = [], []
    for k, (p, c) in sorted(best.items()):
        if p < (threshold if threshold is not None else model.threshold(c.kind)):
            continue
        how = "model." + (max(sorted(c.votes), key=lambda v: c.votes[v]) if c.votes else f"candidate{'.' + c.implicit if c.implicit else ''}")
        ev = ctx.evidence(c.sent, how, min(round(p, 2), 0.99))  # a probability, never certain
        if c.kind == ROLE:
            title, current = c.titles[0]
            roles.append(Role(c.subject, c.object, title, ev, lexicon.title_en(title), current))
        else:
            relations.append(Relation(k[1], c.kind, k[2], ev))
    return relations, roles
