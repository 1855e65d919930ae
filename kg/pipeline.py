"""article text -> spaCy Doc -> extractors -> facts -> RDF dataset."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from rdflib import Dataset
from spacy.tokens import Doc

from kg import nlp
from kg.extractors import EXTRACTORS
from kg.extractors.context import Context, article_topic, main_organization, quoted_tokens
from kg.coref import anaphora
from kg.extractors.entities import candidates
from kg.facts import SYMMETRIC, Article, ArticleFacts, Evidence, Relation, Role
from kg.rdf import to_dataset
from kg.learn import model as learned_model
from kg.learn.entities import LearnedTyper
from kg.learn.model import Model
from kg.resolve import resolve
from kg.schema import SIGNATURES
from kg.textnorm import TextMap

@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the dataset, the facts per article, and the time it took.

    Every build function returns one (:func:`build`, :func:`build_articles`,
    :func:`kg.api.build_files`); ``dataset`` is an rdflib ``Dataset`` with one named graph per
    article, and ``problems`` holds one line per input file that was skipped or fixed.
    """

    dataset: Dataset
    articles: tuple[ArticleFacts, ...]
    seconds: float
    problems: tuple[str, ...] = ()

    @property
    def entities(self) -> int:
        """Distinct entities across articles."""
        return len({e.key for a in self.articles for e in a.entities})

    @property
    def facts(self) -> int:
        """Distinct facts (relations and roles) across articles."""
        rel = {(r.subject, r.predicate, r.object) for a in self.articles for r in a.relations}
        roles = {(r.person, r.organization, r.title) for a in self.articles for r in a.roles}
        return len(rel) + len(roles)

    def summary(self) -> str:
        """The one-line summary ``kg build`` prints."""
        triples = len(self.dataset)
        return (f"{len(self.articles)} article(s), {self.entities} entities, {self.facts} facts, "
                f"{triples} triples in {self.seconds:.1f} s")


def context(article: Article, doc: Doc, model: Model | None = None) -> Context:
    """Resolve the mentions of a parsed article and gather what the extractors need.

    Entities are typed by the model's entity typer when it has one, else by the rules' votes.
    A definite description (« la société américaine ») links a mention to an entity of this
    article only; it never becomes one of the entity's names.

    When ``doc`` was parsed from the canonical form of the article's text (:func:`kg.nlp.parse`),
    the context's article holds that text, which the Doc's offsets (and so the evidence of the
    extractors) index; :func:`extract` maps the evidence back to the text as read.
    """
    model = model if model is not None else learned_model.load()
    text_map = _text_map(article, doc)
    parsed = article if text_map is None else replace(article, text=text_map.text)
    typer = LearnedTyper(model.entities, doc) if model.entities is not None else None
    mentions, entities = resolve(list(candidates(doc)), typer)
    main = main_organization(mentions)
    mentions += anaphora(doc, mentions, article_topic(mentions, main))
    mentions.sort(key=lambda m: (m.start, m.end))
    return Context(article=parsed, doc=doc, mentions=mentions, entities={e.key: e for e in entities},
                   quoted=quoted_tokens(doc), main_org=main)


def _text_map(article: Article, doc: Doc) -> TextMap | None:
    """The map from the text ``doc`` was parsed from to ``article.text``, if they differ."""
    text_map = nlp.text_map(doc)
    if text_map is None or text_map.identity or text_map.original != article.text:
        return None
    return text_map


def _as_read(facts: ArticleFacts, text_map: TextMap | None) -> ArticleFacts:
    """``facts`` with their evidence moved from the parsed (canonical) text to the text as read.

    The map keeps the order of positions, so the facts stay sorted.
    """
    if text_map is None:
        return facts

    def moved(ev: Evidence) -> Evidence:
        start, end = text_map.span(ev.start, ev.end)
        return replace(ev, start=start, end=end, sentence=text_map.original[start:end])

    return replace(facts, relations=tuple(replace(r, evidence=moved(r.evidence)) for r in facts.relations),
                   roles=tuple(replace(r, evidence=moved(r.evidence)) for r in facts.roles))


def extract(article: Article, doc: Doc, model: Model | None = None) -> ArticleFacts:
    """The facts of one parsed article: rules propose candidates, the model decides.

    Without a trained relation model (``Model()``), the rules' own facts are kept as they are.
    Evidence offsets index ``article.text`` (as read), even when ``doc`` was parsed from its
    canonical form.
    """
    model = model if model is not None else learned_model.load()
    ctx = context(article, doc, model)
    if model.relations or model.roles is not None:
        from kg.candidates import candidates as fact_candidates
        from kg.decide import decide, score

        rels, rls = decide(ctx, score(ctx, fact_candidates(ctx), model), model)
        relations = {(r.subject, r.predicate, r.object, r.evidence.start): r for r in rels}
        roles = {(r.person, r.organization, r.title.casefold(), r.evidence.start): r for r in rls}
    else:
        relations, roles = rule_facts(ctx)
    used = {m.key for m in ctx.mentions}
    entities = tuple(sorted(e for k, e in ctx.entities.items() if k in used))
    return _as_read(ArticleFacts(
        article=article,
        entities=entities,
        relations=tuple(sorted(relations.values())),
        roles=tuple(sorted(roles.values())),
    ), _text_map(article, doc))


def rule_facts(ctx: Context) -> tuple[dict[tuple, Relation], dict[tuple, Role]]:
    """The hand-written extractors' facts, well typed and distinct."""
    relations: dict[tuple, Relation] = {}
    roles: dict[tuple, Role] = {}
    for run in EXTRACTORS.values():
        for fact in run(ctx):
            if isinstance(fact, Role):
                if ctx.type_of(fact.person) != "Person" or ctx.type_of(fact.organization) != "Organization":
                    continue
                roles.setdefault((fact.person, fact.organization, fact.title.casefold(), fact.evidence.start), fact)
                continue
            subj, obj = SIGNATURES[fact.predicate]
            if fact.subject == fact.object or ctx.type_of(fact.subject) not in subj or ctx.type_of(fact.object) not in obj:
                continue
            s, o = fact.subject, fact.object
            if fact.predicate in SYMMETRIC and (o, fact.predicate, s) in {k[:3] for k in relations}:
                s, o = o, s
                fact = replace(fact, subject=s, object=o)
            relations.setdefault((s, fact.predicate, o, fact.evidence.start), fact)
    return relations, roles


def extract_all(
    articles: Sequence[Article],
    *,
    batch_size: int = 16,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[ArticleFacts]:
    """Parse the articles with ``nlp.pipe`` and extract their facts, in order.

    Articles longer than :data:`CHUNK_CHARS` are parsed paragraph by paragraph (bounded
    memory, no spaCy ``max_length`` error) and joined back into one Doc, offsets unchanged.

    Args:
        workers: processes that parse and extract (each article is independent); 1: this one.
        progress: called with ``(articles done, articles in all)`` as they are done.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    workers = max(1, min(workers, len(articles)))
    if workers == 1:
        out = []
        for a, d in _parsed(articles, batch_size):
            out.append(extract(a, d))
            if progress:
                progress(len(out), len(articles))
        return out
    return _extract_parallel(articles, batch_size=batch_size, workers=workers, progress=progress)


CHUNK_CHARS = 100_000


def _parsed(articles: Sequence[Article], batch_size: int) -> Iterator[tuple[Article, Doc]]:
    """Each article with its Doc, in order: short ones through ``nlp.pipe``, long ones in pieces."""
    run: list[Article] = []
    for a in articles:
        if len(a.text) > CHUNK_CHARS:
            yield from zip(run, nlp.parse_many((x.text for x in run), batch_size=batch_size))
            run = []
            yield a, parse_long(a.text)
        else:
            run.append(a)
    yield from zip(run, nlp.parse_many((x.text for x in run), batch_size=batch_size))


def parse_long(text: str) -> Doc:
    """Parse a long text in contiguous pieces cut at paragraph boundaries; one Doc back.

    As :func:`kg.nlp.parse`, the pieces are those of the text's canonical form, and the Doc
    keeps its map back to ``text``.
    """
    from kg.articles import split_paragraphs
    from kg.textnorm import canonical

    canon = canonical(text)
    starts = [offset for offset, _ in split_paragraphs(canon.text, max_chars=CHUNK_CHARS)] or [0]
    starts[0] = 0
    bounds = list(zip(starts, starts[1:] + [len(canon.text)]))
    docs = list(nlp.parse_exact(canon.text[a:b] for a, b in bounds))
    return nlp.with_text_map(Doc.from_docs(docs, ensure_whitespace=False), canon)


def _extract_chunk(chunk: Sequence[Article]) -> list[ArticleFacts]:
    return [extract(a, d) for a, d in _parsed(chunk, len(chunk))]


def _extract_parallel(articles: Sequence[Article], *, batch_size: int, workers: int,
                      progress: Callable[[int, int], None] | None) -> list[ArticleFacts]:
    import multiprocessing as mp

    # Fork after loading the model: the workers share it instead of each loading it (~5 s).
    methods = mp.get_all_start_methods()
    if "fork" in methods:
        nlp.load()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    size = max(1, min(batch_size, -(-len(articles) // (2 * workers))))
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    out: list[ArticleFacts] = []
    with ctx.Pool(workers) as pool:
        for facts in pool.imap(_extract_chunk, chunks):
            out.extend(facts)
            if progress:
                progress(len(out), len(articles))
    return out


def merge_entities(results: list[ArticleFacts]) -> list[ArticleFacts]:
    """Give an entity the same label and type in every article (the most frequent one)."""
    from collections import Counter

    types: dict[str, Counter] = {}
    labels: dict[str, Counter] = {}
    for r in results:
        for e in r.entities:
            types.setdefault(e.key, Counter())[e.type] += 1
            labels.setdefault(e.key, Counter())[e.label] += 1
    out = []
    for r in results:
        ents = []
        for e in r.entities:
            t = sorted(types[e.key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            lab = sorted(labels[e.key].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
            aliases = tuple(sorted(({*e.aliases, e.label} - {lab})))
            ents.append(replace(e, type=t, label=lab, aliases=aliases))
        out.append(replace(r, entities=tuple(ents)))
    return out


def build_articles(
    articles: Sequence[Article],
    *,
    base: str | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the knowledge graph of already-read articles (see :func:`extract_all` for options)."""
    t0 = time.perf_counter()
    results = merge_entities(extract_all(articles, workers=workers, progress=progress))
    ds = to_dataset(results, base=base)
    return BuildResult(dataset=ds, articles=tuple(results), seconds=time.perf_counter() - t0)


def build(texts: Iterable[str] | None = None, *, base: str | None = None) -> BuildResult:
    """Build the knowledge graph of French article texts (none: the bundled sample).

    The graph itself is ``result.dataset`` (an rdflib ``Dataset``).

    >>> result = build(["Meta a publié son modèle LLaMA."])  # doctest: +SKIP
    >>> len(result.dataset)  # doctest: +SKIP
    """
    from kg.articles import sample_article

    if texts is None:
        articles = [sample_article()]
    else:
        articles = [Article(id=f"text-{i + 1}", text=t) for i, t in enumerate(texts)]
    return build_articles(articles, base=base)
