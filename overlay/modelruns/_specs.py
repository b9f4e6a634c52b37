"""Where the specs live at run time, and loading them once.

The specs ship inside the package (``modelruns/specs/``), so an installed wheel's stubs and
conformance checks read the same files the generator read.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

Provider = Literal["foundry", "dataplatform", "pai", "nsml"]

#: The spec file of each provider, by the provider's short name.
SPEC_FILES: dict[Provider, str] = {
    "foundry": "foundry-model-studio.yaml",
    "dataplatform": "dataplatform-models.yaml",
    "pai": "pai-aiworkspace.yaml",
    "nsml": "clova-nsml.yaml",
}

PROVIDERS: tuple[Provider, ...] = tuple(SPEC_FILES)


def spec_path(provider: Provider) -> Path:
    """The path of a provider's spec file inside the installed package."""
    try:
        name = SPEC_FILES[provider]
    except KeyError:
        known = ", ".join(PROVIDERS)
        raise ValueError(f"unknown provider {provider!r}; expected one of: {known}") from None
    return Path(str(resources.files("modelruns") / "specs" / name))


@functools.cache
def load_spec(provider: Provider) -> dict[str, Any]:
    """The parsed spec of a provider (parsed once per process; treat it as read-only)."""
    with spec_path(provider).open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise ValueError(f"{spec_path(provider)} is not an OpenAPI document")
    return document


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (``#/a/b``) through ``spec`` until a node that is not a reference."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
