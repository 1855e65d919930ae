"""Small helpers over spaCy's French dependency parses, shared by the extractors."""

from __future__ import annotations


from spacy.tokens import Span, Token

from kg import lexicon
from kg.extractors.context import Context
from kg.resolve import Resolved

NEGATIONS = lexicon.words("negation_particles")
SAYING = lexicon.words("saying_verbs")


def conjuncts(token: Token) -> list[Token]:
    """``token`` and every token coordinated with it (« OpenAI et Google »)."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def is_negated(verb: Token) -> bool:
    """Whether a verb is negated (« n'a pas publié »)."""
    return any(c.dep_ == "advmod" and c.lower_ in NEGATIONS for c in verb.children) or any(
        c.lower_ in ("ne", "n'") for c in verb.children
    )


def mention_in(ctx: Context, tokens: list[Token] | Span, *types: str) -> list[Resolved]:
    """Distinct mentions covering any of ``tokens`` (of the given types), in text order."""
    seen: dict[tuple[int, int], Resolved] = {}
    for t in tokens:
        m = ctx.mention(t)
        if m and (not types or m.type in types):
            seen[(m.start, m.end)] = m
    return [seen[k] for k in sorted(seen)]


def subtree_mentions(ctx: Context, token: Token, *types: str) -> list[Resolved]:
    """Mentions in the subtree of ``token``."""
    return mention_in(ctx, list(token.subtree), *types)


def subject(ctx: Context, verb: Token, *types: str) -> Resolved | None:
    """The entity doing ``verb``: its nominal subject (or the subject's own name, as in
    « la comédienne Sarah Silverman »), climbing to the controlling verb or noun for
    infinitives and participles (« permettra à Meta de rivaliser »)."""
    t: Token | None = verb
    for _ in range(4):
        if t is None:
            return None
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass") and c.dep_ != "expl:subj"]
        if subj and subj[0].lower_ in ("qui", "lequel", "laquelle"):
            # « Google, qui a racheté DeepMind », « sa propre entreprise, xAI, qui a lancé Grok »
            m = ctx.mention(t.head) if t.dep_ == "acl:relcl" else None
            if m is None:
                k = subj[0].i - 1
                if k >= 0 and ctx.doc[k].text == ",":
                    k -= 1
                m = ctx.mention(ctx.doc[k]) if k >= 0 else None
            return m if m and (not types or m.type in types) else None
        if subj:
            m = ctx.mention(subj[0])
            if m and (not types or m.type in types):
                return m
            inner = [x for x in subtree_mentions(ctx, subj[0], *types) if not ctx.is_quoted(ctx.doc[x.start])]
            return inner[0] if inner else None
        if t.dep_ in ("acl", "xcomp", "advcl", "conj") and t.head.i != t.i:
            m = ctx.mention(t.head)
            if m and (not types or m.type in types) and t.dep_ == "acl":
                return m
            obl = [c for c in t.head.children if c.dep_ in ("obl:arg", "iobj") and ctx.mention(c)]
            if t.dep_ in ("xcomp", "acl") and obl:
                m = ctx.mention(obl[0])
                if m and (not types or m.type in types):
                    return m
            t = t.head
            continue
        return None
    return None


def following_list(ctx: Context, start: int, sent: Span, *types: str) -> list[Resolved]:
    """Mentions listed from token ``start`` on, joined by commas and « et » / « ou »."""
    out: list[Resolved] = []
    i = start
    while i < sent.end:
        m = ctx.mention(ctx.doc[i])
        if m is None or (types and m.type not in types):
            break
        out.append(m)
        i = m.end
        if i < sent.end and ctx.doc[i].text in (",", "et", "ou"):
            i += 1
            if i < sent.end and ctx.doc[i].text in ("et", "ou"):
                i += 1
            continue
        break
    return out


def preceding_list(ctx: Context, end: int, sent: Span, *types: str) -> list[Resolved]:
    """Mentions listed right before token ``end`` (exclusive), joined by commas and « et »."""
    out: list[Resolved] = []
    i = end - 1
    while i >= sent.start:
        m = ctx.mention(ctx.doc[i])
        if m is None or (types and m.type not in types):
            break
        out.insert(0, m)
        i = m.start - 1
        if i >= sent.start and ctx.doc[i].text in (",", "et", "ou"):
            i -= 1
            continue
        break
    return out


def left_mention(ctx: Context, token: Token, *types: str) -> Resolved | None:
    """The nearest mention of the given types before ``token`` in its sentence, when no other
    verb stands between them (« La jeune pousse a publié … »: the parser may miss the subject)."""
    sent = token.sent
    for i in range(token.i - 1, sent.start - 1, -1):
        t = ctx.doc[i]
        m = ctx.mention(t)
        if m is not None:
            if ctx.is_quoted(t):
                return None
            return m if (not types or m.type in types) else None
        if t.pos_ == "VERB" or t.lower_ in ("que", "qu'", "qui", "dont", ";", "«", "»"):
            return None
    return None


def described_org(ctx: Context, tok: Token) -> tuple[str, float] | None:
    """The organisation the article is about, for a definite description that is not a mention
    (« dans la start-up », « contre la société »)."""
    topic = ctx.topic()
    return (topic, 0.5) if topic and is_org_description(ctx, tok) else None


def is_org_description(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` heads a singular definite description of an organisation that names none
    (« la start-up », « du groupe »)."""
    if ctx.mention(tok) is not None or "Plur" in tok.morph.get("Number"):
        return False
    if not any(c.dep_ in ("det", "case") and c.lower_ in {"le", "la", "l'", "du", "au"} for c in tok.children):
        return False
    doc = ctx.doc
    word = tok.lemma_
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-":
        word = f"{tok.lower_}-{doc[tok.i + 2].lower_}"  # « start-up » is three tokens
    return lexicon.type_of_noun(word) == "Organization"
