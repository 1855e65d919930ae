"""Read articles from files and folders into :class:`kg.facts.Article`.

Formats: ``.txt``, ``.md`` (markup stripped lightly), ``.html``/``.htm`` (main text and
metadata by trafilatura, plain text extraction as a fallback) and ``.jsonl`` (one article a
line). Every problem is an :class:`~kg.errors.InputError` with a one-line message that names
the file. :func:`read_articles` raises on the first one; :func:`read_articles_report` skips the
file and reports it, so one bad file does not stop a run.

The text is kept as decoded, except that newlines become ``\\n``, a BOM is dropped and control
characters other than ``\\n`` and ``\\t`` are removed: offsets into ``Article.text`` are the
offsets the later stages use. Curly apostrophes are left alone.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import warnings
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from kg.errors import InputError
from kg.facts import Article
from kg.resources import SAMPLE_ARTICLE, data_file

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: A file larger than this is refused rather than read into memory (jsonl is read line by line).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The longest first line taken as the title of a .txt or .md article.
MAX_TITLE_CHARS = 200
#: Languages the detector chooses among; a larger set makes it slower to load.
LANGUAGES = ("FRENCH", "ENGLISH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH")
#: How much of an article the language detector reads.
LANGUAGE_SAMPLE_CHARS = 3000
#: How sure the detector must be before saying an article is not French.
LANGUAGE_CONFIDENCE = 0.9

# Leading bytes of common binary formats -> the name given in the message.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"{\\rtf", "RTF document"),
)
_UTF_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Single-byte encodings preferred, in order, when charset-normalizer finds them as good as its
# best guess: French text in CP1252 scores the same as CP1250 (Polish), which it may pick.
_WESTERN = ("cp1252", "iso8859_15", "latin_1", "mac_roman")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)


class InputWarning(UserWarning):
    """Something about an input was fixed or looks wrong, but the article was read."""


class ReadReport(NamedTuple):
    """What :func:`read_articles_report` read: the articles, and one line per problem."""

    articles: list[Article]
    messages: list[str]


class Skipped(str):
    """A message (a ``str``) about a file or input that was skipped, with its ``path`` and a
    short ``reason`` (``"PDF"``, ``"empty file"``) for the summary line."""

    path: str
    reason: str

    def __new__(cls, path: str | Path, reason: str, message: str | None = None) -> Skipped:
        obj = super().__new__(cls, message if message is not None else f"{path}: {reason} (skipped)")
        obj.path, obj.reason = str(path), reason
        return obj


def skipped_summary(messages: Iterable[str], *, shown: int = 5) -> str:
    """``"2 skipped: report.pdf (PDF), vide.txt (empty file)"`` from the :class:`Skipped` among
    ``messages`` (``""`` if none).

    >>> skipped_summary([Skipped("a/report.pdf", "PDF"), "a note", Skipped("a/vide.txt", "empty file")])
    '2 skipped: report.pdf (PDF), vide.txt (empty file)'
    """
    skipped = [m for m in messages if isinstance(m, Skipped)]
    if not skipped:
        return ""
    named = ", ".join(f"{Path(m.path).name or m.path} ({m.reason})" for m in skipped[:shown])
    more = f", and {len(skipped) - shown} more" if len(skipped) > shown else ""
    return f"{len(skipped)} skipped: {named}{more}"


@dataclass(frozen=True)
class _Source:
    """One file to read: its path and its path relative to the input that named it."""

    path: Path
    relative: str


# ---------------------------------------------------------------------------------------------
# Public API


def sample_article() -> Article:
    """The article bundled with kg (Meta, LLaMA; French)."""
    path = data_file(SAMPLE_ARTICLE)
    text = clean_text(path.read_text(encoding="utf-8"))
    return Article(id=safe_id(path.stem), text=text, source=SAMPLE_ARTICLE, title=_title(text))


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """The article files named by ``inputs``: files as given, folders walked recursively (sorted).

    Raises:
        InputError: a path does not exist, or a folder holds no article file.
    """
    for source in _iter_sources(inputs, _raise):
        yield source.path


def read_articles(inputs: Iterable[str | Path], *, detect_language: bool = True) -> list[Article]:
    """Read every article named by ``inputs`` (none: the bundled sample).

    Warnings (another encoding than UTF-8, a page that is not French, a bad jsonl line) are
    issued as :class:`InputWarning`.

    Raises:
        InputError: on the first file or folder that cannot be read as articles.
    """
    inputs = list(inputs)
    if not inputs:
        return [sample_article()]
    articles: list[tuple[Article, str]] = []
    for source in _iter_sources(inputs, _raise):
        found, messages = _read_source(source, detect_language=detect_language)
        for message in messages:
            warnings.warn(message, InputWarning, stacklevel=2)
        articles.extend(found)
    return _assign_ids(articles)


def read_articles_report(
    inputs: Iterable[str | Path], *, detect_language: bool = True
) -> ReadReport:
    """Read every article that can be read; report, one line each, what was skipped or fixed.

    Unlike :func:`read_articles` nothing is raised for a bad file or folder: its message is
    added to ``messages`` and the run goes on. Warnings go to ``messages`` too. No inputs: the
    bundled sample.

    Returns:
        ``(articles, messages)``; ``articles`` is empty when nothing could be read.
    """
    inputs = list(inputs)
    if not inputs:
        return ReadReport([sample_article()], [])
    articles: list[tuple[Article, str]] = []
    messages: list[str] = []

    def problem(exc: InputError, path: Path, suffix: str = "") -> None:
        text = str(exc)
        reason = text[len(str(path)) + 2 :] if text.startswith(f"{path}: ") else text
        messages.append(Skipped(path, reason, text + suffix))

    def other_file(path: Path) -> None:  # in a folder, not an article format
        try:
            with path.open("rb") as fh:
                kind = _binary_kind(fh.read(4096))
        except OSError:
            kind = None
        reason = kind or path.suffix.lower() or "no extension"
        messages.append(Skipped(path, reason, f"{path}: not an article file ({reason}; kg reads"
                                f" {' '.join(SUFFIXES)}) (skipped)"))

    for source in _iter_sources(inputs, lambda exc, path: problem(exc, path), other_file):
        try:
            found, notes = _read_source(source, detect_language=detect_language)
        except InputError as exc:
            problem(exc, source.path, " (skipped)")
            continue
        articles.extend(found)
        messages.extend(notes)
    return ReadReport(_assign_ids(articles), messages)


def clean_text(text: str) -> str:
    r"""Newlines as ``\n``, no BOM, no control characters but ``\n`` and ``\t``.

    >>> clean_text("\ufeffL’IA\r\nde\x00 Meta\r")
    'L’IA\nde Meta\n'
    """
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def safe_id(name: str) -> str:
    """An identifier from a name: runs of characters other than ``A-Za-z0-9_.-`` become ``-``.

    >>> safe_id("Le Monde: l’IA (2023)")
    'Le-Monde-l-IA-2023'
    """
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "article"


def split_paragraphs(text: str, max_chars: int = 100_000) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, chunk)`` pieces of at most ``max_chars`` characters.

    Pieces are cut after blank lines, packing as many paragraphs as fit; a paragraph longer than
    ``max_chars`` is cut after a sentence end, else after whitespace, else anywhere. Pieces are
    contiguous: ``text[offset:offset + len(chunk)] == chunk`` and, blank pieces aside (which are
    dropped), they join back into ``text``.

    >>> split_paragraphs("Un.\\n\\nDeux.\\n\\nTrois.", max_chars=12)
    [(0, 'Un.\\n\\nDeux.\\n\\n'), (12, 'Trois.')]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    boundaries = [m.end() for m in re.finditer(r"\n[ \t]*\n\s*", text)]
    pieces: list[tuple[int, str]] = []
    start, end = 0, len(text)
    while start < end:
        limit = start + max_chars
        if limit >= end:
            cut = end
        else:
            i = bisect_right(boundaries, limit)
            cut = (
                boundaries[i - 1]
                if i and boundaries[i - 1] > start
                else _cut_inside(text, start, limit)
            )
        chunk = text[start:cut]
        if chunk.strip():
            pieces.append((start, chunk))
        start = cut
    return pieces


# ---------------------------------------------------------------------------------------------
# Finding the files


def _raise(exc: InputError, path: Path | None = None) -> None:
    raise exc


def _iter_sources(inputs: Iterable[str | Path], problem: Any, other_file: Any = None) -> Iterator[_Source]:
    """The files named by ``inputs``, each once; ``problem(InputError, path)`` for a bad input,
    ``other_file(path)`` for each file of a folder that is not an article format."""
    seen: set[Path] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            others: list[Path] = []
            found = _walk(path, others)
            if not found:
                names = ", ".join(p.relative_to(path).as_posix() for p in others[:3])
                more = f" (other files: {names}{', …' if len(others) > 3 else ''})" if others else ""
                problem(InputError(f"{path}: no articles found ({', '.join(SUFFIXES)}){more}"), path)
            elif other_file is not None:
                for other in others:
                    other_file(other)
            sources = [_Source(p, p.relative_to(path).as_posix()) for p in found]
        elif path.is_file():
            sources = [_Source(path, path.as_posix())]
        elif path.exists() or path.is_symlink():
            problem(InputError(f"{path}: not a regular file or folder (or a broken link)"), path)
            continue
        else:
            problem(InputError(f"{path}: no such file or directory"), path)
            continue
        for source in sources:
            key = source.path.resolve()
            if key not in seen:
                seen.add(key)
                yield source


def _walk(folder: Path, others: list[Path] | None = None) -> list[Path]:
    """The article files below ``folder``, hidden files and folders skipped, sorted; the other
    (visible, regular) files are added to ``others``, sorted."""
    found = []
    other = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(dirpath, name)
            if name.startswith(".") or not path.is_file():
                continue
            (found if path.suffix.lower() in SUFFIXES else other).append(path)
    if others is not None:
        others.extend(sorted(other, key=lambda p: p.relative_to(folder).as_posix()))
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _assign_ids(read: list[tuple[Article, str]]) -> list[Article]:
    """Unique ids: the first article keeps its id, a later one with the same id gets a suffix.

    The suffix is a short hash of the article's key (its path relative to the input that named
    it, with the line number for jsonl), so it does not depend on where the inputs are.
    """
    taken = {article.id for article, _ in read}
    used: set[str] = set()
    out = []
    for article, key in read:
        new = article.id
        if new in used:
            digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
            new = f"{article.id}-{digest[:8]}"
            n = 2
            while new in used or new in taken:
                new = f"{article.id}-{digest[:8]}-{n}"
                n += 1
        used.add(new)
        out.append(article if new == article.id else replace(article, id=new))
    return out


# ---------------------------------------------------------------------------------------------
# Reading one file


def _read_source(
    source: _Source, *, detect_language: bool
) -> tuple[list[tuple[Article, str]], list[str]]:
    """``([(article, id key)], warnings)`` of one file; raises InputError if it has none."""
    path = source.path
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        articles, notes = _read_jsonl(source)
    else:
        data = _read_bytes(path)
        text, notes = _decode(path, data)
        if suffix in (".html", ".htm"):
            article = _html_article(text, source)
        else:
            front: dict[str, str] = {}
            if suffix == ".md":
                front = front_matter(text)
                text = strip_markdown(text)
            article = _text_article(text, source)
            meta = {k: front[k] for k in ("title", "date", "author", "url") if front.get(k)}
            if meta:
                article = replace(article, **meta)
        articles = [article]
    articles = [_dated(a, notes) for a in articles]
    if detect_language:
        for article in articles:
            language = _language(article.text)
            if language and language != "French":
                notes.append(
                    f"{article.source}: looks like {language}, not French;"
                    " extraction is tuned for French"
                )
    # The id key: the relative path, and ":N" for a jsonl line (the end of its source).
    return [(a, source.relative + a.source[len(str(path)) :]) for a in articles], notes


def _read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing files too large to hold in memory."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: too large ({size / 2**20:.0f} MB > {MAX_FILE_BYTES / 2**20:.0f} MB)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` is in, or None if it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:65536]:
        return "contains NUL bytes"
    return None


def _decode(path: Path, data: bytes, *, declared: bool = False) -> tuple[str, list[str]]:
    """Decode and clean ``data``: UTF-8 (BOM or not), a UTF-16/32 BOM, else a detected encoding."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    notes: list[str] = []
    for bom, codec in _UTF_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{path}: not a text file (bad {codec.upper()})") from None
            return _checked(path, text), notes
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"{path}: not a text file ({kind})")
    try:
        return _checked(path, data.decode("utf-8-sig")), notes
    except UnicodeDecodeError as exc:
        bad = exc.start
    text, encoding, how = _guess_decode(data, html=path.suffix.lower() in (".html", ".htm"))
    if text is None:
        raise InputError(f"{path}: not a text file (not UTF-8 at byte {bad}, no encoding fits)")
    notes.append(f"{path}: not UTF-8 (byte {bad}); decoded as {encoding} ({how})")
    return _checked(path, text), notes


def _guess_decode(data: bytes, *, html: bool) -> tuple[str | None, str, str]:
    """``(text, encoding, how)`` for non-UTF-8 bytes; text is None if nothing fits."""
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                name = codecs.lookup(name).name
                # As browsers do: a page that says Latin-1 or ASCII is read as CP1252.
                if name in ("latin-1", "iso8859-1", "ascii"):
                    name = "cp1252"
                return data.decode(name), name, "declared in the page"
            except (LookupError, UnicodeDecodeError):
                pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None, "", ""
    for encoding in _WESTERN:
        for match in results:
            if match.encoding == encoding and match.chaos <= best.chaos + 0.02:
                return str(match), encoding, "detected"
    return str(best), best.encoding, "detected"


def _checked(path: Path, text: str) -> str:
    """``text`` cleaned; an InputError if nothing is left or it looks like binary data."""
    cleaned = clean_text(text)
    # Decoders accept most byte soup; many control characters means it was not text.
    if len(text) - len(cleaned) > max(8, len(text) // 10) + text.count("\r"):
        raise InputError(f"{path}: not a text file (control characters)")
    if not cleaned.strip():
        raise InputError(f"{path}: empty file")
    return cleaned


def _title(text: str) -> str:
    """The first non-empty line when short enough to be a title, else ``""``."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= MAX_TITLE_CHARS else ""
    return ""


def _text_article(text: str, source: _Source) -> Article:
    """An article from plain text."""
    if not text.strip():
        raise InputError(f"{source.path}: empty file")
    return Article(
        id=safe_id(source.path.stem), text=text, source=str(source.path), title=_title(text)
    )


# ---------------------------------------------------------------------------------------------
# Dates

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def iso_date(value: str) -> str | None:
    """An article date as ``xsd:date`` (``YYYY-MM-DD``) or ``xsd:dateTime`` lexical form, or None.

    ISO 8601 dates and date-times (a space for the ``T``, no seconds, ``+0100`` are accepted)
    and French ``JJ/MM/AAAA``; anything else, or a day that does not exist, is None.

    >>> iso_date("2025-03-15"), iso_date("15/03/2025"), iso_date("2025-03-15 09:30+0100")
    ('2025-03-15', '2025-03-15', '2025-03-15T09:30:00+01:00')
    >>> iso_date("2025-02-30"), iso_date("mars 2025")
    (None, None)
    """
    import datetime as dt

    value = value.strip()
    m = _FRENCH_DATE.fullmatch(value)
    if m:
        value = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = _DATE.fullmatch(value)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    m = _DATETIME.fullmatch(value)
    if not m:
        return None
    day, hour, minute, second, fraction, zone = m.groups()
    try:
        dt.date.fromisoformat(day)
        dt.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if zone and zone != "Z":
        zone = zone[:3] + ":" + zone[-2:]
        if int(zone[1:3]) > 14:
            return None
    return f"{day}T{hour}:{minute}:{second or '00'}{fraction or ''}{zone or ''}"


def _dated(article: Article, notes: list[str]) -> Article:
    """``article`` with its date in ISO form; an unreadable date is dropped, with a note."""
    if not article.date:
        return article
    date = iso_date(article.date)
    if date is None:
        notes.append(f"{article.source}: date {article.date!r} is not an ISO date (YYYY-MM-DD); ignored")
        return replace(article, date="")
    return article if date == article.date else replace(article, date=date)


# ---------------------------------------------------------------------------------------------
# Markdown

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def front_matter(text: str) -> dict[str, str]:
    r"""The ``key: value`` lines of a Markdown file's YAML front matter (simple scalars only).

    >>> front_matter('---\ntitle: "Meta publie LLaMA"\ndate: 2025-03-15\ntags: [ia]\n---\nTexte')
    {'title': 'Meta publie LLaMA', 'date': '2025-03-15', 'tags': '[ia]'}
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}
    out: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or not re.fullmatch(r"[a-z_][a-z0-9_-]*", key) or line[:1].isspace():
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value:
            out[key] = " ".join(value.split())
    return out


_MD_RULES = (
    (re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL), ""),  # front matter
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),  # horizontal rule
    (
        re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE),
        r"\1",
    ),  # ATX heading
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE), ""),  # setext underline
    (
        re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE),
        "",
    ),  # link reference definition
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])"), r"\1"),  # link -> text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^ {0,3}> ?", re.MULTILINE), ""),  # blockquote marker
)


def strip_markdown(text: str) -> str:
    """Markdown to plain text, lightly: headings, emphasis, links, images, code, quotes.

    >>> strip_markdown("# Meta publie *LLaMA*\\n\\nSelon [Le Monde](https://lemonde.fr), **oui**.")
    'Meta publie LLaMA\\n\\nSelon Le Monde, oui.'
    """
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


# ---------------------------------------------------------------------------------------------
# HTML

# fmt: off
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
))
_SKIP = frozenset((
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
))
# fmt: on


class _TextParser(HTMLParser):
    """Plain text of an HTML page: blocks on their own lines; scripts, styles, head dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def _paragraphs(text: str) -> str:
    """Lines with spaces collapsed, empty ones dropped, one paragraph per line, blank-separated."""
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def html_text(html: str) -> tuple[str, str]:
    """``(text, title)`` of a page without trafilatura: all visible text, a paragraph a block."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001, S110 - html.parser is lenient; keep what it parsed
        pass
    return _paragraphs("".join(parser.parts)), " ".join("".join(parser.title).split())


def _html_article(html: str, source: _Source) -> Article:
    """An article from a web page: trafilatura's main text and metadata, else all its text."""
    path = source.path
    meta: dict[str, str] = {}
    text = ""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - a crash in the extractor must not stop the run
        doc = None
    if doc is not None:
        text = _paragraphs(clean_text(doc.text or ""))
        for field, attr in (
            ("title", "title"),
            ("author", "author"),
            ("date", "date"),
            ("site", "sitename"),
            ("url", "url"),
        ):
            value = getattr(doc, attr, None)
            if value:
                meta[field] = " ".join(clean_text(str(value)).split())
    if not text:
        text, title = html_text(html)
        if title and "title" not in meta:
            meta["title"] = title
    if not text:
        raise InputError(f"{path}: no text found in the page")
    return Article(id=safe_id(path.stem), text=text, source=str(path), **meta)


# ---------------------------------------------------------------------------------------------
# JSON Lines

_JSONL_FIELDS = ("title", "url", "date", "author", "site")


def _read_jsonl(source: _Source) -> tuple[list[Article], list[str]]:
    """One article per line: ``text`` required; ``id``, ``title``, ``url``, ``date`` optional."""
    path = source.path
    articles: list[Article] = []
    notes: list[str] = []
    try:
        if path.stat().st_size == 0:
            raise InputError(f"{path}: empty file")
        with path.open("rb") as fh:
            head = fh.read(65536)
            kind = _binary_kind(head)
            if kind:
                raise InputError(f"{path}: not a text file ({kind})")
            fh.seek(0)
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    articles.append(_jsonl_article(raw, source, number))
                except ValueError as exc:
                    notes.append(f"{path}:{number}: bad line skipped ({exc})")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not articles:
        why = f"{len(notes)} bad lines" if notes else "no lines"
        raise InputError(f"{path}: no articles ({why})")
    return articles, notes


def _jsonl_article(raw: bytes, source: _Source, number: int) -> Article:
    """The article on line ``number``; ValueError with a short reason if the line is bad."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 at byte {exc.start}") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")  # noqa: TRY004 - ValueError means a bad line
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" string')
    text = clean_text(text)
    if not text.strip():
        raise ValueError('empty "text"')
    meta = {}
    for field in _JSONL_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, (str, int, float)):
            raise ValueError(f'"{field}" is not a string')
        if value is not None:
            meta[field] = " ".join(clean_text(str(value)).split())
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        raise ValueError('"id" is not a string or number')
    ident = (
        safe_id(str(raw_id))
        if raw_id not in (None, "")
        else f"{safe_id(source.path.stem)}-{number}"
    )
    return Article(id=ident, text=text, source=f"{source.path}:{number}", **meta)


# ---------------------------------------------------------------------------------------------
# Language


@cache
def _detector() -> Any:
    """The lingua detector, built once, restricted to :data:`LANGUAGES`."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _language(text: str) -> str | None:
    """The language ``text`` is written in (``"French"``), or None when short or unsure."""
    sample = text[:LANGUAGE_SAMPLE_CHARS].strip()
    # Below 120 characters lingua loads every n-gram model (~7 s once) and guesses poorly.
    if len(sample) < 120:
        return None
    best = _detector().compute_language_confidence_values(sample)[0]
    return best.language.name.capitalize() if best.value >= LANGUAGE_CONFIDENCE else None


def _cut_inside(text: str, start: int, limit: int) -> int:
    """Where to cut a paragraph longer than the limit: a sentence end, whitespace, or the limit."""
    window = text[start:limit]
    for pattern in (r"[.!?…](?:\s*[»”\"'’)\]])*\s+", r"\s+"):
        last = None
        for last in re.finditer(pattern, window):
            pass
        if last is not None and last.end() > 0:
            return start + last.end()
    return limit
