"""The French lexicons of kg/data/lexicon.json, read once."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from kg.resources import data_file


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The lexicon as a dictionary (lists become frozensets where membership is asked)."""
    raw = json.loads(data_file("lexicon.json").read_text(encoding="utf-8"))
    raw.pop("_doc", None)
    return raw


def words(name: str, *, fold: bool = True) -> frozenset[str]:
    """A word list of the lexicon as a set (``"junk"``, ``"titles"``, ``"triggers.sues"``),
    casefolded unless ``fold=False`` (lists of capitalised words: ``"org_suffixes"``)."""
    return _words(name, fold)


@lru_cache(maxsize=None)
def _words(name: str, fold: bool = True) -> frozenset[str]:
    node: Any = load()
    for part in name.split("."):
        node = node[part]
    return frozenset(w.casefold() if fold else w for w in node)


def type_of_noun(lemma: str) -> str | None:
    """The entity type a common noun announces (``"start-up"`` -> ``"Organization"``)."""
    return _type_nouns().get(lemma.casefold())


@lru_cache(maxsize=1)
def _type_nouns() -> dict[str, str]:
    out: dict[str, str] = {}
    for etype, nouns in load()["type_nouns"].items():
        for n in nouns:
            out.setdefault(n.casefold(), etype)
    return out


def title_en(title: str) -> str:
    """The normalised English label of a French job title, or "" when it is not a known one."""
    table = load()["title_en"]
    t = title.casefold()
    if t in table:
        return table[t]
    for fr, en in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(fr + " ") and len(fr.split()) > 1:
            return en
    return ""
