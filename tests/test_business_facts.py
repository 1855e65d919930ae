"""Sentence cases for investsIn, sues and owns: what they must find and what they must not."""

from __future__ import annotations

import pytest

HF = ("En août 2023, Hugging Face a levé 235 millions de dollars lors d'un tour de table auquel ont "
      "participé Google, Amazon, Nvidia, AMD et Intel.")


def relations(facts) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in facts.relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # investsIn
        (HF, ("google", "investsIn", "hugging-face")),
        (HF, ("intel", "investsIn", "hugging-face")),
        ("Mistral AI a levé 385 millions d'euros auprès du fonds Andreessen Horowitz.", ("andreessen-horowitz", "investsIn", "mistral-ai")),
        ("Le tour de table de Mistral AI a été mené par le fonds Lightspeed Venture Partners.", ("lightspeed-venture-partners", "investsIn", "mistral-ai")),
        ("Mistral AI a annoncé avoir levé 385 millions d'euros. Nvidia participe également à l'opération.", ("nvidia", "investsIn", "mistral-ai")),
        ("Microsoft, principal investisseur d'OpenAI, n'a pas souhaité commenter.", ("microsoft", "investsIn", "openai")),
        ("Microsoft est le premier actionnaire d'OpenAI.", ("microsoft", "investsIn", "openai")),
        ("Microsoft, qui a investi 10 milliards de dollars dans OpenAI, reste discret.", ("microsoft", "investsIn", "openai")),
        ("Google s'est engagé à investir 2 milliards de dollars dans Anthropic.", ("google", "investsIn", "anthropic")),
        ("Le fonds Kestrel Capital détient désormais 30 % de Pixelia.", ("kestrel-capital", "investsIn", "pixelia")),
        ("Amazon détient une participation de 30 % dans Anthropic.", ("amazon", "investsIn", "anthropic")),
        # sues
        ("Plusieurs auteurs, parmi lesquels l'humoriste Sarah Silverman, avaient assigné OpenAI et Meta pour violation du droit d'auteur.", ("sarah-silverman", "sues", "meta")),
        ("Plusieurs auteurs, parmi lesquels l'humoriste Sarah Silverman, avaient assigné OpenAI et Meta pour violation du droit d'auteur.", ("sarah-silverman", "sues", "openai")),
        ("Les Éditions Sirocco, un éditeur juridique parisien, ont assigné Aurore Intelligence en justice.", ("editions-sirocco", "sues", "aurore-intelligence")),
        ("Le New York Times poursuit de son côté OpenAI.", ("the-new-york-times", "sues", "openai")),
        ("Le New York Times a intenté un procès à OpenAI.", ("the-new-york-times", "sues", "openai")),
        # owns
        ("En 2014, DeepMind a été rachetée par Google.", ("google", "owns", "google-deepmind")),
        ("Pixelia, rachetée par Aurore Intelligence en 2023, développe Scanna.", ("aurore-intelligence", "owns", "pixelia")),
        ("Pixelia devient une filiale d'Aurore Intelligence.", ("aurore-intelligence", "owns", "pixelia")),
        ("DeepMind Technologies est un laboratoire de recherche britannique, filiale de Google.", ("google", "owns", "google-deepmind")),
        ("Google a présenté Gemini, conçu par Google DeepMind, la division de recherche du groupe.", ("google", "owns", "google-deepmind")),
        ("Meta, la maison mère de Facebook, a publié Llama.", ("meta", "owns", "facebook")),
        ("Azure, le service de cloud de Microsoft, héberge les modèles.", ("microsoft", "owns", "azure")),
    ],
)
def test_business_fact_found(extract_text, text, expected):
    assert expected in relations(extract_text(text))


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        ("Microsoft ne contrôle pas OpenAI.", "owns"),
        ("Microsoft ne contrôle pas OpenAI.", "investsIn"),
        ("Amazon n'a pas obtenu de siège au conseil d'Anthropic.", "investsIn"),
        ("Google n'a pas investi dans Anthropic.", "investsIn"),
        ("« Microsoft a investi dans OpenAI », ironise un analyste.", "investsIn"),
        ("Les investisseurs ont salué la décision de Mistral AI.", "investsIn"),
        ("Nvidia participe également à l'opération.", "investsIn"),
        ("Nvidia a participé au vote contre OpenAI.", "investsIn"),
        ("Mistral AI n'a pas levé 385 millions d'euros auprès du fonds Andreessen Horowitz.", "investsIn"),
        ("Le New York Times n'a pas attaqué Google.", "sues"),
        ("« OpenAI copie nos idées », accuse Nicolas Besson.", "sues"),
        ("Microsoft attaque Google sur le marché du cloud.", "sues"),
        ("OpenAI poursuit sa route malgré Microsoft.", "sues"),
        ("Microsoft poursuit son partenariat avec OpenAI.", "sues"),
        ("La start-up Aurore Intelligence a refusé une offre de rachat de Google.", "owns"),
        ("Google n'a pas racheté DeepMind.", "owns"),
        ("Le fonds Kestrel Capital détient 30 % de Pixelia.", "owns"),
    ],
)
def test_business_fact_absent(extract_text, text, predicate):
    assert not {r for r in relations(extract_text(text)) if r[1] == predicate}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person as defendant: the extractor finds it, the pipeline's signature decides
        ("Elon Musk a engagé des poursuites contre OpenAI et son directeur général, Sam Altman.", ("elon-musk", "sam-altman")),
        ("Elon Musk a engagé des poursuites contre OpenAI et son directeur général, Sam Altman.", ("elon-musk", "openai")),
    ],
)
def test_lawsuit_extractor(nlp, text, expected):
    from kg.extractors import lawsuits
    from kg.facts import Article
    from kg.nlp import parse
    from kg.pipeline import context

    ctx = context(Article(id="t", text=text), parse(text))
    assert expected in {(r.subject, r.object) for r in lawsuits.extract(ctx)}
