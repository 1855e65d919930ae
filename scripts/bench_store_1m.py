"""Store benchmarks at one million triples, kg vs bare pyoxigraph, without rdflib (fast to run).

    python scripts/bench_store_1m.py            # N=1000000 by default; N=200000 for a quick run

(c) loading: ``kg.store.add_results`` (the pipeline's own RDF mapping of synthetic facts, term
conversion, named graphs plus their deduplicated union) against ``Store.bulk_load`` of the same
quads dumped to N-Quads. (b) every bundled query: ``kg query --store``'s code path (read-only
store, ``kg.query.run``, table output) against the same query on the bare store, best of 2.
The synthetic facts come from ``scripts/bench.py`` (``facts_for_triples``).
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.namespace import PREFIXES
from kg.query import format_result, read_query, run
from kg.store import add_results, open_store

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run (c) then (b) and print one line per measurement."""
    spec = importlib.util.spec_from_file_location("bench", HERE / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    n = int(os.environ.get("N", "1000000"))
    t = time.perf_counter()
    facts, got = bench.facts_for_triples(n)
    print(f"generated {len(facts)} articles, {got} triples in {time.perf_counter() - t:.1f} s", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        t = time.perf_counter()
        db = open_store(tmp / "kg")
        add_results(db, facts)
        db.flush()
        kg_load = time.perf_counter() - t
        quads = len(db)
        db.dump(str(tmp / "all.nq"), ox.RdfFormat.N_QUADS)
        del db
        t = time.perf_counter()
        bare = ox.Store(str(tmp / "bare"))
        bare.bulk_load(path=str(tmp / "all.nq"), format=ox.RdfFormat.N_QUADS)
        bare.flush()
        bare_load = time.perf_counter() - t
        del bare
        print(f"(c) load {quads} quads: kg {kg_load:.1f} s, bare bulk_load {bare_load:.1f} s, "
              f"ratio {kg_load / bare_load:.2f}; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB",
              flush=True)
        kg = open_store(tmp / "kg", read_only=True)
        bare = ox.Store.read_only(str(tmp / "bare"))
        for path in sorted((HERE / "queries").glob("*.rq")):
            sparql = read_query(str(path))
            best = {"kg": float("inf"), "bare": float("inf")}
            for _ in range(2):
                t = time.perf_counter()
                format_result(run(sparql, kg), "table")
                best["kg"] = min(best["kg"], time.perf_counter() - t)
                t = time.perf_counter()
                rows = sum(1 for _ in bare.query(sparql, prefixes=PREFIXES))
                best["bare"] = min(best["bare"], time.perf_counter() - t)
            print(f"(b) {path.name}: {rows} rows, kg {best['kg']:.3f} s, bare {best['bare']:.3f} s, "
                  f"ratio {best['kg'] / best['bare']:.2f}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
