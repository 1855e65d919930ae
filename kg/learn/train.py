"""Training: labelled examples from annotated articles, and the fitting of every classifier.

Labels come from the gold files. An entity (the candidates one key links) takes the gold type of
the gold entity its names fold to (``None`` when they fold to none; left out when they fold to a
neutral name or to several). Relation and role candidates are labelled by
:mod:`kg.learn.examples`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kg import gazetteer
from kg.scoring import Gold, fold
from kg.extractors.entities import Candidate, candidates
from kg.learn.corpus import Parsed
from kg.learn.entities import NONE, entity_features
from kg.learn.linear import fit_multiclass
from kg.learn.model import Model
from kg.resolve import link

#: regularisation of the entity typer (inverse strength), chosen by cross-validation
ENTITY_C = 0.3


def gold_key(gold: Gold, names: Sequence[str]) -> str | None:
    """The gold entity (or neutral name) that ``names`` fold to, if exactly one."""
    keys = {gold.index[f] for f in map(fold, names) if f in gold.index}
    return keys.pop() if len(keys) == 1 else None


def entity_groups(p: Parsed) -> dict[str, list[Candidate]]:
    """The candidates of an article by entity key, as resolution links them."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c, key, _ in link(list(candidates(p.doc))):
        groups[key].append(c)
    return groups


def entity_examples(p: Parsed) -> list[tuple[set[str], list[str]]]:
    """(features, acceptable types) of each entity of an article that is not in the gazetteer."""
    gaz = gazetteer.load()
    out = []
    for key, group in sorted(entity_groups(p).items()):
        if gaz.by_key(key):
            continue  # typed by the gazetteer, whatever the model says
        k = gold_key(p.gold, [c.text for c in group])
        if k is not None and k in p.gold.neutral:
            continue
        types = sorted(p.gold.entities[k]) if k is not None else [NONE]
        out.append((entity_features(p.doc, group), types))
    return out


def train_entities(parsed: Sequence[Parsed], *, c: float = ENTITY_C):
    """The entity typer fitted on the articles' entities (an entity with two acceptable types
    counts half for each)."""
    xs, ys, ws = [], [], []
    for p in parsed:
        for feats, types in entity_examples(p):
            for t in types:
                xs.append(feats)
                ys.append(t)
                ws.append(1.0 / len(types))
    return fit_multiclass(xs, ys, c=c, weights=ws)


def train(parsed: Sequence[Parsed], *, info: dict | None = None) -> Model:
    """Every classifier of the decision stage, fitted on parsed annotated articles."""
    entities = train_entities(parsed)
    return Model(entities=entities, info=dict(info or {}, articles=len(parsed)))
