"""Shared fixtures: the spaCy model and the seed graph are built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "000_f926927dc2d1449b.gold.tsv"
QUERIES = ROOT / "scripts" / "queries"


@pytest.fixture(scope="session")
def nlp():
    """The French pipeline, loaded once."""
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(scope="session")
def seed_result(nlp):
    """The build of the bundled seed article."""
    from kg.api import build_files

    result, problems = build_files([])
    assert problems == []
    return result


@pytest.fixture(scope="session")
def seed_dir(seed_result, tmp_path_factory):
    """A folder holding every output of the seed build."""
    from kg.api import write_outputs

    out = tmp_path_factory.mktemp("seed-output")
    write_outputs(seed_result, out)
    return out


@pytest.fixture(scope="session")
def extract_text(nlp):
    """The rules' facts of a French text (one article), without the trained stage or RDF.

    The hand-written extractors propose candidates and vote; these tests pin what they read
    in single sentences. The trained decision stage is tested on the corpus (test_learn.py)."""
    from kg.facts import Article
    from kg.learn.model import Model
    from kg.nlp import parse
    from kg.pipeline import extract

    def run(text: str):
        return extract(Article(id="t", text=text), parse(text), Model())

    return run
