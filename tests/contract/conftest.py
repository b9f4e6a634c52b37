"""Contract runs depend on the spec, the seed and the stubs only.

Hypothesis mines literals from the source of every local module loaded so far and mixes them
into what it generates. A derandomized run would then change with unrelated code and with
whichever modules earlier tests happened to import (the same test passed alone and failed
after another). Here the pool is the stub modules' own literals (seeded project names,
statuses), the same whatever else is loaded.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest

import modelruns.stubs
from modelruns._compat.hypothesis import local_constants_from


@pytest.fixture(autouse=True)
def _stable_local_constants() -> Iterator[None]:
    names = sorted(info.name for info in pkgutil.iter_modules(modelruns.stubs.__path__))
    with local_constants_from(importlib.import_module(f"modelruns.stubs.{n}") for n in names):
        yield
