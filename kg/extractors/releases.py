"""``releases``: an organisation releases an AI model or a product.

* verb: « X a publié / lancé / dévoilé (son modèle) Y »
* passive participle: « Y, développé par X »
* noun phrase: « ChatGPT d'OpenAI », « le modèle Y de X », « un précédent modèle X, Y »
* relative: « X, dont le dernier modèle Y »
A release by a lab counts for its parent organisation too (gazetteer ``parent``).
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import gazetteer, lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import is_negated, subject, subtree_mentions
from kg.facts import Relation

MODELS = ("AIModel", "Product")


def extract(ctx: Context) -> Iterator[Relation]:
    """Every release the article states, and the parent organisations' releases."""
    found = list(_extract(ctx))
    yield from found
    gaz = gazetteer.load()
    for r in found:
        entry = gaz.by_key(r.subject)
        if entry and entry.parent:
            parent = gaz.lookup(entry.parent)
            if parent:
                ev = r.evidence
                yield Relation(parent.key, "releases", r.object,
                               type(ev)(ev.article_id, ev.start, ev.end, ev.sentence,
                                        "releases.parent_organisation", round(ev.confidence * 0.8, 2)))


def _extract(ctx: Context) -> Iterator[Relation]:
    doc = ctx.doc
    verbs = lexicon.words("triggers.releases")
    nouns = lexicon.words("triggers.releases_nouns")
    for tok in doc:
        if ctx.is_quoted(tok):
            continue
        # « X a publié Y », « Y, développé par X »
        if tok.pos_ == "VERB" and tok.lemma_ in verbs and not is_negated(tok):
            agents = [c for c in tok.children if c.dep_ == "obl:agent"]
            if agents:
                orgs = [m for a in agents for m in subtree_mentions(ctx, a, "Organization")]
                models = []
                if tok.dep_ in ("acl", "appos"):
                    # « Mixtral, développé par X », « le modèle Mixtral, développé par X »
                    near = [tok.head] + [c for c in tok.head.children if c.dep_ in ("nmod", "appos", "flat:name") and c.i < tok.i]
                    models = [m for t in near if (m := ctx.mention(t)) and m.type in MODELS][:1]
                for o in orgs[:1]:
                    for m in models:
                        yield Relation(o.key, "releases", m.key, ctx.evidence(tok.sent, "releases.passive", 0.85))
                continue
            org = subject(ctx, tok, "Organization")
            if org is None:
                continue
            for obj in (c for c in tok.children if c.dep_ == "obj"):
                for m in subtree_mentions(ctx, obj, *MODELS):
                    if not ctx.is_quoted(doc[m.start]):
                        yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.verb", 0.85))
            continue
        m = ctx.mention(tok)
        if m is None or m.type != "AIModel" or tok.i != m.start:
            continue
        # « ChatGPT d'OpenAI »: the model's own « de X »
        head_tok = doc[m.end - 1] if doc[m.end - 1].head.i < m.start or doc[m.end - 1].head.i >= m.end else tok
        for child in list(tok.children) + list(head_tok.children):
            org = ctx.mention(child)
            if org and org.type == "Organization" and child.dep_ == "nmod" and any(
                c.dep_ == "case" and c.lower_ in ("de", "d'") for c in child.children
            ):
                yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.genitive", 0.8))
        # « le modèle Y de X », « un précédent modèle X, Y »: a model noun with both names
        head = tok.head
        if head.pos_ == "NOUN" and head.lemma_ in nouns and tok.dep_ in ("appos", "nmod", "flat:name"):
            for child in head.children:
                org = ctx.mention(child)
                if org and org.type == "Organization" and child.dep_ in ("nmod", "compound", "flat:name", "appos"):
                    yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.model_noun", 0.8))
    yield from _relative_dont(ctx)


def _relative_dont(ctx: Context) -> Iterator[Relation]:
    """« X, dont le (dernier) modèle Y »: X's model Y."""
    doc = ctx.doc
    nouns = lexicon.words("triggers.releases_nouns")
    for tok in doc:
        if tok.lower_ != "dont" or ctx.is_quoted(tok) or tok.i < 2:
            continue
        prev = doc[tok.i - 1]
        org = ctx.mention(doc[tok.i - 2]) if prev.text == "," else ctx.mention(prev)
        if org is None or org.type != "Organization":
            continue
        window = doc[tok.i + 1 : min(tok.i + 6, tok.sent.end)]
        if not any(t.lemma_ in nouns for t in window):
            continue
        for t in window:
            m = ctx.mention(t)
            if m and m.type == "AIModel":
                yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.relative", 0.75))
                break


