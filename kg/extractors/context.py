"""What every extractor sees of one article: the parse, the resolved mentions, the quotes."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.facts import Article, Entity, Evidence
from kg.resolve import Resolved

OPEN_QUOTES = {"«", "“", '"'}
CLOSE_QUOTES = {"»", "”", '"'}


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of tokens inside « … » or “ … ” quotes (a quoted opinion is not a fact)."""
    inside: set[int] = set()
    depth = 0
    for tok in doc:
        t = tok.text
        if t == '"':
            depth = 0 if depth else 1
            continue
        if t in OPEN_QUOTES:
            depth += 1
            continue
        if t in CLOSE_QUOTES:
            depth = max(0, depth - 1)
            continue
        if "\n\n" in t or "\n" in tok.whitespace_ and tok.whitespace_.count("\n") > 1:
            depth = 0  # a quote never runs across paragraphs unclosed
        if depth:
            inside.add(tok.i)
    return frozenset(inside)


@dataclass
class Context:
    """One parsed article with its resolved mentions."""

    article: Article
    doc: Doc
    mentions: list[Resolved]
    entities: dict[str, Entity]
    quoted: frozenset[int] = frozenset()
    main_org: str | None = None
    _by_token: dict[int, Resolved] = field(default_factory=dict, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        for m in self.mentions:
            for i in range(m.start, m.end):
                self._by_token[i] = m

    def mention(self, token: Token) -> Resolved | None:
        """The mention covering ``token``, if any."""
        return self._by_token.get(token.i)

    def type_of(self, key: str) -> str:
        """The type of an entity by key."""
        return self.entities[key].type

    def mentions_in(self, span: Span, *types: str) -> list[Resolved]:
        """Mentions inside ``span``, optionally of the given types, in text order."""
        out = []
        for m in self.mentions[bisect_left(self._starts, span.start) :]:
            if m.start >= span.end:
                break
            if m.end <= span.end and (not types or m.type in types):
                out.append(m)
        return out

    def is_quoted(self, token: Token) -> bool:
        """Whether ``token`` stands inside quotation marks."""
        return token.i in self.quoted

    def topic(self) -> str | None:
        """The organisation the article is about (see :func:`article_topic`)."""
        return article_topic(self.mentions, self.main_org)

    def evidence(self, sent: Span, extractor: str, confidence: float) -> Evidence:
        """Evidence for a fact read from ``sent`` (offsets into the original text)."""
        start, end = sent.start_char, sent.end_char
        text = self.article.text[start:end]
        stripped = text.strip()
        start += len(text) - len(text.lstrip())
        return Evidence(self.article.id, start, start + len(stripped), stripped, extractor, confidence)


def main_organization(mentions: list[Resolved]) -> str | None:
    """The organisation the article is about: the most mentioned one, if clearly ahead."""
    counts = Counter(m.key for m in mentions if m.type == "Organization" and m.source != "description")
    if not counts:
        return None
    ranked = counts.most_common(2)
    if ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]):
        return None
    return ranked[0][0]


def article_topic(mentions: list[Resolved], main_org: str | None) -> str | None:
    """The organisation the article is about: its main organisation, or else the first one it
    names when no other is named as often."""
    if main_org:
        return main_org
    orgs = [m.key for m in mentions if m.type == "Organization" and m.source != "description"]
    if not orgs:
        return None
    counts = Counter(orgs).most_common(2)
    top, n = counts[0]
    if top != orgs[0] or n < 3 or (len(counts) > 1 and counts[1][1] >= n):
        return None
    return top
