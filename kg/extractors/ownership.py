"""``owns``: an organisation owns a product, platform or another organisation.

* « les plates-formes X Y, Z et W » / « ses plateformes Y, Z et W » (owner: the name right
  after the noun, or for a possessive the sentence's subject or the article's main organisation)
* « Y, filiale de X », « Y est / devient une filiale de X », « Y, la division de recherche du
  groupe » (the group: the sentence's subject, or the article's organisation)
* « X, la maison mère de Y », « Y et sa maison mère X »
* « Azure, le service de cloud de Microsoft » (a product, then a noun of ``owns_nouns``)
* « Y, appartenant à X », « X a racheté / acquis Y », « Y a été racheté par X »
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import described_org, following_list, is_negated, is_org_description, subject, subtree_mentions
from kg.facts import Relation
from kg.resolve import Resolved

ORG = "Organization"
OWNED = ("Product", "Organization", "AIModel")
POSSESSIVES = lexicon.words("possessives")


def _owns_noun(tok) -> bool:
    """« plateformes », « applications », and « plates-formes » (three tokens for spaCy)."""
    if tok.pos_ == "NOUN" and tok.lemma_ in lexicon.words("triggers.owns_nouns") and tok.text != "plates":
        return True
    return tok.lower_ in ("formes", "forme") and tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ in ("plates", "plate")


def extract(ctx: Context) -> Iterator[Relation]:
    """Ownership the article states."""
    yield from _owner_noun(ctx)
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
                while verb.dep_ not in ("ROOT",) and verb.pos_ != "VERB" and verb.head.i != verb.i:
                    verb = verb.head
                subj = subject(ctx, verb, "Organization")
                owner, conf = (subj.key, 0.7) if subj else (ctx.main_org, 0.5)
            if owner:
                for m in listed:
                    if m.type in ("Product", "AIModel") and m.key != owner:
                        yield Relation(owner, "owns", m.key, ctx.evidence(sent, "owns.platforms", conf))
                continue
        if tok.pos_ == "NOUN" and tok.lemma_ in lexicon.words("triggers.subsidiary"):
            yield from _subsidiary(ctx, tok)
            continue
        if tok.pos_ == "NOUN" and _parent_noun(tok):
            yield from _parent(ctx, tok)
            continue
        if tok.pos_ == "NOUN" and tok.lemma_ in lexicon.words("triggers.owns_nouns"):
            owned = _appositive_to(ctx, tok, "Product")
            owners = _complements(ctx, tok)
            if owned and owners:
                yield Relation(owners[0][0], "owns", owned.key, ctx.evidence(sent, "owns.product", owners[0][1]))
            continue
        if tok.pos_ == "VERB" and not is_negated(tok) and tok.lemma_ in lexicon.words("triggers.owns_buy") and _passive(tok):
            yield from _bought_by(ctx, tok)
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
                if objs and (objs[0].lemma_ in lexicon.words("triggers.invests_nouns") or objs[0].text == "%"):
                    continue  # « détient une part de Y / 30 % de Y » is an investment
                if buyer and objs:
                    for m in subtree_mentions(ctx, objs[0], *OWNED):
                        if m.key != buyer.key:
                            yield Relation(buyer.key, "owns", m.key, ctx.evidence(sent, "owns.acquisition", 0.8))


def _passive(verb: Token) -> bool:
    """« a été racheté par », « rachetée par Google en 2014 » (a participle with its agent)."""
    return any(c.dep_ == "aux:pass" for c in verb.children) or (
        "Part" in verb.morph.get("VerbForm") and verb.dep_ in ("acl", "appos", "advcl", "conj") and not any(c.dep_ in ("aux:tense", "nsubj") for c in verb.children)
    )


def _bought_by(ctx: Context, verb: Token) -> Iterator[Relation]:
    """« DeepMind a été rachetée par Google », « DeepMind, rachetée par Google en 2014 »."""
    agents = [c for c in verb.children if c.dep_.startswith("obl") and any(x.dep_ == "case" and x.lower_ == "par" for x in c.children)]
    buyer = ctx.mention(agents[0]) if agents else None
    if buyer is None or buyer.type != ORG:
        return
    if any(c.dep_ == "aux:pass" for c in verb.children):
        owned = subject(ctx, verb, *OWNED)
    else:
        owned = ctx.mention(verb.head)
    if owned and owned.type in OWNED and owned.key != buyer.key:
        yield Relation(buyer.key, "owns", owned.key, ctx.evidence(verb.sent, "owns.acquisition", 0.8))


def _subsidiary(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« Y, filiale de X », « Y est / devient une filiale de X », « Y, la division de recherche du groupe »."""
    owners = _complements(ctx, tok)
    if not owners:
        return
    owned = _appositive_to(ctx, tok, *OWNED)
    if owned is None and tok.dep_ == "appos":
        owned = ctx.mention(tok.head)
    if owned is None and any(c.dep_ == "cop" for c in tok.children):
        owned = subject(ctx, tok, ORG)
    if owned is None and tok.dep_ in ("obj", "xcomp") and tok.head.lemma_ in ("devenir", "rester", "demeurer"):
        owned = subject(ctx, tok.head, ORG) if not is_negated(tok.head) else None
    if owned is None and (tok.dep_ == "appos" or tok.i > 0 and tok.nbor(-1).text == ","):
        owned = _copula_subject(ctx, tok)
    key, conf = owners[0]
    if owned and owned.type in OWNED and owned.key != key:
        yield Relation(key, "owns", owned.key, ctx.evidence(tok.sent, "owns.subsidiary", conf))


def _copula_subject(ctx: Context, tok: Token) -> Resolved | None:
    """The subject of « Y est un laboratoire …, filiale de X » when the apposition hangs off a
    word of the predicate and the parser missed the subject (``dep`` instead of ``nsubj``)."""
    pred = next((a for a in tok.ancestors if any(c.dep_ == "cop" for c in a.children)), None)
    if pred is None or ctx.is_quoted(pred):
        return None
    cop = next(c for c in pred.children if c.dep_ == "cop")
    for c in pred.children:
        if c.dep_ in ("nsubj", "dep") and c.i < cop.i:
            found = [m for m in subtree_mentions(ctx, c, ORG) if m.start < cop.i]
            return found[0] if found else None
    return None


def _parent_noun(tok: Token) -> bool:
    """« maison mère », « société mère », « maison-mère »."""
    parents = lexicon.words("triggers.parent")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in parents or (nxt is not None and f"{tok.lower_} {nxt.lower_}" in parents)


def _parent(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« X, la maison mère de Y » (X owns Y), « Y et sa maison mère X »."""
    doc, sent = ctx.doc, tok.sent
    end = tok.i + (1 if "-" in tok.text else 2)
    if any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in tok.children):
        owner = ctx.mention(doc[end]) if end < sent.end else None
        before = [m for m in ctx.mentions_in(doc[max(sent.start, tok.i - 6) : tok.i], ORG)]
        owned, conf = (before[-1] if before else None), 0.6
    else:
        owner = _appositive_to(ctx, tok, ORG)
        owned, conf = (ctx.mention(doc[end + 1]) if end + 1 < sent.end and doc[end].lower_ in ("de", "d'", "du") else None), 0.8
        if owner is None and any(c.dep_ == "cop" for c in tok.children):
            owner = subject(ctx, tok, ORG)
    if owner and owned and owner.type == ORG and owned.type in OWNED and owner.key != owned.key:
        yield Relation(owner.key, "owns", owned.key, ctx.evidence(sent, "owns.parent", conf))


def _appositive_to(ctx: Context, tok: Token, *types: str) -> Resolved | None:
    """The name ``tok`` stands in apposition to, by position: « NAME, (le|la|l'|un|une) (ADJ) tok »."""
    doc = ctx.doc
    i = tok.i - 1
    while i > tok.sent.start and doc[i].pos_ == "ADJ":
        i -= 1
    if doc[i].lower_ not in ("le", "la", "l'", "un", "une") and doc[i].pos_ != "DET":
        i += 1  # « Y, filiale de X » has no article
    if i - 1 <= tok.sent.start or doc[i - 1].text != ",":
        return None
    m = ctx.mention(doc[i - 2])
    return m if m and m.type in types and m.end == i - 1 else None


def _complements(ctx: Context, tok: Token) -> list[tuple[str, float]]:
    """The organisations « de X » qualifies ``tok`` with (« le service de cloud de Microsoft »),
    or the group a definite description points to (« du groupe »): the subject of the sentence,
    else the organisation the article is about."""
    out: list[tuple[str, float]] = []
    for t in tok.subtree:
        if t.i <= tok.i or t.dep_ not in ("nmod", "flat:name") or t.i > tok.i + 6:
            continue
        if not any(c.dep_ == "case" and c.lower_ in ("de", "d'", "du", "des") for c in t.children):
            continue
        m = ctx.mention(t)
        if m and m.type == ORG:
            out.append((m.key, 0.8))
        elif is_org_description(ctx, t):
            root = t.sent.root
            subj = subject(ctx, root, ORG) if root.pos_ in ("VERB", "AUX") else None
            described = described_org(ctx, t)
            out += [(subj.key, 0.6)] if subj else [described] if described else []
    return out


OWNER_NOUNS = lexicon.words("owner_nouns")


def _owner_noun(ctx: Context) -> Iterator[Relation]:
    """« Meta, propriétaire d'Instagram et de WhatsApp »: an organisation in apposition to an
    owner noun owns each name listed after it."""
    doc = ctx.doc
    for org in ctx.mentions:
        i = org.end
        if org.type != "Organization" or i + 2 >= len(doc) or doc[i].text != "," or ctx.is_quoted(doc[i]):
            continue
        i += 1
        if doc[i].lower_ in ("le", "la", "l'", "un", "une"):
            i += 1
        if i >= len(doc) or doc[i].lower_ not in OWNER_NOUNS:
            continue
        i += 1
        sent = doc[i - 1].sent
        while i < sent.end and doc[i].lower_ in ("de", "d'", "du", "des", "la", "le", "l'", "et", ","):
            i += 1
            m = ctx.mention(doc[i]) if i < sent.end else None
            if m is not None and m.type in OWNED and m.key != org.key:
                yield Relation(org.key, "owns", m.key, ctx.evidence(sent, "owns.owner_noun", 0.8))
                i = m.end
