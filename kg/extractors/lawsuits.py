"""``sues``: a person or organisation takes an organisation to court.

* « X a déposé / porté plainte contre Y et Z », « X intente un procès à Y »
* « X poursuit Y (en justice) », « X attaque Y en justice »
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import following_list, is_negated, subject, subtree_mentions
from kg.facts import Relation

PARTIES = ("Person", "Organization")


def extract(ctx: Context) -> Iterator[Relation]:
    """Lawsuits the article states."""
    doc = ctx.doc
    nouns = lexicon.words("triggers.sues_nouns")
    for tok in doc:
        if tok.pos_ != "VERB" or ctx.is_quoted(tok) or is_negated(tok):
            continue
        sent = tok.sent
        defendants = []
        if tok.lemma_ in lexicon.words("triggers.sues"):
            objs = [c for c in tok.children if c.dep_ == "obj"]
            legal = tok.lemma_ != "poursuivre" or any(t.lower_ in ("justice", "plainte", "tribunal") for t in sent)
            if objs and legal:
                defendants = subtree_mentions(ctx, objs[0], "Organization")
        elif any(c.dep_ == "obj" and c.lemma_ in nouns for c in tok.children) or tok.lemma_ in ("porter",):
            window = range(tok.i + 1, min(tok.i + 8, sent.end))
            for i in window:
                if doc[i].lower_ == "contre" or (doc[i].lower_ == "à" and doc[i - 1].lemma_ == "procès"):
                    defendants = following_list(ctx, i + 1, sent, "Organization")
                    break
        if not defendants:
            continue
        plaintiff = subject(ctx, tok, *PARTIES)
        if plaintiff is None:
            continue
        for d in defendants:
            if d.key != plaintiff.key:
                yield Relation(plaintiff.key, "sues", d.key, ctx.evidence(sent, "sues.verb", 0.85))
