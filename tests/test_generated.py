"""The generated packages import, and their models carry the documented examples unchanged."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime
from typing import Any

import pytest

from modelruns._specs import PROVIDERS, Provider
from tests.seed_facts.model import ExampleFact
from tests.specs import facts

EXAMPLE_FACTS = [(p, ex) for p in PROVIDERS for ex in facts(p).EXAMPLES]


def _normalise(value: Any) -> Any:
    """Date-times compare as instants: the models re-emit them in Python's ISO spelling."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_generated_module_imports(provider: Provider) -> None:
    package = importlib.import_module(facts(provider).PACKAGE)
    names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    for name in names:
        importlib.import_module(name)
    assert any(".api." in name for name in names), "no API modules were generated"


@pytest.mark.parametrize(
    ("provider", "fact"), EXAMPLE_FACTS, ids=[f"{p}-{f.schema}" for p, f in EXAMPLE_FACTS]
)
def test_generated_model_round_trips_documented_example(
    provider: Provider, fact: ExampleFact
) -> None:
    models = importlib.import_module(f"{facts(provider).PACKAGE}.models")
    model = getattr(models, fact.schema)
    decoded = model.from_dict(fact.example)
    assert _normalise(decoded.to_dict()) == _normalise(fact.example)
