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
from collections.abc import Iterable
from decimal import Decimal

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


def add_article(ds: Dataset, facts: ArticleFacts, iris: IRIs) -> URIRef:
    """Add one article's facts to ``ds`` as its own named graph; returns the graph's IRI.

    An existing named graph of the same article is replaced.
    """
    article = facts.article
    graph_iri = iris.graph(article.id)
    ds.remove_graph(ds.graph(graph_iri))
    g = ds.graph(graph_iri)
    a = iris.article(article.id)

    g.add((a, RDF.type, SDO.NewsArticle))
    g.add((a, RDF.type, PROV.Entity))
    g.add((a, KG.contentHash, Literal(content_hash(article.text))))
    if article.source:
        g.add((a, KG.sourcePath, Literal(article.source)))
    if article.title:
        g.add((a, SDO.headline, Literal(article.title)))
    if article.url:
        g.add((a, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.date:
        g.add((a, SDO.datePublished, Literal(article.date)))
    if article.author:
        g.add((a, SDO.author, Literal(article.author)))
    if article.site:
        g.add((a, SDO.publisher, Literal(article.site)))
    g.add((a, SDO.identifier, Literal(article.id)))

    for e in facts.entities:
        node = iris.entity(e.key)
        g.add((node, RDF.type, ENTITY_CLASSES[e.type]))
        g.add((node, SKOS.prefLabel, Literal(e.label)))
        g.add((node, RDFS.label, Literal(e.label)))
        for alias in e.aliases:
            if alias != e.label:
                g.add((node, SKOS.altLabel, Literal(alias)))
        if e.wikidata:
            g.add((node, OWL.sameAs, WIKIDATA[e.wikidata]))
        g.add((a, SDO.mentions, node))

    for r in facts.relations:
        s, o = iris.entity(r.subject), iris.entity(r.object)
        prop = RELATION_PROPERTIES[r.predicate]
        g.add((s, prop, o))
        st = iris.statement(r.subject, r.predicate, r.object)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, prop))
        g.add((st, RDF.object, o))
        _add_evidence(g, st, r.evidence, iris, a, f"{r.subject} {r.predicate} {r.object}")

    for role in facts.roles:
        p, o = iris.entity(role.person), iris.entity(role.organization)
        m = iris.membership(role.person, role.organization, role.title)
        r = iris.role(role.title)
        g.add((m, RDF.type, ORG.Membership))
        g.add((m, ORG.member, p))
        g.add((m, ORG.organization, o))
        g.add((m, ORG.role, r))
        g.add((p, ORG.memberOf, o))
        g.add((r, RDF.type, ORG.Role))
        g.add((r, SKOS.prefLabel, Literal(role.title, lang="fr")))
        g.add((r, RDFS.label, Literal(role.title, lang="fr")))
        if role.title_en:
            g.add((r, RDFS.label, Literal(role.title_en, lang="en")))
        _add_evidence(g, m, role.evidence, iris, a, f"{role.person} {role.organization} {role.title}")
    return graph_iri


def _add_evidence(g: Graph, fact: URIRef, ev: Evidence, iris: IRIs, article: URIRef, key: str) -> None:
    node = iris.evidence(ev.article_id, ev.start, ev.end, ev.extractor, key)
    agent = iris.extractor(ev.extractor)
    g.add((fact, KG.evidence, node))
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, KG.sentence, Literal(ev.sentence)))
    g.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
    g.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
    g.add((node, KG.confidence, Literal(Decimal(f"{ev.confidence:.2f}"), datatype=XSD.decimal)))
    g.add((node, PROV.wasQuotedFrom, article))
    g.add((node, PROV.wasAttributedTo, agent))
    g.add((agent, RDF.type, KG.Extractor))
    g.add((agent, RDFS.label, Literal(ev.extractor)))


def to_dataset(results: Iterable[ArticleFacts], *, base: str | None = None) -> Dataset:
    """Map the facts of many articles to a dataset, one named graph per article."""
    iris = IRIs(base) if base else IRIs()
    ds = new_dataset()
    for facts in results:
        add_article(ds, facts, iris)
    return ds
