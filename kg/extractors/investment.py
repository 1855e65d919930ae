"""``investsIn``: an organisation invests in another.

* « Y, soutenu(s) par X » (a plural participle covers every name coordinated before it)
* « X a investi … dans Y », « X finance Y », « X détient une part / participation de (dans) Y »
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import is_negated, preceding_list, subject, subtree_mentions
from kg.facts import Relation

ORG = "Organization"


def extract(ctx: Context) -> Iterator[Relation]:
    """Investments the article states."""
    doc = ctx.doc
    for tok in doc:
        if tok.pos_ != "VERB" or ctx.is_quoted(tok) or is_negated(tok):
            continue
        sent = tok.sent
        if tok.lemma_ in lexicon.words("triggers.invests_agent") and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "par":
            investors = subtree_mentions(ctx, doc[tok.i + 2], ORG) if tok.i + 2 < sent.end else []
            investors = investors[:1]
            # the backed ones: the names right before « , soutenus par »
            k = tok.i - 1
            if k >= sent.start and doc[k].text == ",":
                backed = preceding_list(ctx, k, sent, ORG)
                if "Plur" not in tok.morph.get("Number"):
                    backed = backed[-1:]
            else:
                head = ctx.mention(tok.head)
                backed = [head] if head and head.type == ORG else []
            for inv in investors:
                for b in backed:
                    if b.key != inv.key:
                        yield Relation(inv.key, "investsIn", b.key, ctx.evidence(sent, "invests.backed_by", 0.8))
            continue
        if tok.lemma_ in ("investir", "financer", "injecter", "détenir", "acquérir", "prendre"):
            me = subject(ctx, tok, ORG)
            if me is None:
                continue
            targets = []
            for c in tok.children:
                preps = {x.lower_ for x in c.children if x.dep_ == "case"}
                if tok.lemma_ in ("investir", "injecter") and c.dep_.startswith("obl") and "dans" in preps:
                    targets += subtree_mentions(ctx, c, ORG)
                if tok.lemma_ == "financer" and c.dep_ == "obj":
                    targets += subtree_mentions(ctx, c, ORG)
                if tok.lemma_ in ("détenir", "acquérir", "prendre") and c.dep_ == "obj" and c.lemma_ in lexicon.words("triggers.invests_nouns"):
                    targets += subtree_mentions(ctx, c, ORG)
            for t in targets:
                if t.key != me.key:
                    yield Relation(me.key, "investsIn", t.key, ctx.evidence(sent, "invests.verb", 0.8))
