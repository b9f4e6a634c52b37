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
from hypothesis.internal import constants_ast
from hypothesis.internal.conjecture import providers
from hypothesis.internal.floats import float_to_int
from sortedcontainers import SortedSet  # type: ignore[import-untyped]

import modelruns.stubs


def _stub_constants() -> constants_ast.Constants:
    # Shaped as Hypothesis' own pool: sorted sets, so the order is deterministic.
    pool = constants_ast.Constants(
        integers=SortedSet(),
        floats=SortedSet(key=float_to_int),
        bytes=SortedSet(),
        strings=SortedSet(),
    )
    for info in sorted(pkgutil.iter_modules(modelruns.stubs.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"modelruns.stubs.{info.name}")
        pool |= constants_ast.constants_from_module(module)
    return pool


@pytest.fixture(autouse=True)
def _stable_local_constants(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    pool = _stub_constants()
    monkeypatch.setattr(providers, "_get_local_constants", lambda: pool)
    providers.CONSTANTS_CACHE.cache.clear()
    yield
    providers.CONSTANTS_CACHE.cache.clear()
