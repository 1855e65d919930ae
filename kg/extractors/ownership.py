"""``owns``: an organisation owns a product, platform or another organisation.

* « les plates-formes X Y, Z et W » / « ses plateformes Y, Z et W » (owner: the name right
  after the noun, or for a possessive the sentence's subject or the article's main organisation)
* « Y, filiale de X », « Y, propriété de X », « Y, appartenant à X »
* « X a racheté / acquis Y »
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import following_list, is_negated, subject, subtree_mentions
from kg.facts import Relation

OWNED = ("Product", "Organization", "AIModel")
POSSESSIVES = {"ses", "son", "sa", "leurs", "leur"}


def _owns_noun(tok) -> bool:
    """« plateformes », « applications », and « plates-formes » (three tokens for spaCy)."""
    if tok.pos_ == "NOUN" and tok.lemma_ in lexicon.words("triggers.owns_nouns") and tok.text != "plates":
        return True
    return tok.lower_ in ("formes", "forme") and tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ in ("plates", "plate")


def extract(ctx: Context) -> Iterator[Relation]:
    """Ownership the article states."""
    doc = ctx.doc
    for tok in doc:
        if ctx.is_quoted(tok) or tok.pos_ not in ("NOUN", "VERB"):
            continue
        sent = tok.sent
        if _owns_noun(tok):
            i = tok.i + 1
            if i < sent.end and doc[i].lower_ == "social":  # « réseau social »
                i += 1
            listed = following_list(ctx, i, sent, *OWNED)
            owner, conf = None, 0.8
            if listed and listed[0].type == "Organization":
                # « les plates-formes Meta Instagram, WhatsApp et Facebook »: owner, then its products
                products = following_list(ctx, listed[0].end, sent, "Product", "AIModel")
                if products:
                    owner, listed = listed[0].key, products
            elif listed and any(t.lower_ in POSSESSIVES for t in doc[max(sent.start, tok.i - 3) : tok.i]):
                verb = tok.head
                while verb.dep_ not in ("ROOT",) and verb.pos_ != "VERB" and verb.head is not verb:
                    verb = verb.head
                subj = subject(ctx, verb, "Organization")
                owner, conf = (subj.key, 0.7) if subj else (ctx.main_org, 0.5)
            if owner:
                for m in listed:
                    if m.type in ("Product", "AIModel") and m.key != owner:
                        yield Relation(owner, "owns", m.key, ctx.evidence(sent, "owns.platforms", conf))
                continue
        if tok.pos_ == "NOUN" and tok.lemma_ in lexicon.words("triggers.subsidiary") and tok.dep_ == "appos":
            owned = ctx.mention(tok.head)
            owners = [m for c in tok.children if c.dep_ == "nmod" for m in subtree_mentions(ctx, c, "Organization")]
            if owned and owners and owned.key != owners[0].key:
                yield Relation(owners[0].key, "owns", owned.key, ctx.evidence(sent, "owns.subsidiary", 0.8))
            continue
        if tok.pos_ == "VERB" and not is_negated(tok):
            if tok.lemma_ == "appartenir":
                owned = ctx.mention(tok.head) if tok.dep_ in ("acl", "advcl") else subject(ctx, tok, *OWNED)
                owners = [m for c in tok.children if c.dep_.startswith("obl") for m in subtree_mentions(ctx, c, "Organization")]
                if owned and owners and owned.key != owners[0].key:
                    yield Relation(owners[0].key, "owns", owned.key, ctx.evidence(sent, "owns.belongs_to", 0.8))
            elif tok.lemma_ in ("racheter", "acquérir", "posséder", "détenir", "contrôler"):
                buyer = subject(ctx, tok, "Organization")
                # the object, or a name right after the verb that the parser attached elsewhere
                objs = [c for c in tok.children if c.dep_ == "obj" or (
                    c.i == tok.i + 1 and ctx.mention(c) and not any(x.dep_ == "case" for x in c.children))]
                if objs and objs[0].lemma_ in lexicon.words("triggers.invests_nouns"):
                    continue  # « détient une part de Y » is an investment
                if buyer and objs:
                    for m in subtree_mentions(ctx, objs[0], *OWNED):
                        if m.key != buyer.key:
                            yield Relation(buyer.key, "owns", m.key, ctx.evidence(sent, "owns.acquisition", 0.8))
