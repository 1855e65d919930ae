"""``competesWith`` between organisations.

* verb: « X rivalise avec Y et Z », « permettra à X de rivaliser avec Y », « X concurrence Y »
* noun: « concurrents tels que Y » / « rivaux comme Y » (of the sentence's subject, of
  « de X », or of the article's main organisation), « Y, concurrent de X »
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import conjuncts, following_list, is_negated, subject, subtree_mentions
from kg.facts import Relation

ORG = "Organization"
RIVALRY = lexicon.words("rivalry_nouns")


def extract(ctx: Context) -> Iterator[Relation]:
    """Competition the article states between two organisations."""
    doc = ctx.doc
    for tok in doc:
        if ctx.is_quoted(tok):
            continue
        if tok.lemma_ in RIVALRY and tok.pos_ == "NOUN" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "entre":
            rivals = _unique(following_list(ctx, tok.i + 2, tok.sent, ORG))
            for k, a in enumerate(rivals):  # « la concurrence entre Google et OpenAI »
                for b in rivals[k + 1 :]:
                    yield Relation(a.key, "competesWith", b.key, ctx.evidence(tok.sent, "competes.between", 0.8))
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in lexicon.words("triggers.competes") and not is_negated(tok):
            me = subject(ctx, tok, ORG)
            if me is None:
                continue
            rivals = []
            for c in tok.children:
                if c.dep_ == "obj" or (c.dep_.startswith("obl") and any(x.lower_ == "avec" for x in c.children)):
                    rivals += [m for t in conjuncts(c) for m in subtree_mentions(ctx, t, ORG) if m.key != me.key]
            # the rivals are the coordinated names right after « avec »
            for i in range(tok.i + 1, min(tok.i + 3, tok.sent.end)):
                if doc[i].lower_ == "avec":
                    rivals += following_list(ctx, i + 1, tok.sent, ORG)
            for r in _unique(rivals):
                if r.key != me.key:
                    yield Relation(me.key, "competesWith", r.key, ctx.evidence(tok.sent, "competes.verb", 0.85))
        elif tok.lemma_ in lexicon.words("triggers.competes_nouns") and tok.pos_ in ("NOUN", "ADJ"):
            yield from _noun(ctx, tok)


def _noun(ctx: Context, tok) -> Iterator[Relation]:
    doc, sent = ctx.doc, tok.sent
    # whose competitors: « ses concurrents » -> the subject; « concurrents de X » -> X
    owner, confidence = None, 0.6
    for c in tok.children:
        if c.dep_ == "nmod" and ctx.mention(c) and ctx.mention(c).type == ORG:
            owner, confidence = ctx.mention(c).key, 0.8
    if owner is None and tok.i > 0 and doc[tok.i - 1].lower_ in ("ses", "leurs", "son", "sa", "leur"):
        # « ses concurrents »: the competitors of the clause's subject
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        me = subject(ctx, verb, ORG)
        if me is not None:
            owner, confidence = me.key, 0.7
    # the rivals: « concurrents tels que Y », « rivaux comme Y »
    rivals = []
    i = tok.i + 1
    while i < min(tok.i + 4, sent.end) and doc[i].lower_ in ("tels", "telles", "tel", "telle", "que", "qu'", "comme", ",", "notamment"):
        i += 1
    if i > tok.i + 1:
        rivals = following_list(ctx, i, sent, ORG)
    if rivals:
        if owner is None:
            owner = ctx.main_org
            confidence = 0.5
        for r in _unique(rivals):
            if owner and r.key != owner:
                yield Relation(owner, "competesWith", r.key, ctx.evidence(sent, "competes.noun", confidence))
        return
    # « Y, concurrent de X »
    if tok.dep_ == "appos" and owner:
        me = ctx.mention(tok.head)
        if me and me.type == ORG and me.key != owner:
            yield Relation(me.key, "competesWith", owner, ctx.evidence(sent, "competes.apposition", 0.8))


def _unique(mentions):
    seen, out = set(), []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out
