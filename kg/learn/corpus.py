"""Annotated folders: NAME.txt + NAME.gold.tsv pairs (``tests/data/corpus/GUIDELINES.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from kg.errors import KGError
from kg.scoring import Gold, read_gold
from kg.facts import Article


@dataclass(frozen=True)
class Annotated:
    """One annotated article: its text as an :class:`Article` and its gold annotation."""

    article: Article
    gold: Gold


@dataclass(frozen=True)
class Parsed:
    """An annotated article with its parse."""

    article: Article
    gold: Gold
    doc: Doc


def pairs(folder: str | Path) -> list[tuple[Path, Path]]:
    """Every (text, gold) pair under ``folder``, searched recursively, sorted by path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KGError(f"{folder}: not a folder of NAME.txt + NAME.gold.tsv files")
    out = []
    for txt in sorted(folder.rglob("*.txt")):
        gold = txt.with_name(txt.name[: -len(".txt")] + ".gold.tsv")
        if gold.exists():
            out.append((txt, gold))
    return out


def read(folder: str | Path) -> list[Annotated]:
    """The annotated articles of a folder; an article's id is its path under the folder."""
    found = pairs(folder)
    if not found:
        raise KGError(f"{folder}: no NAME.txt + NAME.gold.tsv pairs found")
    out = []
    for txt, gold in found:
        try:
            text = txt.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KGError(f"{txt}: cannot read ({exc})") from None
        rel = txt.relative_to(folder).as_posix()
        out.append(Annotated(Article(id=rel[: -len(".txt")], text=text, source=str(txt)), read_gold(gold)))
    return out


def parse(items: Sequence[Annotated]) -> list[Parsed]:
    """Parse every annotated article (``nlp.pipe``, in order)."""
    from kg import nlp

    docs = nlp.parse_many(a.article.text for a in items)
    return [Parsed(a.article, a.gold, d) for a, d in zip(items, docs)]
