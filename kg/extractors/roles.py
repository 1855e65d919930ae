"""Roles: a person holds a title at an organisation.

Patterns, on the surface of the sentence around a *title chunk* (a title head from the lexicon
and its complements: « vice-présidente de la recherche sur l'IA »):

* apposition after the name: « Joelle Pineau, vice-présidente … chez Meta »
* title before the name: « le chef des affaires mondiales de Meta, Nick Clegg »,
  « le directeur général Mark Zuckerberg »
* reported speech: « « … », vice-président … chez Meta, a déclaré Yann LeCun »
* founders: « X a fondé Y », « Y, fondé par X »

The organisation comes from « chez / de / d' / du X » after the title; otherwise from the one
organisation the sentence names, or the article's main organisation, with lower confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import SAYING, subtree_mentions
from kg.facts import Role
from kg.resolve import Resolved

ORG_PREPS = {"chez", "de", "d'", "du", "des", "auprès"}
LINK_PREPS = {"de", "d'", "du", "des", "en", "sur", "à", "au", "aux", "pour"}
DETS = {"la", "le", "l'", "les"}


@dataclass(frozen=True)
class TitleChunk:
    """A title as written (tokens ``start:end``) and the organisation named right after it."""

    start: int
    end: int
    org: Resolved | None
    after: int  # first token after the title and its organisation


def _is_title_head(tok: Token) -> bool:
    return tok.lower_ in lexicon.words("titles") or (
        tok.pos_ in ("NOUN", "ADJ") and tok.lemma_.casefold() in lexicon.words("titles")
    )


def title_chunks(ctx: Context, sent: Span) -> Iterator[TitleChunk]:
    """Title chunks of a sentence, outside quotes and names."""
    doc = ctx.doc
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        if not _is_title_head(tok) or ctx.mention(tok) or ctx.is_quoted(tok) or not tok.is_lower:
            i += 1
            continue
        start, j, last, org = i, i + 1, i + 1, None
        while j < sent.end:
            t = doc[j]
            if ctx.mention(t):
                break
            low = t.lower_
            if low in ORG_PREPS:
                k = j + 1
                while k < sent.end and doc[k].lower_ in DETS:
                    k += 1
                m = ctx.mention(doc[k]) if k < sent.end else None
                if m is not None:
                    if m.type == "Organization":
                        org = m
                        j = m.end
                    break
            if low == "et" and j + 1 < sent.end and _is_title_head(doc[j + 1]):
                j += 1
                continue
            if low in LINK_PREPS or low in DETS:
                j += 1
                continue
            if t.pos_ in ("ADJ", "NOUN") and t.is_lower or t.text in ("IA", "AI"):
                j += 1
                last = j
                continue
            if _is_title_head(t):
                j += 1
                last = j
                continue
            break
        end = last
        while end > start + 1 and doc[end - 1].lower_ in LINK_PREPS | DETS:
            end -= 1
        after = org.end if org else end
        yield TitleChunk(start, end, org, after)
        i = max(after, i + 1)


def _person_before(ctx: Context, chunk: TitleChunk, sent: Span) -> Resolved | None:
    i = chunk.start - 1
    while i >= sent.start and ctx.doc[i].lower_ in DETS:
        i -= 1
    if i - 1 >= sent.start and ctx.doc[i].text == ",":
        m = ctx.mention(ctx.doc[i - 1])
        if m and m.type == "Person":
            return m
    return None


def _person_after(ctx: Context, chunk: TitleChunk, sent: Span) -> tuple[Resolved | None, str]:
    doc = ctx.doc
    i = chunk.after
    if i < sent.end and doc[i].text == ",":
        i += 1
    if i < sent.end:
        m = ctx.mention(doc[i])
        if m and m.type == "Person":
            return m, "roles.title_before_name"
    # reported speech: « …, a déclaré Yann LeCun »
    j = chunk.after
    if j < sent.end and doc[j].text == ",":
        for k in range(j + 1, min(j + 5, sent.end)):
            t = doc[k]
            if t.lemma_ in SAYING and t.pos_ in ("VERB", "ADP"):
                nxt = k + 1
                if nxt < sent.end and ctx.mention(doc[nxt]) and ctx.mention(doc[nxt]).type == "Person":
                    return ctx.mention(doc[nxt]), "roles.reported_speech"
                break
    return None, ""


def _context_org(ctx: Context, sent: Span, title: str) -> tuple[Resolved | str | None, float]:
    words = set(title.casefold().replace("-", " ").split())
    if words & lexicon.words("not_corporate") or title.casefold() in ("président", "présidente"):
        return None, 0.0  # « le président Emmanuel Macron »: no organisation to guess
    orgs = {m.key: m for m in ctx.mentions_in(sent, "Organization") if not ctx.is_quoted(ctx.doc[m.start])}
    if len(orgs) == 1:
        return next(iter(orgs.values())), 0.6
    if not orgs and ctx.main_org:
        return ctx.main_org, 0.4
    return None, 0.0


def extract(ctx: Context) -> Iterator[Role]:
    """Roles of people at organisations, one per (person, organisation, title) and sentence."""
    doc = ctx.doc
    for sent in ctx.doc.sents:
        if not ctx.mentions_in(sent, "Person"):
            continue
        for chunk in title_chunks(ctx, sent):
            title = doc[chunk.start : chunk.end].text
            if set(title.casefold().replace("-", " ").split()) & lexicon.words("not_corporate"):
                continue
            if chunk.start > sent.start and doc[chunk.start - 1].lower_ in ("ex", "ancien", "ancienne", "futur", "future"):
                continue
            person = _person_before(ctx, chunk, sent)
            how = "roles.apposition"
            if person is None:
                person, how = _person_after(ctx, chunk, sent)
            if person is None:
                continue
            org: Resolved | str | None = chunk.org
            confidence = 0.9
            if org is None:
                org, confidence = _context_org(ctx, sent, title)
                how += ".context_org"
            if org is None:
                continue
            org_key = org if isinstance(org, str) else org.key
            yield Role(person.key, org_key, title, ctx.evidence(sent, how, confidence), lexicon.title_en(title))
    yield from founders(ctx)


def founders(ctx: Context) -> Iterator[Role]:
    """« X a fondé Y » and « Y, fondé(e) par X »: X is a founder of Y."""
    for tok in ctx.doc:
        if tok.lemma_ not in lexicon.words("triggers.founders") or tok.pos_ != "VERB" or ctx.is_quoted(tok):
            continue
        if tok.lemma_ == "créer" and not any(c.dep_ == "obl:agent" for c in tok.children):
            continue  # « créer » alone is too vague; only the passive « créée par X »
        sent = tok.sent
        agents = [c for c in tok.children if c.dep_ == "obl:agent"]
        if agents:
            people = [m for a in agents for m in subtree_mentions(ctx, a, "Person")]
            target = ctx.mention(tok.head) if tok.dep_ in ("acl", "appos") else None
            if target is None:
                subj = [c for c in tok.children if c.dep_ in ("nsubj:pass", "nsubj")]
                target = ctx.mention(subj[0]) if subj else None
        else:
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            people = [ctx.mention(subj[0])] if subj and ctx.mention(subj[0]) else []
            objs = [c for c in tok.children if c.dep_ == "obj"]
            target = ctx.mention(objs[0]) if objs else None
        if target is None or target.type != "Organization":
            continue
        for p in people:
            if p and p.type == "Person":
                yield Role(p.key, target.key, "fondateur", ctx.evidence(sent, "roles.founder", 0.8), "Founder")
