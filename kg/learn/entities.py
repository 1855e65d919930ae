"""Entity typing, learned: the features of a name's mentions, and the typer that reads them.

An entity (all the candidates :func:`kg.resolve.link` gave one key) is described by the union of
its mentions' features: what spaCy's NER said, the type the rules read off the context (a typing
noun before, an apposition after, a title), the name's own shape and words, its syntactic role
and governing word, the preposition before it. A multinomial model picks one of the five types
or ``None`` (not an entity worth keeping: « Séparément », « Bourse »).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from kg import lexicon
from kg.extractors.entities import Candidate, apposition_type
from kg.learn.linear import Multiclass

NONE = "None"


def _noun_before(span: Span) -> tuple[str, str] | None:
    """The common noun just before the name, skipping adjectives (« la start-up française X »)."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and span.start - i <= 3:
        i -= 1
    if i >= 0 and doc[i].pos_ == "NOUN" and doc[i].is_lower:
        return doc[i].lemma_.casefold(), doc[i].lower_
    return None


def mention_features(doc: Doc, c: Candidate) -> Iterator[str]:
    """Features of one candidate mention."""
    span = doc[c.start : c.end]
    words = [t for t in span if not t.is_punct]
    yield f"ner={c.ner or '-'}"
    yield f"rule={c.type or '-'}"
    yield f"src={c.source}"
    yield f"ner_rule={c.ner or '-'}:{c.type or '-'}"
    yield f"ntok={min(len(words), 4)}"
    text = span.text
    if text.isupper() and len(text) > 1:
        yield "shape=caps"
    if any(ch.isdigit() for ch in text):
        yield "shape=digit"
    if text[:1].islower():
        yield "shape=lower"
    if any(t.text[1:] != t.text[1:].lower() and not t.text.isupper() for t in words):
        yield "shape=camel"
    if "-" in text:
        yield "shape=hyphen"
    if len(words) >= 2 and all(t.text[:1].isupper() and t.text[1:].islower() and t.is_alpha for t in words):
        yield f"shape=capwords:{c.ner or '-'}"  # « Larry Page » as NER read it
    if span[0].is_oov:
        yield "oov"
    for t in words:
        yield f"w={t.lower_}"
    if words:
        last = words[-1].lower_
        yield f"last={last}"
        yield f"first={words[0].lower_}"
        if len(last) >= 5:
            yield f"suf={last[-3:]}"
    prev = doc[c.start - 1] if c.start > 0 else None
    yield f"prev={prev.lower_ if prev is not None and not prev.is_space else '^'}"
    if prev is not None and c.start > 1:
        yield f"prev2={doc[c.start - 2].lower_}_{prev.lower_}"
    nxt = doc[c.end] if c.end < len(doc) else None
    yield f"next={nxt.lower_ if nxt is not None and not nxt.is_space else '$'}"
    noun = _noun_before(span)
    if noun:
        yield f"noun_before={noun[0]}"
        t = lexicon.type_of_noun(noun[0]) or lexicon.type_of_noun(noun[1])
        if t:
            yield f"noun_before_type={t}"
    appos = apposition_type(span)
    if appos:
        yield f"appos_type={appos}"
    if nxt is not None and nxt.text == "," and c.end + 1 < len(doc):
        k = c.end + 1
        while k < len(doc) and doc[k].pos_ in ("DET", "ADJ", "NUM") and k < c.end + 4:
            k += 1
        if k < len(doc) and doc[k].is_lower:
            yield f"appos={doc[k].lemma_.casefold()}"
    root = span.root
    yield f"dep={root.dep_}"
    if root.head.i != root.i and root.head.pos_ in ("VERB", "NOUN", "ADJ"):
        yield f"head={root.head.lemma_.casefold()}"
        yield f"dep_head={root.dep_}:{root.head.lemma_.casefold()}"
    for child in root.children:
        if child.dep_ == "case":
            yield f"case={child.lower_}"
    if span[0].is_sent_start or (prev is not None and (prev.is_space or prev.text in ("«", "-", "—"))):
        yield "sent_start"
    if prev is not None and prev.lower_ in ("de", "d'", "chez", "du") and c.start > 1:
        before = doc[c.start - 2]
        if before.lower_ in lexicon.words("titles") or before.lemma_.casefold() in lexicon.words("titles"):
            yield "after_title"


def entity_features(doc: Doc, cands: list[Candidate]) -> set[str]:
    """Features of an entity: the union of its mentions' features, and how often it is named."""
    out = {f for c in cands for f in mention_features(doc, c)}
    out.add(f"mentions={min(len(cands), 3)}")
    return out


class LearnedTyper:
    """A :data:`kg.resolve.Typer` reading a trained :class:`Multiclass` model."""

    def __init__(self, model: Multiclass, doc: Doc) -> None:
        self.model = model
        self.doc = doc

    def __call__(self, cands: list[Candidate]) -> str | None:
        probs = self.model.probabilities(entity_features(self.doc, cands))
        best = max(sorted(probs), key=lambda c: probs[c])
        return None if best == NONE else best
