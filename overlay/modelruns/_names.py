"""How a name in a spec becomes a Python name: the one copy every layer and the generator use.

``snake_case`` follows openapi-python-client's rule (``HTTPMethod`` -> ``http_method``,
``x-acs-id`` -> ``x_acs_id``), so the module, keyword and attribute names computed here are the
ones the generator wrote; ``squash`` compares a wire name with a Python name when only letters
and digits matter (``PageSize`` ~ ``page_size`` ~ ``page-size``).
"""

from __future__ import annotations

import re

__all__ = ["snake_case", "squash"]

_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]+")
_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")


def snake_case(name: str) -> str:
    """``listModelStudioRuns`` -> ``list_model_studio_runs``; ``HTTPMethod`` -> ``http_method``."""
    name = _NOT_ALPHANUMERIC.sub("_", name)
    name = _ACRONYM_END.sub(r"\1_\2", name)
    name = _LOWER_UPPER.sub(r"\1_\2", name)
    return name.strip("_").lower()


def squash(name: str) -> str:
    """``page_size``, ``PageSize`` and ``page-size`` all -> ``pagesize``."""
    return name.replace("_", "").replace("-", "").lower()
