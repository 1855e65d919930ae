"""Per-extractor sentence cases, positive and negative, without the seed article."""

from __future__ import annotations

import pytest


def relations(facts) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in facts.relations}


def roles(facts) -> set[tuple[str, str]]:
    return {(r.person, r.organization) for r in facts.roles}


def entity_types(facts) -> dict[str, str]:
    return {e.key: e.type for e in facts.entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Google a lancé Gemini en décembre pour concurrencer les autres assistants.", ("google", "releases", "gemini")),
        ("Anthropic a dévoilé Claude 3, son nouveau modèle de langage.", ("anthropic", "releases", "claude-3")),
        ("Le modèle Mixtral, développé par Mistral AI, est disponible en open source.", ("mistral-ai", "releases", "mixtral")),
        ("La sortie de Grok de xAI a surpris les observateurs.", ("xai", "releases", "grok")),
        ("Mistral AI veut rivaliser avec OpenAI et Anthropic dans les entreprises.", ("mistral-ai", "competesWith", "openai")),
        ("Mistral AI veut rivaliser avec OpenAI et Anthropic dans les entreprises.", ("mistral-ai", "competesWith", "anthropic")),
        ("Microsoft a investi 10 milliards de dollars dans OpenAI en janvier.", ("microsoft", "investsIn", "openai")),
        ("Le New York Times a déposé une plainte contre OpenAI et Microsoft pour violation du droit d'auteur.", ("the-new-york-times", "sues", "microsoft")),
        ("Google, qui a racheté DeepMind en 2014, dispose d'un laboratoire réputé.", ("google", "owns", "google-deepmind")),
        ("YouTube, filiale de Google, teste un assistant.", ("google", "owns", "youtube")),
        ("Meta a lancé des assistants sur ses plateformes Instagram, WhatsApp et Messenger.", ("meta", "owns", "whatsapp")),
        ("Meta, propriétaire d'Instagram et de WhatsApp, a annoncé un nouveau modèle.", ("meta", "owns", "whatsapp")),
        ("La concurrence entre Google et OpenAI s'intensifie.", ("google", "competesWith", "openai")),
    ],
)
def test_relation_found(extract_text, text, expected):
    assert expected in relations(extract_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "Meta n'a pas publié Llama 3 cette semaine, contrairement aux rumeurs.",
        "« OpenAI a publié GPT-5 en secret », a ironisé un analyste de Morgan Stanley.",
        "Il avait refusé une proposition de Google pour rester chez Meta.",
        "Les investisseurs de Paris ont rencontré Google la semaine dernière.",
        "La guerre entre les avocats de Google et le juge continue.",
    ],
)
def test_no_relation(extract_text, text):
    facts = extract_text(text)
    assert relations(facts) == set()
    assert {r.person for r in facts.roles} == set()


@pytest.mark.parametrize(
    ("text", "person", "org", "title"),
    [
        ("Sundar Pichai, directeur général de Google, a présenté Gemini à la presse.", "sundar-pichai", "google", "directeur général"),
        ("Le patron d'OpenAI, Sam Altman, a annoncé une nouvelle version.", "sam-altman", "openai", "patron"),
        ("« Nous sommes prêts », a déclaré Arthur Mensch, cofondateur de Mistral AI.", "arthur-mensch", "mistral-ai", "cofondateur"),
        ("La vice-présidente de la recherche de Google, Jane Doe, a pris la parole.", "jane-doe", "google", "vice-présidente de la recherche"),
        ("Chez Anthropic, le directeur technique Sam McCandlish a présenté Claude.", "sam-mccandlish", "anthropic", "directeur technique"),
    ],
)
def test_role_found(extract_text, text, person, org, title):
    facts = extract_text(text)
    found = {(r.person, r.organization): r.title for r in facts.roles}
    assert (person, org) in found, found
    assert found[(person, org)] == title


@pytest.mark.parametrize(
    "text",
    [
        "Le président Emmanuel Macron a salué Mistral AI lors d'un salon à Paris.",
        "Yann LeCun avait refusé une proposition de Google en 2013.",
        "Le président américain Joe Biden a rencontré des dirigeants d'OpenAI.",
    ],
)
def test_no_role(extract_text, text):
    assert roles(extract_text(text)) == set()


@pytest.mark.parametrize(
    ("text", "key", "etype"),
    [
        ("Lundi, la start-up française Kyutai a publié un modèle vocal.", "kyutai", "Organization"),
        ("Le chatbot Pi a été présenté par la société Inflection AI.", "inflection-ai", "Organization"),
        ("OpenAI a présenté GPT-4o, qui succède à GPT-4.", "gpt-4o", "AIModel"),
        ("Meta a intégré Llama 3 dans Instagram.", "llama-3", "AIModel"),
        ("Meta a intégré Llama 3 dans Instagram.", "instagram", "Product"),
        ("La conférence s'est tenue à Aix-en-Provence samedi.", "aix-en-provence", "Place"),
    ],
)
def test_entity_typed(extract_text, text, key, etype):
    assert entity_types(extract_text(text)).get(key) == etype


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("Lundi, Sam Altman a parlé devant le Sénat.", "lundi"),
        ("Reportage supplémentaire de Tim Bradshaw", "reportage"),
        ("Les LLM sont entraînés sur d'énormes quantités de données.", "llm"),
    ],
)
def test_junk_dropped(extract_text, text, junk):
    assert junk not in entity_types(extract_text(text))


def test_surname_joins_full_name(extract_text):
    facts = extract_text("Joëlle Pineau dirige la recherche. Pineau a déclaré que le modèle était prêt.")
    people = [e for e in facts.entities if e.type == "Person"]
    assert [p.key for p in people] == ["joelle-pineau"]
    assert "Pineau" in people[0].aliases


def test_apostrophe_variants_share_a_node(extract_text):
    facts = extract_text("L’entreprise d’OpenAI a publié ChatGPT. Le chatbot ChatGPT d'OpenAI est populaire.")
    assert sum(1 for e in facts.entities if e.key == "openai") == 1


def test_evidence_offsets_point_at_the_sentence(extract_text):
    text = "Introduction.\n\nGoogle a lancé Gemini en décembre."
    facts = extract_text(text)
    (rel,) = facts.relations
    ev = rel.evidence
    assert text[ev.start : ev.end] == ev.sentence == "Google a lancé Gemini en décembre."
    assert ev.extractor.startswith("releases.") and 0 < ev.confidence <= 1
