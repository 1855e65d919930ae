"""Candidate facts: every pair of typed mentions that could hold a relation, and what the rules say.

Rules propose, a trained model decides (:mod:`kg.decide`). A candidate is one possible fact stated
in one sentence:

* every ordered pair of mentions of two distinct entities in a sentence whose types fit a
  relation's signature (:data:`kg.schema.SIGNATURES`), pronoun and description mentions included
  (they carry their antecedent's key), and every (person, organisation) pair for roles;
* *implicit* pairs, where one side is not named in the sentence but is the organisation the
  paragraph is about (its latest organisation subject) or the article's topic: « Le tour de table
  a été mené par Elaia » (Elaia invests in the topic), « La directrice financière, Wei Zhang »;
* the facts the hand-written extractors find, attached to their candidate as *votes* (features
  for the model, not answers).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg import lexicon
from kg.extractors import EXTRACTORS
from kg.extractors.context import Context
from kg.extractors.roles import FORMER, title_chunks, title_text
from kg.facts import SYMMETRIC, Role
from kg.resolve import Resolved
from kg.schema import SIGNATURES

ROLE = "role"


@dataclass
class FactCandidate:
    """One possible fact in one sentence: ``subject kind object`` (for roles: person, organisation)."""

    kind: str
    subject: str
    object: str
    sent: Span
    s_mention: Resolved | None
    o_mention: Resolved | None
    implicit: str = ""  # "", "paragraph" or "topic": how the unnamed side was chosen
    votes: dict[str, float] = field(default_factory=dict)  # extractor -> its confidence
    titles: list[tuple[str, bool]] = field(default_factory=list)  # (title, current) for roles
    title_source: str = ""  # rule, chunk, verb or none: where the role's title comes from

    @property
    def key(self) -> tuple[str, str, str]:
        """The fact this candidate states, symmetric relations in a fixed order."""
        if self.kind in SYMMETRIC and self.object < self.subject:
            return self.kind, self.object, self.subject
        return self.kind, self.subject, self.object


def _kinds(stype: str, otype: str) -> Iterator[str]:
    for name, (subj, obj) in SIGNATURES.items():
        if stype in subj and otype in obj:
            yield name
    if stype == "Person" and otype == "Organization":
        yield ROLE


def _sentence_of(starts: list[int], sents: list[Span], char: int) -> Span:
    return sents[max(0, bisect_right(starts, char) - 1)]


def paragraph_orgs(ctx: Context, sents: list[Span]) -> list[str | None]:
    """For each sentence, the organisation its paragraph was last about (the latest organisation
    subject of an earlier sentence of the paragraph), if any."""
    from kg.extractors.roles import _is_subject, _paragraph_start

    out: list[str | None] = []
    current: str | None = None
    for sent in sents:
        if _paragraph_start(ctx, sent):
            current = None
        out.append(current)
        for m in ctx.mentions_in(sent, "Organization"):
            if _is_subject(ctx, m) and not ctx.is_quoted(ctx.doc[m.start]):
                current = m.key
    return out


def candidates(ctx: Context) -> list[FactCandidate]:
    """Every candidate fact of an article, with the rules' votes, in a deterministic order."""
    sents = list(ctx.doc.sents)
    starts = [s.start_char for s in sents]
    topic = ctx.topic()
    para = paragraph_orgs(ctx, sents)
    found: dict[tuple, FactCandidate] = {}

    def add(kind: str, s: str, o: str, sent: Span, sm: Resolved | None, om: Resolved | None, implicit: str = "") -> FactCandidate:
        c = FactCandidate(kind, s, o, sent, sm, om, implicit)
        k = (*c.key, sent.start)
        if k not in found:
            found[k] = c
        return found[k]

    for n, sent in enumerate(sents):
        ms = [m for m in ctx.mentions_in(sent) if m.key in ctx.entities]
        keys = {m.key for m in ms}
        for a in ms:
            ta = ctx.type_of(a.key)
            for b in ms:
                if a.key == b.key:
                    continue
                for kind in _kinds(ta, ctx.type_of(b.key)):
                    if kind in SYMMETRIC and b.start < a.start:
                        continue
                    c = add(kind, a.key, b.key, sent, a, b)
                    if _distance(a, b) < _distance(c.s_mention, c.o_mention):
                        c.s_mention, c.o_mention = a, b
        for implicit, org in (("paragraph", para[n]), ("topic", topic)):
            if org is None or org in keys or org not in ctx.entities:
                continue
            for m in ms:
                tm = ctx.type_of(m.key)
                for kind in _kinds("Organization", tm):
                    if kind != ROLE:
                        add(kind, org, m.key, sent, None, m, implicit)
                for kind in _kinds(tm, "Organization"):
                    if kind == ROLE or kind == "investsIn":
                        add(kind, m.key, org, sent, m, None, implicit)
    for run in EXTRACTORS.values():
        for fact in run(ctx):
            sent = _sentence_of(starts, sents, fact.evidence.start)
            if isinstance(fact, Role):
                kind, s, o = ROLE, fact.person, fact.organization
            else:
                kind, s, o = fact.predicate, fact.subject, fact.object
            if s not in ctx.entities or o not in ctx.entities or s == o:
                continue
            k = (kind, *sorted((s, o))) if kind in SYMMETRIC else (kind, s, o)
            c = found.get((*k, sent.start))
            if c is None:
                c = add(kind, s, o, sent, _mention_of(ctx, sent, s), _mention_of(ctx, sent, o), "rule")
            name = fact.evidence.extractor
            c.votes[name] = max(c.votes.get(name, 0.0), fact.evidence.confidence)
            if isinstance(fact, Role):
                c.titles.append((fact.title, fact.current))
                c.title_source = "rule"
    out = sorted(found.values(), key=lambda c: (c.sent.start, c.kind, c.subject, c.object))
    for c in out:
        if c.kind == ROLE and not c.titles:
            title, current, c.title_source = nearest_title(ctx, c)
            c.titles.append((title, current))
    return out


def _distance(a: Resolved | None, b: Resolved | None) -> int:
    if a is None or b is None:
        return 10**9
    return max(0, b.start - a.end, a.start - b.end)


def _mention_of(ctx: Context, sent: Span, key: str) -> Resolved | None:
    return next((m for m in ctx.mentions_in(sent) if m.key == key), None)


def nearest_title(ctx: Context, c: FactCandidate) -> tuple[str, bool, str]:
    """The title chunk of the sentence nearest the person (whether it is current, and where the
    title came from), else a founding verb's title, else « membre »."""
    person = c.s_mention
    best: tuple[int, str, bool] | None = None
    for chunk in title_chunks(ctx, c.sent):
        dist = max(0, chunk.start - person.end, person.start - chunk.end) if person else 0
        prev = ctx.doc[chunk.start - 1].lower_ if chunk.start > 0 else ""
        title = title_text(ctx, chunk)
        if set(title.casefold().split()) & lexicon.words("not_corporate"):
            continue
        cand = (dist, title, prev not in FORMER)
        if best is None or cand[0] < best[0]:
            best = cand
    if best is not None:
        return best[1], best[2], "chunk"
    founding = lexicon.words("triggers.founders")
    if any(t.lemma_.casefold() in founding and t.pos_ == "VERB" for t in c.sent):
        return "fondateur", True, "verb"
    return "membre", True, "none"
