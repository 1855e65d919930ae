"""The canonical text an article is parsed from, so that its layout never changes its facts.

Only whitespace changes, never a visible character: line endings (``\\r\\n``, ``\\r``, …)
become ``\\n``; tabs, non-breaking and other spaces become a space; runs of spaces become one;
each line loses its leading and trailing spaces; lines of a paragraph hard-wrapped by an
editor are joined again with a space; blank lines become one blank line ``\\n\\n``; blank lines
and spaces at the start are dropped, and the text ends with ``\\n`` if it ended with a line
break. A :class:`TextMap` maps every position of the canonical text back to the original, so
evidence offsets still point into the text as it was read.

A single line break is a hard wrap when a line-filling editor could have made it: both lines
are at most :data:`MAX_WIDTH` characters long and the next line's first word would not have
fit on the line at the width of the two lines (at least :data:`MIN_WIDTH`). Otherwise it stays
a line break (a title, a dateline, a list item, a paragraph of a text that puts single line
breaks between paragraphs).

>>> canonical("  Meta a publié\\tLlama 2,\\r\\nun modèle ouvert.  ").text
'Meta a publié Llama 2,\\nun modèle ouvert.'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

#: Line breaks, as :func:`kg.articles.clean_text` reads them.
LINE_BREAK = re.compile(r"\r\n?|[\n\x0b\x0c\x85\u2028\u2029]")
#: Runs of whitespace inside a line (tabs, non-breaking, thin and other Unicode spaces).
SPACES = re.compile(r"[^\S\r\n\x0b\x0c\x85\u2028\u2029]+")
#: Hard wraps are looked for only in lines up to this long; a longer line is a paragraph.
MAX_WIDTH = 100
#: Narrowest wrapping width assumed (a shorter line followed by a short word is a real break).
MIN_WIDTH = 60
#: A line that starts with one of these is a list item, never the tail of a wrapped line.
BULLETS = frozenset("•◦‣▪▫●○■□·*")
_HYPHENATED = re.compile(r"\w-$")
#: Spaces no line-wrapping tool breaks a line at.
NON_BREAKING = frozenset("\u00a0\u202f\u2007")
NO_BREAK = "\u00a0"


@dataclass(frozen=True)
class TextMap:
    """A canonical text and where each of its characters comes from in the original.

    The map is a list of segments: canonical position ``canon[k]`` onwards maps to
    ``orig[k]`` onwards, one for one, up to the next segment.

    >>> m = canonical("Un\\r\\n\\r\\n  Deux")
    >>> m.text, m.span(4, 8), m.original[slice(*m.span(4, 8))]
    ('Un\\n\\nDeux', (8, 12), 'Deux')
    """

    original: str
    text: str
    canon: tuple[int, ...] = (0,)
    orig: tuple[int, ...] = (0,)

    @property
    def identity(self) -> bool:
        """Whether the canonical text is the original text."""
        return self.text == self.original

    def position(self, i: int) -> int:
        """The original position of canonical character ``i`` (``len(text)``: the original's end)."""
        if i >= len(self.text):
            return len(self.original)
        k = bisect_right(self.canon, i) - 1
        return self.orig[k] + i - self.canon[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the canonical span ``[start, end)`` (first to last character)."""
        if end <= start:
            p = self.position(start)
            return p, p
        return self.position(start), self.position(end - 1) + 1


class _Builder:
    """Accumulates the canonical text and its segments."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.length = 0
        self.canon: list[int] = []
        self.orig: list[int] = []

    def _segment(self, pos: int) -> None:
        if self.canon and pos - self.orig[-1] == self.length - self.canon[-1]:
            return  # continues the last segment
        self.canon.append(self.length)
        self.orig.append(pos)

    def copy(self, start: int, end: int) -> None:
        """Append ``original[start:end]`` as it is."""
        if end > start:
            self._segment(start)
            self.parts.append(self.original[start:end])
            self.length += end - start

    def put(self, pos: int, s: str) -> None:
        """Append ``s`` in place of the original text at ``pos`` (each character maps to ``pos``)."""
        if self.original.startswith(s, pos):
            self.copy(pos, pos + len(s))
            return
        for ch in s:
            self._segment(pos)
            self.parts.append(ch)
            self.length += 1

    def result(self) -> TextMap:
        text = "".join(self.parts)
        if text == self.original:
            return TextMap(self.original, self.original)
        return TextMap(self.original, text, tuple(self.canon) or (0,), tuple(self.orig) or (0,))


def _line(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The line ``text[start:end]`` without its outer spaces, as pieces ``(start, end, replacement)``:
    a piece is copied when ``replacement`` is empty, else it stands for a run of spaces."""
    content = text[start:end]
    stripped = content.strip()
    if not stripped:
        return [(start, start, "")]
    start += len(content) - len(content.lstrip())
    end = start + len(stripped)
    pieces: list[tuple[int, int, str]] = []
    pos = start
    for m in SPACES.finditer(text, start, end):
        pieces.append((pos, m.start(), ""))
        pieces.append((m.start(), m.end(), "" if m.group() == " " else " "))
        pos = m.end()
    pieces.append((pos, end, ""))
    return pieces


def _binds(text: str, start: int, end: int) -> bool:
    """Whether the run of spaces ``text[start:end]`` is a non-breaking space where French
    typography puts one (after « and before » : ; ! ? %, inside a number): a line-wrapping tool
    does not break a line there. Elsewhere a non-breaking space is taken for a plain one."""
    if any(ch not in NON_BREAKING for ch in text[start:end]) or start == 0 or end == len(text):
        return False
    before, after = text[start - 1], text[end]
    return before in "«“‹" or after in "»”›:;!?%" or (before.isdigit() and after.isdigit())


def wraps(line: str, following: str) -> bool:
    """Whether a line break between two lines is a hard wrap (see the module doc).

    The lines have their spaces collapsed; a non-breaking space stays one (it binds the words
    around it, as in «\u00a0mot\u00a0»).

    >>> wraps("La start-up a levé 20 millions d'euros auprès de plusieurs fonds de", "capital-risque.")
    True
    >>> wraps("Communiqué de presse", "Toulouse, le 18 novembre 2025")
    False
    >>> wraps("Le directeur de la communication a dit que l'entreprise", "« ferait appel »")
    False
    >>> wraps("Le directeur de la communication a dit que l'entreprise", "«\u00a0ferait appel\u00a0»")
    True
    """
    if not line or not following or following[0] in BULLETS:
        return False
    if len(line) > MAX_WIDTH or len(following) > MAX_WIDTH:
        return False
    width = max(MIN_WIDTH, len(line), len(following))
    return len(line) + 1 + len(following.split(" ", 1)[0]) > width


def canonical(text: str) -> TextMap:
    """The canonical form of ``text`` with its map to ``text`` (see the module doc).

    >>> canonical("Le texte est\\nrepris à la ligne par l'éditeur de la dépêche, à soixante-dix\\ncolonnes.").text
    "Le texte est\\nrepris à la ligne par l'éditeur de la dépêche, à soixante-dix colonnes."
    >>> canonical("Un.\\n\\n\\n   Deux.\\n\\n").text
    'Un.\\n\\nDeux.\\n'
    """
    lines: list[tuple[list[tuple[int, int, str]], int]] = []  # (pieces, position of the break after it)
    pos = 0
    for m in LINE_BREAK.finditer(text):
        lines.append((_line(text, pos, m.start()), m.start()))
        pos = m.end()
    lines.append((_line(text, pos, len(text)), len(text)))

    out = _Builder(text)
    prev: tuple[list[tuple[int, int, str]], int] | None = None
    prev_text = ""
    blank = False
    for pieces, brk in lines:
        if pieces[0][0] == pieces[-1][1]:  # nothing on the line
            blank = True
            continue
        # the line as a wrapper measured it: spaces collapsed, a non-breaking one binding words
        line_text = "".join(text[a:b] if not r else NO_BREAK if _binds(text, a, b) else r for a, b, r in pieces)
        if prev is not None:
            gap = prev[0][-1][1]  # where the previous line's text ends
            if blank:
                out.put(prev[1], "\n\n")
            elif not wraps(prev_text, line_text):
                out.put(prev[1], "\n")
            elif not (_HYPHENATED.search(prev_text) and line_text[0].isalnum()):
                out.put(gap, " ")
        for a, b, r in pieces:
            if r:
                out.put(a, r)
            else:
                out.copy(a, b)
        prev, prev_text, blank = (pieces, brk), line_text, False
    if prev is not None and prev[1] < len(text):
        out.put(prev[1], "\n")
    return out.result()
