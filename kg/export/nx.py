"""The knowledge graph as a networkx graph of entities, and its GraphML/GEXF export.

Only entities become nodes. Relations (``kg:releases`` ...) become edges labelled with the
relation; each ``org:Membership`` becomes one person -> organisation edge labelled with the
role title. Every edge carries its evidence: the sentences and the articles they come from.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from kg.io import atomic_write, atomic_write_with
from kg.namespace import ENTITY_CLASSES, KG, RELATION_PROPERTIES, WIKIDATA

#: The relation name given to edges drawn from an ``org:Membership`` (``kg:current false``: a former one).
MEMBERSHIP = "memberOf"
FORMER_MEMBERSHIP = "formerMemberOf"

Evidence = dict[str, Any]


def to_networkx(graph: Graph | Dataset) -> nx.MultiDiGraph:
    """Entities as nodes, relations and memberships as edges, each edge with its evidence.

    Node attributes: ``label``, ``type`` (class local name), ``altLabels``, ``iri``,
    ``wikidata`` (``""`` if none), ``articles`` (those mentioning it) and ``evidence`` (that of
    its edges). Edge attributes: ``relation``, ``label`` (the relation, or the role title of a
    membership), ``evidence`` (list of ``{sentence, article, article_iri, extractor,
    confidence}``). Nodes and edges are inserted in sorted order.
    """
    g = _union(graph)
    reader = _Reader(g)
    out = nx.MultiDiGraph()

    types: dict[URIRef, str] = {}
    for name, cls in ENTITY_CLASSES.items():
        for node in g.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                types.setdefault(node, name)  # ENTITY_CLASSES order breaks (invalid) ties

    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for name, prop in RELATION_PROPERTIES.items():
        for s, o in g.subject_objects(prop):
            if s in types and o in types:
                ev = reader.statement_evidence(s, prop, o)
                edges.append(
                    (str(s), str(o), name, {"relation": name, "label": name, "evidence": ev})
                )
    for m in set(g.subjects(RDF.type, ORG.Membership)):
        p = g.value(m, ORG.member)
        o = g.value(m, ORG.organization)
        if p not in types or o not in types:
            continue
        role = g.value(m, ORG.role)
        title = reader.label(role) if role is not None else MEMBERSHIP
        kind = FORMER_MEMBERSHIP if (m, KG.current, Literal(False)) in g else MEMBERSHIP
        attrs = {"relation": kind, "label": title, "evidence": reader.evidence_of(m)}
        edges.append((str(p), str(o), f"{kind}:{title}", attrs))
    edges.sort(key=lambda e: (e[0], e[1], e[2]))

    node_evidence: dict[str, list[Evidence]] = defaultdict(list)
    for s, o, _, attrs in edges:
        node_evidence[s].extend(attrs["evidence"])
        node_evidence[o].extend(attrs["evidence"])

    for node in sorted(types, key=str):
        label = reader.label(node)
        alt = {str(x) for x in g.objects(node, SKOS.altLabel)}
        alt |= {str(x) for x in g.objects(node, SKOS.prefLabel)}
        wikidata = sorted(
            str(x) for x in g.objects(node, OWL.sameAs) if str(x).startswith(str(WIKIDATA))
        )
        articles = sorted({reader.article(a) for a in g.subjects(SDO.mentions, node)})
        out.add_node(
            str(node),
            label=label,
            type=types[node],
            altLabels=sorted(alt - {label}),
            iri=str(node),
            wikidata=wikidata[0] if wikidata else "",
            articles=articles,
            evidence=_dedup(node_evidence[str(node)]),
        )
    for s, o, key, attrs in edges:
        out.add_edge(s, o, key=key, **attrs)
    return out


def _union(graph: Graph | Dataset) -> Graph:
    """A plain graph holding the triples of every named graph of a dataset."""
    # Copying once is faster than querying the Dataset (and each of its calls warns in rdflib 7).
    if isinstance(graph, Dataset):
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


class _Reader:
    """Labels and evidence read from one graph, with the article labels cached."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._articles: dict[Node, str] = {}

    def label(self, node: Node) -> str:
        """skos:prefLabel (French first, then the smallest), else rdfs:label, else the IRI's tail."""
        for prop in (SKOS.prefLabel, RDFS.label):
            values = sorted(
                self.g.objects(node, prop),
                key=lambda x: (getattr(x, "language", None) not in (None, "fr"), str(x)),
            )
            if values:
                return str(values[0])
        return re.split(r"[/#]", str(node).rstrip("/#"))[-1]

    def article(self, node: Node) -> str:
        """An article's headline, else its identifier, else its IRI."""
        if node not in self._articles:
            name = self.g.value(node, SDO.headline) or self.g.value(node, SDO.identifier) or node
            self._articles[node] = str(name)
        return self._articles[node]

    def statement_evidence(self, s: Node, p: Node, o: Node) -> list[Evidence]:
        """The evidence of every rdf:Statement reifying ``s p o``."""
        found: list[Evidence] = []
        for st in set(self.g.subjects(RDF.subject, s)):
            if (st, RDF.predicate, p) in self.g and (st, RDF.object, o) in self.g:
                found.extend(self.evidence_of(st))
        return _dedup(found)

    def evidence_of(self, fact: Node) -> list[Evidence]:
        """The kg:Evidence nodes of a fact (statement or membership), as sorted dicts."""
        found = []
        for ev in self.g.objects(fact, KG.evidence):
            article = self.g.value(ev, PROV.wasQuotedFrom)
            agent = self.g.value(ev, PROV.wasAttributedTo)
            confidence = self.g.value(ev, KG.confidence)
            found.append(
                {
                    "sentence": str(self.g.value(ev, KG.sentence) or ""),
                    "article": self.article(article) if article is not None else "",
                    "article_iri": str(article or ""),
                    "extractor": str(self.g.value(agent, RDFS.label) or agent or "")
                    if agent
                    else "",
                    "confidence": float(confidence.toPython()) if confidence is not None else None,
                }
            )
        return _dedup(found)


def _dedup(items: Iterable[Evidence]) -> list[Evidence]:
    """Evidence without repeats, sorted by article then sentence."""
    unique = {json.dumps(e, sort_keys=True): e for e in items}
    return [
        unique[k]
        for k in sorted(unique, key=lambda k: (unique[k]["article"], unique[k]["sentence"], k))
    ]


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose list/dict attributes are JSON strings and ``None`` values are dropped."""

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {
            k: json.dumps(v, ensure_ascii=False, sort_keys=True)
            if isinstance(v, (list, dict))
            else v
            for k, v in attrs.items()
            if v is not None
        }

    out = nx.MultiDiGraph()
    out.graph.update(flat(graph.graph))
    for n, attrs in graph.nodes(data=True):
        out.add_node(n, **flat(attrs))
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **flat(attrs))
    return out


def _as_nx(graph: Graph | Dataset | nx.MultiDiGraph) -> nx.MultiDiGraph:
    return graph if isinstance(graph, nx.Graph) else to_networkx(graph)


def write_graphml(graph: Graph | Dataset | nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write the entity graph as GraphML (lists as JSON strings), atomically."""
    flat = flatten(_as_nx(graph))
    return atomic_write_with(path, lambda fh: nx.write_graphml(flat, fh, encoding="utf-8"))


def write_gexf(graph: Graph | Dataset | nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write the entity graph as GEXF (lists as JSON strings), atomically."""
    flat = flatten(_as_nx(graph))
    text = "\n".join(nx.generate_gexf(flat, encoding="utf-8"))
    # networkx stamps today's date; drop it so the same graph gives the same bytes.
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    return atomic_write(path, text + "\n")
