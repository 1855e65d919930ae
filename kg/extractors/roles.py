"""Roles: a person holds a title at an organisation.

Patterns around a *title chunk* (a title head from the lexicon and its complements:
« vice-présidente de la recherche sur l'IA »):

* apposition after the name: « Joelle Pineau, vice-présidente … chez Meta »
* title before the name: « le chef des affaires mondiales de Meta, Nick Clegg »,
  « le directeur général Mark Zuckerberg », « ses deux cofondateurs, X et Y »
* reported speech: « « … », vice-président … chez Meta, a déclaré Yann LeCun »
* copula: « X est directeur scientifique de l'entreprise », « X en est le directeur général,
  Y la présidente »; a post: « X occupe le poste de directeur technique »
* verbs: « X a fondé Y », « Y, fondé par X », « Fondée par X, Y … »; « X dirige Y »,
  « Y, dirigé par X » (« dirigeant »), « X préside Y » (« président »)

The organisation comes from « chez / de / d' / du X » after the title (confidence 0.9). A
possessive (« son directeur »), the clitic « en » or « de l'entreprise » point to the organisation
the paragraph is about: the most recent organisation that was a subject in this sentence or the
two before it in the paragraph (0.6), else the article's main organisation (0.4). A bare title
takes an organisation of its own clause (« Chez Anthropic, le directeur … », 0.7), else an
organisation subject of its own sentence, else the main one; never one that merely appears in the
sentence (« … à rebours de celle d'OpenAI »), nor any when the title names another (« de Twitch »).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg import lexicon
from kg.extractors.context import Context
from kg.extractors.syntax import SAYING, following_list, is_negated, preceding_list
from kg.facts import Role
from kg.resolve import Resolved

ORG_PREPS = {"chez", "de", "d'", "du", "des", "auprès"}
LINK_PREPS = {"de", "d'", "du", "des", "en", "sur", "à", "au", "aux", "pour"}
DETS = {"la", "le", "l'", "les"}
POSSESSIVES = lexicon.words("possessives")
DEMONSTRATIVES = {"ce", "cet", "cette"}
FORMER = lexicon.words("former_markers")
FUTURE = lexicon.words("future_markers")
GENERIC_CAPS = lexicon.words("title_caps", fold=False)  # capitalised words that belong to a title: « chef de l'IA »
POST_VERBS = lexicon.words("post_verbs")  # « … le poste de »
SUBJECTS = {"nsubj", "nsubj:pass"}
PRONOUNS = {"il", "elle"}


@dataclass(frozen=True)
class TitleChunk:
    """A title as written (tokens ``start:end``) and what its complement says of the organisation."""

    start: int
    end: int
    orgs: tuple[Resolved, ...]  # « de Google et de sa maison mère Alphabet »
    after: int  # first token after the title and its organisations
    anaphoric: bool = False  # « de l'entreprise »: the organisation the paragraph is about
    foreign: bool = False  # « de Twitch » when Twitch is no Organization: never guess another one


@dataclass(frozen=True)
class OrgChoice:
    """The organisation of a role, how it was found, and how sure that is."""

    keys: tuple[str, ...]
    how: str
    confidence: float


def _is_title_head(tok: Token) -> bool:
    return tok.lower_ in lexicon.words("titles") or (
        tok.pos_ in ("NOUN", "ADJ") and tok.lemma_.casefold() in lexicon.words("titles")
    )


def _is_org_noun(doc_tokens: Span, k: int) -> bool:
    """Whether a common noun at ``k`` names an organisation (« l'entreprise », « la start-up »)."""
    doc = doc_tokens.doc
    tok = doc[k]
    if not tok.is_lower:
        return False
    if lexicon.type_of_noun(tok.lemma_) == "Organization" or lexicon.type_of_noun(tok.text) == "Organization":
        return True
    return doc[k : k + 3].text.replace(" ", "") == "start-up"


def _more_orgs(ctx: Context, j: int, sent: Span) -> tuple[list[Resolved], int]:
    """Organisations coordinated after the first: « … de Google et de sa maison mère Alphabet »."""
    doc, out = ctx.doc, []
    while j + 1 < sent.end and doc[j].lower_ == "et" and doc[j + 1].lower_ in ORG_PREPS:
        k = j + 2
        while k < min(j + 7, sent.end) and not ctx.mention(doc[k]) and (
            doc[k].lower_ in DETS | POSSESSIVES or doc[k].pos_ in ("NOUN", "ADJ") and doc[k].is_lower
        ):
            k += 1
        m = ctx.mention(doc[k]) if k < sent.end else None
        if m is None or m.type != "Organization":
            break
        out.append(m)
        j = m.end
    return out, j


def title_chunks(ctx: Context, sent: Span) -> Iterator[TitleChunk]:
    """Title chunks of a sentence, outside quotes and names."""
    doc = ctx.doc
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        written = tok.is_lower or (tok.is_upper and len(tok) > 1)  # « PDG », not « Président » in a name
        if not _is_title_head(tok) or ctx.mention(tok) or ctx.is_quoted(tok) or not written:
            i += 1
            continue
        start, j, last = i, i + 1, i + 1
        orgs: list[Resolved] = []
        anaphoric = foreign = False
        stop = None  # where the organisation part ends, when there is one
        while j < sent.end:
            t = doc[j]
            if ctx.mention(t):
                break
            low = t.lower_
            if low in ORG_PREPS:
                k = j + 1
                while k < sent.end and doc[k].lower_ in DETS | DEMONSTRATIVES:
                    k += 1
                m = ctx.mention(doc[k]) if k < sent.end else None
                if m is not None:
                    if m.type == "Organization":
                        more, stop = _more_orgs(ctx, m.end, sent)
                        orgs = [m, *more]
                    else:
                        foreign = True
                    break
                if k < sent.end and k > j + 1 and low != "chez" and _is_org_noun(sent, k):
                    anaphoric, stop = True, k + 1
                    break
                if k < sent.end and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and doc[k].text not in GENERIC_CAPS:
                    foreign = True  # an unknown name: not an organisation we know
                    break
            if low == "et" and j + 1 < sent.end and _is_title_head(doc[j + 1]):
                j += 1
                continue
            if low in LINK_PREPS or low in DETS:
                j += 1
                continue
            if t.pos_ in ("ADJ", "NOUN") and t.is_lower or t.text in GENERIC_CAPS or _is_title_head(t):
                j += 1
                last = j
                continue
            break
        end = last
        while end > start + 1 and doc[end - 1].lower_ in LINK_PREPS | DETS:
            end -= 1
        after = stop if stop is not None else end
        yield TitleChunk(start, end, tuple(orgs), after, anaphoric, foreign)
        i = max(after, i + 1)


def title_text(ctx: Context, chunk: TitleChunk) -> str:
    """The title as written, in the singular when its head is plural (« cofondateurs »)."""
    span = ctx.doc[chunk.start : chunk.end]
    if "Plur" in span[0].morph.get("Number"):
        return " ".join(t.lemma_.casefold() if t.pos_ in ("NOUN", "ADJ") else t.text for t in span).replace("' ", "'")
    return span.text


def _plural(ctx: Context, chunk: TitleChunk) -> bool:
    return "Plur" in ctx.doc[chunk.start].morph.get("Number")


def _person_before(ctx: Context, chunk: TitleChunk, sent: Span) -> list[Resolved]:
    i = chunk.start - 1
    while i >= sent.start and (ctx.doc[i].lower_ in DETS | POSSESSIVES | FORMER or ctx.doc[i].pos_ == "NUM"):
        i -= 1
    if i - 1 >= sent.start and ctx.doc[i].text == ",":
        if _plural(ctx, chunk):
            return preceding_list(ctx, i, sent, "Person")
        m = ctx.mention(ctx.doc[i - 1])
        if m and m.type == "Person":
            return [m]
    return []


def _person_after(ctx: Context, chunk: TitleChunk, sent: Span) -> tuple[list[Resolved], str]:
    doc = ctx.doc
    i = chunk.after
    if i < sent.end and doc[i].text == ",":
        i += 1
    if i < sent.end:
        m = ctx.mention(doc[i])
        if m and m.type == "Person":
            people = following_list(ctx, i, sent, "Person") if _plural(ctx, chunk) else [m]
            return people, "roles.title_before_name"
    # reported speech: « …, a déclaré Yann LeCun »
    j = chunk.after
    if j < sent.end and doc[j].text == ",":
        for k in range(j + 1, min(j + 5, sent.end)):
            t = doc[k]
            if t.lemma_ in SAYING and t.pos_ in ("VERB", "ADP"):
                m = ctx.mention(doc[k + 1]) if k + 1 < sent.end else None
                if m and m.type == "Person":
                    return [m], "roles.reported_speech"
                break
    return [], ""


def _person_of(ctx: Context, tok: Token) -> Resolved | None:
    """The person a subject names: a name, or « il » / « le milliardaire » for the last one."""
    m = ctx.mention(tok)
    if m is not None:
        return m if m.type == "Person" else None
    definite = any(c.dep_ == "det" and c.lemma_ == "le" for c in tok.children)
    if tok.lower_ in PRONOUNS or (tok.pos_ == "NOUN" and definite and lexicon.type_of_noun(tok.lemma_) == "Person"):
        last = next(_recent_subjects(ctx, tok), None)
        return last if last is not None and last.type == "Person" else None
    return None


def _copula_holder(ctx: Context, chunk: TitleChunk) -> list[Resolved]:
    """« X est (le) directeur … », « X en est le directeur … »: X."""
    head = ctx.doc[chunk.start]
    if not any(c.dep_ == "cop" for c in head.children):
        return []
    subj = [c for c in head.children if c.dep_ == "nsubj"]
    p = _person_of(ctx, subj[0]) if subj else None
    return [p] if p else []


def _post_holder(ctx: Context, chunk: TitleChunk) -> list[Resolved]:
    """« X occupe le poste de directeur technique »: X."""
    doc = ctx.doc
    i = chunk.start
    if i < 2 or doc[i - 1].lower_ not in ("de", "d'") or doc[i - 2].lemma_ != "poste":
        return []
    verb = doc[i - 2].head
    if verb.lemma_ not in POST_VERBS or doc[i - 2].dep_ != "obj" or is_negated(verb):
        return []
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    p = _person_of(ctx, subj[0]) if subj else None
    return [p] if p else []


def holders(ctx: Context, chunk: TitleChunk, sent: Span) -> tuple[list[Resolved], str]:
    """The people a title chunk is said of, and the pattern that says so."""
    people = _copula_holder(ctx, chunk)
    if people:
        return people, "roles.copula"
    people = _post_holder(ctx, chunk)
    if people:
        return people, "roles.post"
    people = _person_before(ctx, chunk, sent)
    if people:
        return people, "roles.apposition"
    return _person_after(ctx, chunk, sent)


def _paragraph_start(ctx: Context, sent: Span) -> bool:
    """Whether ``sent`` opens a paragraph (a line break before it)."""
    if sent.start == 0:
        return True
    doc, i = ctx.doc, sent.start - 1
    while i > 0 and doc[i].is_space:
        i -= 1
    return "\n" in ctx.article.text[doc[i].idx + len(doc[i]) : sent.start_char]


def _is_subject(ctx: Context, m: Resolved) -> bool:
    """A subject, or the name a sentence opens on (its topic: « DeepMind Technologies, … »)."""
    tokens = ctx.doc[m.start : m.end]
    if any(t.dep_ in SUBJECTS for t in tokens):
        return True
    first = next((t for t in tokens[0].sent if not (t.is_punct or t.is_space)), None)
    return first is not None and first.i == m.start


def _recent_subjects(ctx: Context, tok: Token) -> Iterator[Resolved]:
    """Subject mentions before ``tok``, in its sentence and the two before it in the paragraph, nearest first."""
    sent = tok.sent
    for _ in range(3):
        for m in reversed(ctx.mentions_in(sent)):
            if m.start < tok.i and not ctx.is_quoted(ctx.doc[m.start]) and _is_subject(ctx, m):
                yield m
        if _paragraph_start(ctx, sent):
            return
        sent = ctx.doc[sent.start - 1].sent


def paragraph_org(ctx: Context, tok: Token, how: str, *, anaphor: bool = True) -> OrgChoice | None:
    """The organisation the paragraph is about at ``tok``: its latest subject, else the main one.

    Without an anaphor (« son », « en », « l'entreprise ») only this sentence's subjects count.
    """
    recent = (m for m in _recent_subjects(ctx, tok) if anaphor or m.start >= tok.sent.start)
    m = next((m for m in recent if m.type == "Organization"), None)
    if m is not None:
        return OrgChoice((m.key,), how + ".paragraph_org", 0.6)
    if ctx.main_org:
        return OrgChoice((ctx.main_org,), how + ".main_org", 0.4)
    return None


def _clause_org(ctx: Context, sent: Span, anchors: list[Token]) -> Resolved | None:
    """An organisation of the anchors' own clause: « Chez Anthropic, le directeur … a présenté »."""
    for m in ctx.mentions_in(sent, "Organization"):
        root = next((t for t in ctx.doc[m.start : m.end] if not m.start <= t.head.i < m.end or t.head.i == t.i), None)
        if root is None or ctx.is_quoted(root) or not root.dep_.startswith("obl"):
            continue
        chez = any(c.dep_ == "case" and c.lower_ == "chez" for c in root.children)
        if chez and any(a.i == root.head.i or root.head in a.ancestors for a in anchors):
            return m
    return None


def _possessive(ctx: Context, chunk: TitleChunk) -> bool:
    """« son directeur », « ses deux cofondateurs »."""
    doc, i = ctx.doc, chunk.start - 1
    if i >= 0 and doc[i].pos_ == "NUM":
        i -= 1
    return i >= 0 and doc[i].lower_ in POSSESSIVES


def chunk_org(ctx: Context, chunk: TitleChunk, sent: Span, person: Resolved, how: str) -> OrgChoice | None:
    """The organisation of a title said of ``person``."""
    doc = ctx.doc
    if chunk.orgs:
        public = lexicon.words("not_corporate")
        orgs = tuple(m.key for m in chunk.orgs if not set(m.text.casefold().split()) & public)
        return OrgChoice(orgs, how, 0.9) if orgs else None
    if chunk.foreign:
        return None
    head = doc[chunk.start]
    clitic = any(c.lower_ == "en" and c.pos_ == "PRON" for c in head.children)  # « X en est le directeur »
    if _possessive(ctx, chunk):
        # « contre OpenAI et son directeur général », « contre la société et son directeur général »
        before = doc[chunk.start - 3] if chunk.start - 3 >= sent.start and doc[chunk.start - 2].lower_ == "et" else None
        for partner in (head.head if head.dep_ == "conj" else None, before):
            m = ctx.mention(partner) if partner is not None else None
            if m is not None and m.type == "Organization":
                return OrgChoice((m.key,), how + ".coordinated", 0.7)
            if partner is not None and m is None and _is_org_noun(sent, partner.i):
                return paragraph_org(ctx, partner, how)
    if chunk.anaphoric or clitic:
        return paragraph_org(ctx, head, how)
    if _possessive(ctx, chunk):
        last = next((m for m in _recent_subjects(ctx, head) if m.key != person.key), None)
        if last is not None and last.type == "Person":
            return None  # « Elon Musk … son avocat »: his, not a company's
        return paragraph_org(ctx, head, how)
    title = title_text(ctx, chunk).casefold()
    if title in ("président", "présidente"):
        return None  # « le président Emmanuel Macron »: no organisation to guess
    linked = _clause_org(ctx, sent, [head, doc[person.start]])
    if linked is not None:
        return OrgChoice((linked.key,), how + ".clause_org", 0.7)
    return paragraph_org(ctx, head, how, anaphor=False)


def _gapped(ctx: Context, chunk: TitleChunk, by_start: dict[int, TitleChunk]) -> Iterator[tuple[Resolved, TitleChunk]]:
    """« X en est le directeur général, Y la présidente »: (Y, « présidente »)."""
    doc = ctx.doc
    for c in doc[chunk.start].children:
        m = ctx.mention(c)
        if c.dep_ != "conj" or m is None or m.type != "Person":
            continue
        k = m.end
        while k < len(doc) and doc[k].lower_ in DETS:
            k += 1
        if k in by_start and k > m.end:
            yield m, by_start[k]


def _excluded(ctx: Context, chunk: TitleChunk, title: str) -> bool:
    """Titles outside companies (« le président américain ») and future ones."""
    if set(title.casefold().replace("-", " ").split()) & lexicon.words("not_corporate"):
        return True
    prev = ctx.doc[chunk.start - 1] if chunk.start > 0 else None
    return prev is not None and prev.lower_ in FUTURE


def _former(ctx: Context, chunk: TitleChunk) -> bool:
    """« l'ancien directeur », « ex-PDG »: a position that is over."""
    prev = ctx.doc[chunk.start - 1] if chunk.start > 0 else None
    return prev is not None and prev.lower_ in FORMER


def extract(ctx: Context) -> Iterator[Role]:
    """Roles of people at organisations, one per (person, organisation, title) and sentence."""
    for sent in ctx.doc.sents:
        if not ctx.mentions_in(sent, "Person"):
            continue
        chunks = list(title_chunks(ctx, sent))
        by_start = {c.start: c for c in chunks}
        for chunk in chunks:
            title = title_text(ctx, chunk)
            if _excluded(ctx, chunk, title):
                continue
            people, how = holders(ctx, chunk, sent)
            if not people:
                continue
            choice = chunk_org(ctx, chunk, sent, people[0], how)
            if choice is None:
                continue
            pairs = [(p, chunk, title) for p in people]
            if how == "roles.copula":
                pairs += [(p, c, title_text(ctx, c)) for p, c in _gapped(ctx, chunk, by_start)]
            for person, c, label in pairs:
                for org in choice.keys:
                    ev = ctx.evidence(sent, choice.how, choice.confidence)
                    yield Role(person.key, org, label, ev, lexicon.title_en(label), not _former(ctx, c))
    yield from verb_roles(ctx)


# --- verbs: « fonder », « diriger », « présider » -------------------------------------------------


def _is_passive(verb: Token) -> bool:
    """« a été fondée par », « fondée par », « dirigé par »: a passive or bare participle."""
    if any(c.dep_ == "aux:pass" for c in verb.children):
        return True
    return "Part" in verb.morph.get("VerbForm") and not any(c.dep_ == "aux:tense" for c in verb.children)


def _agents(ctx: Context, verb: Token, sent: Span) -> list[Resolved]:
    """The people listed after the « par » of a participle (« par trois entrepreneurs, X, Y et Z »)."""
    doc = ctx.doc
    for par in doc[verb.i + 1 : sent.end]:
        if par.lower_ != "par" or ctx.is_quoted(par):
            continue
        if verb not in par.ancestors:
            return []
        k = par.i + 1
        while k < min(par.i + 6, sent.end) and not ctx.mention(doc[k]) and (
            doc[k].pos_ in ("DET", "NUM", "NOUN", "ADJ") and doc[k].is_lower or doc[k].text == ","
        ):
            k += 1
        return following_list(ctx, k, sent, "Person") if k < sent.end else []
    return []


def _fronted_subject(ctx: Context, verb: Token, sent: Span) -> OrgChoice | None:
    """« Fondée en 2016 par X, Hugging Face s'est imposée »: the subject after the participle."""
    doc = ctx.doc
    for comma in doc[verb.i + 1 : sent.end]:
        if comma.text != "," or comma.i + 1 >= sent.end:
            continue
        nxt = doc[comma.i + 1]
        m = ctx.mention(nxt)
        if m is not None:
            if m.type == "Organization":
                return OrgChoice((m.key,), "roles.fronted", 0.8)
            continue  # the list of founders
        if nxt.lower_ in DETS | DEMONSTRATIVES:
            k = nxt.i + 1
            while k < sent.end and doc[k].pos_ == "ADJ":
                k += 1
            if k < sent.end and lexicon.type_of_noun(doc[k].lemma_) in (None, "Organization") and doc[k].is_lower:
                return paragraph_org(ctx, verb, "roles.fronted")
            return None
    return None


def _passive_target(ctx: Context, verb: Token, sent: Span) -> OrgChoice | None:
    """The organisation a participle is said of: its noun, its subject, or a fronted phrase's subject."""
    doc = ctx.doc
    head = verb.head
    if verb.dep_ in ("acl", "appos") and ctx.mention(head):
        m = ctx.mention(head)
        return OrgChoice((m.key,), "roles.passive", 0.8) if m.type == "Organization" else None
    if verb.dep_ == "acl" and _is_org_noun(sent, head.i):
        # « Anthropic est une entreprise fondée par », « DeepMind, la start-up fondée par »
        named = [c for c in head.children if c.dep_ == "nsubj" and ctx.mention(c)]
        if head.dep_ == "appos" and ctx.mention(head.head):
            named.append(head.head)
        m = ctx.mention(named[0]) if named else None
        return OrgChoice((m.key,), "roles.passive", 0.8) if m and m.type == "Organization" else None
    subj = [c for c in verb.children if c.dep_ in SUBJECTS]
    if subj:
        m = ctx.mention(subj[0])
        if m is not None:
            return OrgChoice((m.key,), "roles.passive", 0.8) if m.type == "Organization" else None
        return paragraph_org(ctx, subj[0], "roles.passive") if _is_org_noun(sent, subj[0].i) else None
    if verb.i - 2 >= sent.start and doc[verb.i - 1].text == ",":  # « Google DeepMind, dirigé par X »
        m = ctx.mention(doc[verb.i - 2])
        return OrgChoice((m.key,), "roles.passive", 0.8) if m and m.type == "Organization" else None
    first = next(t for t in sent if not (t.is_punct or t.is_space))
    if first.i == verb.i:
        return _fronted_subject(ctx, verb, sent)
    return None


def _named_org(ctx: Context, tok: Token) -> Resolved | None:
    """An organisation object: a name, or a noun with the name in apposition (« sa start-up, xAI »)."""
    m = ctx.mention(tok)
    if m is not None:
        return m if m.type == "Organization" else None
    for c in tok.children:
        m = ctx.mention(c)
        if c.dep_ in ("appos", "nmod", "flat:name") and m and not any(g.dep_ == "case" for g in c.children):
            return m if m.type == "Organization" else None
    return None


def _next_org(ctx: Context, verb: Token, sent: Span) -> Resolved | None:
    """The organisation a few words after a verb (« a cofondé en 2022 la start-up Inflection AI »)."""
    doc = ctx.doc
    for k in range(verb.i + 1, min(verb.i + 9, sent.end)):
        t = doc[k]
        m = ctx.mention(t)
        if m is not None:
            return m if m.type == "Organization" and m.start == k else None
        # only dates, determiners and an organisation noun may stand between: « en 2022 la start-up »
        filler = t.pos_ in ("DET", "NUM", "ADV", "ADJ", "X") or t.text == "-" or t.lower_ in lexicon.words("junk")
        if not (filler or t.lower_ in ("en", "depuis", "dès") or _is_org_noun(sent, k)):
            return None
    return None


def _active_subject(ctx: Context, verb: Token) -> Resolved | None:
    """The person doing ``verb``: its subject, through « qui », coordination and « pour + infinitif »."""
    t = verb
    for _ in range(3):
        subj = [c for c in t.children if c.dep_ == "nsubj"]
        if subj and subj[0].lower_ == "qui" and t.dep_ == "acl:relcl":
            m = ctx.mention(t.head)
            return m if m and m.type == "Person" else None
        if subj:
            return _person_of(ctx, subj[0])
        if t.dep_ not in ("conj", "advcl", "xcomp") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _is_past(verb: Token) -> bool:
    """« dirigeait », « a dirigé », « dirigea »: a role that may be over."""
    if any(c.dep_ == "aux:tense" for c in verb.children) and "Part" in verb.morph.get("VerbForm"):
        return True
    return bool({"Imp", "Past"} & set(verb.morph.get("Tense"))) and "Fin" in verb.morph.get("VerbForm")


def _verb_lemma(tok: Token, known: frozenset[str]) -> str:
    """The lemma of a verb, mended when the lemmatiser left the inflected form (« préside »)."""
    lemma = tok.lemma_.casefold()
    if lemma not in known and lemma.endswith("e") and lemma + "r" in known:
        return lemma + "r"
    return lemma


def _verb_label(lemma: str) -> tuple[str, str]:
    if lemma in ("cofonder", "co-fonder"):
        return "cofondateur", "Co-founder"
    if lemma in lexicon.words("triggers.founders"):
        return "fondateur", "Founder"
    if lemma == "présider":
        return "président", "President"
    return "dirigeant", lexicon.title_en("dirigeant")


def verb_roles(ctx: Context) -> Iterator[Role]:
    """« X a fondé Y », « Y, fondée par X », « X dirige Y », « Y, dirigé par X »."""
    founding, leading = lexicon.words("triggers.founders"), lexicon.words("triggers.leads")
    for tok in ctx.doc:
        lemma = _verb_lemma(tok, founding | leading)
        if lemma not in founding | leading or tok.pos_ != "VERB" or ctx.is_quoted(tok) or is_negated(tok):
            continue
        sent = tok.sent
        if _is_passive(tok):
            people = _agents(ctx, tok, sent)
            choice = _passive_target(ctx, tok, sent) if people else None
            if any(c.dep_ == "aux:tense" for c in tok.children) and lemma in leading:
                continue  # « a été dirigé par »: over
        else:
            if lemma == "créer" or (lemma in leading and _is_past(tok)):
                continue  # « créer » alone is too vague; a past « dirigeait » may be over
            person = _active_subject(ctx, tok)
            people = [person] if person else []
            objs = [c for c in tok.children if c.dep_ == "obj"]
            org = _named_org(ctx, objs[0]) if objs else None
            if org is None:  # names are often misparsed (« OpenAI » as punctuation)
                org = _next_org(ctx, tok, sent)
            choice = OrgChoice((org.key,), "roles.verb", 0.8) if org else None
        if choice is None:
            continue
        title, title_en = _verb_label(lemma)
        prefix = "roles.founder" if lemma in founding else "roles.leads"
        how = prefix + choice.how.removeprefix("roles")
        for p in people:
            if p.type == "Person" and not ctx.is_quoted(ctx.doc[p.start]):
                for org_key in choice.keys:
                    yield Role(p.key, org_key, title, ctx.evidence(sent, how, choice.confidence), title_en)
