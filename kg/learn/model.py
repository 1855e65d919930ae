"""The trained model: one JSON file holding every classifier the decision stage uses.

``kg/data/model.json`` is the model shipped with kg (rebuilt from the annotated corpus by
``scripts/train.py``); ``kg build --model PATH`` reads a user's own, made by ``kg train``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import KGError
from kg.learn.linear import Binary, Multiclass
from kg.resources import data_file

FORMAT = "kg-model/1"
#: the probability above which a candidate fact is written, unless the model says otherwise
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Model:
    """The entity typer, one classifier per relation type, the role classifier, thresholds."""

    entities: Multiclass | None = None
    relations: dict[str, Binary] = field(default_factory=dict)
    roles: Binary | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    def threshold(self, name: str) -> float:
        """The decision threshold of a relation type (or ``"roles"``)."""
        return self.thresholds.get(name, DEFAULT_THRESHOLD)

    def to_json(self) -> dict:
        """The model as JSON-ready data (keys sorted when dumped)."""
        return {
            "format": FORMAT,
            "info": self.info,
            "thresholds": self.thresholds,
            "entities": self.entities.to_json() if self.entities else None,
            "relations": {k: v.to_json() for k, v in sorted(self.relations.items())},
            "roles": self.roles.to_json() if self.roles else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        """A model from :meth:`to_json` data."""
        if data.get("format") != FORMAT:
            raise KGError(f"not a kg model (format {data.get('format')!r}, expected {FORMAT!r})")
        return cls(
            entities=Multiclass.from_json(data["entities"]) if data.get("entities") else None,
            relations={k: Binary.from_json(v) for k, v in data.get("relations", {}).items()},
            roles=Binary.from_json(data["roles"]) if data.get("roles") else None,
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            info=dict(data.get("info", {})),
        )

    def dumps(self) -> bytes:
        """The model file's bytes: deterministic JSON."""
        return (json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, indent=0) + "\n").encode("utf-8")


_active: Model | None = None


def use(model: Model | str | Path | None) -> Model:
    """Make ``model`` (or the model file at that path) the default of every later build in this
    process and in the worker processes it forks; ``None``: back to the shipped one."""
    global _active
    _active = model if isinstance(model, Model) or model is None else _read(Path(model))
    return _active or _shipped()


def load(path: str | Path | None = None) -> Model:
    """Read a model file (default: the one :func:`use` chose, else the one shipped with kg)."""
    if path is None:
        return _active or _shipped()
    return _read(Path(path))


def _read(path: Path) -> Model:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KGError(f"{path}: cannot read model ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KGError(f"{path}: not a kg model file ({exc})") from None
    try:
        return Model.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KGError(f"{path}: malformed kg model ({type(exc).__name__}: {exc})") from None


@lru_cache(maxsize=1)
def _shipped() -> Model:
    path = data_file("model.json")
    return _read(path) if path.exists() else Model()
