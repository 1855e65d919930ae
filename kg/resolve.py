"""Entity resolution: one node per real-world entity.

Within an article, a surname alone ("LeCun") joins the full name ("Yann LeCun") it ends, the
gazetteer folds aliases ("Mistral" -> "Mistral AI"), and accent, case and apostrophe variants
share a key. Keys are slugs of the preferred label, so the same entity gets the same IRI in
every article.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg import gazetteer
from kg.extractors.entities import Candidate
from kg.facts import Entity
from kg.namespace import slug

SOURCE_RANK = {"gazetteer": 0, "pattern": 1, "context": 2, "ner": 3, "alias": 4, "description": 5}


@dataclass(frozen=True)
class Resolved:
    """A candidate mention with the entity it names."""

    start: int
    end: int
    text: str
    key: str
    type: str
    source: str


def _surname_index(full_names: Iterable[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for name in full_names:
        parts = name.split()
        if len(parts) >= 2:
            index[slug(parts[-1])].add(name)
            index[slug(" ".join(parts[1:]))].add(name)
    return index


def resolve(cands: list[Candidate]) -> tuple[list[Resolved], list[Entity]]:
    """Give each candidate an entity key and type; build one :class:`Entity` per key."""
    gaz = gazetteer.load()
    persons_in_text = {c.text for c in cands if c.type == "Person" and len(c.text.split()) >= 2}
    known_persons = {e.label for e in gaz.entries if e.type == "Person"}
    local = _surname_index(persons_in_text)
    known = _surname_index(known_persons)

    resolved: list[Resolved] = []
    for c in cands:
        key, etype, source = c.key, c.type, c.source
        entry = gaz.by_key(key) if key else gaz.lookup(c.text)
        if entry and (entry.type not in ("Person", "Place") or etype in (None, entry.type)):
            key, etype = entry.key, entry.type
            source = source if source in ("gazetteer", "pattern") else "gazetteer"
        elif len(c.text.split()) == 1 and etype in (None, "Person") and (local.get(slug(c.text)) or known.get(slug(c.text))):
            names = local.get(slug(c.text)) or known.get(slug(c.text)) or set()
            if len(names) != 1:
                continue
            full = next(iter(names))
            key, etype, source = slug(full), "Person", "alias"
        elif etype is None:
            continue
        else:
            key = slug(c.text)
        if not key:
            continue
        resolved.append(Resolved(c.start, c.end, c.text, key, etype, source))

    by_key: dict[str, list[Resolved]] = defaultdict(list)
    for r in resolved:
        by_key[r.key].append(r)
    entities: list[Entity] = []
    final_type: dict[str, str] = {}
    for key, rs in sorted(by_key.items()):
        entry = gaz.by_key(key)
        best = min(SOURCE_RANK[r.source] for r in rs)
        votes = Counter(r.type for r in rs if SOURCE_RANK[r.source] == best)
        etype = entry.type if entry else sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        final_type[key] = etype
        forms = Counter(r.text for r in rs)
        if entry:
            label = entry.label
        elif etype == "Person":
            label = max(forms, key=lambda f: (len(f.split()), forms[f], f))
        else:
            label = max(forms, key=lambda f: (forms[f], len(f), f))
        aliases = tuple(sorted({r.text for r in rs} - {label}))
        entities.append(Entity(key=key, label=label, type=etype, aliases=aliases,
                               wikidata=entry.wikidata if entry else ""))
    resolved = [Resolved(r.start, r.end, r.text, r.key, final_type[r.key], r.source) for r in resolved]
    return resolved, entities
