"""Typed entity mentions from a parsed article: NER, the gazetteer ruler, and context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg import lexicon
from kg.facts import ENTITY_TYPES

NER_TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "MISC": None}
NAME_PARTICLES = {"de", "du", "des", "van", "von", "der", "den", "le", "la", "di", "da", "del", "ben", "al", "bin", "el"}
STRIP_LEFT = {"DET", "ADP", "PUNCT", "SPACE", "CCONJ"}


@dataclass(frozen=True)
class Candidate:
    """A span that may name an entity; ``type`` is None when only resolution can type it."""

    start: int  # token offsets in the doc
    end: int
    text: str
    type: str | None
    source: str  # "gazetteer", "pattern", "context", "ner", "shape"
    key: str = ""  # gazetteer key, when known
    ner: str = ""  # the label spaCy's NER (or the entity ruler) gave the span


def _clean(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        (doc[start].pos_ in STRIP_LEFT and not doc[start].text[:1].isupper()) or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def context_type(span: Span) -> str | None:
    """The type a common noun right before the name (or governing it) announces."""
    doc = span.doc
    i = span.start - 1
    # skip adjectives between the noun and the name: « la start-up française Mistral »
    while i >= 0 and doc[i].pos_ == "ADJ" and span.start - i <= 3:
        i -= 1
    if i >= 1 and doc[i].lower_ in ("de", "d'", "chez", "du") and (
        doc[i - 1].lower_ in lexicon.words("titles") or doc[i - 1].lemma_.casefold() in lexicon.words("titles")
    ):
        return "Organization"  # « le cofondateur de Twitch », « directeur technique chez Poolside »
    if i >= 1 and doc[i].lower_ == "à" and doc[i - 1].lemma_.casefold() in LOCATED:
        return "Place"  # « fondée en 2021 à San Francisco », « basée à Paris »
    if i >= 3 and doc[i].lower_ == "à" and doc[i - 1].like_num and doc[i - 2].lower_ == "en" and doc[i - 3].lemma_.casefold() in LOCATED:
        return "Place"
    noun = doc[i] if i >= 0 else None
    complement = noun is not None and (
        any(c.dep_ == "case" for c in noun.children) or (noun.i > 0 and doc[noun.i - 1].pos_ == "ADP")
    )
    if noun is not None and noun.pos_ == "NOUN" and noun.is_lower and not complement:
        t = lexicon.type_of_noun(doc[i].lemma_) or lexicon.type_of_noun(doc[i].text)
        if t:
            return t
    after = apposition_type(span)
    if after:
        return after
    head = span.root.head
    if span.root.dep_ in ("appos", "nmod") and head.pos_ == "NOUN" and head.i < span.start and head.is_lower:
        if not any(t.pos_ == "ADP" for t in doc[head.i + 1 : span.start]):
            return lexicon.type_of_noun(head.lemma_)
    return None


LOCATED = lexicon.words("located_words")
GROUP_NOUNS = lexicon.words("group_nouns")


def apposition_type(span: Span) -> str | None:
    """The type an apposition right after the name announces: « Sundar Pichai, (le) directeur
    général de Google » (a person), « HuggingChat, un assistant conversationnel » (a model),
    « Claude, une famille de modèles », « Bedrock, le service d'IA d'Amazon » (a product)."""
    doc = span.doc
    j = span.end
    if j >= len(doc) or doc[j].text != ",":
        return None
    j += 1
    if j < len(doc) and doc[j].pos_ == "DET" and doc[j].is_lower:
        j += 1
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j += 1
    if j >= len(doc) or not doc[j].is_lower:
        return None
    noun = doc[j]
    if noun.lower_ in lexicon.words("titles"):
        return "Person"
    lemma = noun.lemma_.casefold()
    if lemma in GROUP_NOUNS and j + 2 < len(doc) and doc[j + 1].lower_ in ("de", "d'"):
        noun = doc[j + 2]
        lemma = noun.lemma_.casefold()
    if noun.pos_ != "NOUN":
        return None
    return lexicon.type_of_noun(lemma) or lexicon.type_of_noun(noun.lower_)


def looks_like_name(span: Span, etype: str | None) -> bool:
    """Reject junk: lowercase words, weekdays and months, generic acronyms, fragments."""
    text = span.text.strip()
    if not text or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text.casefold() in lexicon.words("junk"):
        return False
    if not any(c.isalpha() for c in text):
        return False
    if len(span) > 6 or any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    if len(span) == 1 and span.text in _tiers():
        return False  # « la version Pro »: a tier word alone names nothing
    if etype == "Person":
        words = [t for t in span if not t.is_punct]
        if any(not (t.text[0].isupper() or t.text.casefold() in NAME_PARTICLES) for t in words):
            return False
        if any(t.text.isupper() and len(t.text) > 1 for t in words):
            return False
        if len(words) == 1 and (words[0].text.casefold() in lexicon.words("titles")):
            return False
    return True


def _tiers() -> frozenset[str]:
    from kg.nlp import TIERS

    return frozenset(TIERS)


def _is_model_version(span: Span) -> bool:
    return span.label_ == "AIModel" and not span.ent_id_


ORG_SUFFIXES = lexicon.words("org_suffixes", fold=False)


def _name_type(span: Span) -> str | None:
    """Types read off the name itself: a model family alone (« Claude », « Gemma ») when no
    surname follows, and a known organisation plus a unit word (« Microsoft AI »,
    « Google Brain »), or a name ending in Capital, Ventures, Labs …"""
    from kg import gazetteer

    gaz = gazetteer.load()
    doc = span.doc
    if len(span) == 1 and span.text in gaz.families:
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is None or not nxt.text[:1].isupper():
            return "AIModel"
    if len(span) >= 2 and span[-1].text in ORG_SUFFIXES:
        return "Organization"
    return None


def candidates(doc: Doc) -> Iterator[Candidate]:
    """Every entity candidate of the doc, typed as far as the sentence allows."""
    found = list(_candidates(doc))
    found += _versions_of_known_models(doc, found)
    typed = {i: c for c in found if c.type for i in range(c.start, c.end)}
    for c in found:
        if c.type is None:
            c = _type_from_coordination(doc, c, typed)
        yield c


def _versions_of_known_models(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """« Lumen 2 » is a model when the article calls « Lumen » a model elsewhere."""
    import re

    from kg.nlp import VERSION

    models = {c.text for c in found if c.type == "AIModel" and " " not in c.text}
    covered = {i for c in found for i in range(c.start, c.end)}
    out = []
    for tok in doc[:-1]:
        nxt = doc[tok.i + 1]
        if tok.text in models and tok.i not in covered and nxt.i not in covered and re.match(VERSION, nxt.text):
            out.append(Candidate(tok.i, tok.i + 2, doc[tok.i : tok.i + 2].text, "AIModel", "pattern", "", "AIModel"))
    # a family named alone elsewhere also types its versions the NER took for something else
    for c in list(found):
        if c.type != "AIModel" and " " in c.text:
            first, _, rest = c.text.partition(" ")
            if first in models and re.match(VERSION, rest):
                found.remove(c)
                out.append(Candidate(c.start, c.end, c.text, "AIModel", "pattern", "", c.ner))
    return out


def _type_from_coordination(doc: Doc, c: Candidate, typed: dict[int, Candidate]) -> Candidate:
    """An untyped name listed with typed names takes their type (« Nvidia et Salesforce »)."""
    root = doc[c.start : c.end].root
    neighbours = [root.head] if root.dep_ == "conj" else []
    neighbours += [t for t in root.children if t.dep_ == "conj"]
    for side in (c.start - 1, c.end):
        if 0 <= side < len(doc) and doc[side].text in (",", "et", "ou"):
            k = side - 1 if side < c.start else side + 1
            if 0 <= k < len(doc) and doc[k].text in ("et", "ou"):
                k = k - 1 if side < c.start else k + 1
            if 0 <= k < len(doc):
                neighbours.append(doc[k])
    types = {typed[t.i].type for t in neighbours if t.i in typed and typed[t.i].type in ("Organization", "AIModel", "Product")}
    if len(types) == 1:
        return Candidate(c.start, c.end, c.text, types.pop(), "context", c.key, c.ner)
    return c


def _candidates(doc: Doc) -> Iterator[Candidate]:
    covered: set[int] = set()
    for ent in doc.ents:
        span = _clean(ent)
        if span is None:
            continue
        if ent.label_ in ENTITY_TYPES:
            source = "pattern" if _is_model_version(ent) else "gazetteer"
            covered.update(range(span.start, span.end))
            yield Candidate(span.start, span.end, span.text, ent.label_, source, ent.ent_id_, ent.label_)
            continue
        for piece in _pieces(span):
            c = _typed(piece, ent.label_)
            if c is not None:
                covered.update(range(c.start, c.end))
                yield c
    yield from _shaped(doc, covered)


def _pieces(span: Span) -> Iterator[Span]:
    """The parts of an NER span between its verbs (« lumiar lance Orbis »: « lumiar », « Orbis »)."""
    doc, start = span.doc, span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or doc[i].pos_ in ("VERB", "AUX"):
            piece = _clean(doc[start:i]) if i > start else None
            if piece is not None:
                yield piece
            start = i + 1


def _typed(span: Span, ner: str, source: str = "") -> Candidate | None:
    """A candidate with the type the name and its context announce (None: left to the typer)."""
    ctx = _name_type(span) or context_type(span)
    if ner == "PER" and len(span) >= 2 and ctx not in (None, "Organization", "Person"):
        ctx = None  # a full personal name outweighs a noun like « produit » nearby
    etype = ctx or NER_TYPES.get(ner)
    if not (looks_like_name(span, etype) or (len(span) == 1 and _lower_name(span[0]))):
        return None
    return Candidate(span.start, span.end, span.text, etype, source or ("context" if ctx else "ner"), "", ner)


def lower_brand(tok: Token) -> bool:
    """A lowercase word that reads as a brand: « bioMérieux », or a word the model does not know."""
    text = tok.text
    if not text[:1].islower() or not tok.is_alpha or len(text) < 3 or text.casefold() in lexicon.words("junk"):
        return False
    return any(c.isupper() for c in text[1:]) or tok.is_oov


def _lower_name(tok: Token) -> bool:
    """A lowercase word kept as a name: CamelCase inside (« bioMérieux ») or an unknown word
    right after a typing noun (« la start-up lumiar »); an unknown common noun is not one."""
    return lower_brand(tok) and (any(c.isupper() for c in tok.text[1:]) or _after_type_noun(tok)
                                 or tok.lower_ in _repeated_unknown(tok.doc))


def _repeated_unknown(doc: Doc) -> frozenset[str]:
    """Lowercase words the model does not know that the text uses at least twice (« routelio »):
    names more often than not; the typer drops the others."""
    cached = doc.user_data.get("kg_repeated_unknown")
    if cached is None:
        counts = Counter(t.lower_ for t in doc if t.is_oov and t.is_alpha and t.text[:1].islower())
        cached = frozenset(w for w, n in counts.items() if n >= 2 and w not in lexicon.words("junk"))
        doc.user_data["kg_repeated_unknown"] = cached
    return cached


def _shaped(doc: Doc, covered: set[int]) -> Iterator[Candidate]:
    """Names the NER missed: runs of proper nouns, CamelCase and letter-digit words (« H100 »,
    « NVentures »), and unknown lowercase words after a typing noun (« la biotech argenx »)."""
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in covered or not _name_token(tok):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in covered:
            if _name_token(doc[j]):
                j += 1
            elif doc[j].text in ("&", "-") or doc[j].lower_ in NAME_PARTICLES:
                if j + 1 < len(doc) and j + 1 not in covered and _name_token(doc[j + 1]) and doc[j + 1].text[:1].isupper():
                    j += 2
                else:
                    break
            else:
                break
        span = _clean(doc[i:j])
        c = _typed(span, "", "shape") if span is not None else None
        if c is not None and (len(span) > 1 or _odd_shape(span[0]) or _after_type_noun(span[0])
                              or not span[0].is_sent_start):
            yield c
        i = j


def _name_token(tok: Token) -> bool:
    if tok.is_space or tok.is_punct:
        return False
    text = tok.text
    if text[:1].isupper():
        return tok.pos_ in ("PROPN", "NOUN", "X") or _odd_shape(tok)
    return _odd_shape(tok) or _lower_name(tok)


def _odd_shape(tok: Token) -> bool:
    """CamelCase or letters with digits: « NVentures », « iPhone », « H100 », « MOS-201 »."""
    text = tok.text
    letters = [c for c in text if c.isalpha()]
    if len(text) < 2 or not letters:
        return False
    if any(c.isdigit() for c in text):
        return any(c.isupper() for c in letters)
    return any(c.isupper() for c in text[1:]) and any(c.islower() for c in text) and "-" not in text


def _after_type_noun(tok: Token) -> bool:
    """Whether a typing noun (and adjectives) or a title and « de » stands right before ``tok``."""
    doc, i = tok.doc, tok.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and tok.i - i <= 3:
        i -= 1
    if i < 0:
        return False
    if doc[i].lower_ in ("de", "d'", "chez") and i >= 1:
        return doc[i - 1].lower_ in lexicon.words("titles") or lexicon.type_of_noun(doc[i - 1].lemma_) is not None
    return doc[i].is_lower and (lexicon.type_of_noun(doc[i].lemma_) or lexicon.type_of_noun(doc[i].lower_)) is not None


def definite_descriptions(doc: Doc) -> Iterator[Span]:
    """Subjects like « le géant des réseaux sociaux », « la société », « la jeune pousse »:
    a singular definite noun phrase headed by an organisation noun, subject of a verb."""
    for tok in doc:
        # « la jeune pousse », « la start-up » (three tokens for spaCy): often misparsed
        bigram = (tok.lower_ == "pousse" and tok.i > 0 and doc[tok.i - 1].lower_ == "jeune") or (
            tok.lower_ == "up" and tok.i > 1 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "start"
        )
        if not bigram and (tok.dep_ not in ("nsubj", "nsubj:pass") or tok.pos_ != "NOUN"):
            continue
        if not bigram and (lexicon.type_of_noun(tok.lemma_) != "Organization" or "Plur" in tok.morph.get("Number")):
            continue
        first = (tok.i - 2 if tok.lower_ == "up" else tok.i - 1) if bigram else tok.i
        if bigram and not (any(t.dep_ in ("nsubj", "nsubj:pass") for t in doc[first : tok.i + 1])
                           or (first >= 1 and doc[first - 1].is_sent_start)):
            continue  # only as a subject, like the one-word descriptions
        det = doc[first - 1] if first > 0 else None
        if det is None or det.lower_ not in ("le", "la", "l'"):
            continue
        if not bigram and any(c.ent_type_ and c.ent_type_ not in ("LOC", "Place") for c in tok.subtree):
            continue  # « la société OpenAI »: the name is the mention
        words = [t for t in tok.subtree if t.i >= det.i] if not bigram else [tok]
        end = max(t.i for t in words) + 1
        if end - det.i > 7:
            end = tok.i + 1
        yield doc[det.i : end]
