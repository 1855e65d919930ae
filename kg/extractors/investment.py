"""``investsIn``: an organisation invests in another.

* « Y, soutenu(s) par X » (a plural participle covers every name coordinated before it)
* « X a investi … dans Y », « X finance Y », « X détient une part / participation de (dans) Y »
* « Y a levé 80 millions auprès de X », « des investisseurs emmenés par X »
* « X participe au tour de table / à l'opération », « X a mené le tour de table (de Y) »: Y is
  named, or the organisation that raised money in the same paragraph, or the article's topic
* « X, principal investisseur / actionnaire de Y », « parmi les investisseurs de Y figurent X »
* « X a annoncé un investissement … dans Y », « X détient 30 % de Y »
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import conjuncts, described_org, is_negated, preceding_list, subject, subtree_mentions
from kg.facts import Relation
from kg.resolve import Resolved

ORG = "Organization"
#: clauses hanging off a noun phrase that speak of something else (« Y, qui a aussi financé Z »)
CLAUSES = {"acl:relcl", "advcl", "ccomp", "parataxis", "csubj"}
MONEY = lexicon.words("money_nouns")
DEFINITE = {"le", "la", "l'", "les"}
POSSESSIVE = lexicon.words("possessives_one_owner")
Target = tuple[str, float]  # an entity key and the confidence of finding it there


def extract(ctx: Context) -> Iterator[Relation]:
    """Investments the article states."""
    for tok in ctx.doc:
        if ctx.is_quoted(tok):
            continue
        if tok.pos_ == "VERB" and not is_negated(tok):
            yield from _backed_by(ctx, tok)
            yield from _invest_verb(ctx, tok)
            yield from _raised_from(ctx, tok)
            yield from _rounds(ctx, tok)
        elif tok.pos_ in ("NOUN", "PROPN"):
            yield from _investor_noun(ctx, tok)
            yield from _investment_noun(ctx, tok)


def _facts(ctx: Context, investors: list[Resolved], targets: list[Target], sent: Span, name: str) -> Iterator[Relation]:
    for inv in investors:
        for key, conf in targets:
            if inv.type in (ORG, "Person") and key != inv.key:  # business angels invest too
                yield Relation(inv.key, "investsIn", key, ctx.evidence(sent, name, conf))


def _backed_by(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« Y, soutenu par X »."""
    doc, sent = ctx.doc, tok.sent
    if tok.lemma_ not in lexicon.words("triggers.invests_agent") or tok.i + 2 >= sent.end or doc[tok.i + 1].lower_ != "par":
        return
    investors = subtree_mentions(ctx, doc[tok.i + 2], ORG)[:1]
    # the backed ones: the names right before « , soutenus par »
    k = tok.i - 1
    if k >= sent.start and doc[k].text == ",":
        backed = preceding_list(ctx, k, sent, ORG)
        if "Plur" not in tok.morph.get("Number"):
            backed = backed[-1:]
    else:
        head = ctx.mention(tok.head)
        backed = [head] if head and head.type == ORG else []
    yield from _facts(ctx, investors, [(b.key, 0.8) for b in backed], sent, "invests.backed_by")


def _invest_verb(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« X a investi dans Y », « X finance Y », « X détient une participation dans Y / 30 % de Y »."""
    if tok.lemma_ not in ("investir", "financer", "injecter", "détenir", "acquérir", "prendre"):
        return
    me = _agent(ctx, tok)
    if me is None:
        return
    targets: list[Target] = []
    for c in tok.children:
        if tok.lemma_ == "financer" and c.dep_ == "obj":
            targets += [(m.key, 0.8) for m in subtree_mentions(ctx, c, ORG)]
        if tok.lemma_ in ("détenir", "acquérir", "prendre") and c.dep_ == "obj":
            if c.lemma_ in lexicon.words("triggers.invests_nouns"):
                targets += [(m.key, 0.8) for m in subtree_mentions(ctx, c, ORG)]
            elif c.text == "%":
                targets += _stake_of(ctx, c, tok)
    if tok.lemma_ in ("investir", "injecter"):
        targets += _into(ctx, tok)  # « dans Y » may hang off the amount (« 2 milliards … dans Y »)
    yield from _facts(ctx, [me], targets, tok.sent, "invests.verb")


def _stake_of(ctx: Context, pct: Token, verb: Token) -> list[Target]:
    """Whose capital « 30 % » is: « 30 % de Y », or « 30 % de son capital » (the clause's subject)."""
    for c in pct.children:
        if c.dep_ != "nmod":
            continue
        named = [(m.key, 0.8) for m in _phrase_mentions(ctx, c, ORG)]
        if named:
            return named
        if c.lemma_ == "capital" and any(d.lower_ in POSSESSIVE for d in c.children):
            owner = subject(ctx, verb.head, ORG) if verb.dep_ in ("advcl", "acl:relcl", "conj") else None
            if owner:
                return [(owner.key, 0.6)]
            return [(topic, 0.5)] if (topic := ctx.topic()) else []
    return []


def _into(ctx: Context, tok: Token) -> list[Target]:
    """Organisations introduced by « dans » within the phrases ``tok`` governs."""
    out: list[Target] = []
    for t in _phrase(tok):
        if t.i == tok.i or not any(c.dep_ == "case" and c.lower_ == "dans" for c in t.children):
            continue
        m = ctx.mention(t)
        if m and m.type == ORG:
            out.append((m.key, 0.8))
        elif (described := described_org(ctx, t)) is not None:
            out.append(described)
    return out


def _raised_from(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« Y a levé 80 millions d'euros auprès de X »."""
    if tok.lemma_ not in lexicon.words("triggers.invests_raise") or not _raises_money(tok):
        return
    raiser = _agent(ctx, tok)
    if raiser is None:
        return
    sources = [t for c in tok.children if c.lower_ == "auprès" for t in c.children if t.dep_.startswith("obl")]
    sources += [c for c in tok.children if c.dep_.startswith("obl") and any(x.lower_ == "auprès" for x in c.children)]
    investors = [m for s in sources for m in _phrase_mentions(ctx, s, ORG)]
    yield from _facts(ctx, investors, [(raiser.key, 0.8)], tok.sent, "invests.raised_from")


def _rounds(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« X participe au tour de table », « tour auquel ont participé X », « X a mené le tour »,
    « investisseurs emmenés par X »."""
    lemma = tok.lemma_
    if _verb_in(tok, "triggers.invests_participate"):
        if tok.dep_ == "acl:relcl" and _is_round(tok.head):
            round_ = tok.head
        else:
            rounds = [c for c in tok.children if c.dep_.startswith("obl") and _is_round(c)]
            if not rounds:
                return
            round_ = rounds[0]
        investors = _subjects(ctx, tok)
    elif lemma in lexicon.words("triggers.invests_lead"):
        agents = [c for c in tok.children if c.dep_.startswith("obl") and any(x.lower_ == "par" for x in c.children)]
        passive = [c for c in tok.children if c.dep_ == "nsubj:pass" and _is_round(c)]
        if tok.dep_ == "acl" and agents and (_is_round(tok.head) or tok.head.lemma_ in lexicon.words("triggers.invests_investors")):
            round_, investors = tok.head, [m for a in agents for m in _phrase_mentions(ctx, a, ORG)]
        elif passive and agents:  # « le tour de table a été mené par X »
            round_, investors = passive[0], [m for a in agents for m in _phrase_mentions(ctx, a, ORG)]
        else:
            objs = [c for c in tok.children if c.dep_ == "obj" and _is_round(c)]
            if not objs:
                return
            round_, me = objs[0], _agent(ctx, tok)
            investors = [me] if me else []
    else:
        return
    if not investors:
        return
    named = [(m.key, 0.8) for t in round_.subtree if t.dep_ == "nmod" and t.i > round_.i
             for m in [ctx.mention(t)] if m and m.type == ORG and t.i < round_.i + 6]
    target = named[:1] or _fundraiser(ctx, round_, explicit=round_.lemma_ != "opération")
    yield from _facts(ctx, investors, target, tok.sent, "invests.round")


def _investor_noun(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« X, principal investisseur de Y », « X est actionnaire de Y », « parmi les investisseurs de Y figurent X »."""
    if tok.lemma_ not in lexicon.words("triggers.invests_investors") or tok.pos_ != "NOUN":
        return
    doc, sent = ctx.doc, tok.sent
    targets: list[Target] = [(m.key, 0.8) for c in tok.children if c.dep_ == "nmod"
                             and any(x.lower_ in ("de", "d'", "du", "des") for x in c.children)
                             for m in [ctx.mention(c)] if m and m.type == ORG]
    if not targets and any(c.dep_ == "det" and c.lower_ in POSSESSIVE for c in tok.children) and ctx.topic():
        targets = [(ctx.topic(), 0.5)]  # « ses investisseurs »: the organisation the article is about
    if not targets:
        return
    investors: list[Resolved] = []
    left = next(t.i for t in tok.subtree if not t.is_punct)
    if any(c.dep_ == "case" and c.lower_ == "parmi" for c in tok.children) and tok.head.pos_ == "VERB":
        # « Parmi ses investisseurs figuraient X et Y »
        for c in tok.head.children:
            if c.i != tok.i and c.dep_ in ("obj", "nsubj", "nsubj:pass"):
                investors += [m for t in conjuncts(c) if (m := ctx.mention(t))]
    elif any(c.dep_ == "cop" for c in tok.children):
        me = subject(ctx, tok, ORG)
        investors = [me] if me else []
    elif left > sent.start and doc[left - 1].text == ",":
        # « X, principal investisseur de Y » (apposition, whatever the parser made of it)
        investors = preceding_list(ctx, left - 1, sent, ORG)
        if "Plur" not in tok.morph.get("Number"):
            investors = investors[-1:]
    yield from _facts(ctx, investors, targets, sent, "invests.investor")


def _investment_noun(ctx: Context, tok: Token) -> Iterator[Relation]:
    """« X a annoncé un investissement de 4 milliards dans Y »."""
    if tok.lemma_ not in ("investissement", "injection") or tok.dep_ != "obj":
        return
    verb = tok.head
    if verb.lemma_ not in lexicon.words("triggers.invests_announce") or is_negated(verb) or ctx.is_quoted(verb):
        return
    me = _agent(ctx, verb)
    if me is not None:
        yield from _facts(ctx, [me], _into(ctx, tok), tok.sent, "invests.investment")


# --- helpers -------------------------------------------------------------------------------


def _agent(ctx: Context, verb: Token) -> Resolved | None:
    """The organisation doing ``verb``, also through a relative « qui » the parser attached
    elsewhere (« le fonds Kestrel Capital, qui détient … »)."""
    me = subject(ctx, verb, ORG)
    if me is not None:
        return me
    qui = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and c.lower_ == "qui"]
    if not qui:
        return _controller(ctx, verb)
    i = qui[0].i - 1
    if i >= 0 and ctx.doc[i].text == ",":
        i -= 1
    m = ctx.mention(ctx.doc[i]) if i >= qui[0].sent.start else None
    return m if m and m.type == ORG and m.end == i + 1 else None


def _controller(ctx: Context, verb: Token) -> Resolved | None:
    """The subject of the clause an infinitive hangs from, through a noun the parser put in
    between (« Google s'est à son tour engagé à investir »: investir < engagé < tour < est)."""
    t = verb
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acl", "advcl", "obl:arg") or t.head.i == t.i:
            return None
        t = t.head
        subj = [c for c in t.children if c.dep_ == "nsubj"]
        if subj:
            m = ctx.mention(subj[0])
            return m if m and m.type == ORG else None
    return None


def _subjects(ctx: Context, verb: Token) -> list[Resolved]:
    """Every organisation subject of ``verb``: coordinated, inverted (« auquel ont participé
    X, Y et Z »), or through a relative « qui »."""
    out: list[Resolved] = []
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubj:pass") or c.pos_ == "PRON":
            continue
        for t in conjuncts(c):
            if (m := ctx.mention(t)) and m.type == ORG and m not in out:
                out.append(m)
        if c.i > verb.i and (m := ctx.mention(c)):
            out += [x for x in _name_list(ctx, m) if x not in out]
    if not out and (me := _agent(ctx, verb)):
        out.append(me)
    return out


def _name_list(ctx: Context, first: Resolved) -> list[Resolved]:
    """Organisations listed from ``first`` on, stepping over a lone name that is no mention."""
    doc, sent = ctx.doc, ctx.doc[first.start].sent
    out, i = [first], first.end
    while i + 1 < sent.end and doc[i].text in (",", "et"):
        i += 1 + (doc[i + 1].text == "et")
        m = ctx.mention(doc[i]) if i < sent.end else None
        if m is not None and m.type == ORG:
            out.append(m)
            i = m.end
        elif i + 1 < sent.end and doc[i].text[:1].isupper() and doc[i + 1].text in (",", "et", "."):
            i += 1  # an unknown name in the list: skip it, keep its neighbours
        else:
            break
    return out


def _phrase(tok: Token) -> list[Token]:
    """The tokens of the noun phrase ``tok`` heads, without the clauses hanging off it."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in CLAUSES)
    return sorted(out, key=lambda t: t.i)


def _phrase_mentions(ctx: Context, tok: Token, *types: str) -> list[Resolved]:
    """Mentions in the noun phrase ``tok`` heads (not in its relative clauses)."""
    seen: dict[int, Resolved] = {}
    for t in _phrase(tok):
        m = ctx.mention(t)
        if m and (not types or m.type in types) and not ctx.is_quoted(t):
            seen[m.start] = m
    return [seen[k] for k in sorted(seen)]


def _verb_in(tok: Token, name: str) -> bool:
    """Whether the verb's lemma is in a trigger list; the French lemmatizer leaves some present
    forms of -er verbs as they are (« participe »)."""
    words = lexicon.words(name)
    return tok.lemma_ in words or (tok.lemma_ == tok.lower_ and tok.lower_.endswith("e") and f"{tok.lower_}r" in words)


def _raises_money(verb: Token) -> bool:
    """Whether ``verb`` has an amount of money as object (« lever 80 millions d'euros »)."""
    return any(c.dep_ == "obj" and (c.lemma_ in MONEY or any(x.dep_ == "nummod" for x in c.children)) for c in verb.children)


def _is_round(tok: Token) -> bool:
    """« tour de table », « levée de fonds », « opération », « augmentation de capital »."""
    rounds = lexicon.words("triggers.invests_rounds")
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.lemma_ in rounds:
        return True
    return any(c.dep_ == "nmod" and f"{tok.lemma_} de {c.lemma_}" in rounds for c in tok.children)


def _fundraiser(ctx: Context, tok: Token, *, explicit: bool) -> list[Target]:
    """Who raised the money ``tok`` (a round) speaks of: the subject of a « lever » governing
    it, else of the last one earlier in the paragraph, else (for an explicit round only) the
    article's main organisation."""
    raise_verbs = lexicon.words("triggers.invests_raise")
    for anc in tok.ancestors:
        if anc.lemma_ in raise_verbs and (m := _agent(ctx, anc)):
            return [(m.key, 0.75)]
    doc = ctx.doc
    i = tok.i - 1
    while i >= 0 and "\n\n" not in doc[i].text and doc[i].whitespace_.count("\n") < 2:
        t = doc[i]
        if t.lemma_ in raise_verbs and t.pos_ == "VERB" and _raises_money(t) and not is_negated(t) and not ctx.is_quoted(t):
            m = _agent(ctx, t)
            return [(m.key, 0.6)] if m else []
        i -= 1
    return [(topic, 0.5)] if explicit and (topic := ctx.topic()) else []
