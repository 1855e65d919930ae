#!/usr/bin/env python3
"""Score the pipeline on the held-out French texts (tests/data/heldout/*.txt + *.gold.tsv).

    PYTHONPATH=. python scripts/heldout.py [-v] [--dump DIR]

Builds every held-out text through the public API (kg.api.build_files), scores it with
kg.scoring.evaluate against its gold file, and prints per-file and micro-averaged P/R/F1 for
entities, relations, roles and facts (relations + roles). -v lists every FP/FN;
--dump DIR also writes each graph as DIR/NAME.ttl (to re-score with shared/eval/score.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "heldout"
PARTS = ("entities", "relations", "roles", "facts")


def pairs(folder: Path = HELDOUT) -> list[tuple[Path, Path]]:
    """(text, gold) pairs of the held-out set, sorted by name."""
    out = []
    for txt in sorted(folder.glob("*.txt")):
        gold = txt.with_name(txt.stem + ".gold.tsv")
        if gold.exists():
            out.append((txt, gold))
    return out


def score_all(folder: Path = HELDOUT, dump: Path | None = None) -> dict:
    """{name: {part: Counts}} for every held-out file, plus 'micro' summed over files."""
    from kg.api import build_files
    from kg.scoring import Counts, evaluate, read_gold

    results: dict = {}
    for txt, gold in pairs(folder):
        result = build_files([txt])
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            result.dataset.serialize(str(dump / f"{txt.stem}.ttl"), format="turtle")
        results[txt.stem] = evaluate(read_gold(gold), result.dataset)
    micro = {p: Counts() for p in PARTS}
    for scores in results.values():
        for p in PARTS:
            micro[p].tp += scores[p].tp
            micro[p].fp += scores[p].fp
            micro[p].fn += scores[p].fn
    results["micro"] = micro
    return results


def table(results: dict) -> str:
    head = f"{'file':20s}" + "".join(f"{p + ' P/R/F1':>22s}" for p in PARTS)
    lines = [head, "-" * len(head)]
    for name, scores in results.items():
        cells = "".join(f"{scores[p].precision:7.2f}{scores[p].recall:6.2f}{scores[p].f1:6.2f}   " for p in PARTS)
        lines.append(f"{name:20s}{cells}")
    m = results["micro"]
    lines.append("micro: " + " ".join(f"{p}_f1={m[p].f1:.3f}" for p in PARTS)
                 + "  " + " ".join(f"{p}(tp={m[p].tp} fp={m[p].fp} fn={m[p].fn})" for p in PARTS))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every FP and FN per file")
    ap.add_argument("--dump", type=Path, help="write each built graph as DIR/NAME.ttl")
    ap.add_argument("--dir", type=Path, default=HELDOUT, help="held-out folder")
    args = ap.parse_args(argv)
    results = score_all(args.dir, args.dump)
    if args.verbose:
        from kg.scoring import report

        for name, scores in results.items():
            if name != "micro":
                print(f"=== {name}")
                print(report(scores, verbose=True))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
