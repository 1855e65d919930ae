"""The Python API works every time: after importing every submodule, each function twice."""

from __future__ import annotations

import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import kg

TEXT = "Google a lancé Gemini. Sundar Pichai, directeur général de Google, l'a présenté."
GOLD = Path(__file__).parent / "data" / "000_f926927dc2d1449b.gold.tsv"
PEOPLE = "SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p"


@pytest.fixture(scope="module")
def submodules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(kg.__path__, "kg.")]
    for name in names:
        importlib.import_module(name)
    return names


def test_no_name_is_both_a_submodule_and_a_function(submodules):
    assert "kg.sparql" in submodules and "kg.scoring" in submodules
    leaves = {name.split(".")[1] for name in submodules}
    assert not leaves & set(kg.__all__), leaves & set(kg.__all__)
    for name in kg.__all__:
        assert not isinstance(getattr(kg, name), types.ModuleType), name


def test_each_api_function_twice(submodules, nlp, tmp_path):
    from kg.pipeline import BuildResult
    from kg.scoring import Counts

    builds = [kg.build([TEXT]) for _ in range(2)]
    for result in builds:
        assert isinstance(result, BuildResult) and len(result.articles) == 1
        assert len(result.dataset) > 0 and result.problems == ()
    assert set(builds[0].dataset.quads()) == set(builds[1].dataset.quads())

    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    files = [kg.build_files([article, tmp_path / "missing.txt"]) for _ in range(2)]
    for result in files:
        assert isinstance(result, BuildResult) and len(result.articles) == 1
        assert len(result.problems) == 1 and "missing.txt" in result.problems[0]

    written = [kg.write_outputs(files[0], tmp_path / "out", html=False) for _ in range(2)]
    assert written[0] == written[1] and (tmp_path / "out" / "graph.ttl").is_file()

    for graph in (files[0], files[0].dataset, tmp_path / "out" / "graph.trig", str(tmp_path / "out" / "graph.ttl")):
        rows = [kg.query(PEOPLE, graph=graph) for _ in range(2)]
        assert rows[0] == rows[1] and rows[0], graph
        assert all(set(row) == {"p"} for row in rows[0])
    assert kg.query("ASK { ?s ?p ?o }", graph=files[0]) == [{"boolean": "true"}]

    scores = [kg.evaluate(GOLD, kg.build()) for _ in range(2)]
    for score in scores:
        assert isinstance(score["entities"], Counts) and score["entities"].tp > 0
    assert scores[0]["facts"].tp == scores[1]["facts"].tp
    assert kg.evaluate(GOLD, tmp_path / "out" / "graph.nq")["entities"].tp >= 1
    assert callable(kg.query) and callable(kg.evaluate)  # still functions after all of this
