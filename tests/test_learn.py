"""The trained decision stage: models as JSON, deterministic training, candidates, decisions,
cross-validation by document, and the `kg train` / `kg evaluate FOLDER` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.learn import corpus, crossval
from kg.learn.linear import Binary, fit_binary, fit_multiclass
from kg.learn.model import Model, load

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
FEW = ["news/n101_semaphyte_seed", "news/n102_ombrelle_serieb", "news/n103_corvalis_blog", "news/n104_altamira_routelio"]


@pytest.fixture(scope="module")
def few(nlp, tmp_path_factory):
    """Four annotated corpus articles in a folder of their own, and their parses."""
    folder = tmp_path_factory.mktemp("few")
    for name in FEW:
        for ext in (".txt", ".gold.tsv"):
            src = CORPUS / (name + ext)
            (folder / src.name).write_bytes(src.read_bytes())
    return folder, corpus.parse(corpus.read(folder))


def test_linear_models_fit_and_round_trip():
    xs = [{"a"}, {"a", "b"}, {"b"}, {"c"}] * 5
    ys = [True, True, False, False] * 5
    m = fit_binary(xs, ys)
    assert m.score({"a"}) > 0.5 > m.score({"c"})
    assert Binary.from_json(json.loads(json.dumps(m.to_json()))) == m
    assert fit_binary(xs, ys) == m  # same data, same weights
    mc = fit_multiclass(xs, ["x", "x", "y", "z"] * 5)
    probs = mc.probabilities({"a"})
    assert max(probs, key=probs.get) == "x" and abs(sum(probs.values()) - 1) < 1e-9


def test_model_file_errors_are_one_line(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(KGError, match="not a kg model file"):
        load(bad)
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(KGError, match="format"):
        load(bad)
    with pytest.raises(KGError, match="cannot read model"):
        load(tmp_path / "missing.json")


def test_folds_split_by_document():
    ids = [f"doc{i}" for i in range(23)]
    a = crossval.folds(ids, 5)
    assert a == crossval.folds(ids, 5)
    assert sorted(set(a)) == [0, 1, 2, 3, 4] and max(a.count(f) for f in range(5)) - min(a.count(f) for f in range(5)) <= 1
    with pytest.raises(ValueError):
        crossval.folds(ids, 1)


def test_training_is_deterministic(few):
    from kg.learn.train import train

    _, parsed = few
    first, second = train(parsed).dumps(), train(parsed).dumps()
    assert first == second
    model = Model.from_json(json.loads(first))
    assert model.entities is not None and model.roles is not None and "investsIn" in model.relations


def test_labels_come_from_gold_and_evidence(few):
    from kg.candidates import candidates
    from kg.learn.train import _names, label
    from kg.pipeline import context

    _, parsed = few
    p = next(x for x in parsed if x.article.id.endswith("n101_semaphyte_seed"))
    ctx = context(p.article, p.doc, Model())
    names = _names(ctx)
    labels = [label(p, ctx, c, names) for c in candidates(ctx)]
    assert labels.count(True) >= 3 and labels.count(False) > labels.count(True)


def test_candidates_pair_typed_mentions_and_carry_rule_votes(extract_text):
    from kg.candidates import ROLE, candidates
    from kg.facts import Article
    from kg.nlp import parse
    from kg.pipeline import context

    text = "Meta a lancé Llama 3. Yann LeCun, le directeur scientifique de Meta, a salué le modèle."
    ctx = context(Article("t", text), parse(text), Model())
    found = {(c.kind, c.subject, c.object): c for c in candidates(ctx)}
    assert found[("releases", "meta", "llama-3")].votes  # a rule states it
    role = found[(ROLE, "yann-lecun", "meta")]
    assert role.votes and role.titles[0] == ("directeur scientifique", True)
    assert ("releases", "llama-3", "meta") not in found  # signatures are respected


def test_decisions_follow_the_threshold(nlp):
    from kg.facts import Article
    from kg.nlp import parse
    from kg.pipeline import extract

    text = "Meta a lancé Llama 3. Google a investi dans Anthropic."
    always = Model(relations={r: Binary({}, 5.0) for r in ("releases", "investsIn")})
    never = Model(relations={r: Binary({}, -5.0) for r in ("releases", "investsIn")})
    facts = extract(Article("t", text), parse(text), always)
    assert {(r.subject, r.predicate, r.object) for r in facts.relations} >= {("meta", "releases", "llama-3"), ("google", "investsIn", "anthropic")}
    assert all(r.evidence.confidence == 0.99 for r in facts.relations)
    assert extract(Article("t", text), parse(text), never).relations == ()


def test_cli_train_and_evaluate_a_folder(few, tmp_path):
    folder, _ = few
    model = tmp_path / "m.json"
    run = [sys.executable, "-m", "kg"]
    done = subprocess.run([*run, "train", str(folder), "-o", str(model)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert load(model).info["trained_on"] == 4
    done = subprocess.run([*run, "evaluate", str(folder), "--model", str(model), "-v"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("facts_f1=") and " facts_p=" in last and " entities_f1=" in last
    assert "  releases " in done.stdout and "« " in done.stdout  # per relation type; errors quote sentences
    done = subprocess.run([*run, "build", str(folder), "--model", str(tmp_path / "nope.json"), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "cannot read model" in done.stderr and "Traceback" not in done.stderr


def test_shipped_model_is_the_one_scripts_train_builds(tmp_path):
    """kg/data/model.json is rebuilt by scripts/train.py; rerun it if this fails."""
    out = tmp_path / "model.json"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "train.py"), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (ROOT / "kg" / "data" / "model.json").read_bytes(), "stale: run python scripts/train.py"
