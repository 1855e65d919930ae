"""Query parameters: ``kg query FILE --bind name=OpenAI``, injected as SPARQL ``VALUES``.

A value is never pasted into the query as text: it becomes one SPARQL term, a string literal
with its quotes, backslashes and line breaks escaped, or an IRI (written ``<…>``) checked
against the characters an IRI may not hold. The term then replaces the values of the query's
own ``VALUES ?name { … }`` line (the parameter's default, as the bundled queries declare it),
or, when there is none, a ``VALUES ?name { … }`` is added at the start of the ``WHERE`` clause,
so the variable is fixed before the rest of the pattern is matched.

>>> print(bind('SELECT ?c WHERE { VALUES ?name { "Meta" } ?c skos:prefLabel ?name }', parse_bindings(['name=Open"AI'])))
SELECT ?c WHERE { VALUES ?name { "Open\\"AI" } ?c skos:prefLabel ?name }
>>> print(bind("SELECT ?p WHERE { ?p a ?type }", parse_bindings(["type=<https://schema.org/Person>"])))
SELECT ?p WHERE { VALUES ?type { <https://schema.org/Person> } ?p a ?type }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kg.errors import QueryError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"})
# What may hide a brace or a keyword: strings (long ones first), IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*',
    re.DOTALL,
)


def parse_bindings(items: Iterable[str]) -> dict[str, str]:
    """``["name=OpenAI", "type=<https://…#Person>"]`` -> ``{variable: SPARQL term}``.

    Raises:
        QueryError: an item is not ``NAME=VALUE``, or the name or IRI is not valid SPARQL.
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if name[:1] in ("?", "$"):
            name = name[1:]
        if not sep or not _NAME.match(name):
            raise QueryError(f"--bind wants NAME=VALUE with NAME a SPARQL variable name, got {item!r}")
        out[name] = term(value)
    return out


def term(value: str) -> str:
    r"""The SPARQL term for a ``--bind`` value: ``<iri>`` as given (checked), else a string literal.

    >>> print(term('il a dit "oui"\nà Paris'), term("<https://schema.org/>"))
    "il a dit \"oui\"\nà Paris" <https://schema.org/>
    """
    if value.startswith("<") and value.endswith(">") and len(value) > 1:
        iri = value[1:-1]
        if not iri or _BAD_IRI.search(iri) or ":" not in iri:
            raise QueryError(f"--bind: {value} is not an absolute IRI")
        return value
    return '"' + value.translate(_ESCAPES) + '"'


def bind(sparql: str, bindings: Mapping[str, str]) -> str:
    """``sparql`` with each variable of ``bindings`` (name -> SPARQL term) fixed by ``VALUES``.

    Raises:
        QueryError: the query does not use one of the variables, or has no ``WHERE`` group.
    """
    for name, value in bindings.items():
        masked = _mask(sparql)
        values = f"VALUES ?{name} {{ {value} }}"
        own = re.search(rf"\bVALUES\s*[?$]{name}\s*\{{[^{{}}]*\}}", masked, re.I)
        if own:
            sparql = sparql[: own.start()] + values + sparql[own.end() :]
            continue
        if not re.search(rf"[?$]{name}\b", masked):
            raise QueryError(f"--bind {name}: the query has no variable ?{name}")
        where = re.search(r"\bWHERE\s*\{", masked, re.I) or re.search(r"\b(?:SELECT|ASK|DESCRIBE)\b[^{]*\{", masked, re.I)
        if not where:
            raise QueryError(f"--bind {name}: the query has no WHERE {{ … }} to bind it in")
        sparql = sparql[: where.end()] + " " + values + sparql[where.end() :]
    return sparql


def _mask(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked (same length): braces and keywords
    left are the query's own."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), sparql)
