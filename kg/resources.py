"""Files shipped with kg: the ontology, the SHACL shapes, the gazetteer, the sample article."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def ontology_dir() -> Path:
    """The folder holding kg.ttl, shapes.ttl and context.jsonld (source tree or installed)."""
    here = Path(__file__).resolve().parent.parent / "ontologies"
    if here.is_dir():
        return here
    return Path(str(resources.files("kg.ontologies")))


def ontology_file(name: str) -> Path:
    """One file of ``ontologies/`` by name, e.g. ``"kg.ttl"``."""
    return ontology_dir() / name


def data_file(name: str) -> Path:
    """One file of the package's data folder (gazetteer, lexicons, sample article)."""
    return Path(str(resources.files("kg.data"))) / name


SAMPLE_ARTICLE = "000_f926927dc2d1449b.txt"
