"""Read articles from files and folders into :class:`kg.facts.Article`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.facts import Article
from kg.resources import SAMPLE_ARTICLE, data_file

SUFFIXES = (".txt", ".md")


def article_id(path: Path) -> str:
    """An article's identifier from its file name: the stem, in safe characters."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "article"


def sample_article() -> Article:
    """The article bundled with kg (Meta, LLaMA; French)."""
    path = data_file(SAMPLE_ARTICLE)
    return Article(id=article_id(path), text=path.read_text(encoding="utf-8"), source=SAMPLE_ARTICLE)


def read_file(path: Path) -> Article:
    """Read one UTF-8 text file as an article."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return Article(id=article_id(path), text=text, source=str(path))


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """The article files named by ``inputs``: files as given, folders walked recursively."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{path}: no articles found ({', '.join(SUFFIXES)})")
            yield from found
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def read_articles(inputs: Iterable[str | Path]) -> list[Article]:
    """Read every article named by ``inputs`` (none: the bundled sample)."""
    inputs = list(inputs)
    if not inputs:
        return [sample_article()]
    return [read_file(p) for p in iter_paths(inputs)]
