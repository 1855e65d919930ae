"""Entity resolution: one node per real-world entity.

Within an article, a surname alone ("LeCun") joins the full name ("Yann LeCun") it ends, a first
name alone the one full name it opens, a short name the one longer name it begins ("Nordet" ->
"Nordet IA"), the gazetteer folds aliases ("Mistral" -> "Mistral AI"), and accent, case and
apostrophe variants share a key. Keys are slugs of the preferred label, so the same entity gets
the same IRI in every article. A name's type is decided once per entity, from all its mentions:
by the gazetteer, else by the trained typer (:mod:`kg.learn.entities`), else by the rules' votes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg import gazetteer
from kg.extractors.entities import Candidate
from kg.facts import Entity
from kg.namespace import slug

SOURCE_RANK = {"gazetteer": 0, "pattern": 1, "context": 2, "ner": 3, "shape": 4, "alias": 5,
               "description": 6, "pronoun": 7}

#: decides the type of one entity from its linked candidates: a type, or None to drop it
Typer = Callable[[list[Candidate]], str | None]


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


def _first_name_index(full_names: Iterable[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for name in full_names:
        parts = name.split()
        if len(parts) >= 2:
            index[slug(parts[0])].add(name)
    return index


def link(cands: list[Candidate]) -> list[tuple[Candidate, str, str]]:
    """Each candidate with its entity key and source (``alias`` when it joined a longer name)."""
    gaz = gazetteer.load()
    persons_in_text = {c.text for c in cands if c.type == "Person" and len(c.text.split()) >= 2}
    known_persons = {e.label for e in gaz.entries if e.type == "Person"}
    local, known = _surname_index(persons_in_text), _surname_index(known_persons)
    firsts = _first_name_index(persons_in_text)
    long_names = {c.text for c in cands if c.type != "Person" and len(c.text.split()) >= 2
                  and not gaz.lookup(c.text)}

    out: list[tuple[Candidate, str, str]] = []
    for c in cands:
        key, source = c.key, c.source
        entry = gaz.by_key(key) if key else gaz.lookup(c.text)
        one_word = len(c.text.split()) == 1
        if entry and (entry.type not in ("Person", "Place") or c.type in (None, entry.type)):
            key = entry.key
            source = source if source in ("gazetteer", "pattern") else "gazetteer"
        elif one_word and c.type in (None, "Person") and (local.get(slug(c.text)) or known.get(slug(c.text))):
            names = local.get(slug(c.text)) or known.get(slug(c.text)) or set()
            if len(names) != 1:
                continue
            key, source = slug(next(iter(names))), "alias"
        elif one_word and c.type in (None, "Person") and len(firsts.get(slug(c.text), ())) == 1 \
                and not local.get(slug(c.text)):
            key, source = slug(next(iter(firsts[slug(c.text)]))), "alias"  # « Kenji » for « Kenji Morel-Tanaka »
        else:
            longer = [n for n in long_names if n != c.text and n.startswith(c.text + " ")]
            key = slug(longer[0]) if c.type != "Person" and len(longer) == 1 else slug(c.text)
            if len(longer) == 1 and c.type != "Person":
                source = "alias"  # « Nordet » for « Nordet IA »
        if key:
            out.append((c, key, source))
    return out


def vote_type(cands: list[Candidate]) -> str | None:
    """The type the rules give an entity: the most frequent among its best-sourced typed mentions."""
    typed = [c for c in cands if c.type]
    if not typed:
        return None
    best = min(SOURCE_RANK[c.source] for c in typed)
    votes = Counter(c.type for c in typed if SOURCE_RANK[c.source] == best)
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def resolve(cands: list[Candidate], typer: Typer | None = None) -> tuple[list[Resolved], list[Entity]]:
    """Give each candidate an entity key and type; build one :class:`Entity` per key.

    Args:
        typer: decides an entity's type from its candidates (None drops the entity); by default
            the rules' votes, and untyped entities are dropped. Gazetteer entries keep their type.
    """
    gaz = gazetteer.load()
    linked = link(cands)
    by_key: dict[str, list[tuple[Candidate, str, str]]] = defaultdict(list)
    for item in linked:
        by_key[item[1]].append(item)
    entities: list[Entity] = []
    final_type: dict[str, str] = {}
    for key, items in sorted(by_key.items()):
        entry = gaz.by_key(key)
        group = [c for c, _, _ in items]
        etype = entry.type if entry else (typer or vote_type)(group)
        if etype is None:
            continue
        final_type[key] = etype
        forms = Counter(c.text for c in group)
        if entry:
            label = entry.label
        elif etype == "Person":
            label = max(forms, key=lambda f: (len(f.split()), forms[f], f))
        else:
            label = max(forms, key=lambda f: (forms[f], len(f), f))
        aliases = tuple(sorted(set(forms) - {label}))
        entities.append(Entity(key=key, label=label, type=etype, aliases=aliases,
                               wikidata=entry.wikidata if entry else ""))
    resolved = [Resolved(c.start, c.end, c.text, key, final_type[key], source)
                for c, key, source in linked if key in final_type]
    return resolved, entities
