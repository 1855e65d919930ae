"""Anaphora: « la société », « la jeune pousse », « elle » and « il » as subjects refer back to
an entity named earlier. Deliberately narrow: only subjects, only to the most recent subject
entity of the same or the two previous sentences, with the article's main organisation as the
fallback for definite descriptions."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extractors.entities import definite_descriptions
from kg.resolve import Resolved

SUBJECT_DEPS = ("nsubj", "nsubj:pass")
PRONOUNS = {"il": "Masc", "elle": "Fem"}
WINDOW = 2  # sentences back


def _sentence_index(doc: Doc) -> list[int]:
    index, n = [0] * len(doc), -1
    for sent in doc.sents:
        n += 1
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def subjects(doc: Doc, mentions: list[Resolved]) -> list[Resolved]:
    """The mentions that are the subject of their clause (or open their sentence)."""
    out = []
    for m in mentions:
        span = doc[m.start : m.end]
        if span.root.dep_ in SUBJECT_DEPS or (doc[m.start].is_sent_start and m.type in ("Organization", "Person")):
            out.append(m)
    return out


def antecedent(doc: Doc, index: list[int], subj: list[Resolved], at: int, types: tuple[str, ...]) -> Resolved | None:
    """The most recent subject mention of the given types before token ``at``, in the same
    sentence or the ``WINDOW`` previous ones."""
    limit = index[at] - WINDOW
    for m in reversed(subj):
        if m.start >= at:
            continue
        if index[m.start] < limit:
            break
        if m.type in types:
            return m
        if m.type in ("Organization", "Person"):
            return None  # the nearest subject is of another kind: do not guess past it
    return None


def anaphora(doc: Doc, mentions: list[Resolved], main_org: str | None) -> list[Resolved]:
    """Extra mentions for definite descriptions and subject pronouns that refer back."""
    index = _sentence_index(doc)
    subj = subjects(doc, mentions)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    extra: list[Resolved] = []
    for span in definite_descriptions(doc):
        if not taken.isdisjoint(range(span.start, span.end)):
            continue
        ante = antecedent(doc, index, subj, span.start, ("Organization",))
        key = ante.key if ante else main_org
        if key:
            extra.append(Resolved(span.start, span.end, span.text, key, "Organization", "description"))
    for tok in doc:
        if tok.lower_ not in PRONOUNS or tok.dep_ not in SUBJECT_DEPS or tok.i in taken:
            continue
        ante = antecedent(doc, index, subj, tok.i, ("Organization", "Person"))
        if ante is not None:
            extra.append(Resolved(tok.i, tok.i + 1, tok.text, ante.key, ante.type, "pronoun"))
    return extra
