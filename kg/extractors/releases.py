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
from kg.extractors.syntax import is_negated, left_mention, subject, subtree_mentions
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
            org = subject(ctx, tok, "Organization") or left_mention(ctx, tok, "Organization")
            if org is None:
                continue
            models = [m for obj in (c for c in tok.children if c.dep_ == "obj")
                      for m in subtree_mentions(ctx, obj, *MODELS) if not ctx.is_quoted(doc[m.start])]
            if not models:
                found = _after_verb(ctx, tok)
                models = [found] if found else []
            for m in models:
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
    yield from _appositions(ctx)
    yield from _makers(ctx)
    yield from _possessive(ctx)


TIME_WORDS = lexicon.words("time_words")
MAKERS = lexicon.words("maker_nouns")


def _after_verb(ctx: Context, verb):
    """The model named right after a release verb, when the parser did not make it the object:
    « a publié en septembre Mistral 7B », « a lancé le chatbot Grok », « a présenté mercredi Gemini ».
    Only determiners, adjectives, adverbs, numbers, dates and model nouns may stand between."""
    doc, nouns = ctx.doc, lexicon.words("triggers.releases_nouns")
    for i in range(verb.i + 1, min(verb.i + 9, verb.sent.end)):
        t = doc[i]
        m = ctx.mention(t)
        if m is not None:
            return m if m.type in MODELS and not ctx.is_quoted(t) else None
        ok = (t.pos_ in ("DET", "ADJ", "ADV", "NUM") or t.lower_ in TIME_WORDS or t.lemma_ in nouns
              or (t.lower_ in ("en", "dès", "à") and i + 1 < len(doc) and (doc[i + 1].like_num or doc[i + 1].lower_ in TIME_WORDS)))
        if not ok or t.is_punct:
            return None
    return None


def _appositions(ctx: Context) -> Iterator[Relation]:
    """« Bard, l'agent conversationnel de Google », « GPT-4, le modèle phare d'OpenAI »,
    « GPT-3.5, d'OpenAI »: a model, then a model noun (or nothing) and « de ORG »."""
    doc, nouns = ctx.doc, lexicon.words("triggers.releases_nouns") | {"agent", "chatbot", "assistant"}
    for m in ctx.mentions:
        if m.type not in MODELS or m.end + 1 >= len(doc) or doc[m.end].text != "," or ctx.is_quoted(doc[m.start]):
            continue
        i, seen_noun = m.end + 1, False
        while i < min(m.end + 8, len(doc)):
            t = doc[i]
            if t.lower_ in ("de", "d'", "du") and (seen_noun or i == m.end + 1):
                k = i + 1
                while k < len(doc) and doc[k].lower_ in ("la", "l'", "le"):
                    k += 1
                org = ctx.mention(doc[k]) if k < len(doc) else None
                if org and org.type == "Organization" and org.key != m.key:
                    yield Relation(org.key, "releases", m.key, ctx.evidence(doc[m.start].sent, "releases.apposition", 0.75))
                break
            if t.lemma_ in nouns and t.is_lower:
                seen_noun = True
            elif not (t.pos_ in ("DET", "ADJ") or (seen_noun and t.is_lower and t.pos_ == "NOUN" and t.lower_ not in ("de", "d'"))):
                break
            i += 1


def _makers(ctx: Context) -> Iterator[Relation]:
    """« Stability AI, l'éditeur du générateur d'images Stable Diffusion », « Inflection AI,
    éditrice de l'assistant Pi »: an organisation described as the maker of a model."""
    doc = ctx.doc
    for org in ctx.mentions:
        if org.type != "Organization" or org.end + 2 >= len(doc) or doc[org.end].text != ",":
            continue
        i = org.end + 1
        if doc[i].pos_ == "DET":
            i += 1
        if i >= len(doc) or doc[i].lower_ not in MAKERS:
            continue
        for k in range(i + 1, min(i + 8, doc[i].sent.end)):
            m = ctx.mention(doc[k])
            if m is not None:
                if m.type in MODELS and not ctx.is_quoted(doc[k]):
                    yield Relation(org.key, "releases", m.key, ctx.evidence(doc[i].sent, "releases.maker", 0.75))
                break


def _possessive(ctx: Context) -> Iterator[Relation]:
    """« Meta mise sur ses modèles Llama », « son chatbot Grok »: the owner is the clause's
    organisation subject."""
    doc, nouns = ctx.doc, lexicon.words("triggers.releases_nouns")
    for tok in doc:
        if tok.lemma_ not in nouns or tok.pos_ != "NOUN" or ctx.is_quoted(tok):
            continue
        if tok.i == 0 or doc[tok.i - 1].lower_ not in ("son", "sa", "ses", "leur", "leurs"):
            continue
        k = tok.i + 1
        while k < len(doc) and doc[k].pos_ == "ADJ" and doc[k].is_lower:
            k += 1
        m = ctx.mention(doc[k]) if k < len(doc) else None
        if m is None or m.type not in MODELS:
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        org = subject(ctx, verb, "Organization") or left_mention(ctx, doc[tok.i - 1], "Organization")
        if org and org.key != m.key:
            yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.possessive", 0.7))


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
        # « X, dont le modèle Y » or « les modèles de X, dont Y »
        owned = org.start >= 2 and doc[org.start - 1].lower_ in ("de", "d'") and doc[org.start - 2].lemma_ in nouns
        if not owned and not any(t.lemma_ in nouns for t in window):
            continue
        for t in window:
            m = ctx.mention(t)
            if m and m.type == "AIModel":
                yield Relation(org.key, "releases", m.key, ctx.evidence(tok.sent, "releases.relative", 0.75))
                break


