"""Rebuild the model shipped with kg (kg/data/model.json) from the annotated corpus.

    python scripts/train.py            # tests/data/corpus + the bundled article -> kg/data/model.json

Trains on every NAME.txt + NAME.gold.tsv pair of tests/data/corpus and on the bundled article
(kg/data/000_f926927dc2d1449b.txt with tests/data/000_f926927dc2d1449b.gold.tsv). Deterministic:
the same data gives the same bytes. Its cross-validated figures come from scripts/crossval.py
(the bundled article's own score is then a training-set figure: see the README).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.facts import Article  # noqa: E402
from kg.io import atomic_write  # noqa: E402
from kg.learn import corpus  # noqa: E402
from kg.learn.train import train  # noqa: E402
from kg.scoring import read_gold  # noqa: E402

SEED = "000_f926927dc2d1449b"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=ROOT / "tests/data/corpus", type=Path)
    ap.add_argument("-o", "--out", default=ROOT / "kg/data/model.json", type=Path)
    ap.add_argument("--no-seed", action="store_true", help="leave the bundled article out")
    args = ap.parse_args()
    t0 = time.perf_counter()
    items = corpus.read(args.corpus)
    if not args.no_seed:
        text = (ROOT / "kg/data" / f"{SEED}.txt").read_text(encoding="utf-8")
        items.append(corpus.Annotated(Article(id=SEED, text=text, source=f"{SEED}.txt"),
                                      read_gold(ROOT / "tests/data" / f"{SEED}.gold.tsv")))
    model = train(corpus.parse(items), info={"trained_on": len(items)})
    atomic_write(args.out, model.dumps())
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB): {len(items)} articles, "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
