"""Features of a candidate fact (:class:`kg.candidates.FactCandidate`) for its classifier.

What a relation-extraction model commonly reads: the entity types, the order and distance of the
two mentions, the words between them, the dependency path through their lowest common ancestor,
the trigger lemmas of the lexicon in the sentence and between the mentions, apposition / relative
/ passive / participle / list markers, negation, hedges (conditional, « selon ») and quotation,
how an implicit side was chosen, and the hand-written rules' votes.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg import lexicon
from kg.candidates import ROLE, FactCandidate
from kg.extractors.context import Context

#: the lexicon's trigger lists read for each kind of fact
TRIGGERS = {
    "releases": ("releases", "releases_nouns"),
    "competesWith": ("competes", "competes_nouns"),
    "investsIn": ("invests", "invests_agent", "invests_nouns", "invests_raise", "invests_rounds",
                  "invests_participate", "invests_lead", "invests_investors"),
    "sues": ("sues", "sues_legal", "sues_nouns"),
    "owns": ("owns_nouns", "owns_agent", "owns_buy", "parent", "subsidiary"),
    ROLE: ("founders", "leads"),
}
NEGATIONS = lexicon.words("negation_words")
HEDGES = lexicon.words("hedge_words")
MAX_BETWEEN = 10


def _root(span: Span) -> Token:
    return span.root


def _path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """The tokens from ``a`` up to the lowest common ancestor, the ancestor, and from ``b`` up."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    up_b = []
    for t in [b, *b.ancestors]:
        if t.i in index:
            return up_a[: index[t.i]], t, up_b
        up_b.append(t)
    return up_a, None, up_b


def _triggers(kind: str) -> frozenset[str]:
    out: set[str] = set()
    for name in TRIGGERS[kind]:
        out |= lexicon.words(f"triggers.{name}")
    return frozenset(out)


def features(ctx: Context, c: FactCandidate) -> Iterator[str]:
    """The features of one candidate."""
    doc, sent = ctx.doc, c.sent
    yield "bias"
    yield f"ts={ctx.type_of(c.subject)}"
    yield f"to={ctx.type_of(c.object)}"
    yield f"types={ctx.type_of(c.subject)}>{ctx.type_of(c.object)}"
    for name, conf in sorted(c.votes.items()):
        yield "vote"
        yield f"vote={name}"
        yield f"vote_family={name.split('.')[0]}"
        if conf >= 0.8:
            yield "vote_sure"
    if not c.votes:
        yield "novote"
    trig = _triggers(c.kind)
    lemmas = [t.lemma_.casefold() for t in sent]
    text = sent.text.casefold()
    hits = sorted({l for l in lemmas if l in trig} | {w for w in trig if " " in w and w in text})
    for l in hits:
        yield f"trig={l}"
    yield f"ntrig={min(len(hits), 2)}"
    if any(l in NEGATIONS for l in lemmas):
        yield "negation"
    if any(l in HEDGES for l in lemmas) or any("Cnd" in t.morph.get("Mood") for t in sent):
        yield "hedge"
    if c.kind == ROLE:
        yield f"title_src={c.title_source}"
        for title, current in c.titles[:1]:
            yield f"title_head={title.split()[0].casefold() if title else '-'}"
            if not current:
                yield "former"
    sm, om = c.s_mention, c.o_mention
    for side, m in (("s", sm), ("o", om)):
        if m is None:
            continue
        span = doc[m.start : m.end]
        r = _root(span)
        yield f"{side}_src={m.source}"
        yield f"{side}_dep={r.dep_}"
        if r.head.i != r.i:
            yield f"{side}_head={r.head.lemma_.casefold()}"
            yield f"{side}_dephead={r.dep_}:{r.head.lemma_.casefold()}"
        if ctx.is_quoted(doc[m.start]):
            yield f"{side}_quoted"
        prev = doc[m.start - 1] if m.start > sent.start else None
        if prev is not None:
            yield f"{side}_prev={prev.lower_}"
    if c.implicit:
        yield f"implicit={c.implicit}"
        named = sm or om
        if named is not None:
            yield f"implicit_dep={doc[named.start:named.end].root.dep_}"
            for l in hits:
                yield f"implicit_trig={l}"
        return
    if sm is None or om is None:
        return
    first, second = (sm, om) if sm.start <= om.start else (om, sm)
    yield "order=so" if first is sm else "order=os"
    gap = max(0, second.start - first.end)
    yield f"dist={min(gap, 12) // 3}"
    between = doc[first.end : second.start]
    words = [t for t in between if not t.is_space]
    if len(words) <= MAX_BETWEEN:
        for t in words:
            yield f"bw={t.lemma_.casefold()}"
        if not words:
            yield "adjacent"
        yield "bw_seq=" + "_".join(t.lemma_.casefold() for t in words[:4])
    else:
        yield "bw_long"
    for t in words:
        l = t.lemma_.casefold()
        if l in trig:
            yield f"bw_trig={l}"
        if t.lower_ in ("qui", "que", "dont", "lequel", "laquelle"):
            yield "bw_relative"
        if t.lower_ == "par":
            yield "bw_par"
        if "Part" in t.morph.get("VerbForm") and t.pos_ == "VERB":
            yield "bw_participle"
            yield f"bw_part={l}"
        if l in NEGATIONS:
            yield "bw_negation"
    others = sum(1 for m in ctx.mentions_in(between) if m.key not in (c.subject, c.object))
    yield f"others_between={min(others, 2)}"
    if words and words[0].text == ",":
        yield "comma_after_first"
    if words and all(t.text in (",", "et", "ou") for t in words):
        yield "listed"
    a, b = _root(doc[sm.start : sm.end]), _root(doc[om.start : om.end])
    up_a, lca, up_b = _path(a, b)
    if lca is not None:
        yield f"lca={lca.lemma_.casefold()}"
        yield f"lca_pos={lca.pos_}"
        if lca.lemma_.casefold() in trig:
            yield "lca_trig"
            yield f"lca_trig={lca.lemma_.casefold()}"
        if any(ch.dep_ == "aux:pass" for ch in lca.children):
            yield "lca_passive"
        if any(ch.lower_ in ("ne", "n'", "pas", "jamais") for ch in lca.children):
            yield "lca_negated"
        if "Cnd" in lca.morph.get("Mood"):
            yield "lca_conditional"
        path = [t.dep_ for t in up_a] + ["^"] + [t.dep_ for t in reversed(up_b)]
        if len(path) <= 6:
            yield "path=" + ">".join(path)
            yield f"path_lca={'>'.join(path)}:{lca.lemma_.casefold()}"
        yield f"pathlen={min(len(path), 7)}"
        for t in [*up_a[1:], *up_b[1:]]:
            yield f"path_word={t.lemma_.casefold()}"
    else:
        yield "no_lca"
