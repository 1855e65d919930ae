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
ENTITY_C = 1.0


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


#: regularisation of the relation and role classifiers
RELATION_C = 0.5


def _names(ctx) -> dict[str, list[str]]:
    """Every name of each entity of an article (label, aliases, mentions by name)."""
    out: dict[str, list[str]] = defaultdict(list)
    for key, e in ctx.entities.items():
        out[key] += [e.label, *e.aliases]
    for m in ctx.mentions:
        if m.source not in ("pronoun", "description"):
            out[m.key].append(m.text)
    return out


def _evidence_spans(text: str, evidence: list[str]) -> list[tuple[int, int]]:
    spans = []
    for ev in evidence:
        start = text.find(ev)
        while start >= 0:
            spans.append((start, start + len(ev)))
            start = text.find(ev, start + 1)
    return spans


def label(p: Parsed, ctx, c, names: dict[str, list[str]]) -> bool | None:
    """Whether candidate ``c`` states a gold fact in its sentence (None: no label, left out).

    A gold fact whose evidence is another sentence gives no label to this one; an optional fact
    or role gives none either.
    """
    from kg.candidates import ROLE
    from kg.scoring import _fact

    gs, go = gold_key(p.gold, names.get(c.subject, [])), gold_key(p.gold, names.get(c.object, []))
    if gs is None or go is None:
        return False  # a side that is no gold entity: no fact
    if c.kind == ROLE:
        key = (gs, go)
        if key in p.gold.optional_roles:
            return None
        if key not in p.gold.roles:
            return False
    else:
        key = _fact(gs, c.kind, go)
        if key in p.gold.optional:
            return None
        if key not in p.gold.relations:
            return False
    spans = _evidence_spans(p.article.text, p.gold.evidence.get(key, []))
    if not spans:
        return True
    a, b = c.sent.start_char, c.sent.end_char
    return True if any(s < b and a < e for s, e in spans) else None


def fact_examples(p: Parsed, model: Model) -> list[tuple[str, set[str], bool]]:
    """(kind, features, label) of each labelled candidate of an article, entities typed by ``model``."""
    from kg.candidates import candidates
    from kg.learn.relations import features
    from kg.pipeline import context

    ctx = context(p.article, p.doc, model)
    names = _names(ctx)
    out = []
    for c in candidates(ctx):
        y = label(p, ctx, c, names)
        if y is not None:
            out.append((c.kind, set(features(ctx, c)), y))
    return out


def fit_facts(examples: Sequence[tuple[str, set[str], bool]], *, c: float = RELATION_C):
    """One binary classifier per kind of fact."""
    from kg.learn.linear import fit_binary

    by_kind: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for kind, x, y in examples:
        by_kind[kind][0].append(x)
        by_kind[kind][1].append(y)
    return {kind: fit_binary(xs, ys, c=c) for kind, (xs, ys) in sorted(by_kind.items())}


def train(parsed: Sequence[Parsed], *, info: dict | None = None) -> Model:
    """Every classifier of the decision stage, fitted on parsed annotated articles."""
    from kg.candidates import ROLE

    entities = train_entities(parsed)
    typed = Model(entities=entities)
    examples = [e for p in parsed for e in fact_examples(p, typed)]
    fitted = fit_facts(examples)
    roles = fitted.pop(ROLE, None)
    return Model(entities=entities, relations=fitted, roles=roles, thresholds=dict(THRESHOLDS),
                 info=dict(info or {}, articles=len(parsed)))


#: decision thresholds per kind of fact (chosen by cross-validation, see README)
THRESHOLDS: dict[str, float] = {}
