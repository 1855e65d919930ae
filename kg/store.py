"""A persistent, incremental graph store: an on-disk Oxigraph store, one named graph per article.

An article's named graph holds its ``kg:contentHash`` (see :func:`kg.rdf.content_hash`). Adding
an article whose hash is already stored writes nothing; a changed article has its named graph
cleared and written again; a new one is written. :func:`articles_to_build` applies the same test
*before* extraction, so unchanged articles are not even parsed.

The default graph holds the union of the articles' graphs, deduplicated (an entity's type and
labels are repeated in every article that names it), kept up to date as articles change: it is
what ``kg query --store`` queries (see :func:`kg.query.run`).

The triples come from the one mapping, :func:`kg.rdf.add_article`, collected into plain lists
(not an rdflib store: indexing them there costs more than writing them to Oxigraph) and converted
term by term into pyoxigraph quads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import KGError
from kg.facts import Article, ArticleFacts
from kg.namespace import KG, PREFIXES, IRIs
from kg.rdf import add_article, content_hash

#: Formats :func:`export_store` writes, by file extension.
EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
_CONTENT_HASH = ox.NamedNode(str(KG.contentHash))


class Stats(NamedTuple):
    """What :func:`add_results` did: articles written for the first time, replaced, skipped."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def __add__(self, other: object) -> Stats:  # type: ignore[override]
        """Field-wise sum (tuple concatenation would be useless here)."""
        if not isinstance(other, Stats):
            return NotImplemented
        return Stats(*(a + b for a, b in zip(self, other)))

    def summary(self) -> str:
        """``"2 added, 1 replaced, 5 unchanged"``."""
        return f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged"


def open_store(path: str | Path, *, create: bool = True, read_only: bool = False) -> ox.Store:
    """Open (or create) the on-disk store at ``path``.

    Raises:
        KGError: the folder is not a store, is locked by another process, or cannot be created.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise KGError(f"{path}: not a store folder (it is a file)")
    if not path.exists() and (read_only or not create):
        raise KGError(f"{path}: no such store (run `kg build ... --store {path}` first)")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        reason = " ".join(str(exc).split())
        if "lock" in reason.lower():
            reason = "it is in use by another process"
        raise KGError(f"{path}: cannot open store: {reason}") from None


def stored_hashes(store: ox.Store) -> dict[str, str]:
    """The content hash held by each named graph: ``{graph IRI: "sha256:..."}``."""
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(None, _CONTENT_HASH, None, None):
        if isinstance(q.graph_name, ox.NamedNode):
            out[q.graph_name.value] = q.object.value
    return out


def articles_to_build(store: ox.Store, articles: Iterable[Article], *, base: str | None = None) -> list[Article]:
    """The articles whose text is not already in the store with the same hash (in order)."""
    iris = _iris(base)
    hashes = stored_hashes(store)
    return [a for a in articles if hashes.get(str(iris.graph(a.id))) != content_hash(a.text)]


def add_results(
    store: ox.Store,
    results: Iterable[ArticleFacts],
    *,
    base: str | None = None,
    batch_quads: int = 500_000,
) -> Stats:
    """Write each article's named graph unless the store holds it with the same content hash.

    A changed article's graph is cleared before its new triples are written, so no stale triple
    is left; a triple leaves the default graph (the union) when no article's graph states it.
    Small batches are written in one transaction; large ones (``batch_quads``) with
    Oxigraph's bulk writer, 3 to 4 times faster, and the content hashes last: an interrupted
    load leaves graphs without a hash, which the next run clears and writes again.
    """
    iris = _iris(base)
    hashes = stored_hashes(store)
    existing = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    batch = _Batch(store, existing, batch_quads)
    added = replaced = unchanged = 0
    for facts in results:
        graph = str(iris.graph(facts.article.id))
        new_hash = content_hash(facts.article.text)
        old = hashes.get(graph)
        if old == new_hash:
            unchanged += 1
            continue
        batch.add(graph, article_triples(facts, iris))
        hashes[graph] = new_hash
        if old is None:
            added += 1
        else:
            replaced += 1
    batch.flush()
    return Stats(added, replaced, unchanged)


def build_into_store(
    store: ox.Store,
    articles: Sequence[Article],
    *,
    base: str | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Stats:
    """Extract and write only the articles that are new or changed; the others are not parsed."""
    from kg.pipeline import extract_all, merge_entities

    todo = articles_to_build(store, articles, base=base)
    skipped = len(articles) - len(todo)
    stats = Stats(unchanged=skipped)
    if not todo:
        return stats
    counted = (lambda done, total: progress(skipped + done, skipped + total)) if progress else None
    results = merge_entities(extract_all(todo, workers=workers, progress=counted))
    return stats + add_results(store, results, base=base)


def article_triples(facts: ArticleFacts, iris: IRIs) -> list[tuple]:
    """The rdflib triples :func:`kg.rdf.add_article` maps one article to (distinct, in order)."""
    sink = _Sink()
    add_article(sink, facts, iris)  # type: ignore[arg-type]  # duck-typed Dataset, see _Sink
    return list(sink.triples)


def export_store(store: ox.Store, path: str | Path, fmt: str | None = None) -> Path:
    """Write the store to ``path`` atomically: quads (.nq, .trig) or the union graph (.ttl, .nt ...).

    Args:
        fmt: a key of :data:`EXPORT_FORMATS`; default: from the file extension.
    """
    from kg.export.rdf import sorted_lines
    from kg.io import atomic_write_with

    path = Path(path)
    key = (fmt or path.suffix.lstrip(".")).lower()
    if key not in EXPORT_FORMATS:
        raise KGError(f"{path}: unknown export format {key!r} (choose from {', '.join(EXPORT_FORMATS)})")
    rdf_format = EXPORT_FORMATS[key]
    prefixes = PREFIXES if key in ("trig", "ttl", "rdf") else None

    def write(fh) -> None:
        if rdf_format.supports_datasets:
            # the article graphs; the default graph only repeats their union
            terms = sorted((q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)), key=_quad_key)
        else:
            terms = sorted({q.triple for q in store}, key=_quad_key)
        if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
            fh.write(sorted_lines(ox.serialize(terms, format=rdf_format)))  # as `kg build` writes them
        else:
            ox.serialize(terms, fh, rdf_format, prefixes=prefixes)

    return atomic_write_with(path, write)


def _iris(base: str | None) -> IRIs:
    return IRIs(base) if base else IRIs()


def _quad_key(q) -> tuple[str, ...]:
    return (str(getattr(q, "graph_name", "")), str(q.subject), str(q.predicate), str(q.object))


class _Graph:
    """Just enough of an rdflib Graph for add_article: ``add`` into an ordered set."""

    def __init__(self, identifier: URIRef, triples: dict[tuple, None]) -> None:
        self.identifier = identifier
        self._triples = triples

    def add(self, triple: tuple) -> _Graph:
        """Add a triple (duplicates are dropped, as in a graph)."""
        self._triples[triple] = None
        return self


class _Sink:
    """Just enough of an rdflib Dataset for add_article, holding one article's triples."""

    def __init__(self) -> None:
        self.triples: dict[tuple, None] = {}

    def graph(self, identifier: URIRef) -> _Graph:
        """The article's graph (there is only one)."""
        return _Graph(identifier, self.triples)

    def remove_graph(self, graph: _Graph) -> None:
        """Forget the triples collected so far."""
        self.triples.clear()


class _Batch:
    """Quads of several articles waiting to be written, each article's graph cleared first."""

    #: Below this many quads a batch is one transaction (the bulk writer makes files on disk).
    SMALL = 20_000

    def __init__(self, store: ox.Store, existing: set[str], limit: int) -> None:
        self.store, self.existing, self.limit = store, existing, limit
        self.term = _Converter().term
        self.hash_term = self.term(KG.contentHash)
        self.pending: set[str] = set()
        self.graphs: list[ox.NamedNode] = []
        self.quads: list[ox.Quad] = []
        self.hashes: list[ox.Quad] = []

    def add(self, graph: str, triples: Iterable[tuple]) -> None:
        """Queue one article's triples, to replace whatever its graph holds."""
        if graph in self.pending:
            self.flush()  # the same article twice: its second version must replace the first
        name = ox.NamedNode(graph)
        self.graphs.append(name)
        self.pending.add(graph)
        term, quads, hashes, hash_term = self.term, self.quads, self.hashes, self.hash_term
        for s, p, o in triples:
            pp = term(p)
            (hashes if pp is hash_term else quads).append(ox.Quad(term(s), pp, term(o), name))
        if len(self.quads) >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Clear the queued articles' graphs, write their quads, and keep the union up to date."""
        if not self.graphs:
            return
        store = self.store
        stale: set[ox.Triple] = set()
        for name in self.graphs:
            if name.value in self.existing:
                stale.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
                store.clear_graph(name)
        # each triple once: entities' types and labels repeat in every article that names them
        union = [ox.Quad(*t) for t in {q.triple for q in (*self.quads, *self.hashes)}]
        if len(self.quads) < self.SMALL:
            store.extend(self.quads + self.hashes + union)
        else:
            store.bulk_extend(self.quads)
            store.bulk_extend(union)
            store.extend(self.hashes)
        for t in stale:  # dropped from the union once no article's graph states it any more
            if not any(isinstance(q.graph_name, ox.NamedNode) for q in store.quads_for_pattern(*t, None)):
                store.remove(ox.Quad(t.subject, t.predicate, t.object))
        self.existing.update(n.value for n in self.graphs)
        self.graphs, self.quads, self.hashes = [], [], []
        self.pending.clear()


class _Converter:
    """rdflib terms -> pyoxigraph terms, each distinct term converted once."""

    def __init__(self) -> None:
        self._cache: dict[object, object] = {}

    def term(self, t):
        """The pyoxigraph term of an rdflib term."""
        # Keyed by plain strings and tuples: rdflib's own __hash__ is Python code, 3x slower.
        if t.__class__ is URIRef:
            key = str(t)
        else:
            key = (str(t), t.__class__, t.language, t.datatype and str(t.datatype))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _convert(t)
        return found


def _convert(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"not an RDF term: {t!r}")
