"""5-fold cross-validation by document over an annotated corpus (the README's table).

    python scripts/crossval.py [CORPUS_DIR] [-k 5] [-v]

Every article is scored by a model trained on the other folds only (folds fixed by a hash of
each article's path). Prints micro P/R/F1 per part and relation type; the last line reads
``facts_f1=… facts_p=… facts_r=… entities_f1=…``. Same as ``kg evaluate CORPUS_DIR --cv 5``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.learn import api  # noqa: E402
from kg.scoring import report  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=ROOT / "tests/data/corpus", type=Path)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    scores = api.crossvalidate_folders([args.corpus], args.k)
    sys.stdout.write(report(scores, verbose=args.verbose))
    print(api.last_line(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
