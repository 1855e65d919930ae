"""``sues``: a person or organisation takes an organisation to court.

* « X a déposé / porté plainte contre Y et Z », « X intente un procès à Y »,
  « X a engagé des poursuites contre la société » (a description of the article's organisation)
* « X poursuit Y (en justice) », « X attaque Y en justice », « X a assigné Y et Z »
  (defendants: the object, or the names the parser attached to the verb otherwise)

Persons are kept as defendants only where the text is plainly legal (a complaint, « en
justice »); the pipeline's signature decides whether it keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import conjuncts, described_org, following_list, is_negated, subject, subtree_mentions
from kg.facts import Relation
from kg.resolve import Resolved

PARTIES = ("Person", "Organization")
ORG = "Organization"
#: what the parser may call a name it failed to take for the object (« avaient assigné OpenAI et Meta »)
LOOSE_OBJECTS = {"obj", "dep", "conj", "nsubj", "appos", "advmod", "obl:arg", "obl:mod"}


def extract(ctx: Context) -> Iterator[Relation]:
    """Lawsuits the article states."""
    nouns = lexicon.words("triggers.sues_nouns")
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or ctx.is_quoted(tok) or is_negated(tok):
            continue
        sent = tok.sent
        plaintiff = subject(ctx, tok, *PARTIES)
        if plaintiff is None:
            continue
        if tok.lemma_ in lexicon.words("triggers.sues"):
            defendants, conf = _verb_defendants(ctx, tok, plaintiff)
        elif any(c.dep_ == "obj" and c.lemma_ in nouns for c in tok.children) or tok.lemma_ in ("porter",):
            defendants, conf = _noun_defendants(ctx, tok), 0.85
        else:
            continue
        for key, c in defendants:
            if key != plaintiff.key:
                yield Relation(plaintiff.key, "sues", key, ctx.evidence(sent, "sues.verb", min(conf, c)))


def _legal(sent: Span) -> bool:
    """Whether the sentence speaks of a court (« en justice », « devant un tribunal »)."""
    return any(t.lower_ in lexicon.words("triggers.sues_legal") for t in sent)


def _verb_defendants(ctx: Context, tok: Token, plaintiff: Resolved) -> tuple[list[tuple[str, float]], float]:
    """« X poursuit / attaque / assigne Y »: the defendants and the confidence of the reading."""
    legal = tok.lemma_ == "assigner" or _legal(tok.sent)
    types = PARTIES if legal else (ORG,)
    objs = [c for c in tok.children if c.dep_ == "obj"]
    named = subtree_mentions(ctx, objs[0], *types) if objs else []
    if named and ctx.mention(objs[0]) is None and objs[0].i > named[0].start:
        named = []  # « poursuit de son côté Stability AI, l'éditeur de … »: names before the object
    if not named:
        named = _loose_objects(ctx, tok, types)
    if not named or not legal and (tok.lemma_ != "poursuivre" or not _adjacent(ctx, tok, plaintiff, named[0])):
        return [], 0.0
    return [(m.key, 0.85) for m in named], 0.85 if legal else 0.7


def _loose_objects(ctx: Context, verb: Token, types: tuple[str, ...]) -> list[Resolved]:
    """Names right after the verb that the parser did not make its object: its children (or
    their apposition) after it, and what is coordinated with them."""
    out: list[Resolved] = []
    for c in verb.children:
        if c.i <= verb.i or c.dep_ not in LOOSE_OBJECTS:
            continue
        for t in [c, *(x for x in c.children if x.dep_ == "appos")]:
            m = ctx.mention(t)
            if m and m.type in types and m not in out and m.start > verb.i:
                out.append(m)
    if out:
        # the list they open: « OpenAI et Meta », whatever the parser attached « Meta » to
        out += [m for m in following_list(ctx, out[0].start, verb.sent, *types) if m not in out]
    return sorted(out, key=lambda m: m.start)


def _adjacent(ctx: Context, verb: Token, plaintiff: Resolved, defendant: Resolved) -> bool:
    """Two organisations right around the verb (« Getty Images poursuit de son côté Stability
    AI »): a legal reading of « poursuivre » without « en justice »."""
    if plaintiff.type != ORG or defendant.type != ORG:
        return False
    doc = ctx.doc
    before = [t for t in doc[plaintiff.end : verb.i] if t.pos_ not in ("AUX", "ADV", "PUNCT")]
    between = doc[verb.i + 1 : defendant.start]
    if before or len(between) > 3 or any(t.is_punct or t.pos_ in ("VERB", "PROPN") for t in between):
        return False
    # not the complement of a preposition (« sa route malgré Microsoft »), not inside another object
    name = doc[defendant.start : defendant.end]
    objects = [t for c in verb.children if c.dep_ == "obj" and ctx.mention(c) is None for t in c.subtree]
    return not any(c.dep_ == "case" for t in name for c in t.children) and not any(t in objects for t in name)


def _noun_defendants(ctx: Context, tok: Token) -> list[tuple[str, float]]:
    """« X a porté plainte / engagé des poursuites contre Y et Z », « intente un procès à Y »."""
    doc, sent = ctx.doc, tok.sent
    out: list[tuple[str, float]] = []
    for i in range(tok.i + 1, min(tok.i + 8, sent.end)):
        if doc[i].lower_ == "contre" or (doc[i].lower_ == "à" and doc[i - 1].lemma_ == "procès"):
            out = [(m.key, 0.85) for m in following_list(ctx, i + 1, sent, *PARTIES)]
            break
    for t in tok.subtree:
        if t.dep_ == "case" and t.lower_ == "contre" and t.head.i > tok.i:
            # « contre la société et son directeur général, Sam Altman »
            for d in conjuncts(t.head):
                m = ctx.mention(d)
                if m and m.type in PARTIES:
                    out.append((m.key, 0.85))
                elif (described := described_org(ctx, d)) is not None:
                    out.append(described)
            break
    return list(dict.fromkeys(out))
