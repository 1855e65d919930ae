"""A persistent, incremental graph store: an on-disk Oxigraph store, one named graph per article.

An article's named graph holds its ``kg:contentHash`` (see :func:`kg.rdf.content_hash`). Adding
an article whose hash is already stored writes nothing; a changed article has its named graph
cleared and written again; a new one is written. :func:`articles_to_build` applies the same test
*before* extraction, so unchanged articles are not even parsed.

The default graph holds the union of the articles' graphs, deduplicated (an entity's type and
labels are repeated in every article that names it), kept up to date as articles change: it is
what ``kg query --store`` queries (see :func:`kg.sparql.run`).

The triples come from the one mapping, :func:`kg.rdf.article_triples`, spelled directly as
N-Triples (:class:`kg.rdf.NTriplesTerms`, no rdflib objects) and streamed as N-Quads into
Oxigraph's own loader: one ``bulk_load`` for a large run, so the store is laid out as if the
N-Quads had been bulk-loaded from a file (its queries are as fast); one transaction for a small
one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import KGError
from kg.facts import Article, ArticleFacts
from kg.namespace import KG, PREFIXES, IRIs
from kg.rdf import NTriplesTerms, article_triples, content_hash

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
_SOURCE = ox.NamedNode(str(KG.sourcePath))
_IDENTIFIER = ox.NamedNode("https://schema.org/identifier")


class Stats(NamedTuple):
    """What a store build did: articles written for the first time, replaced, skipped as
    unchanged, skipped as duplicates (``(article, the stored article with the same text)``
    pairs), removed."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: tuple[tuple[str, str], ...] = ()
    removed: int = 0

    def __add__(self, other: object) -> Stats:  # type: ignore[override]
        """Field-wise sum (tuple concatenation would be useless here)."""
        if not isinstance(other, Stats):
            return NotImplemented
        return Stats(*(a + b for a, b in zip(self, other)))

    def summary(self) -> str:
        """``"2 added, 1 replaced, 5 unchanged"``, then duplicates and removals if any.

        >>> Stats(1, 0, 2, (("b.txt", "a.txt"),), 1).summary()
        '1 added, 0 replaced, 2 unchanged, 1 duplicate (b.txt: same text as a.txt), 1 removed'
        """
        out = f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged"
        if self.duplicates:
            n = len(self.duplicates)
            named = ", ".join(f"{a}: same text as {b}" for a, b in self.duplicates[:5])
            more = f", and {n - 5} more" if n > 5 else ""
            out += f", {n} duplicate{'s' if n != 1 else ''} ({named}{more})"
        if self.removed:
            out += f", {self.removed} removed"
        return out


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
    return plan(store, articles, base=base)[0]


def plan(
    store: ox.Store, articles: Iterable[Article], *, base: str | None = None
) -> tuple[list[Article], int, list[tuple[str, str]]]:
    """``(to build, unchanged, duplicates)``: which articles are new or changed, how many are
    stored as they are, and which new ones repeat the text of a stored (or earlier) article —
    ``(article, that article)`` by source path (else id); those are neither parsed nor added.
    An article already stored under its own name is replaced, whatever the other articles hold.
    """
    iris = _iris(base)
    hashes = stored_hashes(store)
    by_hash: dict[str, str] = {}
    for graph, h in hashes.items():
        by_hash.setdefault(h, graph)
    names = _article_names(store)
    todo: list[Article] = []
    unchanged = 0
    duplicates: list[tuple[str, str]] = []
    for a in articles:
        graph, h = str(iris.graph(a.id)), content_hash(a.text)
        old = hashes.get(graph)
        if old == h:
            unchanged += 1
            continue
        first = by_hash.get(h)
        if old is None and first is not None and first != graph:
            duplicates.append((a.source or a.id, names.get(first, first)))
            continue
        by_hash.setdefault(h, graph)
        names.setdefault(graph, a.source or a.id)
        todo.append(a)
    return todo, unchanged, duplicates


def stored_articles(store: ox.Store) -> dict[str, tuple[str, str, str]]:
    """``{graph IRI: (article IRI, identifier, source path)}`` of the articles in the store."""
    out: dict[str, list[str]] = {}
    for predicate, slot in ((_IDENTIFIER, 1), (_SOURCE, 2)):
        for q in store.quads_for_pattern(None, predicate, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                row = out.setdefault(q.graph_name.value, [q.subject.value, "", ""])
                row[slot] = q.object.value
    return {g: (a, i, src) for g, (a, i, src) in out.items()}


def _article_names(store: ox.Store) -> dict[str, str]:
    return {g: src or ident or g for g, (_, ident, src) in stored_articles(store).items()}


def remove_articles(store: ox.Store, names: Iterable[str], *, base: str | None = None) -> list[str]:
    """Remove articles, named by identifier, source path or graph IRI; returns their graph IRIs.

    Their named graphs go, and the triples only they stated leave the union (the default graph).
    Nothing is removed if one name matches no article.

    Raises:
        KGError: a name matches no stored article.
    """
    articles = stored_articles(store)
    index: dict[str, set[str]] = {}
    for graph, (_, ident, source) in articles.items():
        for key in (graph, ident, source, _resolved(source)):
            if key:
                index.setdefault(key, set()).add(graph)
    chosen: list[str] = []
    for name in names:
        graphs = index.get(name) or index.get(_resolved(name))
        if not graphs:
            raise KGError(f"{name}: no such article in the store (give its id, its source path or its graph IRI)")
        chosen += sorted(g for g in graphs if g not in chosen)
    _remove_graphs(store, chosen, {g: articles[g][0] for g in chosen}, base)
    return chosen


def prune(
    store: ox.Store, inputs: Iterable[str | Path], keep: Iterable[Article], *, base: str | None = None
) -> list[str]:
    """Remove the stored articles read from under ``inputs`` whose files are gone; returns their
    graph IRIs. ``keep``: the articles read in this run (never removed). An article whose source
    lies outside every input, or whose file is still there, stays."""
    iris = _iris(base)
    kept = {str(iris.graph(a.id)) for a in keep}
    roots = [Path(p).resolve() for p in inputs]
    gone: dict[str, str] = {}
    for graph, (article, _, source) in stored_articles(store).items():
        if graph in kept or not source:
            continue
        path = Path(re.sub(r"(\.jsonl):\d+\Z", r"\1", source, flags=re.I))
        resolved = path.resolve()
        if path.exists() or not any(resolved == r or r in resolved.parents for r in roots):
            continue
        gone[graph] = article
    _remove_graphs(store, list(gone), gone, base)
    return sorted(gone)


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve()) if path else ""
    except (OSError, RuntimeError, ValueError):
        return ""


def _remove_graphs(store: ox.Store, graphs: list[str], articles: dict[str, str], base: str | None) -> None:
    if not graphs:
        return
    writer = _Writer(store, _iris(base))
    for graph in graphs:
        writer._clear(graph, articles[graph])
        store.remove_graph(ox.NamedNode(graph))
    writer._drop_stale()


def add_results(store: ox.Store, results: Iterable[ArticleFacts], *, base: str | None = None) -> Stats:
    """Write each article's named graph unless the store holds it with the same content hash.

    A changed article's graph is cleared before its new triples are written, so no stale triple
    is left; a triple leaves the default graph (the union) when no article's graph states it.
    Fewer than :data:`_Writer.SMALL` quads are written in one transaction; more are streamed to
    Oxigraph's bulk loader (not atomic), and the content hashes written last, in a transaction
    of their own: an interrupted load leaves graphs without a hash, which the next run clears
    and writes again.
    """
    iris = _iris(base)
    hashes = stored_hashes(store)
    writer = _Writer(store, iris)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}

    def changed() -> Iterator[tuple[str, ArticleFacts]]:
        for facts in results:
            graph = str(iris.graph(facts.article.id))
            new_hash = content_hash(facts.article.text)
            old = hashes.get(graph)
            if old == new_hash:
                counts["unchanged"] += 1
                continue
            counts["added" if old is None else "replaced"] += 1
            hashes[graph] = new_hash
            yield graph, facts

    writer.write(changed())
    return Stats(**counts)


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

    todo, unchanged, duplicates = plan(store, articles, base=base)
    skipped = len(articles) - len(todo)
    stats = Stats(unchanged=unchanged, duplicates=tuple(duplicates))
    if not todo:
        return stats
    counted = (lambda done, total: progress(skipped + done, skipped + total)) if progress else None
    results = merge_entities(extract_all(todo, workers=workers, progress=counted))
    return stats + add_results(store, results, base=base)


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


class _Writer:
    """Writes articles' N-Quads into a store: their named graphs, then the union, hashes last.

    Oxigraph's bulk loader cuts its input into batches of a million quads and writes each batch
    as one sorted file per index; a query reads every file that covers a key, so a small file
    over the same keys as a big one makes it slower (up to 2x measured at 1M triples, until
    RocksDB compacts them, which a process that exits right after writing never lets it do).
    So a large run hands the loader the named graphs' quads in whole batches, then the union's
    triples at the start of a batch (each index of the default graph gets a single file while
    the union has under a million triples), then the rest of the named quads; the hashes, a few
    quads, go last in a transaction.
    """

    #: Below this many quads a run is one transaction (the bulk loader makes files on disk).
    SMALL = 20_000
    #: Union triples per chunk handed to the loader.
    CHUNK = 10_000
    #: Quads per batch of Oxigraph's bulk loader (DEFAULT_BULK_LOAD_BATCH_SIZE in its storage).
    BATCH = 1_000_000

    def __init__(self, store: ox.Store, iris: IRIs) -> None:
        self.store = store
        self.iris = IRIs(iris.base, term=str)  # plain strings: no rdflib object is made
        self.existing = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        self.hash_predicate = NTriplesTerms.iri(KG.contentHash)
        self.union: set[str] = set()  # the triples written (or about to be) to the default graph
        self.new_union: list[str] = []  # those of the current run, in order
        self.hashes: list[str] = []  # the current run's hash quads
        self.stale: set[ox.Triple] = set()  # triples of replaced graphs, maybe gone from the union

    def write(self, articles: Iterator[tuple[str, ArticleFacts]]) -> None:
        """Write ``(graph IRI, facts)`` pairs; the same graph twice: the second replaces the first."""
        pending = _Pushback(articles)
        while pending:
            self._write_run(self._run(pending))
        self._drop_stale()

    def _run(self, pending: _Pushback) -> Iterator[bytes]:
        """N-Quads of articles, until one comes back (it must replace what was just written)."""
        seen: set[str] = set()
        for graph, facts in pending:
            if graph in seen:
                pending.push((graph, facts))
                return
            seen.add(graph)
            self._clear(graph, self.iris.article(facts.article.id))
            yield self._nquads(graph, facts)

    def _write_run(self, chunks: Iterator[bytes]) -> None:
        head: list[bytes] = []
        size = 0
        for data in chunks:
            head.append(data)
            size += data.count(b"\n")
            if size >= self.SMALL:
                break
        else:  # a small run: one transaction
            self.store.load(b"".join([*head, *self._take_union(), self._take_hashes()]), ox.RdfFormat.N_QUADS)
            return
        reader = _ChunkReader(self._aligned(chain(head, chunks)))
        try:
            self.store.bulk_load(io.BufferedReader(reader, 1 << 16), ox.RdfFormat.N_QUADS)
        except OSError:
            reader.reraise()  # the mapping's own error (or a Ctrl-C) rather than Oxigraph's
            raise
        self.store.load(self._take_hashes(), ox.RdfFormat.N_QUADS)  # last, in one transaction

    def _aligned(self, named: Iterator[bytes]) -> Iterator[bytes]:
        """The named graphs' quads in whole loader batches, then the union (starting a batch of
        its own), then the quads held back."""
        held: list[bytes] = []
        lines = 0
        for data in named:
            held.append(data)
            lines += data.count(b"\n")
            if lines >= self.BATCH:
                blob = b"".join(held)
                cut = -1
                for _ in range(self.BATCH):
                    cut = blob.index(b"\n", cut + 1)
                yield blob[: cut + 1]
                held, lines = [blob[cut + 1 :]], lines - self.BATCH
        yield from self._take_union()
        yield from held

    def _take_union(self) -> Iterator[bytes]:
        new, self.new_union = self.new_union, []
        for i in range(0, len(new), self.CHUNK):
            yield "".join(t + " .\n" for t in new[i : i + self.CHUNK]).encode()

    def _take_hashes(self) -> bytes:
        hashes, self.hashes = self.hashes, []
        return "".join(hashes).encode()

    def _nquads(self, graph: str, facts: ArticleFacts) -> bytes:
        """One article's quads, each once; its hash and its new union triples kept for later."""
        g = " " + NTriplesTerms.iri(graph) + " .\n"
        union, new, hash_predicate = self.union, self.new_union, self.hash_predicate
        lines: list[str] = []
        for s, p, o in dict.fromkeys(article_triples(facts, self.iris, NTriplesTerms)):
            triple = f"{s} {p} {o}"
            if p == hash_predicate:
                self.hashes.append(triple + g)
            else:
                lines.append(triple + g)
            if triple not in union:
                union.add(triple)
                new.append(triple)
        return "".join(lines).encode()

    def _clear(self, graph: str, article: str) -> None:
        if graph in self.existing:
            name, store = ox.NamedNode(graph), self.store
            self.stale.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
            # an interrupted load may have written the union's hash triple and not the graph's
            self.stale.update(q.triple for q in store.quads_for_pattern(
                ox.NamedNode(article), _CONTENT_HASH, None, ox.DefaultGraph()))
            store.clear_graph(name)
        self.existing.add(graph)

    def _drop_stale(self) -> None:
        """Remove from the union the triples of replaced graphs that no graph states any more."""
        store = self.store
        for t in self.stale:
            if not any(isinstance(q.graph_name, ox.NamedNode) for q in store.quads_for_pattern(*t, None)):
                store.remove(ox.Quad(t.subject, t.predicate, t.object))
        self.stale.clear()


class _Pushback:
    """An iterator one item can be pushed back into; true while items remain."""

    def __init__(self, items: Iterator) -> None:
        self.items, self.back = items, []

    def __iter__(self) -> _Pushback:
        return self

    def __next__(self):
        return self.back.pop() if self.back else next(self.items)

    def push(self, item) -> None:
        """Give ``item`` back: the next ``next()`` returns it."""
        self.back.append(item)

    def __bool__(self) -> bool:
        if not self.back:
            try:
                self.back.append(next(self.items))
            except StopIteration:
                return False
        return True


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, read by Oxigraph while the chunks are made.

    An exception raised while making a chunk reaches Oxigraph as a read error; :meth:`reraise`
    raises the original one (a mapping bug, a Ctrl-C) in its place.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks, self.chunk, self.pos, self.error = chunks, memoryview(b""), 0, None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while self.pos >= len(self.chunk):
            try:
                chunk = next(self.chunks, None)
            except BaseException as exc:
                self.error = exc
                raise
            if chunk is None:
                return 0
            self.chunk, self.pos = memoryview(chunk), 0
        n = min(len(b), len(self.chunk) - self.pos)
        b[:n] = self.chunk[self.pos : self.pos + n]
        self.pos += n
        return n

    def reraise(self) -> None:
        """Raise the exception that stopped the chunks, if any."""
        if self.error is not None:
            raise self.error
