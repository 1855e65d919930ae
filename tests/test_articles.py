"""Reading articles: formats, encodings, bad inputs, ids, language, large files."""

from __future__ import annotations

import json
import shutil
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.articles import (
    InputWarning,
    iter_paths,
    read_articles,
    read_articles_report,
    sample_article,
    split_paragraphs,
)
from kg.errors import InputError

FRENCH = (
    "Meta va publier un modèle d’IA commercial\n\n"
    "Meta est sur le point de publier une version commerciale de son modèle d’intelligence "
    "artificielle, permettant aux start-ups et aux entreprises de créer des logiciels.\n\n"
    "Cette décision permettra à Meta de rivaliser avec OpenAI et Google, soutenus par "
    "Microsoft, qui progressent dans la course au développement de l’IA générative.\n"
)
ENGLISH = (
    "Meta to release commercial AI model\n\n"
    "Meta is about to release a commercial version of its artificial intelligence model, "
    "allowing start-ups and businesses to build custom software on top of the technology.\n\n"
    "The move will let Meta compete with OpenAI and Google, which are racing ahead in the "
    "development of generative AI.\n"
)
PAGE = """<!DOCTYPE html>
<html><head><title>Meta publie LLaMA - Le Journal</title>
<meta name="author" content="Jeanne Dupont">
<meta property="og:site_name" content="Le Journal">
<meta property="article:published_time" content="2023-07-14T10:00:00+02:00">
<link rel="canonical" href="https://example.fr/meta-llama">
<style>body { color: red } .pub { display: none }</style>
<script>var tracker = "ne pas lire ce script";</script></head>
<body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/tech">Rubrique Tech</a></li></ul></nav>
<article><h1>Meta publie LLaMA</h1>
<p>Meta est sur le point de publier une version commerciale de son modèle d’intelligence
artificielle, permettant aux start-ups de créer des logiciels personnalisés.</p>
<p>Cette décision permettra à Meta de rivaliser avec OpenAI et Google, soutenus par Microsoft,
qui progressent dans la course au développement de l’IA générative.</p></article>
<footer>© 2023 Le Journal. Tous droits réservés. Mentions légales.</footer>
<script>document.write("publicité")</script></body></html>
"""


def write(folder: Path, name: str, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``folder/name``, creating folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_one(path: Path) -> tuple:
    """The single article read from ``path`` and the warnings issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (article,) = read_articles([path])
    return article, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "text", "title"),
    [
        ("plain.txt", FRENCH, FRENCH, "Meta va publier un modèle d’IA commercial"),
        # CRLF and lone CR become \n, the BOM and control characters go, tabs and ’ stay.
        (
            "windows.txt",
            "\ufeffTitre\r\n\r\nL’IA\tde\x07 Meta\x0c\rfin\x1b.",
            "Titre\n\nL’IA\tde Meta\n\nfin.",
            "Titre",
        ),
        ("bom.txt", b"\xef\xbb\xbfL\xe2\x80\x99IA de Meta", "L’IA de Meta", "L’IA de Meta"),
        (
            "utf16.txt",
            "\ufeffL’œuvre de Meta".encode("utf-16"),
            "L’œuvre de Meta",
            "L’œuvre de Meta",
        ),
        ("long-line.txt", "x" * 201 + "\n\nsuite", "x" * 201 + "\n\nsuite", ""),
        ("blank-first.txt", "\n  \n  Titre  \ncorps", "\n  \n  Titre  \ncorps", "Titre"),
        (
            "page.md",
            (
                "# Meta publie *LLaMA* #\n\nSelon [Le Monde](https://lemonde.fr), **Meta** "
                "et __Microsoft__ s’allient.\n\n![logo](logo.png)\n\n> `LLaMA 2` _arrive_.\n"
            ),
            (
                "Meta publie LLaMA\n\nSelon Le Monde, Meta et Microsoft s’allient.\n\nlogo\n\n"
                "LLaMA 2 arrive.\n"
            ),
            "Meta publie LLaMA",
        ),
        (
            "front-matter.md",
            "---\nlayout: post\n---\n## Titre\n\nmot_avec_soulignés et 2 * 3 * 4\n",
            "Titre\n\nmot_avec_soulignés et 2 * 3 * 4\n",
            "Titre",
        ),
    ],
)
def test_text_formats(tmp_path: Path, name: str, data: str | bytes, text: str, title: str) -> None:
    article, _ = read_one(write(tmp_path, name, data))
    assert (article.text, article.title) == (text, title)
    assert article.id == Path(name).stem


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    article, _ = read_one(write(tmp_path, "page.html", PAGE))
    assert "Meta est sur le point de publier" in article.text
    assert "l’IA générative" in article.text
    for junk in ("tracker", "color", "publicité", "Rubrique Tech", "Mentions légales"):
        assert junk not in article.text
    assert (article.title, article.author, article.date, article.site, article.url) == (
        "Meta publie LLaMA",
        "Jeanne Dupont",
        "2023-07-14",
        "Le Journal",
        "https://example.fr/meta-llama",
    )


@pytest.mark.parametrize(
    ("name", "html", "text", "title"),
    [
        # trafilatura finds nothing in a page without markup: the plain extraction takes over.
        ("bare.htm", "Juste du texte sans balises.", "Juste du texte sans balises.", ""),
        (
            "broken.html",
            "<html><head><title>Titre</title><style>p{}</style></head><body><p>Un <b>mot",
            "Un mot",
            "Titre",
        ),
    ],
)
def test_html_fallback(tmp_path: Path, name: str, html: str, text: str, title: str) -> None:
    article, _ = read_one(write(tmp_path, name, html))
    assert (article.text, article.title) == (text, title)


def test_jsonl_one_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": FRENCH, "title": "Un", "url": "https://a.fr", "date": "2023-07-14"}),
        '{"text": "coupé',
        "",
        json.dumps({"id": "mon article", "text": "Meta publie LLaMA."}),
        json.dumps({"title": "sans texte"}),
        json.dumps(["pas", "un", "objet"]),
    ]
    path = write(tmp_path, "flux.jsonl", "\n".join(lines) + "\n")
    report = read_articles_report([path], detect_language=False)
    assert [(a.id, a.title, a.url, a.date) for a in report.articles] == [
        ("flux-1", "Un", "https://a.fr", "2023-07-14"),
        ("mon-article", "", "", ""),
    ]
    assert report.articles[0].text == FRENCH
    assert [m.split(": ")[0] for m in report.messages] == [f"{path}:2", f"{path}:5", f"{path}:6"]
    with pytest.warns(InputWarning) as caught:
        assert len(read_articles([path], detect_language=False)) == 2
    assert [str(w.message) for w in caught] == report.messages


def test_folders_walked_sorted_hidden_skipped(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/z.md", "a/sub/1.html", "c.jsonl", "notes.pdf", ".git/x.txt"):
        write(tmp_path, name, "{}")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])] == [
        "a/sub/1.html",
        "a/z.md",
        "b/2.txt",
        "c.jsonl",
    ]


def test_no_inputs_reads_the_sample() -> None:
    assert read_articles([]) == [sample_article()]
    assert sample_article().title.startswith("Meta va publier")


# --- problems ------------------------------------------------------------------------------------

PROBLEMS = {
    "missing": (lambda d: d / "absent.txt", "no such file or directory"),
    "empty folder": (lambda d: write(d, "vide/notes.pdf", b"%PDF").parent, "no articles found"),
    "empty file": (lambda d: write(d, "empty.txt", b""), "empty file"),
    "whitespace": (lambda d: write(d, "blank.md", " \n\t\r\n\u3000\n"), "empty file"),
    "pdf": (
        lambda d: write(d, "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        "not a text file",
    ),
    "png": (lambda d: write(d, "img.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "not a text file"),
    "nul bytes": (
        lambda d: write(d, "nul.txt", b"texte\x00\x00\x01\x02 binaire"),
        "not a text file",
    ),
    "zip": (lambda d: write(d, "doc.md", b"PK\x03\x04\x14\x00\x06\x00"), "not a text file"),
    "controls": (lambda d: write(d, "ctl.txt", bytes(range(1, 9)) * 20), "not a text file"),
    "binary jsonl": (lambda d: write(d, "x.jsonl", b"\x1f\x8b\x08\x00"), "not a text file"),
    "all bad jsonl": (lambda d: write(d, "x.jsonl", b"{\n[1]\n"), "no articles (2 bad lines)"),
    "html no text": (lambda d: write(d, "x.html", "<script>1</script><p> </p>"), "no text found"),
}


@pytest.mark.parametrize("case", PROBLEMS, ids=list(PROBLEMS))
def test_problem_is_one_line_input_error(tmp_path: Path, case: str) -> None:
    make, expected = PROBLEMS[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        read_articles([path])
    message = str(info.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message
    report = read_articles_report([path])
    assert report.articles == [] and len(report.messages) == 1
    assert report.messages[0].startswith(message)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", FRENCH)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"locked.txt: cannot read \(Permission denied\)$"):
        read_articles([path])


def test_report_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", FRENCH)
    write(tmp_path, "b.txt", b"%PDF-1.4")
    write(tmp_path, "c.txt", "")
    write(tmp_path, "d.md", FRENCH)
    articles, messages = read_articles_report([tmp_path, tmp_path / "absent"])
    assert [a.id for a in articles] == ["a", "d"]
    assert [m.split(": ")[0] for m in messages] == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.txt"),
        str(tmp_path / "absent"),
    ]
    with pytest.raises(InputError, match="b.txt: not a text file"):
        read_articles([tmp_path])


# --- encodings and language --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "iso8859_15"])
def test_legacy_encoding_decoded_with_a_warning(tmp_path: Path, encoding: str) -> None:
    text = "Le cœur de l’été.\n\nL’œuvre de Meta : « une IA générative » pour tous.\n"
    if encoding != "cp1252":
        text = text.replace("’", "'")
    path = write(tmp_path, "ancien.txt", text.encode(encoding))
    article, caught = read_one(path)
    assert article.text == text
    assert len(caught) == 1 and caught[0].startswith(f"{path}: not UTF-8")
    assert "decoded as" in caught[0]


def test_html_declared_charset(tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">')
    path = write(tmp_path, "latin.html", page.encode("cp1252"))
    article, caught = read_one(path)
    assert "modèle d’intelligence" in article.text
    bad = next(i for i, byte in enumerate(page.encode("cp1252")) if byte > 127)
    assert caught == [f"{path}: not UTF-8 (byte {bad}); decoded as cp1252 (declared in the page)"]


@pytest.mark.parametrize(("text", "warned"), [(ENGLISH, True), (FRENCH, False), ("OK 42", False)])
def test_non_french_warning(tmp_path: Path, text: str, warned: bool) -> None:
    path = write(tmp_path, "news.txt", text)
    _, messages = read_articles_report([path])
    expected = [f"{path}: looks like English, not French; extraction is tuned for French"]
    assert messages == (expected if warned else [])


# --- ids -----------------------------------------------------------------------------------------


def test_duplicate_stems_get_stable_unique_ids(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ("a/article.txt", "b/article.txt", "b/article.md", "c/Le Monde (1).txt"):
        write(root, name, FRENCH)
    ids = [a.id for a in read_articles([root])]
    assert ids[0] == "article" and len(set(ids)) == 4
    assert all(i.startswith("article-") for i in ids[1:3]) and ids[3] == "Le-Monde-1"
    moved = shutil.copytree(root, tmp_path / "elsewhere" / "in")
    assert [a.id for a in read_articles([moved])] == ids


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", FRENCH)
    assert len(read_articles([path, tmp_path, str(path)])) == 1


# --- large files ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_text() -> str:
    """About 5 MB of French paragraphs of varied lengths."""
    paragraphs = [FRENCH.replace("\n\n", " ").strip() * (1 + i % 7) for i in range(3600)]
    return "\n\n".join(paragraphs) + "\n"


def test_large_file_reads_quickly_and_splits(tmp_path: Path, big_text: str) -> None:
    path = write(tmp_path, "big.txt", big_text)
    assert path.stat().st_size >= 5 * 2**20
    start = time.perf_counter()
    (article,) = read_articles([path])
    assert time.perf_counter() - start < 5
    assert article.text == big_text
    pieces = split_paragraphs(article.text)
    assert len(pieces) >= 50
    assert all(len(chunk) <= 100_000 for _, chunk in pieces)
    assert all(article.text[o : o + len(c)] == c for o, c in pieces)
    assert "".join(c for _, c in pieces) == article.text
    assert all(c.endswith("\n\n") for _, c in pieces[:-1])  # cut at paragraph ends only


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("", 10, []),
        ("  \n\n ", 10, []),
        ("Un.\n\nDeux.\n\nTrois.", 100, [(0, "Un.\n\nDeux.\n\nTrois.")]),
        ("Un.\n\nDeux.\n\nTrois.", 12, [(0, "Un.\n\nDeux.\n\n"), (12, "Trois.")]),
        ("Un.\n \nDeux.", 6, [(0, "Un.\n \n"), (6, "Deux.")]),
        # A paragraph too long: cut after a sentence end, else whitespace, else anywhere.
        ("Une phrase. Deux mots ici", 15, [(0, "Une phrase. "), (12, "Deux mots ici")]),
        ("« Oui. » Non", 9, [(0, "« Oui. » "), (9, "Non")]),
        ("abc def ghi", 5, [(0, "abc "), (4, "def "), (8, "ghi")]),
        ("abcdefgh", 3, [(0, "abc"), (3, "def"), (6, "gh")]),
    ],
)
def test_split_paragraphs(text: str, max_chars: int, expected: list) -> None:
    assert split_paragraphs(text, max_chars=max_chars) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=400), st.integers(1, 60))
def test_split_paragraphs_covers_the_text(text: str, max_chars: int) -> None:
    pieces = split_paragraphs(text, max_chars=max_chars)
    assert all(0 < len(c) <= max_chars and text[o : o + len(c)] == c for o, c in pieces)
    ends = [o + len(c) for o, c in pieces]
    assert all(end <= o for end, (o, _) in zip(ends, pieces[1:], strict=False))
    covered = {i for o, c in pieces for i in range(o, o + len(c))}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


# --- anything a user may feed ------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv"]),
    st.one_of(
        st.text(max_size=300).map(lambda s: s.encode("utf-8")),
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda s: s.encode("utf-16")),
    ),
)
def test_anything_raises_only_input_error(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        try:
            articles = read_articles([path])
        except InputError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
            return
    assert articles and all(a.text.strip() for a in articles)
    assert all(c in "\n\t" or ord(c) >= 32 and not 0x7F <= ord(c) <= 0x9F for c in articles[0].text)
