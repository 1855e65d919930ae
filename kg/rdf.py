"""The only mapping from facts to triples: one named graph per article.

Shape of the output (see ontologies/kg.ttl):

* entity: ``<entity/meta> a kg:Organization ; skos:prefLabel "Meta" ; rdfs:label "Meta" ;
  skos:altLabel "Meta Platforms" ; owl:sameAs wd:Q380``
* relation: ``<s> kg:releases <o>`` plus an ``rdf:Statement`` reifying it, ``kg:evidence`` to
  a ``kg:Evidence`` node (sentence, offsets, confidence, ``prov:wasAttributedTo`` extractor,
  ``prov:wasQuotedFrom`` article)
* role: an ``org:Membership`` (``org:member``, ``org:organization``, ``org:role``) with the same
  evidence, the ``org:Role`` labelled in French (and English where the title is a known one),
  and the ``org:memberOf`` shortcut
* article: ``schema:NewsArticle`` and ``prov:Entity`` with its source, hash, title and
  ``schema:mentions`` for each entity it names
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.facts import ArticleFacts, Evidence
from kg.namespace import ENTITY_CLASSES, KG, PREFIXES, RELATION_PROPERTIES, WIKIDATA, IRIs


def bind_prefixes(graph: Graph) -> None:
    """Bind the project's prefixes on a graph or dataset (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def new_dataset() -> Dataset:
    """An empty dataset whose default graph is the union of its named graphs."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of an article's text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class RdflibTerms:
    """Terms as rdflib objects, for a :class:`~rdflib.Dataset`."""

    @staticmethod
    def iri(value: str) -> URIRef:
        """An IRI (the vocabulary and :class:`~kg.namespace.IRIs` already give URIRefs)."""
        return value if type(value) is URIRef else URIRef(value)

    @staticmethod
    def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> Literal:
        """A literal: its lexical form and a datatype or a language tag."""
        return Literal(lexical, datatype=datatype, lang=lang)


class NTriplesTerms:
    r"""Terms spelled as N-Triples, for writing N-Quads to a store without building rdflib objects.

    IRIs are written as they are: the vocabulary's and those :class:`~kg.namespace.IRIs` mints
    (percent-encoded slugs and hashes) hold no character N-Triples forbids.

    >>> NTriplesTerms.literal('il a dit "oui"\nà Paris', lang="fr")
    '"il a dit \\"oui\\"\\nà Paris"@fr'
    >>> NTriplesTerms.literal("12", XSD.integer), type(NTriplesTerms.iri(RDF.type))
    ('"12"^^<http://www.w3.org/2001/XMLSchema#integer>', <class 'str'>)
    """

    _ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})

    @staticmethod
    def iri(value: str) -> str:
        """``<value>``."""
        return f"<{value}>"  # not "<" + value: a URIRef's __radd__ would make a URIRef of it

    @staticmethod
    def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
        """``"lexical"``, ``"lexical"@lang`` or ``"lexical"^^<datatype>``."""
        quoted = lexical
        if '"' in quoted or "\\" in quoted or "\n" in quoted or "\r" in quoted:  # rare: translate is slow
            quoted = quoted.translate(NTriplesTerms._ESCAPES)
        if lang:
            return f'"{quoted}"@{lang}'
        return f'"{quoted}"^^<{datatype}>' if datatype else f'"{quoted}"'  # plain str, even from URIRefs


RDFLIB = RdflibTerms()


class _Vocabulary:
    """The vocabulary the mapping writes, spelled once by one kind of terms."""

    _spelled: dict[type, _Vocabulary] = {}

    def __init__(self, terms) -> None:
        I = terms.iri
        self.type, self.statement, self.subject, self.predicate, self.object = map(
            I, (RDF.type, RDF.Statement, RDF.subject, RDF.predicate, RDF.object))
        self.NewsArticle, self.Entity, self.contentHash, self.sourcePath, self.headline, self.url = map(
            I, (SDO.NewsArticle, PROV.Entity, KG.contentHash, KG.sourcePath, SDO.headline, SDO.url))
        self.datePublished, self.author, self.publisher, self.identifier, self.mentions = map(
            I, (SDO.datePublished, SDO.author, SDO.publisher, SDO.identifier, SDO.mentions))
        self.prefLabel, self.label, self.altLabel, self.sameAs = map(
            I, (SKOS.prefLabel, RDFS.label, SKOS.altLabel, OWL.sameAs))
        self.Membership, self.member, self.organization, self.role, self.memberOf, self.Role = map(
            I, (ORG.Membership, ORG.member, ORG.organization, ORG.role, ORG.memberOf, ORG.Role))
        self.evidence, self.Evidence, self.sentence, self.startOffset, self.endOffset, self.confidence = map(
            I, (KG.evidence, KG.Evidence, KG.sentence, KG.startOffset, KG.endOffset, KG.confidence))
        self.wasQuotedFrom, self.wasAttributedTo, self.Extractor, self.current = map(
            I, (PROV.wasQuotedFrom, PROV.wasAttributedTo, KG.Extractor, KG.current))
        self.classes = {name: I(c) for name, c in ENTITY_CLASSES.items()}
        self.properties = {name: I(p) for name, p in RELATION_PROPERTIES.items()}

    @classmethod
    def of(cls, terms) -> _Vocabulary:
        """The vocabulary spelled by ``terms`` (made once per kind of terms)."""
        key = terms if isinstance(terms, type) else type(terms)
        if key not in cls._spelled:
            cls._spelled[key] = cls(terms)
        return cls._spelled[key]


def article_triples(facts: ArticleFacts, iris: IRIs, terms=RDFLIB) -> Iterator[tuple]:
    """One article's triples, in a fixed order (some more than once), spelled by ``terms``."""
    I, L, V = terms.iri, terms.literal, _Vocabulary.of(terms)
    article = facts.article
    a = I(iris.article(article.id))

    yield a, V.type, V.NewsArticle
    yield a, V.type, V.Entity
    yield a, V.contentHash, L(content_hash(article.text))
    if article.source:
        yield a, V.sourcePath, L(article.source)
    if article.title:
        yield a, V.headline, L(article.title)
    if article.url:
        yield a, V.url, L(article.url, XSD.anyURI)
    if article.date:  # ISO (kg.articles.iso_date): a date, or a date and time
        yield a, V.datePublished, L(article.date, XSD.dateTime if "T" in article.date else XSD.date)
    if article.author:
        yield a, V.author, L(article.author)
    if article.site:
        yield a, V.publisher, L(article.site)
    yield a, V.identifier, L(article.id)

    for e in facts.entities:
        node = I(iris.entity(e.key))
        name = L(e.label)
        yield node, V.type, V.classes[e.type]
        yield node, V.prefLabel, name
        yield node, V.label, name
        for alias in e.aliases:
            if alias != e.label:
                yield node, V.altLabel, L(alias)
        if e.wikidata:
            yield node, V.sameAs, I(WIKIDATA[e.wikidata])
        yield a, V.mentions, node

    for r in facts.relations:
        s, o = I(iris.entity(r.subject)), I(iris.entity(r.object))
        prop = V.properties[r.predicate]
        yield s, prop, o
        st = I(iris.statement(r.subject, r.predicate, r.object))
        yield st, V.type, V.statement
        yield st, V.subject, s
        yield st, V.predicate, prop
        yield st, V.object, o
        yield from _evidence(st, r.evidence, f"{r.subject} {r.predicate} {r.object}", a, iris, terms, V)

    for role in facts.roles:
        p, o = I(iris.entity(role.person)), I(iris.entity(role.organization))
        m = I(iris.membership(role.person, role.organization, role.title))
        r = I(iris.role(role.title))
        yield m, V.type, V.Membership
        yield m, V.member, p
        yield m, V.organization, o
        yield m, V.role, r
        if not role.current:
            yield m, V.current, L(False)  # a former position (« l'ancien directeur »)
        yield p, V.memberOf, o
        yield r, V.type, V.Role
        yield r, V.prefLabel, L(role.title, lang="fr")
        yield r, V.label, L(role.title, lang="fr")
        if role.title_en:
            yield r, V.label, L(role.title_en, lang="en")
        yield from _evidence(m, role.evidence, f"{role.person} {role.organization} {role.title}", a, iris, terms, V)


def _evidence(fact, ev: Evidence, key: str, article, iris: IRIs, terms, V: _Vocabulary) -> Iterator[tuple]:
    """The ``kg:Evidence`` node linking a fact to its sentence, and the extractor that found it."""
    I, L = terms.iri, terms.literal
    node = I(iris.evidence(ev.article_id, ev.start, ev.end, ev.extractor, key))
    agent = I(iris.extractor(ev.extractor))
    yield fact, V.evidence, node
    yield node, V.type, V.Evidence
    yield node, V.sentence, L(ev.sentence)
    yield node, V.startOffset, L(str(ev.start), XSD.integer)
    yield node, V.endOffset, L(str(ev.end), XSD.integer)
    yield node, V.confidence, L(_decimal(ev.confidence), XSD.decimal)
    yield node, V.wasQuotedFrom, article
    yield node, V.wasAttributedTo, agent
    yield agent, V.type, V.Extractor
    yield agent, V.label, L(ev.extractor)


def add_article(ds: Dataset, facts: ArticleFacts, iris: IRIs) -> URIRef:
    """Add one article's facts to ``ds`` as its own named graph; returns the graph's IRI.

    An existing named graph of the same article is replaced.
    """
    graph_iri = iris.graph(facts.article.id)
    ds.remove_graph(ds.graph(graph_iri))
    g = ds.graph(graph_iri)
    for triple in article_triples(facts, iris):
        g.add(triple)
    return graph_iri


def _decimal(value: float) -> str:
    """The xsd:decimal form of a confidence, two places at most, no trailing zero.

    Oxigraph canonicalises decimals ("0.90" -> "0.9"); writing that form keeps the lexical forms
    the same in every store. Whole numbers keep one decimal ("1.0"), as rdflib writes them.

    >>> _decimal(0.9), _decimal(0.85), _decimal(1)
    ('0.9', '0.85', '1.0')
    """
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def to_dataset(results: Iterable[ArticleFacts], *, base: str | None = None) -> Dataset:
    """Map the facts of many articles to a dataset, one named graph per article."""
    iris = IRIs(base) if base else IRIs()
    ds = new_dataset()
    for facts in results:
        add_article(ds, facts, iris)
    return ds
