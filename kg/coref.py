"""Anaphora: « la société », « la jeune pousse », « elle » and « il » as subjects refer back to
an entity named earlier. Deliberately narrow: only subjects, only to the most recent subject
entity of the same or the two previous sentences, with the article's main organisation as the
fallback for definite descriptions."""

from __future__ import annotations

from bisect import insort

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


def _agrees(doc: Doc, ante: Resolved, gender: str) -> bool:
    """A pronoun agrees with a description (« la société » is feminine); names agree with both."""
    if ante.source != "description":
        return True
    det = doc[ante.start].lower_
    return {"la": "Fem", "le": "Masc"}.get(det, gender) == gender


def anaphora(doc: Doc, mentions: list[Resolved], topic: str | None) -> list[Resolved]:
    """Extra mentions for definite descriptions and subject pronouns that refer back, in text
    order: a resolved one can be the antecedent of the next (« La jeune pousse a publié … ; elle
    a dévoilé … »). A description with no antecedent refers to the article's topic."""
    index = _sentence_index(doc)
    subj = subjects(doc, mentions)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    todo = [(span.start, span.end, "description") for span in definite_descriptions(doc)
            if taken.isdisjoint(range(span.start, span.end))]
    todo += [(t.i, t.i + 1, "pronoun") for t in doc
             if t.lower_ in PRONOUNS and t.dep_ in SUBJECT_DEPS and t.i not in taken]
    extra: list[Resolved] = []
    for start, end, kind in sorted(todo):
        text = doc[start:end].text
        if kind == "description":
            ante = antecedent(doc, index, subj, start, ("Organization",))
            key = ante.key if ante else topic
            if not key:
                continue
            m = Resolved(start, end, text, key, "Organization", "description")
        else:
            ante = antecedent(doc, index, subj, start, ("Organization", "Person"))
            if ante is None or not _agrees(doc, ante, PRONOUNS[doc[start].lower_]):
                continue
            m = Resolved(start, end, text, ante.key, ante.type, "pronoun")
        extra.append(m)
        insort(subj, m, key=lambda x: (x.start, x.end))
    return extra
