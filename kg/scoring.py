"""``kg evaluate``: precision, recall and F1 of a graph against a gold annotation.

Gold format (tab-separated, ``#`` starts a comment), one line per item:

====================  ==========================================================
``entity``            LABEL, TYPE[|TYPE…], [ALIAS|ALIAS…] — must appear, with that coarse type
``neutral``           LABEL, [ALIAS|…] — neither required nor penalised
``relation``          SUBJECT, RELATION, OBJECT — required (competesWith is symmetric)
``optional``          SUBJECT, RELATION, OBJECT — correct if present, not required
``role``              PERSON, ORGANIZATION, ROLE[|ROLE…] — a membership with one of these titles (``*``: any)
``optional-role``     PERSON, ORGANIZATION — correct if present, not required
====================  ==========================================================

Labels match after folding case, accents, apostrophes and punctuation; a role title matches when
one contains the other or their word sets overlap by half.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.facts import ENTITY_TYPES, RELATIONS, SYMMETRIC
from kg.namespace import KG

LABELS = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
CLASS_TYPES = {getattr(KG, t): t for t in ENTITY_TYPES}


def fold(text: str) -> str:
    """Fold case, accents, apostrophes and punctuation.

    >>> fold("Joëlle  Pineau’s")
    'joelle pineau s'
    """
    text = unicodedata.normalize("NFKD", str(text)).replace("\u2019", "'")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass
class Gold:
    """A parsed gold annotation."""

    entities: dict[str, set[str]] = field(default_factory=dict)
    neutral: set[str] = field(default_factory=set)
    relations: set[tuple] = field(default_factory=set)
    optional: set[tuple] = field(default_factory=set)
    roles: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    optional_roles: set[tuple[str, str]] = field(default_factory=set)
    index: dict[str, str] = field(default_factory=dict)
    #: the verbatim evidence spans of each relation (as in ``relations``/``optional``) and role pair
    evidence: dict[tuple, list[str]] = field(default_factory=dict)


def _fact(s: str, rel: str, o: str) -> tuple:
    return (rel, *sorted((s, o))) if rel in SYMMETRIC else (rel, s, o)


def read_gold(path: str | Path) -> Gold:
    """Parse a gold TSV file; a malformed line is a one-line error naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{path}: cannot read gold annotation ({exc})") from None
    gold = Gold()
    for n, raw in enumerate(lines, 1):
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        cols = [c.strip() for c in raw.split("\t")]
        kind, rest = cols[0], cols[1:]
        try:
            if kind == "entity":
                gold.entities[rest[0]] = set(rest[1].split("|"))
                for name in [rest[0], *filter(None, (rest[2] if len(rest) > 2 else "").split("|"))]:
                    gold.index.setdefault(fold(name), rest[0])
            elif kind == "neutral":
                gold.neutral.add(rest[0])
                for name in [rest[0], *filter(None, (rest[1] if len(rest) > 1 else "").split("|"))]:
                    gold.index.setdefault(fold(name), rest[0])
            elif kind in ("relation", "optional"):
                if rest[1] not in RELATIONS:
                    raise ValueError(f"unknown relation {rest[1]!r}")
                fact = _fact(*rest[:3])
                (gold.relations if kind == "relation" else gold.optional).add(fact)
                if len(rest) > 3 and rest[3]:
                    gold.evidence.setdefault(fact, []).append(rest[3])
            elif kind == "role":
                gold.roles[(rest[0], rest[1])] = [r for r in rest[2].split("|") if r]
                if len(rest) > 3 and rest[3]:
                    gold.evidence.setdefault((rest[0], rest[1]), []).append(rest[3])
            elif kind == "optional-role":
                gold.optional_roles.add((rest[0], rest[1]))
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except (IndexError, ValueError) as exc:
            raise KGError(f"{path}:{n}: bad gold line ({exc or 'missing column'})") from None
    return gold


@dataclass
class Counts:
    """True positives, false positives, false negatives, and what they were."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _labels(g, node) -> list[str]:
    return [str(o) for p in LABELS for o in g.objects(node, p) if isinstance(o, Literal)]


def evaluate(gold: Gold, graph: Dataset) -> dict[str, Counts]:
    """Score ``graph`` (the union of its named graphs) against ``gold``."""
    g = graph

    def key(node) -> str | None:
        keys = {gold.index[f] for f in map(fold, _labels(g, node)) if f in gold.index}
        return keys.pop() if len(keys) == 1 else None

    ent = Counts()
    claimed: set[str] = set()
    nodes = []
    for node in sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        types = {CLASS_TYPES[c] for c in g.objects(node, RDF.type) if c in CLASS_TYPES}
        if types:
            nodes.append((node, types, key(node)))
    nodes.sort(key=lambda n: (n[2] is None, not (n[2] in gold.entities and n[1] <= gold.entities[n[2]])))
    for node, types, k in nodes:
        if k in gold.neutral:
            continue
        if k is None:
            ent.fp += 1
            ent.errors.append(f"FP entity {(_labels(g, node) or [str(node)])[0]!r} {sorted(types)}")
        elif k in claimed:
            ent.fp += 1
            ent.errors.append(f"FP duplicate of {k!r}: {node}")
        elif types <= gold.entities[k]:
            ent.tp += 1
            claimed.add(k)
        else:
            ent.fp += 1
            ent.errors.append(f"FP wrong type for {k!r}: {sorted(types)} (gold {sorted(gold.entities[k])})")
    for k in gold.entities:
        if k not in claimed:
            ent.fn += 1
            ent.errors.append(f"FN entity {k!r}")

    rel = Counts()
    found = set()
    said: dict[tuple, str] = {}
    props = {getattr(KG, r): r for r in RELATIONS}
    for s, p, o in g.triples((None, None, None)):
        if p in props and isinstance(o, URIRef):
            ks = key(s) or f"?{(_labels(g, s) or [''])[0]}"
            ko = key(o) or f"?{(_labels(g, o) or [''])[0]}"
            found.add(_fact(ks, props[p], ko))
            said.setdefault(_fact(ks, props[p], ko), _sentence(g, s, p, o))
    by_type = {r: Counts() for r in RELATIONS}
    for f in sorted(found):
        if f in gold.relations:
            rel.tp += 1
            by_type[f[0]].tp += 1
        elif f in gold.optional or {f[1], f[2]} & gold.neutral:
            continue
        else:
            rel.fp += 1
            by_type[f[0]].fp += 1
            rel.errors.append(f"FP relation {f}{_quote(said.get(f))}")
    for f in sorted(gold.relations - found):
        rel.fn += 1
        by_type[f[0]].fn += 1
        rel.errors.append(f"FN relation {f}{_quote(_first(gold.evidence.get(f)))}")

    roles = Counts()
    system: dict[tuple, list[str]] = defaultdict(list)
    role_said: dict[tuple, str] = {}
    for m in set(g.subjects(ORG.member, None)):
        for person in g.objects(m, ORG.member):
            for org in g.objects(m, ORG.organization):
                labels = [lab for r in g.objects(m, ORG.role) for lab in ([str(r)] if isinstance(r, Literal) else _labels(g, r))]
                system[(key(person), key(org))] += labels
                ev = g.value(m, KG.evidence)
                if ev is not None and g.value(ev, KG.sentence) is not None:
                    role_said.setdefault((key(person), key(org)), str(g.value(ev, KG.sentence)))
    for pair, labels in sorted(system.items(), key=str):
        if pair in gold.roles and _role_matches(labels, gold.roles[pair]):
            roles.tp += 1
        elif set(pair) & gold.neutral or pair in gold.optional_roles:
            continue
        else:
            roles.fp += 1
            roles.errors.append(f"FP role {pair} {labels[:2]}{_quote(role_said.get(pair))}")
    for pair, labels in gold.roles.items():
        if not (pair in system and _role_matches(system[pair], labels)):
            roles.fn += 1
            roles.errors.append(f"FN role {pair} {labels[0]!r}{_quote(_first(gold.evidence.get(pair)))}")

    facts = Counts(rel.tp + roles.tp, rel.fp + roles.fp, rel.fn + roles.fn)
    return {"entities": ent, "relations": rel, **{f"relation:{r}": c for r, c in by_type.items()},
            "roles": roles, "facts": facts}


def _first(items: list[str] | None) -> str | None:
    return items[0] if items else None


def _quote(sentence: str | None) -> str:
    """The sentence of an error, on the same line: `` « … »``."""
    return f"  « {' '.join(sentence.split())} »" if sentence else ""


def _sentence(g, s, p, o) -> str | None:
    """The evidence sentence of a relation triple (through its ``rdf:Statement``)."""
    for st in g.subjects(RDF.subject, s):
        if g.value(st, RDF.predicate) == p and g.value(st, RDF.object) == o:
            ev = g.value(st, KG.evidence)
            if ev is not None and g.value(ev, KG.sentence) is not None:
                return str(g.value(ev, KG.sentence))
    return None


def _role_matches(system: list[str], gold: list[str]) -> bool:
    if "*" in gold:
        return True
    for s in map(fold, system):
        for gl in map(fold, gold):
            a, b = set(s.split()), set(gl.split())
            if s and gl and (s == gl or s in gl or gl in s or len(a & b) / len(a | b) >= 0.5):
                return True
    return False


def evaluate_path(gold_path: str | Path, article: str | Path | None = None) -> dict[str, Counts]:
    """Score an RDF graph file, or the graph built from an article (default: the sample)."""
    gold = read_gold(gold_path)
    rdf_suffixes = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"}
    if article is not None and Path(article).suffix.lower() in rdf_suffixes:
        from kg.export.rdf import read

        ds = read(article)
    else:
        from kg.api import build_files

        ds = build_files([article] if article else []).dataset
    return evaluate(gold, ds)


MAIN_PARTS = ("entities", "relations", "roles", "facts")


def report(scores: dict[str, Counts], *, verbose: bool = False) -> str:
    """The figures, one line per part (and per relation type), and a last line
    ``entities_f1=… relations_f1=… roles_f1=… facts_f1=…``."""
    lines = []
    for part, c in scores.items():
        name = f"  {part.split(':', 1)[1]}" if part.startswith("relation:") else part
        lines.append(f"{name:13s} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})")
        if verbose:
            lines += [f"    {e}" for e in c.errors]
    lines.append(" ".join(f"{part}_f1={scores[part].f1:.3f}" for part in MAIN_PARTS if part in scores))
    return "\n".join(lines) + "\n"
