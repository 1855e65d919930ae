"""Roles, sentence by sentence: who holds which title where, and what must stay silent."""

from __future__ import annotations

import pytest


def found(facts) -> dict[tuple[str, str], set[str]]:
    """{(person, organisation): titles} of the roles extracted."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in facts.roles:
        out.setdefault((r.person, r.organization), set()).add(r.title)
    return out


@pytest.mark.parametrize(
    ("text", "person", "org", "title"),
    [
        # a title written in capitals
        ("Satya Nadella, le PDG de Microsoft, a présenté Copilot.", "satya-nadella", "microsoft", "PDG"),
        # copula, with the clitic « en » and a gapped second clause
        ("Anthropic est une entreprise américaine. Dario Amodei en est le directeur général, Daniela Amodei la présidente.",
         "dario-amodei", "anthropic", "directeur général"),
        ("Anthropic est une entreprise américaine. Dario Amodei en est le directeur général, Daniela Amodei la présidente.",
         "daniela-amodei", "anthropic", "présidente"),
        ("Hugging Face a levé 235 millions de dollars. Thomas Wolf est directeur scientifique de l'entreprise.",
         "thomas-wolf", "hugging-face", "directeur scientifique"),
        ("Greg Brockman est président d'OpenAI.", "greg-brockman", "openai", "président"),
        # « occuper le poste de »
        ("Yann LeCun occupe le poste de scientifique en chef de l'IA chez Meta.",
         "yann-lecun", "meta", "scientifique en chef de l'IA"),
        ("Meta a présenté Llama. Mark Zuckerberg occupe le poste de directeur général de Meta.",
         "mark-zuckerberg", "meta", "directeur général"),
        # possessives: the organisation the paragraph is about
        ("Mistral AI a levé 385 millions d'euros. Son directeur général, Arthur Mensch, se réjouit.",
         "arthur-mensch", "mistral-ai", "directeur général"),
        ("Mistral AI grandit vite. Ses deux cofondateurs, Guillaume Lample et Timothée Lacroix, viennent de Meta.",
         "guillaume-lample", "mistral-ai", "cofondateur"),
        ("Mistral AI grandit vite. Ses deux cofondateurs, Guillaume Lample et Timothée Lacroix, viennent de Meta.",
         "timothee-lacroix", "mistral-ai", "cofondateur"),
        ("Mistral AI a refusé une offre de Google, a confirmé jeudi sa directrice générale, Claire Dupont.",
         "claire-dupont", "mistral-ai", "directrice générale"),
        ("Elon Musk poursuit OpenAI et son directeur général, Sam Altman.", "sam-altman", "openai", "directeur général"),
        # « de l'entreprise », « de la société »
        ("Anthropic affronte OpenAI. « Ils copient nos idées », accuse Nicolas Martin, le directeur technique de la société.",
         "nicolas-martin", "anthropic", "directeur technique"),
        # a bare title: its own clause's organisation
        ("Chez Anthropic, le directeur technique Sam McCandlish a présenté Claude.",
         "sam-mccandlish", "anthropic", "directeur technique"),
        ("Meta a annoncé que Yann LeCun, son scientifique en chef, quittait l'entreprise.",
         "yann-lecun", "meta", "scientifique en chef"),
        # two organisations after one title
        ("Anne Martin, administratrice de Microsoft et de la société Nvidia, a voté contre.",
         "anne-martin", "nvidia", "administratrice"),
        # founders
        (("Fondée en 2016 à New York par trois entrepreneurs français, Clément Delangue, Julien Chaumond et Thomas Wolf, "
         "Hugging Face s'est imposée."), "julien-chaumond", "hugging-face", "fondateur"),
        (("DeepMind est un laboratoire britannique. L'entreprise a été fondée en 2010 à Londres par Demis Hassabis, "
         "Shane Legg et Mustafa Suleyman."), "shane-legg", "google-deepmind", "fondateur"),
        ("Anthropic est une entreprise américaine fondée en 2021 par Dario Amodei.", "dario-amodei", "anthropic", "fondateur"),
        ("Elon Musk, qui a cofondé OpenAI en 2015, critique la société.", "elon-musk", "openai", "cofondateur"),
        ("Mustafa Suleyman a quitté Google et a cofondé en 2022 la start-up Inflection AI.",
         "mustafa-suleyman", "inflection-ai", "cofondateur"),
        # « diriger », « présider »
        ("En 2023, Alphabet a créé Google DeepMind, dirigé par Demis Hassabis.", "demis-hassabis", "google-deepmind", "dirigeant"),
        ("Sam Altman dirige OpenAI depuis 2019.", "sam-altman", "openai", "dirigeant"),
        ("Elon Musk a porté plainte. Le milliardaire dirige désormais sa propre entreprise, xAI.", "elon-musk", "xai", "dirigeant"),
        ("Greg Brockman préside OpenAI depuis sa création.", "greg-brockman", "openai", "président"),
    ],
)
def test_role_found(extract_text, text, person, org, title):
    roles = found(extract_text(text))
    assert title in roles.get((person, org), set()), roles


@pytest.mark.parametrize(
    ("text", "person", "org"),
    [
        # the sentence's organisation is not the title's
        ("Le directeur général, Clément Delangue, défend une vision ouverte, à rebours de celle d'OpenAI.",
         "clement-delangue", "openai"),
        ("Emmett Shear, le cofondateur de Twitch, a remplacé Sam Altman chez OpenAI.", "emmett-shear", "openai"),
        ("Microsoft a investi dans OpenAI. Le directeur général, Sam Altman, a salué l'accord.", "sam-altman", "microsoft"),
        ("Mistral AI grandit vite. Ses deux cofondateurs, Guillaume Lample et Timothée Lacroix, viennent de Meta.",
         "guillaume-lample", "meta"),
        ("Mistral AI a refusé une offre de Google, a confirmé jeudi sa directrice générale, Claire Dupont.",
         "claire-dupont", "google"),
        # a possessive that points to a person; a public body
        ("Elon Musk attaque OpenAI. Son conseiller, Jared Birchall, a parlé. OpenAI conteste. OpenAI répond.",
         "jared-birchall", "openai"),
        ("La présidente de la Commission européenne, Ursula von der Leyen, a rencontré Sam Altman.",
         "ursula-von-der-leyen", "commission-europeenne"),
        # negations, a past « diriger »
        ("Sam Altman ne dirige plus OpenAI.", "sam-altman", "openai"),
        ("Greg Brockman a présidé OpenAI jusqu'en 2023.", "greg-brockman", "openai"),
        ("Elon Musk n'a pas fondé Google.", "elon-musk", "google"),
        ("Joelle Pineau dirige l'équipe de recherche de Meta.", "joelle-pineau", "meta"),
    ],
)
def test_role_not_found(extract_text, text, person, org):
    assert (person, org) not in found(extract_text(text))


@pytest.mark.parametrize(
    ("text", "person", "org", "title"),
    [
        ("Arthur Mensch, l'ancien directeur de Google, a critiqué OpenAI.", "arthur-mensch", "google", "directeur"),
        ("Arthur Mensch est un ancien chercheur de Google DeepMind.", "arthur-mensch", "google-deepmind", "chercheur"),
    ],
)
def test_former_role_kept_and_marked_past(extract_text, text, person, org, title):
    roles = [r for r in extract_text(text).roles if (r.person, r.organization) == (person, org)]
    assert [(r.title, r.current) for r in roles] == [(title, False)]


def test_current_role_is_current(extract_text):
    roles = extract_text("Arthur Mensch, le directeur de Google, a critiqué OpenAI.").roles
    assert [(r.person, r.current) for r in roles] == [("arthur-mensch", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Il avait refusé une proposition de Google pour rester chez Meta.",
        "Le président Emmanuel Macron a salué Mistral AI lors d'un salon à Paris.",
        "Le président américain Joe Biden a rencontré des dirigeants d'OpenAI.",
        "« Sam Altman est le meilleur directeur général d'OpenAI », a affirmé un analyste.",
        "Sam Altman a rencontré Satya Nadella à Paris pour parler de Microsoft.",
        "Le chatbot Claude a été créé par Anthropic.",
    ],
)
def test_no_role(extract_text, text):
    assert found(extract_text(text)) == {}


def test_context_lowers_confidence(extract_text):
    facts = extract_text("Mistral AI a levé des fonds. Son directeur général, Arthur Mensch, se réjouit. "
                         "Arthur Mensch, directeur général de Mistral AI, a parlé.")
    by_how = {r.evidence.extractor: r.evidence.confidence for r in facts.roles}
    assert max(by_how.values()) > min(by_how.values()), by_how


def test_title_en(extract_text):
    (role,) = extract_text("Satya Nadella, le PDG de Microsoft, a présenté Copilot.").roles
    assert role.title_en == "CEO"
