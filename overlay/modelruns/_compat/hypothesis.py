"""What the project's own contract tests need of Hypothesis beyond its public interfaces.

Hypothesis mines literals from the source of every local module loaded so far and mixes them
into what it generates, so a derandomized run changes with unrelated code and with whichever
modules earlier tests imported. `local_constants_from` pins that pool to the literals of the
modules given, for as long as the context lasts. Hypothesis has no public setting for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from types import ModuleType

from hypothesis.internal import constants_ast
from hypothesis.internal.conjecture import providers
from hypothesis.internal.floats import float_to_int
from sortedcontainers import SortedSet  # type: ignore[import-untyped]

from . import require

require("hypothesis", "6.170.17", "6.171")

__all__ = ["local_constants_from"]


@contextlib.contextmanager
def local_constants_from(modules: Iterable[ModuleType]) -> Iterator[None]:
    """Hypothesis' pool of local constants is the literals of ``modules`` while this lasts."""
    # Shaped as Hypothesis' own pool: sorted sets, so the order is deterministic.
    pool = constants_ast.Constants(
        integers=SortedSet(),
        floats=SortedSet(key=float_to_int),
        bytes=SortedSet(),
        strings=SortedSet(),
    )
    for module in modules:
        pool |= constants_ast.constants_from_module(module)
    original = providers._get_local_constants
    providers._get_local_constants = lambda: pool
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
