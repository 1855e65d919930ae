"""Formatting never changes facts: the canonical text (kg.textnorm) and the parse through it."""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.nlp import normalise
from kg.textnorm import canonical, wraps

DATA = Path(__file__).parent / "data"
BUNDLED = Path(__file__).parent.parent / "kg" / "data" / "000_f926927dc2d1449b.txt"
#: Every article text of the test data (the corpus, blind, dev and held-out sets) and the bundled one.
ARTICLES = sorted(p for p in DATA.rglob("*.txt") if p.with_suffix(".gold.tsv").is_file()) + [BUNDLED]
#: The texts the whole pipeline is run on: headings and datelines on single lines (n214, n104),
#: a bulleted list (w110), roles (n202), an agency signature line (n301), one paragraph (w109).
SAMPLE = ["news/n214_helior_gouvernance", "wiki/w110_linkedin", "news/n202_suleyman_microsoft",
          "news/n301_pleiade_afp", "wiki/w109_stmicroelectronics", "news/n104_altamira_routelio"]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Layout:
    """A way to lay out the same text: what an editor, a mail client or a CMS may do to it."""

    wrap: int | None  # hard-wrap paragraphs at this width
    wrap_every: bool  # every paragraph, else one of them
    hyphens: bool  # the wrapper may break after the hyphen of a compound word
    indent: str
    indent_every: bool  # every line, else every other line
    trailing: str
    blank: str  # what blank lines hold
    nbsp: float  # share of spaces made non-breaking
    doubled: float  # share of spaces doubled (or made a tab)
    newline: str
    seed: int

    def apply(self, text: str) -> str:
        rnd = random.Random(self.seed)
        lines = text.split("\n")
        if self.wrap is not None:
            long = [i for i, line in enumerate(lines) if len(line) > self.wrap]
            chosen = set(long) if self.wrap_every or not long else {rnd.choice(long)}
            lines = [w for i, line in enumerate(lines)
                     for w in (textwrap.wrap(line, self.wrap, break_long_words=False,
                                             break_on_hyphens=self.hyphens) if i in chosen else [line])]
        out = []
        for n, line in enumerate(lines):
            line = re.sub(" ", lambda m: self._space(rnd), line)
            if not line:
                out.append(self.blank)
                continue
            if self.indent_every or n % 2:
                line = self.indent + line
            out.append(line + self.trailing)
        return self.newline.join(out)

    def _space(self, rnd: random.Random) -> str:
        r = rnd.random()
        if r < self.nbsp:
            return rnd.choice(["\u00a0", "\u202f"])
        if r < self.nbsp + self.doubled:
            return rnd.choice(["  ", "\t", " \t"])
        return " "


layouts = st.builds(
    Layout,
    wrap=st.none() | st.integers(60, 80),
    wrap_every=st.booleans(),
    hyphens=st.booleans(),
    indent=st.sampled_from(["", " ", "  ", "\t", "    "]),
    indent_every=st.booleans(),
    trailing=st.sampled_from(["", " ", "\t", "  \t"]),
    blank=st.sampled_from(["", " ", "\t", "\n", " \n  "]),
    nbsp=st.sampled_from([0.0, 0.1, 0.5]),
    doubled=st.sampled_from([0.0, 0.1, 0.3]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    seed=st.integers(0, 2**16),
)


def test_article_texts_are_already_canonical():
    """The test and bundled texts parse as they did before the canonical text (the same Doc text,
    but for the bundled article's runs of blank lines, which become one)."""
    assert len(ARTICLES) > 90
    for path in ARTICLES:
        text = _read(path)
        expected = text if path != BUNDLED else re.sub(r"\n{3,}", "\n\n", text)
        assert normalise(canonical(text).text) == normalise(expected), path


@pytest.mark.parametrize(("text", "expected"), [
    ("  Un\tdeux\u00a0\u00a0trois  \r\n\r\n\r\n Quatre.\r", "Un deux trois\n\nQuatre.\n"),
    ("\n\n  Titre\n\n", "Titre\n"),
    ("Communiqué de presse – Information réglementée\nToulouse, le 18 novembre 2025\n",
     "Communiqué de presse – Information réglementée\nToulouse, le 18 novembre 2025\n"),
    ("Le chiffre d'affaires se répartit ainsi :\n• La publicité (18 %)\n• Les abonnements (20 %)",
     "Le chiffre d'affaires se répartit ainsi :\n• La publicité (18 %)\n• Les abonnements (20 %)"),
    ("La jeune pousse lyonnaise, fondée en 2019 par deux anciens de la\nstart-up Doctolib, a levé",
     "La jeune pousse lyonnaise, fondée en 2019 par deux anciens de la start-up Doctolib, a levé"),
    ("La jeune pousse lyonnaise, fondée en 2019 par deux anciens de la start-\nup Doctolib, a levé",
     "La jeune pousse lyonnaise, fondée en 2019 par deux anciens de la start-up Doctolib, a levé"),
    ("", ""),
    (" \t\r\n ", ""),
])
def test_canonical_text(text, expected):
    assert canonical(text).text == expected
    assert canonical(expected).text == expected


def test_a_long_line_is_a_paragraph_not_a_wrap():
    title = "Meta dévoile Llama 3, son nouveau modèle de langage ouvert pour concurrencer OpenAI"
    body = "Meta a publié jeudi" + " une nouvelle version de son modèle" * 5
    assert not wraps(title, body) and not wraps(body, title)
    assert canonical(f"{title}\n{body}").text == f"{title}\n{body}"


def test_map_points_every_character_into_the_original():
    text = "\t Meta a\u00a0publié\r\n  Llama 2,  un modèle\r\n\r\n\r\nouvert. \n"
    m = canonical(text)
    assert m.text == "Meta a publié\nLlama 2, un modèle\n\nouvert.\n"
    for i, ch in enumerate(m.text):
        assert ch.isspace() or text[m.position(i)] == ch
    start = m.text.index("Llama")
    assert text[slice(*m.span(start, m.text.index("ouvert") + 7))] == "Llama 2,  un modèle\r\n\r\n\r\nouvert."
    assert m.span(3, 3) == (5, 5) and m.position(len(m.text)) == len(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(ARTICLES), layouts)
def test_layout_never_changes_the_canonical_text(path, layout):
    text = _read(path)
    laid_out = layout.apply(text)
    m = canonical(laid_out)
    assert m.text == canonical(text).text
    previous = -1
    for i, ch in enumerate(m.text):
        p = m.position(i)
        assert p > previous or ch.isspace()
        assert ch.isspace() or laid_out[p] == ch
        previous = max(previous, p)


# --- the whole pipeline -----------------------------------------------------------------------


def _facts(text: str):
    """(relations, roles, evidence check) of a text, parsed and decided as ``kg build`` does."""
    from kg.facts import Article
    from kg.nlp import parse
    from kg.pipeline import extract

    facts = extract(Article(id="t", text=text), parse(text))
    for fact in (*facts.relations, *facts.roles):
        ev = fact.evidence
        assert text[ev.start : ev.end] == ev.sentence and ev.sentence == ev.sentence.strip(), ev
    relations = {(r.subject, r.predicate, r.object, "".join(r.evidence.sentence.split())) for r in facts.relations}
    roles = {(r.person, r.organization, r.title, "".join(r.evidence.sentence.split())) for r in facts.roles}
    return relations, roles


@lru_cache(maxsize=None)
def _facts_of(name: str):
    return _facts(_read(DATA / "corpus" / f"{name}.txt"))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE), layouts)
def test_layout_never_changes_the_facts(nlp, name, layout):
    relations, roles = _facts_of(name)
    laid_out = layout.apply(_read(DATA / "corpus" / f"{name}.txt"))
    assert _facts(laid_out) == (relations, roles)


def test_sample_texts_have_facts(nlp):
    assert sum(bool(rel or roles) for rel, roles in map(_facts_of, SAMPLE)) >= 5


def test_indented_bundled_article_keeps_its_facts(nlp):
    text = _read(BUNDLED)
    relations, roles = _facts(text)
    assert len(relations) + len(roles) >= 15
    assert _facts("\n".join(" " + line for line in text.split("\n"))) == (relations, roles)


def test_long_article_pieces_map_back(nlp, monkeypatch):
    import kg.pipeline as pipeline
    from kg.facts import Article

    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 60)
    text = "  Google a lancé Gemini.\r\n\r\n\tMeta a publié Llama 2 pour les chercheurs.\r\n\r\nOpenAI a présenté GPT-4.\r\n"
    (facts,) = pipeline.extract_all([Article(id="long", text=text)])
    assert {(r.subject, r.object) for r in facts.relations} == {("google", "gemini"), ("meta", "llama-2"), ("openai", "gpt-4")}
    for r in facts.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.sentence
    assert facts.article.text == text
